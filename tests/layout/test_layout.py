"""The layout of particular maps: shapes, collapse, stored positions, relayout."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.layout import Layout, LayoutOptions, layout
from argmap.model import ArgumentMap, Direction, Edge, Node
from tests.layout.helpers import boxes, make_map, overlapping, random_maps, sizes_for

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def tree_map(**kwargs: Any) -> ArgumentMap:
    return make_map(
        ["t", "a", "b", "a1", "a2", "b1", "b2", "b3"],
        [
            ("a", "supports", "t"),
            ("b", "opposes", "t"),
            ("a1", "supports", "a"),
            ("a2", "supports", "a"),
            ("b1", "supports", "b"),
            ("b2", "supports", "b"),
            ("b3", "supports", "b"),
        ],
        **kwargs,
    )


def test_empty_map() -> None:
    result = layout(ArgumentMap(), {})
    assert result.positions == {} and result.routes == {}
    assert result.bounds == (0.0, 0.0, 0.0, 0.0)


def test_levels_and_spacing_follow_the_options() -> None:
    opts = LayoutOptions(level_gap=50.0, sibling_gap=10.0, subtree_gap=30.0)
    m = tree_map()
    sizes = {n.id: (100.0, 40.0) for n in m.nodes}
    sizes["a"] = (100.0, 80.0)  # the tallest box on level 1 sets its depth
    p = layout(m, sizes, options=opts).positions
    assert p["t"][1] == 20.0
    assert p["a"][1] == p["b"][1] == 40.0 + 50.0 + 40.0
    assert p["a1"][1] == 40.0 + 50.0 + 80.0 + 50.0 + 20.0
    assert p["a2"][0] - p["a1"][0] == 110.0  # siblings: width + sibling gap
    assert p["b1"][0] - p["a2"][0] == 130.0  # cousins: width + subtree gap
    assert layout(m, sizes, options=opts).bounds[:2] == (0.0, 0.0)


def test_missing_sizes_use_the_default_and_direction_comes_from_the_map() -> None:
    m = make_map(["t", "a"], [("a", "supports", "t")])
    m.view.direction = Direction.RIGHT
    result = layout(m, {})
    assert result.direction is Direction.RIGHT
    assert result.positions["t"] == (90.0, 30.0)
    assert result.positions["a"] == (180.0 + 70.0 + 90.0, 30.0)
    assert layout(m, {"t": (180.0, 60.0), "a": (180.0, 60.0)}) == result


def test_several_theses_side_by_side_and_isolated_nodes_parked_beside() -> None:
    m = make_map(
        [("t1", "thesis"), ("t2", "thesis"), "a", "b", ("lone", "evidence")],
        [("a", "supports", "t1"), ("b", "supports", "t2")],
    )
    p = layout(m, {}).positions
    assert p["t1"][1] == p["t2"][1] == p["lone"][1]
    assert p["t1"][0] < p["t2"][0] < p["lone"][0]


def test_contention_sides_left_and_right() -> None:
    m = make_map(
        ["t", ("k", "contention"), "con", "pro", "pro2"],
        [
            ("k", "requires", "t"),
            ("con", "opposes", "k"),
            ("pro", "supports", "k"),
            ("pro2", "supports", "k"),
        ],
    )
    p = layout(m, {}).positions
    assert p["pro"][0] < p["pro2"][0] < p["k"][0] < p["con"][0]
    only_pro = make_map(
        ["t", ("k", "contention"), "pro"], [("k", "requires", "t"), ("pro", "supports", "k")]
    )
    p = layout(only_pro, {}).positions
    assert p["pro"][0] + 90.0 < p["k"][0]


def test_reason_groups_its_co_premises() -> None:
    m = make_map(
        ["t", ("r", "reason"), "p1", "p2", "u"],
        [
            ("r", "supports", "t"),
            ("u", "opposes", "r"),
            ("p1", "supports", "r"),
            ("p2", "supports", "r"),
        ],
    )
    result = layout(m, {})
    gx, gy, gw, gh = result.groups["r"]
    rects = boxes(result, {})
    for premise in ("p1", "p2"):
        x0, y0, x1, y1 = rects[premise]
        assert gx < x0 and x1 < gx + gw and gy < y0 and y1 < gy + gh
    assert not (gx < result.positions["u"][0] < gx + gw)
    assert result.positions["p1"][0] < result.positions["p2"][0] < result.positions["u"][0]


def test_indicator_is_placed_below_what_it_watches() -> None:
    m = make_map(["t", ("i", "indicator")], [("i", "watches", "t")])
    result = layout(m, {})
    assert result.tree_parent["i"] == "t"
    assert result.positions["i"][1] > result.positions["t"][1]


def test_cross_links_are_curves_that_avoid_boxes() -> None:
    m = make_map(
        ["t", "a", "b", "c", "d", "e"],
        [
            ("a", "supports", "t"),
            ("b", "supports", "t"),
            ("c", "supports", "t"),
            ("d", "supports", "a"),
            ("e", "supports", "c"),
            ("d", "opposes", "c"),  # cross link passing the middle of the map
            ("e", "opposes", "a"),
        ],
    )
    result = layout(m, {})
    rects = boxes(result, {})
    for edge_id in ("e5", "e6"):
        route = result.routes[edge_id]
        assert route.curved and len(route.points) == 4
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = route.points
        for k in range(1, 40):
            t = k / 40
            u = 1 - t
            px = u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3
            py = u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3
            for name, (bx0, by0, bx1, by1) in rects.items():
                if name not in ("d", "c", "e", "a"):
                    assert not (bx0 < px < bx1 and by0 < py < by1), (edge_id, name)


def test_two_edges_between_the_same_nodes_do_not_coincide() -> None:
    m = make_map(["t", "a"], [("a", "supports", "t"), ("a", "watches", "t"), ("t", "opposes", "a")])
    result = layout(m, {})
    assert not result.routes["e0"].curved
    assert result.routes["e1"].curved and result.routes["e2"].curved
    assert result.routes["e1"].points != result.routes["e2"].points


def test_collapsed_subtree_vanishes_and_comes_back_where_it_was() -> None:
    m = tree_map()
    full = layout(m, {})
    folded_map = tree_map(collapsed=("b",))
    folded = layout(folded_map, {}, previous=full, changed=["b"])
    assert folded.hidden == {"b1", "b2", "b3"}
    assert folded.hidden_count == {"b": 3}
    assert set(folded.positions) == {"t", "a", "b", "a1", "a2"}
    assert set(folded.routes) == {"e0", "e1", "e2", "e3"}
    again = layout(m, {}, previous=folded, changed=["b"])
    for node_id, point in full.positions.items():
        assert again.positions[node_id] == pytest.approx(point)
    assert layout(m, {}) == full


@st.composite
def single_trees(draw: st.DrawFn) -> ArgumentMap:
    """One thesis and everything below it, with cross links among the nodes."""
    amap = draw(random_maps(collapsible=False, tree_only=True))
    nodes = [n.model_copy(update={"kind": "claim"}) for n in amap.nodes]
    if nodes:
        nodes[0] = nodes[0].model_copy(update={"kind": "thesis"})
    edges = [
        Edge(id=f"t{i}", kind="supports", source=n.id, target=f"n{draw(st.integers(0, i - 1))}")
        for i, n in enumerate(nodes)
        if i
    ]
    return ArgumentMap(nodes=nodes, edges=edges + amap.edges)


@FAST
@given(st.data())
def test_collapse_and_expand_round_trip(data: st.DataObject) -> None:
    """Through incremental relayouts (previous, changed), every node comes back."""
    amap = data.draw(single_trees())
    if not amap.nodes:
        return
    sizes = data.draw(sizes_for(amap))
    direction = data.draw(st.sampled_from(list(Direction)))
    before = layout(amap, sizes, direction)
    victim = data.draw(st.sampled_from([n.id for n in amap.nodes]))
    folded_map = amap.model_copy(deep=True)
    folded_map.node(victim).collapsed = True
    folded = layout(folded_map, sizes, direction, previous=before, changed=[victim])
    assert set(folded.positions).isdisjoint(folded.hidden)
    assert overlapping(boxes(folded, sizes)) == []
    after = layout(amap, sizes, direction, previous=folded, changed=[victim])
    for node_id, point in before.positions.items():
        assert after.positions[node_id] == pytest.approx(point, abs=1e-6)


@FAST
@given(st.data())
def test_incremental_relayout_never_overlaps(data: st.DataObject) -> None:
    amap = data.draw(random_maps())
    sizes = data.draw(sizes_for(amap))
    direction = data.draw(st.sampled_from(list(Direction)))
    before = layout(amap, sizes, direction)
    if not amap.nodes:
        return
    edited = amap.model_copy(deep=True)
    victims = data.draw(st.lists(st.sampled_from([n.id for n in amap.nodes]), max_size=3))
    for node_id in victims:
        edited.node(node_id).collapsed = not edited.node(node_id).collapsed
        w, h = sizes.get(node_id, (180.0, 60.0))
        sizes = {**sizes, node_id: (w * 1.7, h)}
    after = layout(edited, sizes, direction, previous=before, changed=victims)
    assert overlapping(boxes(after, sizes)) == []
    assert after == layout(edited, sizes, direction, previous=before, changed=victims)


def test_relayout_keeps_the_rest_of_the_map_still() -> None:
    base = make_map(
        [("t1", "thesis"), ("t2", "thesis"), "a", "b", "c", "d"],
        [
            ("a", "supports", "t1"),
            ("b", "supports", "t1"),
            ("c", "supports", "t2"),
            ("d", "supports", "t2"),
        ],
    )
    before = layout(base, {})
    grown = base.model_copy(deep=True)
    grown.nodes.append(Node(id="x", kind="claim", text="x"))
    grown.edges.append(Edge(id="ex", kind="supports", source="x", target="a"))
    grown.nodes.append(Node(id="y", kind="claim", text="y"))
    grown.edges.append(Edge(id="ey", kind="supports", source="y", target="a"))
    after = layout(grown, {}, previous=before, changed=["x", "y", "a"])
    # the second tree has not moved a bit; in the first, the unchanged block stays still
    for node_id in ("t2", "c", "d"):
        assert after.positions[node_id] == before.positions[node_id]
    assert after.positions["b"] == before.positions["b"]
    assert overlapping(boxes(after, {})) == []


def test_relayout_moves_the_map_as_one_piece_when_trees_would_collide() -> None:
    base = make_map(
        [("t1", "thesis"), ("t2", "thesis"), "a", "c"],
        [("a", "supports", "t1"), ("c", "supports", "t2")],
    )
    before = layout(base, {})
    grown = base.model_copy(deep=True)
    for k in range(6):
        grown.nodes.append(Node(id=f"x{k}", kind="claim", text=""))
        grown.edges.append(Edge(id=f"ex{k}", kind="supports", source=f"x{k}", target="c"))
    after = layout(grown, {}, previous=before, changed=[f"x{k}" for k in range(6)] + ["c"])
    assert after.positions["t1"] == before.positions["t1"]
    assert after.positions["a"] == before.positions["a"]
    assert overlapping(boxes(after, {})) == []


def test_stored_position_is_kept_and_its_branch_moves_with_it() -> None:
    free = layout(tree_map(), {})
    pinned = layout(tree_map(positions={"b": (1000.0, -500.0), "b2": (5.0, 5.0)}), {})
    assert pinned.positions["b"] == (1000.0, -500.0)
    assert pinned.positions["b2"] == (5.0, 5.0)
    dx = 1000.0 - free.positions["b"][0]
    dy = -500.0 - free.positions["b"][1]
    assert pinned.positions["b1"] == pytest.approx(
        (free.positions["b1"][0] + dx, free.positions["b1"][1] + dy)
    )
    assert pinned.positions["a1"] == free.positions["a1"]
    alone = layout(
        tree_map(positions={"b": (1000.0, -500.0)}),
        {},
        options=LayoutOptions(subtree_follows_position=False),
    )
    assert alone.positions["b1"] == free.positions["b1"]
    ignored = layout(tree_map(positions={"b": (1000.0, -500.0)}), {}, respect_positions=False)
    assert ignored.positions == free.positions


def test_stored_positions_are_scene_coordinates_in_every_direction() -> None:
    for direction in Direction:
        result = layout(tree_map(positions={"a": (12.0, 34.0)}), {}, direction)
        assert result.positions["a"] == (12.0, 34.0)


def test_previous_layout_of_another_direction_is_ignored() -> None:
    m = tree_map()
    down = layout(m, {}, "down")
    assert layout(m, {}, "right", previous=down) == layout(m, {}, "right")


def chain(n: int) -> ArgumentMap:
    # (model_construct is much slower than validation here)
    nodes = [Node(id=f"n{i}", kind="claim", text="") for i in range(n)]
    edges = [
        Edge(id=f"e{i}", kind="supports", source=f"n{i}", target=f"n{i - 1}") for i in range(1, n)
    ]
    return ArgumentMap(nodes=nodes, edges=edges)


def test_a_chain_of_100000_nodes_needs_no_recursion() -> None:
    m = chain(100_000)
    result: Layout = layout(m, {})
    assert len(result.positions) == 100_000
    xs = {x for x, _ in result.positions.values()}
    assert xs == {90.0}
    assert result.positions["n99999"][1] == 99_999 * 130.0 + 30.0
    m.nodes[0].collapsed = True
    folded = layout(m, {})
    assert folded.hidden_count["n0"] == 99_999
    assert list(folded.positions) == ["n0"]


def test_no_overlap_with_stored_positions_ignored() -> None:
    m = tree_map(positions={"a": (0.0, 0.0)})
    result = layout(m, {}, respect_positions=False)
    assert overlapping(boxes(result, {})) == []


def test_tree_edges_join_facing_sides_and_spread_their_arrivals() -> None:
    m = make_map(["t", "a", "b", "c", "d"], [(k, "supports", "t") for k in "abcd"])
    for direction in Direction:
        result = layout(m, {}, direction)
        across = 1 if direction in (Direction.DOWN, Direction.UP) else 0
        along = 1 - across
        ends = []
        for k, edge_id in enumerate(["e0", "e1", "e2", "e3"]):
            start, end = result.routes[edge_id].points
            child = result.positions["abcd"[k]]
            # from the middle of the child's near side, straight across the gap
            assert start[along] == child[along]
            assert abs(start[across] - child[across]) == (30.0 if across else 90.0)
            ends.append(end[along])
        assert ends == sorted(ends) and len(set(ends)) == 4
