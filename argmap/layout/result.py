"""What the layout engine returns: node positions, edge routes, hidden nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.model.enums import Direction

Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Route:
    """The path of one edge in scene coordinates.

    ``curved`` False: a polyline through ``points``. ``curved`` True: the control
    points of a chain of cubic Bézier segments, p0, c1, c2, p1, c1, c2, p2, ...
    The first point lies on the source's box border and the last on the target's,
    so an arrowhead drawn at the last point sits on the target's border.
    """

    points: tuple[Point, ...]
    curved: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """Where every visible node and edge goes; coordinates are scene coordinates.

    - ``positions``: node id -> centre (x, y) of its box, for every visible node.
    - ``routes``: edge id -> route, for every edge whose both ends are visible.
    - ``hidden``: nodes hidden by a collapsed ancestor in the spanning tree.
    - ``hidden_count``: collapsed node id -> how many nodes it hides.
    - ``bounds``: (x, y, width, height) around all boxes and routes.
    - ``direction``: the direction the layout was made for.
    - ``tree_parent``: visible node id -> its parent in the spanning tree (None
      for a root), the node it hangs under.
    - ``tree_edges``: ids of the edges that make the spanning tree (drawn straight).
    - ``groups``: reason id -> rectangle (x, y, width, height) around its visible
      co-premises, for the bracket that groups them.
    """

    positions: dict[str, Point]
    routes: dict[str, Route]
    hidden: frozenset[str]
    hidden_count: dict[str, int]
    bounds: Rect
    direction: Direction = Direction.DOWN
    tree_parent: dict[str, str | None] = field(default_factory=dict)
    tree_edges: frozenset[str] = frozenset()
    groups: dict[str, Rect] = field(default_factory=dict)
