"""The layout worker's protocol: compact maps, layouts sent as changes, anchoring."""

from __future__ import annotations

import pickle
import random

from argmap.layout import layout
from argmap.layout import worker as lw
from argmap.model import ArgumentMap, Edge, Node, Position


def _map(n: int, seed: int = 5) -> ArgumentMap:
    rng = random.Random(seed)
    nodes = [Node(id="n0", kind="thesis", text="T")]
    edges = []
    for i in range(1, n):
        kind = rng.choice(["claim", "reason", "evidence", "risk"])
        nodes.append(Node(id=f"n{i}", kind=kind, text=f"node {i}"))
        edge_kind = "opposes" if kind == "risk" else "supports"
        edges.append(
            Edge(id=f"e{i}", kind=edge_kind, source=f"n{i}", target=f"n{rng.randrange(i)}")
        )
    nodes[7].collapsed = True
    nodes[9].position = Position(x=900.0, y=40.0)
    return ArgumentMap(nodes=nodes, edges=edges)


def _sizes(amap: ArgumentMap) -> dict[str, tuple[float, float]]:
    rng = random.Random(2)
    return {n.id: (rng.uniform(80, 260), rng.uniform(36, 120)) for n in amap.nodes}


def test_a_compact_map_lays_out_exactly_as_the_map() -> None:
    amap = _map(300)
    sizes = _sizes(amap)
    again = lw.expand(pickle.loads(pickle.dumps(lw.compact(amap))))
    assert layout(again, sizes) == layout(amap, sizes)


def test_a_layout_sent_as_changes_is_the_layout() -> None:
    amap = _map(300)
    sizes = _sizes(amap)
    before = layout(amap, sizes)
    amap.nodes.append(Node(id="new", kind="claim", text="new"))
    amap.edges.append(Edge(id="enew", kind="supports", source="new", target="n3"))
    del amap.edges[40]
    sizes["new"] = (120.0, 50.0)
    after = layout(amap, sizes, previous=before, changed={"new", "n3"})
    change = pickle.loads(pickle.dumps(lw.diff(before, after)))
    assert lw.apply_diff(before, change) == after
    assert len(change.changed["positions"]) < len(after.positions)


def test_the_worker_asks_for_a_base_it_lacks_then_anchors_on_it() -> None:
    amap = _map(200)
    sizes = _sizes(amap)
    base = layout(amap, sizes)
    snapshot = lw.compact(amap)
    assert lw.handle((101, snapshot, sizes, 100, None, set())) == ("missing", 100)
    kind, change = lw.handle((101, snapshot, sizes, 100, base, {"n3"}))
    assert kind == "diff"
    expected = layout(amap, sizes, previous=base, changed={"n3"})
    assert lw.apply_diff(base, change) == expected
    # 101 is kept now: the next request names it without sending it
    kind, change = lw.handle((102, snapshot, sizes, 101, None, set()))
    assert kind == "diff" and lw.apply_diff(expected, change) == layout(
        amap, sizes, previous=expected, changed=set()
    )
    kind, whole = lw.handle((103, snapshot, sizes, None, None, None))
    assert kind == "full" and whole == layout(amap, sizes)
