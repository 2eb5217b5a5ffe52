"""``layout()``: positions for a map's nodes and routes for its edges.

The pipeline, all in "tidy" coordinates (x along a level, y from the theses
outwards) until the last step:

1. the spanning forest (``tree.spanning_forest``) and what collapsing leaves
   visible (``tree.visible_part``);
2. x by the tidy tree (``tidy.tidy_x``), y by levels, each level as deep as its
   deepest box; isolated nodes parked in a grid to the right of the forest;
3. the picture translated so its scene bounds start at (0, 0);
4. with ``previous``: translated so that it does not jump (``anchor``);
5. with stored positions: a positioned node goes where the user put it, and (by
   default) its descendants without a stored position move with it;
6. routes (``routes``), then everything turned to the scene's direction:
   down (x, y), up (x, -y), right (y, x), left (-y, x). Sizes are turned the
   other way first, so boxes never overlap whatever the direction.

Same input, same output, bit for bit: no sets or hashes decide an order.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Mapping

from argmap.layout.anchor import anchor_trees
from argmap.layout.options import LayoutOptions
from argmap.layout.result import Layout, Point, Rect, Route
from argmap.layout.routes import CurveRouter, tree_segments
from argmap.layout.tidy import tidy_x
from argmap.layout.tree import Forest, Visible, spanning_forest, visible_part
from argmap.model.enums import Direction
from argmap.model.map import ArgumentMap

DEFAULT_OPTIONS = LayoutOptions()
_NO_CHILDREN: list[int] = []


def layout(
    amap: ArgumentMap,
    sizes: Mapping[str, tuple[float, float]],
    direction: Direction | str | None = None,
    *,
    respect_positions: bool = True,
    previous: Layout | None = None,
    changed: Iterable[str] | None = None,
    options: LayoutOptions | None = None,
) -> Layout:
    """Lay out ``amap`` with its boxes of ``sizes`` (node id -> (width, height)).

    ``direction`` None takes the map's own (``amap.view.direction``).
    ``respect_positions``: nodes with a stored position keep it. ``previous`` and
    ``changed``: the layout before an edit and the ids of the nodes the edit
    touched; the rest of the map then stays where it was as far as possible.
    """
    # The layout makes no reference cycles; the cyclic collector would only walk
    # the (large) heap again and again while it fills lists and dicts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _layout(amap, sizes, direction, respect_positions, previous, changed, options)
    finally:
        if collecting:
            gc.enable()


def _layout(
    amap: ArgumentMap,
    sizes: Mapping[str, tuple[float, float]],
    direction: Direction | str | None,
    respect_positions: bool,
    previous: Layout | None,
    changed: Iterable[str] | None,
    options: LayoutOptions | None,
) -> Layout:
    opts = options or DEFAULT_OPTIONS
    d = Direction(direction if direction is not None else amap.view.direction)
    forest = spanning_forest(amap)
    visible = visible_part(forest)
    ids = forest.ids
    n = len(ids)
    children = forest.children
    parent = forest.parent
    order = visible.order
    depth = visible.depth
    isolated = forest.isolated

    # Half extents in tidy coordinates: hw along a level, hh across levels.
    across = d in (Direction.RIGHT, Direction.LEFT)
    default_w, default_h = opts.default_size
    hw = [0.0] * n
    hh = [0.0] * n
    get = sizes.get
    for i, node_id in enumerate(ids):
        size = get(node_id)
        if size is None:
            w, h = default_w, default_h
        else:
            w, h = size
            if w < 0.0:
                w = 0.0
            if h < 0.0:
                h = 0.0
        if across:
            w, h = h, w
        hw[i] = w * 0.5
        hh[i] = h * 0.5

    kids = children
    if visible.hidden_count:
        kids = list(children)
        for v in visible.hidden_count:
            kids[v] = _NO_CHILDREN
    x = tidy_x(
        kids,
        forest.roots,
        order,
        hw,
        sibling_gap=opts.sibling_gap,
        subtree_gap=opts.subtree_gap,
        tree_gap=opts.tree_gap,
        sides=forest.sides,
    )
    y = [0.0] * (n + 1)
    _park_isolated(isolated, order, x, hw, depth, opts)
    # In document order from here on: walking the lists in index order is much
    # kinder to the memory caches than tree order on big maps.
    shown = sorted(order + isolated)
    _levels(shown, depth, hh, y, opts.level_gap)
    x, y, box_bounds = _normalise(shown, x, y, hw, hh, d)

    pinned = [False] * n
    stored: dict[int, Point] = {}
    if respect_positions:
        follow = opts.subtree_follows_position
        for v, node in enumerate(amap.nodes):
            if node.position is not None:
                stored[v] = _from_scene(node.position.x, node.position.y, d)
        if stored:
            for v in order:  # parents before children
                p = parent[v]
                pinned[v] = v in stored or (follow and p >= 0 and pinned[p])
            for v in isolated:
                pinned[v] = v in stored

    rigid = True  # every node where the tidy tree put it, up to one translation
    if previous is not None and previous.direction == d and previous.positions:
        box_bounds = None
        rigid = anchor_trees(
            _members(forest.roots, order, isolated, parent, n),
            x,
            y,
            hw,
            hh,
            _previous_tidy(previous, changed, forest.index, pinned, d),
            opts.subtree_gap,
        )

    if stored:
        _apply_stored(stored, order, isolated, parent, x, y, opts.subtree_follows_position)
        rigid = False
        box_bounds = None

    return _finish(
        forest, visible, shown, x, y, hw, hh, d, opts, depth if rigid else None, box_bounds
    )


def _park_isolated(
    isolated: list[int],
    order: list[int],
    x: list[float],
    hw: list[float],
    depth: list[int],
    opts: LayoutOptions,
) -> None:
    """Nodes that bear on nothing and that nothing bears on: a grid right of the forest.

    Its rows line up with the forest's levels; it has as many rows as the forest
    has levels (at least the square root of its size, so a map of loose notes
    comes out square).
    """
    m = len(isolated)
    if not m:
        return
    levels = 0
    right = -math.inf
    for v in order:
        levels = max(levels, depth[v] + 1)
        right = max(right, x[v] + hw[v])
    start = 0.0 if right == -math.inf else right + opts.tree_gap
    rows = min(m, max(levels, math.isqrt(m - 1) + 1))
    for column in range(0, m, rows):
        group = isolated[column : column + rows]
        half = max(hw[v] for v in group)
        for row, v in enumerate(group):
            x[v] = start + half
            depth[v] = row
        start += 2.0 * half + opts.subtree_gap


def _levels(
    shown: list[int],
    depth: list[int],
    hh: list[float],
    y: list[float],
    level_gap: float,
) -> None:
    """y of each node: the centre of its level; a level is as deep as its deepest box.

    The first level's top is at 0.
    """
    levels = 1 + max([depth[v] for v in shown], default=0)
    deepest = [0.0] * levels
    for v in shown:
        dv = depth[v]
        if hh[v] > deepest[dv]:
            deepest[dv] = hh[v]
    centre: list[float] = []
    top = 0.0
    for half in deepest:
        centre.append(top + half)
        top += 2.0 * half + level_gap
    for v in shown:
        y[v] = centre[depth[v]]


def _to_scene(x: float, y: float, d: Direction) -> Point:
    if d is Direction.DOWN:
        return (x, y)
    if d is Direction.UP:
        return (x, -y)
    if d is Direction.RIGHT:
        return (y, x)
    return (-y, x)


def _from_scene(sx: float, sy: float, d: Direction) -> Point:
    if d is Direction.DOWN:
        return (sx, sy)
    if d is Direction.UP:
        return (sx, -sy)
    if d is Direction.RIGHT:
        return (sy, sx)
    return (sy, -sx)


def _normalise(
    shown: list[int], x: list[float], y: list[float], hw: list[float], hh: list[float], d: Direction
) -> tuple[list[float], list[float], Rect | None]:
    """Translate so that the boxes' scene bounds start at (0, 0).

    Returns the new x and y, and the boxes' bounds (x0, y0, x1, y1) in tidy
    coordinates.
    """
    if not shown:
        return x, y, None
    x0 = min([x[v] - hw[v] for v in shown])
    x1 = max([x[v] + hw[v] for v in shown])
    y0 = min([y[v] - hh[v] for v in shown])
    y1 = max([y[v] + hh[v] for v in shown])
    corners = [_to_scene(a, b, d) for a in (x0, x1) for b in (y0, y1)]
    cx = min(c[0] for c in corners)
    cy = min(c[1] for c in corners)
    dx, dy = _from_scene(-cx, -cy, d)
    x = [c + dx for c in x]
    y = [c + dy for c in y]
    return x, y, (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


def _members(
    roots: list[int], order: list[int], isolated: list[int], parent: list[int], n: int
) -> list[list[int]]:
    """The nodes of each tree of the forest, then the isolated nodes as one group."""
    tree = [0] * n
    members: list[list[int]] = [[] for _ in roots]
    for k, r in enumerate(roots):
        tree[r] = k
    for v in order:
        p = parent[v]
        k = tree[p] if p >= 0 else tree[v]
        tree[v] = k
        members[k].append(v)
    if isolated:
        members.append(list(isolated))
    return members


def _previous_tidy(
    previous: Layout,
    changed: Iterable[str] | None,
    index: dict[str, int],
    pinned: list[bool],
    d: Direction,
) -> dict[int, Point]:
    """Previous positions, in tidy coordinates, of the nodes that may anchor a tree."""
    skip = set(changed or ())
    result: dict[int, Point] = {}
    for node_id, (sx, sy) in previous.positions.items():
        v = index.get(node_id)
        if v is None or pinned[v] or node_id in skip:
            continue
        result[v] = _from_scene(sx, sy, d)
    return result


def _apply_stored(
    stored: dict[int, Point],
    order: list[int],
    isolated: list[int],
    parent: list[int],
    x: list[float],
    y: list[float],
    follow: bool,
) -> None:
    """Move positioned nodes where the user put them (and their branches with them)."""
    offset: dict[int, Point] = {}
    for v in order:  # parents before children
        own = stored.get(v)
        if own is not None:
            off = (own[0] - x[v], own[1] - y[v])
            offset[v] = off
            x[v] = own[0]
            y[v] = own[1]
        elif follow:
            p = parent[v]
            off_p = offset.get(p) if p >= 0 else None
            if off_p is not None:
                offset[v] = off_p
                x[v] += off_p[0]
                y[v] += off_p[1]
    for v in isolated:
        own = stored.get(v)
        if own is not None:
            x[v] = own[0]
            y[v] = own[1]


def _finish(
    forest: Forest,
    visible: Visible,
    shown: list[int],
    x: list[float],
    y: list[float],
    hw: list[float],
    hh: list[float],
    d: Direction,
    opts: LayoutOptions,
    depth: list[int] | None,
    box_bounds: Rect | None,
) -> Layout:
    """Routes, groups and bounds; everything turned to the scene's direction.

    ``depth`` is given when the nodes are where the tidy tree put them (up to a
    translation), so that curves can look boxes up level by level.
    """
    ids = forest.ids
    parent = forest.parent
    n = len(ids)
    is_shown = [False] * n
    for v in shown:
        is_shown[v] = True
    edge_ids = forest.edge_ids
    parent_edge = forest.parent_edge

    # Tree edges: straight.
    children = [v for v in shown if parent[v] >= 0]
    tree_edges = [edge_ids[parent_edge[v]] for v in children]
    routes: dict[str, Route] = {
        edge_id: Route(points, False)
        for edge_id, points in zip(
            tree_edges,
            _turn_pairs(tree_segments(children, parent, forest.children, x, y, hw, hh), d),
            strict=True,
        )
    }

    # Bounds in tidy coordinates, grown by curves and groups below.
    if box_bounds is not None:
        bx0, by0, bx1, by1 = box_bounds
    elif shown:
        bx0 = min([x[v] - hw[v] for v in shown])
        bx1 = max([x[v] + hw[v] for v in shown])
        by0 = min([y[v] - hh[v] for v in shown])
        by1 = max([y[v] + hh[v] for v in shown])
    else:
        bx0 = bx1 = by0 = by1 = 0.0

    # Other edges: curves.
    source = forest.edge_source
    target = forest.edge_target
    others = [
        e
        for e in range(len(edge_ids))
        if is_shown[source[e]] and is_shown[target[e]] and parent_edge[source[e]] != e
    ]
    if others:
        levels: list[list[int]] | None = None
        if depth is not None:
            levels = [[] for _ in range(max([depth[v] for v in shown]) + 1)]
            for v in reversed(visible.order):  # left to right on each level
                levels[depth[v]].append(v)
            for v in forest.isolated:
                levels[depth[v]].append(v)
        router = CurveRouter(shown, x, y, hw, hh, opts, levels)
        curves = []
        # Edges between two nodes already joined (by the tree or another curve)
        # bow aside so as not to hide under them.
        pairs: dict[tuple[int, int], int] = {}
        for e in others:
            s = source[e]
            t = target[e]
            key = (s, t) if s < t else (t, s)
            repeat = pairs.get(key)
            if repeat is None:
                repeat = 1 if parent[s] == t or parent[t] == s else 0
            pairs[key] = repeat + 1
            curves.append(router.curve(s, t, repeat))
        xs = [point[0] for curve in curves for point in curve]
        ys = [point[1] for curve in curves for point in curve]
        bx0 = min(bx0, *xs)
        bx1 = max(bx1, *xs)
        by0 = min(by0, *ys)
        by1 = max(by1, *ys)
        turn = _TURN[d]
        for e, curve in zip(others, curves, strict=True):
            routes[edge_ids[e]] = Route(turn(curve), True)

    groups: dict[str, Rect] = {}
    pad = opts.group_padding
    collapsed = forest.collapsed
    for r, count in forest.premises.items():
        if count and is_shown[r] and not collapsed[r]:
            premises = forest.children[r][:count]
            gx0 = min(x[v] - hw[v] for v in premises) - pad
            gx1 = max(x[v] + hw[v] for v in premises) + pad
            gy0 = min(y[v] - hh[v] for v in premises) - pad
            gy1 = max(y[v] + hh[v] for v in premises) + pad
            groups[ids[r]] = _scene_rect(gx0, gy0, gx1, gy1, d)
            bx0 = min(bx0, gx0)
            bx1 = max(bx1, gx1)
            by0 = min(by0, gy0)
            by1 = max(by1, gy1)

    names = [ids[v] for v in shown]
    centres = _turn_points([(x[v], y[v]) for v in shown], d)
    return Layout(
        positions=dict(zip(names, centres, strict=True)),
        routes=routes,
        hidden=frozenset(ids[v] for v in visible.hidden),
        hidden_count={ids[v]: count for v, count in visible.hidden_count.items()},
        bounds=_scene_rect(bx0, by0, bx1, by1, d) if shown else (0.0, 0.0, 0.0, 0.0),
        direction=d,
        tree_parent={
            name: (ids[parent[v]] if parent[v] >= 0 else None)
            for name, v in zip(names, shown, strict=True)
        },
        tree_edges=frozenset(tree_edges),
        groups=groups,
    )


def _scene_rect(x0: float, y0: float, x1: float, y1: float, d: Direction) -> Rect:
    ax, ay = _to_scene(x0, y0, d)
    bx, by = _to_scene(x1, y1, d)
    return (min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))


def _turn_points(points: list[Point], d: Direction) -> list[Point]:
    """Tidy points to scene points (see ``_to_scene``)."""
    if d is Direction.DOWN:
        return points
    if d is Direction.UP:
        return [(a, -b) for a, b in points]
    if d is Direction.RIGHT:
        return [(b, a) for a, b in points]
    return [(-b, a) for a, b in points]


def _turn_pairs(
    segments: list[tuple[float, float, float, float]], d: Direction
) -> list[tuple[Point, Point]]:
    """Tidy segments (x0, y0, x1, y1) to pairs of scene points."""
    if d is Direction.DOWN:
        return [((a, b), (c, e)) for a, b, c, e in segments]
    if d is Direction.UP:
        return [((a, -b), (c, -e)) for a, b, c, e in segments]
    if d is Direction.RIGHT:
        return [((b, a), (e, c)) for a, b, c, e in segments]
    return [((-b, a), (-e, c)) for a, b, c, e in segments]


def _turn_down(curve: tuple[Point, ...]) -> tuple[Point, ...]:
    return curve


def _turn_up(curve: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((a, -b) for a, b in curve)


def _turn_right(curve: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((b, a) for a, b in curve)


def _turn_left(curve: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((-b, a) for a, b in curve)


#: Tidy control points to scene points, per direction (see ``_to_scene``).
_TURN = {
    Direction.DOWN: _turn_down,
    Direction.UP: _turn_up,
    Direction.RIGHT: _turn_right,
    Direction.LEFT: _turn_left,
}
