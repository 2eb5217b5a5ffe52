"""Probability that a thesis holds, and the importance of each node for it.

``belief`` is P(own(u) is true); beliefs are independent; a node without one is
certain in its default standing (its ``own``). Only the nodes upstream of the
thesis matter. Methods, in order of preference:

``exact`` (tree)
    When the nodes upstream of the thesis form a tree (each reaches the thesis
    along one path only, and there is no cycle), the inputs of every node are
    independent and the probabilities multiply bottom-up.
``exact`` (enumeration)
    Otherwise, with at most :data:`ENUMERATION_LIMIT` uncertain nodes, every
    assignment is evaluated at once, bit-parallel: each node's values in all
    2**k worlds are two Python ints (the worlds where it holds, where it
    fails), so one pass of big-int ``&``/``|`` evaluates every world.
``monte-carlo``
    Otherwise, :data:`SAMPLES` seeded samples, bit-parallel in the same way,
    with the standard error ``sqrt(p (1 - p) / n)``. Each sample's Bernoulli
    bits are drawn from the binary expansion of the belief to 2**-16.

Importance of v for T, with q = P(own v true), P = P(T), P1 = P(T | own v
true), P0 = P(T | own v false), and the risk R = 1 - P (R1, R0 alike). As in
fault-tree analysis, each measure is about v's *harmful event*: "own v false"
for a node that helps T (Birnbaum >= 0), "own v true" for one that hurts it
(Birnbaum < 0, e.g. a risk that materialises). With h = P(harmful event),
R_h the risk given the harmful event and R_s the risk given its opposite:

- Birnbaum ``I_B = P1 - P0``, signed (an attacker's is negative);
- criticality ``I_B * h / R``, signed like I_B: the probability that v's harmful
  event happened and was critical, given that T fails (0 when R = 0);
- risk achievement worth ``RAW = R_h / R``: the factor by which the risk grows
  if the harmful event is certain (>= 1);
- risk reduction worth ``RRW = R / R_s``: the factor by which it shrinks if
  the harmful event is impossible (>= 1).

A ratio whose denominator is 0 is 1 when its numerator is 0 too and infinite
otherwise (``report`` writes infinity as null in JSON).

P1 and P0 come from re-evaluating only what lies downstream of v (the same
worlds, so Monte Carlo differences use common random numbers).
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from argmap.analysis.graph import CompiledGraph

__all__ = [
    "ENUMERATION_LIMIT",
    "SAMPLES",
    "Importance",
    "ProbabilityResult",
    "thesis_probability",
]

ENUMERATION_LIMIT = 16
SAMPLES = 20_000
_PRECISION_BITS = 16
_EPS = 1e-12


@dataclass(frozen=True)
class Importance:
    """Importance measures of one node for one thesis (see the module docstring)."""

    birnbaum: float
    criticality: float
    raw: float
    rrw: float


@dataclass(frozen=True)
class ProbabilityResult:
    probability: float
    method: str
    """"exact" or "monte-carlo"."""
    stderr: float | None
    samples: int | None
    seed: int | None
    importance: dict[int, Importance]
    """By position, for every node upstream of the thesis but the thesis itself."""


def _measures(p: float, p1: float, p0: float, q: float) -> Importance:
    birnbaum = p1 - p0
    risk, risk1, risk0 = 1.0 - p, 1.0 - p1, 1.0 - p0
    if birnbaum >= 0.0:
        harm, risk_harm, risk_safe = 1.0 - q, risk0, risk1
    else:
        harm, risk_harm, risk_safe = q, risk1, risk0
    criticality = birnbaum * harm / risk if risk > _EPS else 0.0
    return Importance(birnbaum, criticality, _ratio(risk_harm, risk), _ratio(risk, risk_safe))


def _ratio(num: float, den: float) -> float:
    if den > _EPS:
        return num / den
    return 1.0 if num <= _EPS else math.inf


def _own_probability(g: CompiledGraph, u: int) -> float:
    b = g.belief[u]
    if b is not None:
        return b
    return 1.0 if g.own[u] else 0.0


def _is_tree(g: CompiledGraph, region: list[int], thesis: int) -> bool:
    inside = set(region)
    for u in region:
        if g.comp_cyclic[g.comp[u]]:
            return False
        if len(g.req[u]) + len(g.sup[u]) + len(g.opp[u]) != len(g.inputs[u]):
            return False
        if u != thesis and sum(1 for t in g.consumers[u] if t in inside) != 1:
            return False
    return True


def _tree_node(g: CompiledGraph, u: int, q: float, p: dict[int, float]) -> float:
    value = q
    for r in g.req[u]:
        value *= p[r]
    for a in g.opp[u]:
        value *= 1.0 - p[a]
    sup = g.sup[u]
    if sup:
        if g.is_reason[u]:
            for s in sup:
                value *= p[s]
        else:
            none = 1.0
            for s in sup:
                none *= 1.0 - p[s]
            value *= 1.0 - none
    return value


def _tree(g: CompiledGraph, region: list[int], thesis: int) -> ProbabilityResult:
    inside = set(region)
    q = {u: _own_probability(g, u) for u in region}
    p: dict[int, float] = {}
    for u in region:  # ascending positions: sources first
        p[u] = _tree_node(g, u, q[u], p)
    base = p[thesis]
    parent = {u: next(t for t in g.consumers[u] if t in inside) for u in region if u != thesis}
    importance: dict[int, Importance] = {}
    for v in region:
        if v == thesis:
            continue
        forced = []
        for own in (1.0, 0.0):
            local = dict(p)
            local[v] = _tree_node(g, v, own, local)
            u = v
            while u != thesis:
                u = parent[u]
                local[u] = _tree_node(g, u, q[u], local)
            forced.append(local[thesis])
        importance[v] = _measures(base, forced[0], forced[1], q[v])
    return ProbabilityResult(base, "exact", None, None, None, importance)


class _BitEvaluator:
    """Values of the region's nodes in many worlds at once, as (holds, fails) ints."""

    def __init__(self, g: CompiledGraph, region: list[int], own: dict[int, int], mask: int):
        self.g, self.region, self.own, self.mask = g, region, own, mask
        self.inside = set(region)
        self.t: dict[int, int] = {}
        self.f: dict[int, int] = {}
        done: set[int] = set()
        for u in region:
            c = g.comp[u]
            if g.comp_cyclic[c]:
                if c not in done:
                    done.add(c)
                    self._cycle(g.comp_members[c], own, self.t, self.f)
            else:
                self.t[u], self.f[u] = self._gate(u, own[u], self.t, self.f)

    def _gate(self, u: int, own_t: int, t: dict[int, int], f: dict[int, int]) -> tuple[int, int]:
        g, mask = self.g, self.mask
        ht, hf = own_t, mask ^ own_t
        for r in g.req[u]:
            ht &= t[r]
            hf |= f[r]
        for a in g.opp[u]:
            ht &= f[a]
            hf |= t[a]
        sup = g.sup[u]
        if sup:
            if g.is_reason[u]:
                for s in sup:
                    ht &= t[s]
                    hf |= f[s]
            else:
                any_t, all_f = 0, mask
                for s in sup:
                    any_t |= t[s]
                    all_f &= f[s]
                ht &= any_t
                hf |= all_f
        return ht, hf

    def _cycle(
        self, members: Sequence[int], own: dict[int, int], t: dict[int, int], f: dict[int, int]
    ) -> None:
        for m in members:
            t[m] = f[m] = 0
        changed = True
        while changed:
            changed = False
            for m in members:
                nt, nf = self._gate(m, own[m], t, f)
                if nt != t[m] or nf != f[m]:
                    t[m], f[m] = nt, nf
                    changed = True

    def forced(self, v: int, own_t: int, target: int) -> int:
        """Worlds where ``target`` holds when v's own standing is ``own_t`` in every world."""
        g = self.g
        t = _Overlay(self.t)
        f = _Overlay(self.f)
        own = _Overlay(self.own)
        own.new[v] = own_t
        heap = [v]
        queued = {v}
        done: set[int] = set()
        while heap:
            u = heapq.heappop(heap)
            c = g.comp[u]
            if g.comp_cyclic[c]:
                if c in done:
                    continue
                done.add(c)
                members = g.comp_members[c]
                self._cycle(members, own, t, f)  # type: ignore[arg-type]
                moved = [m for m in members if t[m] != self.t[m] or f[m] != self.f[m]]
            else:
                nt, nf = self._gate(u, own[u], t, f)  # type: ignore[arg-type]
                if nt == self.t[u] and nf == self.f[u]:
                    continue
                t[u], f[u] = nt, nf
                moved = [u]
            for m in moved:
                for w in g.consumers[m]:
                    if w in self.inside and w not in queued:
                        queued.add(w)
                        heapq.heappush(heap, w)
        return t[target]


