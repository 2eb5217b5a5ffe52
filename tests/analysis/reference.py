"""A brute-force reference for the analysis: written for clarity, not speed.

It evaluates the grounded semantics by plain fixpoint iteration from "all
undecided" over the whole map, flips by re-evaluating everything, and computes
probabilities by enumerating every assignment of the uncertain own standings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from argmap.model import ArgumentMap, Assessment, EdgeKind, NodeKind

H, F, U = "holds", "fails", "undecided"


def _and(values: Iterable[str]) -> str:
    values = list(values)
    if F in values:
        return F
    if U in values:
        return U
    return H


def _or(values: Iterable[str]) -> str:
    values = list(values)
    if H in values:
        return H
    if U in values:
        return U
    return F


def _not(value: str) -> str:
    return {H: F, F: H, U: U}[value]


def default_own(amap: ArgumentMap) -> dict[str, bool]:
    own = {}
    for node in amap.nodes:
        if node.assessment == Assessment.HOLDS:
            own[node.id] = True
        elif node.assessment == Assessment.FAILS:
            own[node.id] = False
        else:
            own[node.id] = node.kind != NodeKind.RISK
    return own


def statuses(amap: ArgumentMap, own: dict[str, bool]) -> dict[str, str]:
    sources: dict[str, dict[EdgeKind, set[str]]] = {
        n.id: {k: set() for k in EdgeKind} for n in amap.nodes
    }
    for e in amap.edges:
        sources[e.target][e.kind].add(e.source)
    kinds = {n.id: n.kind for n in amap.nodes}
    values = {n.id: U for n in amap.nodes}
    while True:
        new = {}
        for node_id, by in sources.items():
            parts = [H if own[node_id] else F]
            parts += [values[s] for s in by[EdgeKind.REQUIRES]]
            parts += [_not(values[a]) for a in by[EdgeKind.OPPOSES]]
            sup = [values[s] for s in by[EdgeKind.SUPPORTS]]
            if sup:
                parts.append(_and(sup) if kinds[node_id] == NodeKind.REASON else _or(sup))
            new[node_id] = _and(parts)
        if new == values:
            return values
        values = new


def flipped(own: dict[str, bool], ids: Iterable[str]) -> dict[str, bool]:
    out = dict(own)
    for i in ids:
        out[i] = not out[i]
    return out


def theses(amap: ArgumentMap) -> list[str]:
    explicit = [n.id for n in amap.nodes if n.kind == NodeKind.THESIS]
    if explicit:
        return explicit
    bearing = {e.source for e in amap.edges if e.kind != EdgeKind.WATCHES}
    return [n.id for n in amap.nodes if n.kind != NodeKind.INDICATOR and n.id not in bearing]


def cascades(amap: ArgumentMap) -> dict[str, set[str]]:
    own = default_own(amap)
    base = statuses(amap, own)
    out = {}
    for node in amap.nodes:
        after = statuses(amap, flipped(own, [node.id]))
        out[node.id] = {i for i in base if after[i] != base[i]}
    return out


def tripwires_and_pairs(amap: ArgumentMap) -> dict[str, tuple[set[str], set[tuple[str, str]]]]:
    own = default_own(amap)
    base = statuses(amap, own)
    ids = [n.id for n in amap.nodes]
    out = {}
    for t in theses(amap):
        if base[t] != H:
            out[t] = (set(), set())
            continue
        trip = {v for v in ids if v != t and statuses(amap, flipped(own, [v]))[t] != H}
        pairs = set()
        rest = [v for v in ids if v != t and v not in trip]
        for a, b in itertools.combinations(rest, 2):
            if statuses(amap, flipped(own, [a, b]))[t] != H:
                pairs.add((min(a, b), max(a, b)))
        out[t] = (trip, pairs)
    return out


def probability(amap: ArgumentMap, thesis: str, force: dict[str, bool] | None = None) -> float:
    """P(thesis holds), enumerating the nodes with a belief strictly between 0 and 1."""
    own = default_own(amap)
    force = force or {}
    random_nodes = []
    for node in amap.nodes:
        if node.id in force:
            own[node.id] = force[node.id]
        elif node.belief is not None:
            if node.belief in (0.0, 1.0):
                own[node.id] = node.belief == 1.0
            else:
                random_nodes.append((node.id, node.belief))
    total = 0.0
    for bits in itertools.product([False, True], repeat=len(random_nodes)):
        weight = 1.0
        world = dict(own)
        for (node_id, p), bit in zip(random_nodes, bits, strict=True):
            world[node_id] = bit
            weight *= p if bit else 1 - p
        if statuses(amap, world)[thesis] == H:
            total += weight
    return total
