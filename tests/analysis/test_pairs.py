"""The batched fragile-pair pass agrees with the exact per-candidate walk.

The brute-force tests cover maps of up to 14 nodes; here the two algorithms
are compared on larger random maps shaped like real ones (trees with cross
links, reasons, risks, mutual attacks) and on denser, stranger ones.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings

from argmap.analysis import cascades, pairs
from argmap.analysis.evaluate import HOLDS, evaluate
from argmap.analysis.graph import CompiledGraph, compile_map
from argmap.analysis.sensitivity import build_sensitivity
from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind
from tests.analysis.strategies import maps, standing_maps

_KINDS = [NodeKind.CLAIM, NodeKind.CLAIM, NodeKind.EVIDENCE, NodeKind.REASON, NodeKind.PILLAR]


def random_map(n: int, seed: int, *, cross: float, cycles: int, flat: bool) -> ArgumentMap:
    """A tree under one thesis with cross links towards earlier nodes, and cycles."""
    rng = random.Random(seed)
    nodes = [Node(id="n0", kind=NodeKind.THESIS, text="t")]
    edges: list[Edge] = []

    def edge(kind: EdgeKind, source: int, target: int) -> None:
        edges.append(Edge(id=f"e{len(edges)}", kind=kind, source=f"n{source}", target=f"n{target}"))

    for i in range(1, n):
        roll = rng.random()
        parent = rng.randrange(0, min(i, 4)) if flat else rng.randrange(max(0, i - 8), i)
        assessment = rng.choice([None] * 12 + [Assessment.HOLDS, Assessment.FAILS])
        if roll < 0.1:
            kind, link = NodeKind.RISK, EdgeKind.OPPOSES
        elif roll < 0.25:
            kind, link = NodeKind.ASSUMPTION, EdgeKind.REQUIRES
        else:
            kind, link = rng.choice(_KINDS), EdgeKind.SUPPORTS
        nodes.append(Node(id=f"n{i}", kind=kind, text="x", assessment=assessment))
        edge(link, i, parent)
    for _ in range(int(n * cross)):
        source = rng.randrange(2, n)
        target = rng.randrange(0, source)
        link = rng.choice([EdgeKind.SUPPORTS, EdgeKind.SUPPORTS, EdgeKind.REQUIRES])
        if nodes[source].kind is NodeKind.RISK:
            link = EdgeKind.OPPOSES
        edge(link, source, target)
    for _ in range(cycles):
        a, b = rng.sample(range(1, n), 2)
        edge(EdgeKind.OPPOSES, a, b)
        edge(EdgeKind.OPPOSES, b, a)
    return ArgumentMap(nodes=nodes, edges=edges)


def _compare(amap: ArgumentMap) -> int:
    g = compile_map(amap)
    values = evaluate(g)
    st = build_sensitivity(g, values)
    found = 0
    for t in g.theses:
        if values[t] != HOLDS:
            continue
        trip = {v for v in st.changes_of(t) if v != t}
        batched = pairs.fragile_pairs(st, t, trip)
        walked = cascades.fragile_pairs(st, t, trip)
        assert batched.complete and walked.complete
        assert batched.pairs == walked.pairs, g.ids[t]
        found += len(batched.pairs)
    return found


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(
    ("n", "cross", "cycles", "flat"),
    [(60, 0.1, 0, False), (120, 0.3, 2, False), (80, 0.5, 3, True), (200, 0.15, 1, True)],
)
def test_batched_pairs_agree_with_the_walk(
    seed: int, n: int, cross: float, cycles: int, flat: bool
) -> None:
    _compare(random_map(n, seed, cross=cross, cycles=cycles, flat=flat))


def test_the_comparison_sees_pairs() -> None:
    # The maps above are not all trivially pair-free.
    total = sum(
        _compare(random_map(80, seed, cross=0.5, cycles=3, flat=True)) for seed in range(12)
    )
    assert total > 0


_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(standing_maps(cyclic=True, max_nodes=16))
def test_batched_pairs_agree_on_standing_maps(amap: ArgumentMap) -> None:
    _compare(amap)


@_settings
@given(maps(cyclic=True, max_nodes=16))
def test_batched_pairs_agree_on_any_map(amap: ArgumentMap) -> None:
    _compare(amap)


@pytest.mark.parametrize("seed", range(8))
def test_trees_need_no_walk(seed: int) -> None:
    # Without cross links or cycles every pair is found by the batched pass.
    amap = random_map(150, seed, cross=0.0, cycles=0, flat=seed % 2 == 0)
    g = compile_map(amap)
    values = evaluate(g)
    st = build_sensitivity(g, values)
    for t in g.theses:
        if values[t] == HOLDS:
            trip = {v for v in st.changes_of(t) if v != t}
            found = pairs.fragile_pairs(st, t, trip)
            assert found.work == 0
            assert found.pairs == cascades.fragile_pairs(st, t, trip).pairs


def _search(amap: ArgumentMap) -> tuple[list[str], pairs.PairSearch, cascades.PairSearch]:
    """The batched and the walked search for the map's one thesis, and the ids."""
    g = compile_map(amap)
    values = evaluate(g)
    st = build_sensitivity(g, values)
    (t,) = g.theses
    assert values[t] == HOLDS
    trip = {v for v in st.changes_of(t) if v != t}
    return g.ids, pairs.fragile_pairs(st, t, trip), cascades.fragile_pairs(st, t, trip)


