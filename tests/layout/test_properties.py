"""Properties of the layout over random maps (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.layout import layout
from argmap.model import ArgumentMap, Direction
from tests.layout.helpers import boxes, overlapping, random_maps, sizes_for
from tests.strategies import argument_maps

DIRECTIONS = list(Direction)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def maps_and_sizes(draw: st.DrawFn, **kwargs: bool) -> tuple[ArgumentMap, dict]:
    amap = draw(random_maps(**kwargs))
    return amap, draw(sizes_for(amap))


@FAST
@given(maps_and_sizes(), st.sampled_from(DIRECTIONS))
def test_no_two_boxes_overlap(case: tuple[ArgumentMap, dict], direction: Direction) -> None:
    amap, sizes = case
    result = layout(amap, sizes, direction)
    assert overlapping(boxes(result, sizes)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps(max_nodes=12), st.sampled_from(DIRECTIONS))
def test_no_overlap_on_the_shared_map_strategy(amap: ArgumentMap, direction: Direction) -> None:
    result = layout(amap, {}, direction, respect_positions=False)
    assert overlapping(boxes(result, {})) == []
    visible = set(result.positions)
    assert visible | result.hidden == {n.id for n in amap.nodes}
    assert not visible & result.hidden


@FAST
@given(maps_and_sizes())
def test_every_target_is_above_its_sources_in_the_tree(case: tuple[ArgumentMap, dict]) -> None:
    amap, sizes = case
    result = layout(amap, sizes, Direction.DOWN)
    rects = boxes(result, sizes)
    for node_id, parent_id in result.tree_parent.items():
        if parent_id is not None:
            assert rects[parent_id][3] < rects[node_id][1]


@FAST
@given(maps_and_sizes(tree_only=True, collapsible=False))
def test_parent_is_centred_over_its_children(case: tuple[ArgumentMap, dict]) -> None:
    amap, sizes = case
    # contentions are deliberately off-centre (their sides left and right)
    for node in amap.nodes:
        if node.kind == "contention":
            node.kind = "claim"  # type: ignore[assignment]
    result = layout(amap, sizes, Direction.DOWN)
    children: dict[str, list[str]] = {}
    for node_id, parent_id in result.tree_parent.items():
        if parent_id is not None:
            children.setdefault(parent_id, []).append(node_id)
    for parent_id, kids in children.items():
        xs = sorted(result.positions[k][0] for k in kids)
        assert result.positions[parent_id][0] == pytest.approx((xs[0] + xs[-1]) / 2, abs=1e-6)


@FAST
@given(maps_and_sizes(), st.sampled_from(DIRECTIONS))
def test_deterministic(case: tuple[ArgumentMap, dict], direction: Direction) -> None:
    amap, sizes = case
    first = layout(amap, sizes, direction)
    again = layout(amap.model_copy(deep=True), dict(reversed(list(sizes.items()))), direction)
    assert first == again
    assert repr(first) == repr(again)  # bit for bit, route by route


@FAST
@given(maps_and_sizes())
def test_directions_are_rotations_and_reflections(case: tuple[ArgumentMap, dict]) -> None:
    amap, sizes = case
    amap = amap.model_copy(
        update={"nodes": [n.model_copy(update={"position": None}) for n in amap.nodes]}
    )
    sizes = {n.id: sizes.get(n.id, (180.0, 60.0)) for n in amap.nodes}
    swapped = {k: (h, w) for k, (w, h) in sizes.items()}
    down = layout(amap, sizes, "down")
    if not down.positions:
        return
    rects = boxes(down, sizes)
    height = max(r[3] for r in rects.values()) - min(r[1] for r in rects.values())
    up = layout(amap, sizes, "up")
    right = layout(amap, swapped, "right")
    left = layout(amap, swapped, "left")
    for node_id, (x, y) in down.positions.items():
        assert up.positions[node_id] == pytest.approx((x, height - y), abs=1e-6)
        assert right.positions[node_id] == pytest.approx((y, x), abs=1e-6)
        assert left.positions[node_id] == pytest.approx((height - y, x), abs=1e-6)
    for edge_id, route in down.routes.items():
        turned = [c for x, y in route.points for c in (y, x)]
        got = [c for point in right.routes[edge_id].points for c in point]
        assert got == pytest.approx(turned, abs=1e-6)


@FAST
@given(maps_and_sizes(), st.sampled_from(DIRECTIONS))
def test_routes_cover_visible_edges_and_start_and_end_on_borders(
    case: tuple[ArgumentMap, dict], direction: Direction
) -> None:
    amap, sizes = case
    result = layout(amap, sizes, direction)
    rects = boxes(result, sizes)
    expected = {
        e.id for e in amap.edges if e.source in result.positions and e.target in result.positions
    }
    assert set(result.routes) == expected
    edges = {e.id: e for e in amap.edges}
    for edge_id, route in result.routes.items():
        edge = edges[edge_id]
        assert route.curved == (edge_id not in result.tree_edges)
        assert len(route.points) == (4 if route.curved else 2)
        for (px, py), node_id in ((route.points[0], edge.source), (route.points[-1], edge.target)):
            x0, y0, x1, y1 = rects[node_id]
            on_x = abs(px - x0) < 1e-6 or abs(px - x1) < 1e-6
            on_y = abs(py - y0) < 1e-6 or abs(py - y1) < 1e-6
            inside = x0 - 1e-6 <= px <= x1 + 1e-6 and y0 - 1e-6 <= py <= y1 + 1e-6
            assert inside and (on_x or on_y)
        bx, by, bw, bh = result.bounds
        for px, py in route.points:
            assert bx - 1e-6 <= px <= bx + bw + 1e-6
            assert by - 1e-6 <= py <= by + bh + 1e-6
