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

The walk for a candidate a often stops early: when an acyclic node w is the
only one pending, its value is as before, and every change so far flows on
through it, then a second flip b that reaches the thesis only through w (w
dominates b, see :class:`_Dominators`) brings it down exactly when it gives w a
value that is fatal to the thesis (:func:`_forced_value`, cached per w); a b
with other routes too is no partner provided it moves w as it would without a.
When some b is neither, the walk goes on as usual.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, gate, solve_cycle
from argmap.analysis.graph import CompiledGraph
from argmap.analysis.sensitivity import SensitivityState

__all__ = ["CascadeIndex", "PairSearch", "dominator_meet", "fragile_pairs"]


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
        seeds = self._seeds[v]
        if len(seeds) == 1:
            w = seeds[0]
            return self._tout[w] - self._tin[w]
        if not seeds:
            return 0
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


#: Largest C-set the shortcut of the pair search materialises at its stopping node.
_SHORTCUT_LIMIT = 512


class _DominatorsLike(Protocol):
    def dominates(self, w: int, b: int) -> bool: ...


def dominator_meet(idom: Sequence[int] | Mapping[int, int], a: int, b: int, root: int = -1) -> int:
    """The nearest common dominator of ``a`` and ``b``, given the immediate dominator
    of each node found so far, where a dominator is numbered above what it dominates
    (so the walk up from the lower of the two meets the other). A walk that reaches
    ``root``, the top of the tree, stops there: nothing lies above it (on maps
    shaped like real ones most meets end at the thesis)."""
    while a != b:
        while a < b:
            a = idom[a]
        if a == root:
            return a
        while b < a:
            b = idom[b]
    return a


class _Dominators:
    """Which nodes every route to the thesis passes through (on the condensation).

    A node w dominates b when every path from b to the thesis (along logical
    edges, inside the region upstream of the thesis) passes through w. For an
    acyclic w this is dominance of w's component over b's in the condensed
    graph, computed in one pass from the thesis down (components are numbered
    sources first, so every consumer has a larger number than its sources; the
    immediate dominator is the nearest common dominator of the consumers).
    """

    def __init__(self, g: CompiledGraph, region: list[int], region_set: Container[int]) -> None:
        comp, consumers, comp_members = g.comp, g.consumers, g.comp_members
        comps = sorted({comp[u] for u in region}, reverse=True)
        root = comps[0]
        idom: dict[int, int] = {root: root}
        for c in comps[1:]:
            best = -1
            for m in comp_members[c]:
                for t in consumers[m]:
                    if t not in region_set:
                        continue
                    ct = comp[t]
                    if ct == c:
                        continue
                    best = ct if best < 0 else dominator_meet(idom, best, ct, root)
            idom[c] = best
        children: dict[int, list[int]] = {}
        for c in comps[1:]:
            children.setdefault(idom[c], []).append(c)
        tin: dict[int, int] = {}
        tout: dict[int, int] = {}
        clock = 0
        tin[root] = clock
        clock += 1
        stack = [(root, iter(children.get(root, ())))]
        while stack:
            c, it = stack[-1]
            for k in it:
                tin[k] = clock
                clock += 1
                stack.append((k, iter(children.get(k, ()))))
                break
            else:
                stack.pop()
                tout[c] = clock
        self._comp, self._tin, self._tout = comp, tin, tout

    def dominates(self, w: int, b: int) -> bool:
        """Whether acyclic node ``w`` lies on every route from ``b`` to the thesis."""
        cw, cb = self._comp[w], self._comp[b]
        tin = self._tin
        return tin[cw] <= tin[cb] < self._tout[cw]


def _forced_value(
    g: CompiledGraph, values: list[int], w: int, x: int, target: int, within: Container[int]
) -> int:
    """Value of ``target`` when acyclic node ``w`` is forced to value ``x``."""
    changed: dict[int, int] = {w: x}

    def value(i: int) -> int:
        v = changed.get(i)
        return values[i] if v is None else v

    own = g.own
    heap = [t for t in g.consumers[w] if t in within]
    heapq.heapify(heap)
    queued = set(heap)
    done_comps: set[int] = set()
    comp, cyclic, consumers = g.comp, g.comp_cyclic, g.consumers
    while heap:
        u = heapq.heappop(heap)
        c = comp[u]
        if cyclic[c]:
            if c in done_comps:
                continue
            done_comps.add(c)
            updates = solve_cycle(g, g.comp_members[c], own.__getitem__, value)
            moved = [p for p, v in updates.items() if v != values[p]]
            for p in moved:
                changed[p] = updates[p]
        else:
            new = gate(g, u, own[u], value)
            if new == values[u]:
                continue
            changed[u] = new
            moved = [u]
        for p in moved:
            for t in consumers[p]:
                if t not in queued and t in within:
                    queued.add(t)
                    heapq.heappush(heap, t)
    return value(target)