def _small_map(
    nodes: dict[str, NodeKind], edges: list[tuple[str, EdgeKind, str]], holding: set[str]
) -> ArgumentMap:
    """A map of these nodes and edges, with the nodes in ``holding`` assessed to hold."""
    return ArgumentMap(
        nodes=[
            Node(id=i, kind=kind, text=i, assessment=Assessment.HOLDS if i in holding else None)
            for i, kind in nodes.items()
        ],
        edges=[
            Edge(id=f"link{k}", kind=kind, source=s, target=t)
            for k, (s, kind, t) in enumerate(edges)
        ],
    )


def test_a_cycle_that_cannot_bring_its_dominator_down_is_not_walked() -> None:
    # Two risks attack each other (a cycle, both undecided) and one supporter
    # each of the thesis; two other supporters hold it up whatever the cycle does,
    # and are a fragile pair.
    sup, opp = EdgeKind.SUPPORTS, EdgeKind.OPPOSES
    amap = _small_map(
        {"t": NodeKind.THESIS, "r1": NodeKind.RISK, "r2": NodeKind.RISK}
        | {f"s{i}": NodeKind.CLAIM for i in range(1, 5)}
        | {"e1": NodeKind.EVIDENCE, "e2": NodeKind.EVIDENCE},
        [(f"s{i}", sup, "t") for i in range(1, 5)]
        + [("r1", opp, "r2"), ("r2", opp, "r1"), ("r1", opp, "s1"), ("r2", opp, "s2")]
        + [("e1", sup, "r1"), ("e2", sup, "r2")],
        {"r1", "r2"},
    )
    ids, batched, walked = _search(amap)
    assert batched.work == 0
    assert batched.pairs == walked.pairs
    assert {(ids[a], ids[b]) for a, b in batched.pairs} == {("s3", "s4")}


def preorder(children: dict[int, list[int]], root: int) -> tuple[dict[int, int], ...]:
    """tin, subtree size and preorder place of each node of a tree, by an
    explicit walk (the reference)."""
    tin: dict[int, int] = {}
    size: dict[int, int] = {}
    clock = 0
    stack = [root]
    while stack:
        c = stack.pop()
        if c < 0:
            size[~c] = clock - tin[~c]
            continue
        tin[c] = clock
        clock += 1
        stack.append(~c)
        stack.extend(children.get(c, ()))
    return tin, size


@pytest.mark.parametrize("seed", range(6))
def test_lazy_tree_queries_match_the_preorder(seed: int) -> None:
    # The sweep asks the dominator tree for children and subtrees, found on
    # demand; here they are checked against the whole preorder (a subtree is
    # a run of it) on maps larger than the brute-force ones.
    amap = random_map(150, seed, cross=0.3, cycles=3, flat=seed % 2 == 0)
    g = compile_map(amap)
    for t in g.theses:
        if g.comp_cyclic[g.comp[t]]:
            continue
        region = g.upstream(t)
        tree = pairs._DomTree(g, region)
        # The whole preorder, from the parents (a component by its first member).
        first = {p: g.comp_members[g.comp[p]][0] for p in region}
        children: dict[int, list[int]] = {}
        for c in sorted(set(first.values())):
            if c != tree.root:
                children.setdefault(tree.idom[c], []).append(c)
        tin, size = preorder(children, tree.root)
        for w in region:
            lo, hi = tin[first[w]], tin[first[w]] + size[first[w]]
            below = {q for q in region if lo <= tin[first[q]] < hi}
            assert tree.subtree_set(w) == below
            assert sorted(tree.subtree_nodes(w)) == sorted(below)
            if first[w] != w:
                continue
            kids = tree.children(w)
            assert sorted(kids) == sorted(children.get(w, []))
            for q in below:
                assert tree.dominates(w, q)


@pytest.mark.parametrize("seed", range(6))
def test_tree_parents_are_the_nearest_dominators(seed: int) -> None:
    # The parents are found by meeting consumers upward, stopping as soon as
    # one side reaches the thesis; checked here against dominators by removal
    # (d dominates c when every route from c to the thesis passes through d) on
    # acyclic maps with many cross links, where most meets end at the thesis.
    amap = random_map(80, seed, cross=0.5, cycles=0, flat=seed % 2 == 0)
    g = compile_map(amap)
    for t in g.theses:
        region = g.upstream(t)
        tree = pairs._DomTree(g, region)
        inside = set(region)
        meets = 0
        for c in region[:-1]:
            above = [d for d in region if d != c and not _reaches(g, inside - {d}, c, t)]
            assert tree.idom[c] == min(above), (t, c)  # (parents have larger numbers)
            meets += len([v for v in g.consumers[c] if v in inside]) > 1
        assert meets > 0


def _reaches(g: CompiledGraph, inside: set[int], c: int, t: int) -> bool:
    """Whether a route from c to t runs through the nodes ``inside`` alone."""
    stack, seen = [c], {c}
    while stack:
        u = stack.pop()
        if u == t:
            return True
        for v in g.consumers[u]:
            if v in inside and v not in seen:
                seen.add(v)
                stack.append(v)
    return False
