"""``compile_map``'s shortcuts give what the reference in ``slow_graph.py`` gives.

The fast paths: fields read from the models' ``__dict__`` (attributes for the
worker's slotted stand-ins), edge ends looked up in one call when every edge
joins two different known nodes, a walk that keeps one mark per node, and the
ids dict built in document order when ids are unique.
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.analysis.graph import CompiledGraph, compile_map
from argmap.analysis.worker import compact, expand
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind
from tests.analysis.slow_graph import slow_compile_map
from tests.analysis.test_pairs import random_map

_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_same(fast: CompiledGraph, slow: CompiledGraph) -> None:
    for f in fields(CompiledGraph):
        if not f.name.startswith("_"):
            assert getattr(fast, f.name) == getattr(slow, f.name), f.name
    # One-member tuples are the shared ones (fewer objects for the collector).
    for table in (fast.inputs, fast.consumers):
        for row in table:
            if len(row) == 1:
                assert row is fast.ones[row[0]]


def _unvalidated(n: int, links: list[tuple[str, str, str]], kind: NodeKind) -> ArgumentMap:
    nodes = [Node(id=f"n{i}", kind=kind, text="x") for i in range(n)]
    edges = [
        Edge.model_construct(id=f"e{j}", kind=EdgeKind(k), source=s, target=t)
        for j, (k, s, t) in enumerate(links)
    ]
    return ArgumentMap.model_construct(title="", nodes=nodes, edges=edges)


@pytest.mark.parametrize("seed", range(4))
def test_slotted_stand_ins_compile_like_the_models(seed: int) -> None:
    # The worker's maps hold objects without __dict__: read by attribute.
    amap = random_map(300, seed, cross=0.2, cycles=3, flat=seed % 2 == 0)
    light = expand(compact(amap))
    assert not hasattr(light.nodes[0], "__dict__")
    _assert_same(compile_map(light), slow_compile_map(amap))


@pytest.mark.parametrize("seed", range(6))
def test_many_overlapping_cycles_compile_like_the_reference(seed: int) -> None:
    # Cycles inside cycles, sharing nodes, reached from several sides.
    amap = random_map(200, seed, cross=0.3, cycles=40, flat=seed % 2 == 0)
    g = compile_map(amap)
    assert g.comp_cyclic.count(True) >= 2
    _assert_same(g, slow_compile_map(amap))


@_settings
@given(st.data())
def test_unvalidated_edges_compile_like_the_reference(data: st.DataObject) -> None:
    # Edges to missing nodes and from a node to itself carry no logic, but a
    # node with such an edge still bears on something (no thesis by default).
    n = data.draw(st.integers(0, 7))
    ends = st.sampled_from([f"n{i}" for i in range(n)] + ["gone"])
    kinds = st.sampled_from(["supports", "requires", "opposes", "watches"])
    links = data.draw(st.lists(st.tuples(kinds, ends, ends), max_size=12))
    kind = data.draw(st.sampled_from([NodeKind.CLAIM, NodeKind.THESIS, NodeKind.INDICATOR]))
    amap = _unvalidated(n, links, kind)
    _assert_same(compile_map(amap), slow_compile_map(amap))


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_maps_compile_like_the_reference(n: int) -> None:
    # One-key lookups and permutations take another path.
    links = [("supports", "n1", "n0")] if n == 2 else []
    amap = _unvalidated(n, links, NodeKind.CLAIM)
    _assert_same(compile_map(amap), slow_compile_map(amap))


def test_duplicate_ids_map_to_the_last_position() -> None:
    # Only an unvalidated map repeats an id; pos keeps the reference's choice,
    # here the first "x", which the walk places after the second.
    nodes = [
        Node(id="x", kind=NodeKind.CLAIM, text="first"),
        Node(id="y", kind=NodeKind.THESIS, text="t"),
        Node(id="x", kind=NodeKind.CLAIM, text="second"),
    ]
    edges = [Edge.model_construct(id="e", kind=EdgeKind.SUPPORTS, source="x", target="y")]
    amap = ArgumentMap.model_construct(title="", nodes=nodes, edges=edges)
    g = compile_map(amap)
    assert g.ids == ["x", "y", "x"]
    assert g.pos == {"x": 2, "y": 1}
    _assert_same(g, slow_compile_map(amap))