def fragile_pairs(
    st: SensitivityState,
    thesis: int,
    tripwires: set[int],
    budget: int | None = None,
    order: Callable[[int], int] | None = None,
    candidates: list[int] | None = None,
    dominators: _DominatorsLike | None = None,
) -> PairSearch:
    """Minimal cut sets of size two of ``thesis`` (which must hold); see the module docstring.

    With ``candidates`` (ascending, none of them the thesis or a tripwire), only
    the pairs with a member among them are looked for. ``dominators`` may pass
    the region's dominator tree if it is known.
    """
    g: CompiledGraph = st.g
    values = st.values
    region_list = g.upstream(thesis)
    # Only ever asked ``in``. When the region is the run 0..thesis (the first
    # thesis's, the usual case) a range answers that without a set of thousands
    # of positions to build (about 2M instructions and 13k cache misses at 10k).
    last = region_list[-1]
    region = range(last + 1) if last == len(region_list) - 1 else set(region_list)
    if candidates is None:
        candidates = [a for a in region_list if a != thesis and a not in tripwires]
    if not candidates:
        return PairSearch(frozenset(), True, 0)
    if budget is not None and budget <= 0:  # nothing may be searched (nor ranked)
        return PairSearch(frozenset(), False, 0)
    dom = _Dominators(g, region_list, region) if dominators is None else dominators
    fatal_cache: dict[int, frozenset[int]] = {}

    def fatal(w: int) -> frozenset[int]:
        """The values of w that bring the thesis down (everything else as it is)."""
        found = fatal_cache.get(w)
        if found is None:
            found = frozenset(
                x
                for x in (FAILS, HOLDS, UNDECIDED)
                if x != values[w] and _forced_value(g, values, w, x, thesis, region) != HOLDS
            )
            fatal_cache[w] = found
        return found

    def shortcut(cond: SensitivityState, w: int) -> list[int] | None:
        # Every change the flip of ``a`` made so far flows on through w alone,
        # and w's value is as before. A second flip b that only reaches the
        # thesis through w brings it down exactly when w's new value is fatal;
        # one that also has other routes behaves as without ``a`` (so it is no
        # partner: it is a tripwire or harmless) provided it moves w as it
        # would have without ``a``. Otherwise: no shortcut.
        if w in cond.ov_values:
            return None
        ra, rb = cond.rep(w), st.reps[w]
        if ra.size > _SHORTCUT_LIMIT or rb.size > _SHORTCUT_LIMIT:
            return None
        a = cond.flipped
        in_a, in_b = cond.materialize(ra), st.materialize(rb)
        cm_a, cm_b = cond.change_map(w), st.changes[w]
        base = values[w]
        flipped = HOLDS if base == FAILS else FAILS

        def moved(members: set[int], cm: dict[int, int] | None, b: int) -> int:
            if b not in members:
                return base
            return flipped if cm is None else cm.get(b, base)

        bad = fatal(w)
        out: list[int] = []
        for b in in_a | in_b:
            if b == a:
                continue
            new = moved(in_a, cm_a, b)
            if dom.dominates(w, b):
                if new in bad and b != thesis and b not in tripwires:
                    out.append(b)
            elif new != moved(in_b, cm_b, b):
                return None
        return out

    least = [budget or 0]  # the least work of one candidate in a search

    def search(candidates: list[int]) -> PairSearch:
        pairs: set[tuple[int, int]] = set()
        work = 0
        for a in candidates:
            if budget is not None and work >= budget:
                return PairSearch(frozenset(pairs), False, work)
            cond = st.conditioned(a, region, shortcut)
            steps = cond.steps  # type: ignore[attr-defined]
            work += steps
            if steps < least[0]:
                least[0] = steps
            stopped = cond.stopped  # type: ignore[attr-defined]
            if stopped is not None:
                partners = stopped
            elif thesis in cond.ov_reps:
                partners = cond.changes_of(thesis)
            else:
                continue
            for b in partners:
                if b != a and b != thesis and b not in tripwires:
                    pairs.add((a, b) if a < b else (b, a))
        return PairSearch(frozenset(pairs), True, work)

    if budget is None or order is None:
        return search(candidates)
    # A search the budget cuts short looks at the most promising candidates
    # first: nodes whose flip reaches far, where pairs are likeliest. Ranking
    # them needs every cascade size, so first try in position order, unless
    # the budget cannot cover one step per candidate. A candidate's work does
    # not depend on the order, and the ranked search stops only before its
    # last candidate if the work before it reaches the budget: when that cannot
    # happen whichever candidate comes last, both searches give the same answer.
    if len(candidates) <= budget:
        result = search(candidates)
        if result.complete and result.work - least[0] < budget:
            return result
    candidates.sort(key=lambda a: (-order(a), a))
    return search(candidates)