class _Overlay:
    """A dict view that writes to ``new`` and reads through to ``base``."""

    __slots__ = ("base", "new")

    def __init__(self, base: dict[int, int]) -> None:
        self.base = base
        self.new: dict[int, int] = {}

    def __getitem__(self, key: int) -> int:
        v = self.new.get(key)
        return self.base[key] if v is None else v

    def __setitem__(self, key: int, value: int) -> None:
        self.new[key] = value


def _bernoulli_bits(rng: random.Random, p: float, width: int) -> int:
    """An int whose ``width`` low bits are independent Bernoulli(p), to 2**-16."""
    level = round(p * (1 << _PRECISION_BITS))
    if level <= 0:
        return 0
    if level >= 1 << _PRECISION_BITS:
        return (1 << width) - 1
    x = 0
    for i in range(_PRECISION_BITS):
        r = rng.getrandbits(width)
        x = (r | x) if (level >> i) & 1 else (r & x)
    return x


_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _weighted(bits: int, weights: list[float]) -> float:
    selectors = bin(bits)[2:][::-1].encode().translate(_BITS)
    return math.fsum(compress(weights, selectors))


def thesis_probability(
    g: CompiledGraph,
    thesis: int,
    *,
    samples: int = SAMPLES,
    seed: int = 0,
    importance: bool = True,
    critical: set[int] | frozenset[int] = frozenset(),
) -> ProbabilityResult:
    """P(thesis holds) and importances, by the best method that applies.

    Exact methods rate every node upstream of the thesis. Monte Carlo, where
    each rating costs a re-evaluation over all samples, rates the uncertain
    nodes and those in ``critical`` (the caller passes the tripwires).
    """
    region = g.upstream(thesis)
    if _is_tree(g, region, thesis):
        return _tree(g, region, thesis)
    uncertain = [u for u in region if g.belief[u] is not None and 0.0 < g.belief[u] < 1.0]  # type: ignore[operator]
    own: dict[int, int] = {}
    if len(uncertain) <= ENUMERATION_LIMIT:
        k = len(uncertain)
        width = 1 << k
        mask = (1 << width) - 1
        weights = [1.0]
        for j, u in enumerate(uncertain):
            q = g.belief[u]
            assert q is not None
            weights = [w * (1.0 - q) for w in weights] + [w * q for w in weights]
            # Worlds (indices) whose bit j is set: blocks of 2**j ones every 2**(j+1).
            # (2**width - 1) // (2**step - 1) has a one every ``step`` bits.
            step = 1 << (j + 1)
            block = ((1 << (1 << j)) - 1) << (1 << j)
            own[u] = mask // ((1 << step) - 1) * block
        method, stderr, n_samples, used_seed = "exact", None, None, None

        def prob(bits: int) -> float:
            return _weighted(bits, weights)
    else:
        width = samples
        mask = (1 << width) - 1
        rng = random.Random(seed)
        for u in uncertain:
            own[u] = _bernoulli_bits(rng, g.belief[u], width)  # type: ignore[arg-type]
        method, n_samples, used_seed = "monte-carlo", samples, seed

        def prob(bits: int) -> float:
            return bits.bit_count() / width

    for u in region:
        if u not in own:
            b = g.belief[u]
            own[u] = mask if (g.own[u] if b is None else b >= 1.0) else 0
    ev = _BitEvaluator(g, region, own, mask)
    p = prob(ev.t[thesis])
    if method == "monte-carlo":
        stderr = math.sqrt(max(p * (1.0 - p), 0.0) / width)
    result: dict[int, Importance] = {}
    if importance:
        rated = region
        if method == "monte-carlo":
            rated = sorted(set(uncertain) | (set(critical) & set(region)))
        for v in rated:
            if v == thesis:
                continue
            p1 = prob(ev.forced(v, mask, thesis))
            p0 = prob(ev.forced(v, 0, thesis))
            result[v] = _measures(p, p1, p0, _own_probability(g, v))
    return ProbabilityResult(p, method, stderr, n_samples, used_seed, result)
