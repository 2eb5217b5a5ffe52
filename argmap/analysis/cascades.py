"""Cascades (the inverse of the C-sets), tripwires and fragile pairs.

Cascades
--------
Every C-set is ``extra(u) | C(base(u))``, so the base pointers form a forest
and ``v in C(u)`` exactly when some node w on the base path from u has
``v in extra(w)``. Hence ``cascade(v)`` is the union, over the *seeds* of v
(the nodes w with ``v in extra(w)``), of the forest subtrees below w. With an
Euler tour of the forest each subtree is an interval, so a cascade is a merge
of a few intervals: its size costs ``O(seeds log seeds)`` and listing it costs
its length. Nothing is quadratic even on a 100,000-node chain.

Fragile pairs
-------------
A fragile pair {a, b} of a thesis T that holds: neither is a tripwire and
flipping both brings T down. Equivalently, b is in ``C_a(T)``, the C-set of T
in the map where a is already flipped. For each candidate a (upstream of T, not
T, not a tripwire) the C-sets are recomputed in position order starting at a,
only upstream of T, stopping wherever a node's value and C-set come out
unchanged; this is exact (the same rules as the main pass). The work per
candidate is the length of the path along which a's flip still changes
something, typically a few nodes; ``budget`` bounds the total number of
component recomputations (candidates with the largest cascades go first) and
the result says whether the search was complete. This is the one part of the
analysis that is not linear: on maps of tens of thousands of nodes it is the
budget that bounds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from argmap.analysis.graph import CompiledGraph
from argmap.analysis.sensitivity import SensitivityState

__all__ = ["CascadeIndex", "PairSearch", "fragile_pairs"]


class CascadeIndex:
    """Cascade of every node, from the C-sets of a :class:`SensitivityState`."""

    def __init__(self, st: SensitivityState) -> None:
        n = st.g.size
        reps = st.reps
        children: list[list[int]] = [[] for _ in range(n)]
        roots: list[int] = []
        seeds: list[list[int]] = [[] for _ in range(n)]
        for u in range(n):
            r = reps[u]
            if r.base >= 0:
                children[r.base].append(u)
            else:
                roots.append(u)
            for x in r.extra:
                seeds[x].append(u)
        tin = [0] * n
        tout = [0] * n
        order: list[int] = []
        for root in roots:
            tin[root] = len(order)
            order.append(root)
            stack = [(root, 0)]
            while stack:
                u, i = stack[-1]
                kids = children[u]
                if i < len(kids):
                    stack[-1] = (u, i + 1)
                    w = kids[i]
                    tin[w] = len(order)
                    order.append(w)
                    stack.append((w, 0))
                else:
                    stack.pop()
                    tout[u] = len(order)
        self._tin, self._tout, self._order, self._seeds = tin, tout, order, seeds

    def _intervals(self, v: int) -> list[tuple[int, int]]:
        tin, tout = self._tin, self._tout
        spans = sorted((tin[w], tout[w]) for w in self._seeds[v])
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def size(self, v: int) -> int:
        """Number of nodes whose value changes when v is flipped."""
        return sum(end - start for start, end in self._intervals(v))

    def members(self, v: int) -> list[int]:
        """Positions of the nodes whose value changes when v is flipped."""
        order = self._order
        out: list[int] = []
        for start, end in self._intervals(v):
            out.extend(order[start:end])
        return out


@dataclass(frozen=True)
class PairSearch:
    """Fragile pairs of one thesis, as positions, and whether the search finished."""

    pairs: frozenset[tuple[int, int]]
    complete: bool
    work: int


def fragile_pairs(
    st: SensitivityState,
    thesis: int,
    tripwires: set[int],
    budget: int | None = None,
    order: Callable[[int], int] | None = None,
) -> PairSearch:
    """Minimal cut sets of size two of ``thesis`` (which must hold); see the module docstring."""
    g: CompiledGraph = st.g
    region = set(g.upstream(thesis))
    pairs: set[tuple[int, int]] = set()
    work = 0
    candidates = [a for a in region if a != thesis and a not in tripwires]
    if order is not None:
        # Most promising first, so that a search cut short by the budget has
        # looked where pairs are likeliest: nodes whose flip reaches far.
        candidates.sort(key=lambda a: (-order(a), a))
    for a in candidates:
        if budget is not None and work >= budget:
            return PairSearch(frozenset(pairs), False, work)
        cond = st.conditioned(a, region)
        work += cond.steps  # type: ignore[attr-defined]
        if thesis not in cond.ov_reps:
            continue
        for b in cond.changes_of(thesis):
            if b != a and b != thesis and b not in tripwires:
                pairs.add((a, b) if a < b else (b, a))
    return PairSearch(frozenset(pairs), True, work)
