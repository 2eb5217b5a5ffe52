"""Tuned code paths give exactly what the straightforward ones give.

``compile_map`` is compared field by field with the reference kept in
``slow_graph.py``; the pair search's counted gate with ``evaluate.gate``.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, evaluate, gate
from argmap.analysis.graph import CompiledGraph, compile_map
from argmap.analysis.pairs import _DomTree, _Gate, fragile_pairs
from argmap.analysis.sensitivity import build_sensitivity
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind
from tests.analysis.slow_graph import slow_compile_map
from tests.analysis.strategies import maps, standing_maps
from tests.analysis.test_graph_compile import _assert_same
from tests.analysis.test_pairs import preorder, random_map

_settings = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_graph(amap: ArgumentMap) -> CompiledGraph:
    fast = compile_map(amap)
    _assert_same(fast, slow_compile_map(amap))
    return fast


@_settings
@given(maps(cyclic=True, max_nodes=16))
def test_compile_matches_the_reference_on_any_map(amap: ArgumentMap) -> None:
    _same_graph(amap)


@_settings
@given(standing_maps(cyclic=True, max_nodes=16))
def test_compile_matches_the_reference_on_standing_maps(amap: ArgumentMap) -> None:
    _same_graph(amap)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("cross", "cycles"), [(0.0, 0), (0.15, 0), (0.3, 4)])
def test_compile_matches_the_reference_on_larger_maps(seed: int, cross: float, cycles: int) -> None:
    _same_graph(random_map(400, seed, cross=cross, cycles=cycles, flat=seed % 2 == 0))


def test_compile_matches_the_reference_on_unvalidated_maps() -> None:
    # The worker builds maps without validation: dangling ends, an edge from a
    # node to itself, the same link twice or in several roles must compile alike.
    nodes = [Node(id=f"n{i}", kind=NodeKind.CLAIM, text="x") for i in range(6)]
    links = [
        ("supports", "n1", "n0"),
        ("supports", "n1", "n0"),
        ("opposes", "n1", "n0"),
        ("requires", "n2", "n0"),
        ("supports", "n2", "n0"),
        ("requires", "n3", "n3"),
        ("supports", "n4", "gone"),
        ("opposes", "gone", "n4"),
        ("watches", "n5", "n0"),
        ("opposes", "n4", "n5"),
        ("opposes", "n5", "n4"),
    ]
    edges = [
        Edge.model_construct(id=f"e{j}", kind=EdgeKind(k), source=s, target=t)
        for j, (k, s, t) in enumerate(links)
    ]
    g = _same_graph(ArgumentMap.model_construct(title="", nodes=nodes, edges=edges))
    assert g.comp_cyclic.count(True) == 1


@_settings
@given(maps(cyclic=True, max_nodes=12), st.randoms(use_true_random=False))
def test_counted_gate_matches_the_gate(amap: ArgumentMap, rng: random.Random) -> None:
    g = compile_map(amap)
    values = evaluate(g)
    for w in range(g.size):
        counted = _Gate(g, values, w)
        for _ in range(4):
            moved = rng.sample(g.inputs[w], rng.randint(0, len(g.inputs[w])))
            over = {x: rng.choice((FAILS, HOLDS, UNDECIDED)) for x in moved}
            own = rng.random() < 0.8
            value = {**dict(enumerate(values)), **over}.__getitem__
            expected = gate(g, w, own == g.own[w], value)
            assert counted.value(over, own == g.own[w]) == expected
        assert counted.value({}) == gate(g, w, g.own[w], values.__getitem__)


def _same_sets(amap: ArgumentMap) -> None:
    g = compile_map(amap)
    st = build_sensitivity(g, evaluate(g))
    for c, members in enumerate(g.comp_members):
        if not g.comp_cyclic[c] and g.inputs[members[0]]:
            u = members[0]
            ((_, rep, cm, binary),) = st.compute(members, False)  # the general rule
            assert st.materialize(st.reps[u]) == st.materialize(rep), g.ids[u]
            assert (st.changes[u], st.binary[u]) == (cm, binary)


@_settings
@given(standing_maps(cyclic=True, max_nodes=16))
def test_fast_sensitivity_rules_match_the_general_rule(amap: ArgumentMap) -> None:
    _same_sets(amap)


@pytest.mark.parametrize("seed", range(6))
def test_fast_sensitivity_rules_match_the_general_rule_on_larger_maps(seed: int) -> None:
    _same_sets(random_map(400, seed, cross=0.3, cycles=2, flat=seed % 2 == 0))


def _dominates(g: CompiledGraph, region: list[int], w: int, b: int) -> bool:
    """Whether every route from b to the thesis passes w's component (a search
    that avoids it)."""
    blocked = set(g.comp_members[g.comp[w]])
    if b in blocked:
        return True
    inside = set(region)
    seen = {b}
    stack = [b]
    while stack:
        u = stack.pop()
        if u == region[-1]:
            return False
        for t in g.consumers[u]:
            if t in inside and t not in blocked and t not in seen:
                seen.add(t)
                stack.append(t)
    return True


@_settings
@given(standing_maps(cyclic=True, max_nodes=16))
def test_dominator_preorder_matches_a_walk(amap: ArgumentMap) -> None:
    g = compile_map(amap)
    for t in g.theses:
        if g.comp_cyclic[g.comp[t]]:
            continue
        region = g.upstream(t)
        tree = _DomTree(g, region)
        firsts = sorted({g.comp_members[g.comp[p]][0] for p in region}, reverse=True)
        # Each component's parent is its immediate dominator: it dominates the
        # component, and so does every other dominator of the component's.
        for c in firsts:
            if c == tree.root:
                continue
            p = tree.idom[c]
            assert p in firsts and p != c
            assert _dominates(g, region, p, c)
            for d in firsts:
                if d != c and _dominates(g, region, d, c):
                    assert _dominates(g, region, d, p)
        # The other members of cycles hang from the extra slot.
        assert all(tree.idom[p] == g.size for p in region if p not in firsts)
        # The children from the parents, in descending order.
        children: dict[int, list[int]] = {}
        for c in firsts:
            if c != tree.root:
                children.setdefault(tree.idom[c], []).append(c)
        tin, size = preorder(children, tree.root)
        for p in region:
            c = g.comp_members[g.comp[p]][0]
            assert tree.size[p] == size[c], p
            assert tree.children(p) == children.get(c, [])
            below = [
                q for q in region if tin[c] <= tin[g.comp_members[g.comp[q]][0]] < tin[c] + size[c]
            ]
            assert sorted(tree.subtree_nodes(p)) == below
            for q in region:
                assert tree.dominates(p, q) == _dominates(g, region, p, q)


@_settings
@given(standing_maps(cyclic=True, max_nodes=10))
def test_a_search_without_budget_is_complete_only_without_candidates(amap: ArgumentMap) -> None:
    g = compile_map(amap)
    values = evaluate(g)
    st = build_sensitivity(g, values)
    for t in g.theses:
        if values[t] == HOLDS:
            trip = {v for v in st.changes_of(t) if v != t}
            found = fragile_pairs(st, t, trip, 0)
            assert found.complete == (len(g.upstream(t)) - 1 <= len(trip))
            assert not found.pairs


def _upstream_by_walk(g: CompiledGraph, root: int) -> list[int]:
    seen = {root}
    stack = [root]
    while stack:
        for s in g.inputs[stack.pop()]:
            if s not in seen:
                seen.add(s)
                stack.append(s)
    return sorted(seen)


@_settings
@given(maps(cyclic=True, max_nodes=16))
def test_upstream_of_the_first_thesis_is_a_prefix_and_matches_a_walk(amap: ArgumentMap) -> None:
    g = compile_map(amap)
    for root in [*g.theses, *range(g.size)]:
        expected = _upstream_by_walk(g, root)
        assert g.upstream(root) == expected
        marks = g.upstream_marks(root)
        assert len(marks) == g.size
        assert [p for p in range(g.size) if marks[p]] == expected
