"""EdgeItem: one graphics item per edge, drawn along its route through ``painting``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from argmap.canvas import painting
from argmap.canvas.node_item import Z_EDGE

if TYPE_CHECKING:
    from argmap.canvas.scene import MapScene

Point = tuple[float, float]


def _exit(cx: float, cy: float, hw: float, hh: float, dx: float, dy: float) -> Point:
    """Where the ray from a box's centre along (dx, dy) leaves the box."""
    ax = abs(dx)
    ay = abs(dy)
    if ax * hh >= ay * hw:  # leaves through the left or right side
        if ax == 0.0:
            return (cx, cy)
        t = hw / ax
    else:
        t = hh / ay
    return (cx + dx * t, cy + dy * t)


def straight(
    sx: float, sy: float, shw: float, shh: float, tx: float, ty: float, thw: float, thh: float
) -> tuple[Point, Point]:
    """The segment between two boxes along the line joining their centres (as the
    layout draws tree edges)."""
    dx = tx - sx
    dy = ty - sy
    return (_exit(sx, sy, shw, shh, dx, dy), _exit(tx, ty, thw, thh, -dx, -dy))


_EDGE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable


class EdgeItem(QGraphicsItem):
    """A link from its source node to its target node, with an arrowhead at the target."""

    def __init__(self, edge_id: str) -> None:
        super().__init__()
        self.edge_id = edge_id
        self.points: tuple[Point, ...] = ()
        self.curved = False
        self.highlight: str | None = None
        self._path: QPainterPath | None = None
        self._bounds = QRectF()
        #: (left, top, right, bottom) of ``_bounds`` as numbers, or None without a route.
        self.extent: tuple[float, float, float, float] | None = None
        self.setFlags(_EDGE_FLAGS)
        self.setZValue(Z_EDGE)

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    def set_route(self, points: tuple[Point, ...], curved: bool) -> None:
        if points == self.points and curved == self.curved:
            return
        self.prepareGeometryChange()
        self.points = points
        self.curved = curved
        self._path = None
        if points:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            pad = 14.0
            left, top = min(xs) - pad, min(ys) - pad
            right, bottom = max(xs) + pad, max(ys) + pad
            self.extent = (left, top, right, bottom)
            self._bounds = QRectF(left, top, right - left, bottom - top)
        else:
            self.extent = None
            self._bounds = QRectF()
        self.update()

    def route_between(self, source: QRectF, target: QRectF) -> None:
        """Re-route between two boxes (after a hand move): straight, or a gentle curve."""
        p0, p1 = straight(
            source.center().x(),
            source.center().y(),
            source.width() / 2,
            source.height() / 2,
            target.center().x(),
            target.center().y(),
            target.width() / 2,
            target.height() / 2,
        )
        if not self.curved:
            self.set_route((p0, p1), False)
            return
        dx, dy = p1[0] - p0[0], p1[1] - p0[1]
        bow = 0.2
        c1 = (p0[0] + dx / 3 - dy * bow, p0[1] + dy / 3 + dx * bow)
        c2 = (p0[0] + 2 * dx / 3 - dy * bow, p0[1] + 2 * dy / 3 + dx * bow)
        self.set_route((p0, c1, c2, p1), True)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._path is None:
            self._path = painting.edge_path(self.points, self.curved)
        stroker = QPainterPathStroker()
        stroker.setWidth(10.0)
        return stroker.createStroke(self._path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.points:
            return
        scene = self.map_scene()
        edge = scene.document.edge(self.edge_id)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painting.paint_edge(
            painter,
            self.points,
            self.curved,
            edge.kind,
            scene.theme,
            highlight=self.highlight,
            selected=self.isSelected() and not scene.export_mode,
            label=edge.label,
            lod=lod,
        )
