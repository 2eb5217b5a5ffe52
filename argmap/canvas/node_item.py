"""NodeItem: one graphics item per node, drawing itself through ``painting``.

Items never write to the model: a drag is reported to the scene, which pushes
one undo command when the mouse is released.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from argmap.canvas import painting
from argmap.canvas.painting import NodeLook

if TYPE_CHECKING:
    from argmap.canvas.scene import MapScene

#: z-values: edges below nodes, the hovered/selected node above its neighbours.
#: Nodes sit at Qt's default z, so building one costs no ``setZValue`` call.
Z_EDGE = -10.0
Z_NODE = 0.0
Z_NODE_RAISED = 10.0

# Flag and change values computed once: enum arithmetic in PySide is slow, and a
# 10,000-node map builds 10,000 items.
# No itemChange override and no geometry-change notices: a Python itemChange ran
# four times per item while a 10,000-node map was built. The scene re-routes
# the edges of dragged nodes and raises selected ones itself.
_NODE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
)
#: Margin around the box for halos and badges before the item knows its scene's theme.
DEFAULT_MARGIN = 12.0


class NodeItem(QGraphicsItem):
    """A node's box: its shape, text, status marker, highlight and badges."""

    def __init__(
        self,
        node_id: str,
        size: tuple[float, float],
        margin: float = DEFAULT_MARGIN,
        pos: tuple[float, float] | None = None,
    ) -> None:
        super().__init__()
        self.node_id = node_id
        self._size = size
        self._margin = margin
        self._bounds = self._bounding(size, margin)
        self._hovered = False
        self._look_cache: NodeLook | None = None
        #: Analysis highlight for tests and painting: None, "tripwire", "cascade", "flipped", "fragile".
        self.highlight: str | None = None
        self.strength = 0.0
        self.status: str | None = None
        self.hidden_count = 0
        self.dimmed = False
        if pos is not None:
            self.setPos(pos[0], pos[1])
        self.setFlags(_NODE_FLAGS)
        self.setAcceptHoverEvents(True)

    # -- geometry -------------------------------------------------------------------

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    def size(self) -> tuple[float, float]:
        return self._size

    def set_size(self, size: tuple[float, float]) -> None:
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
            self._bounds = self._bounding(size, self._margin)
            self.update()

    def margin(self) -> float:
        return self._margin

    def set_margin(self, margin: float) -> None:
        """Room for halos and badges outside the box (it follows the scene's theme)."""
        if margin != self._margin:
            self.prepareGeometryChange()
            self._margin = margin
            self._bounds = self._bounding(self._size, margin)

    @staticmethod
    def _bounding(size: tuple[float, float], margin: float) -> QRectF:
        w, h = size
        return QRectF(-w / 2 - margin, -h / 2 - margin, w + 2 * margin, h + 2 * margin)

    def box(self) -> QRectF:
        """The node's box in item coordinates (centred on the item's position)."""
        w, h = self._size
        return QRectF(-w / 2, -h / 2, w, h)

    def scene_box(self) -> QRectF:
        return self.box().translated(self.pos())

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.box())
        if self.scene() is not None:
            theme = self.map_scene().theme
            path.addRect(painting.handle_rect(self.box(), theme))
            if self.hidden_count:
                path.addRect(painting.badge_rect(self.box(), theme))
        return path

    # -- state -------------------------------------------------------------------------

    def invalidate(self) -> None:
        """The node's data or the scene's state changed: redraw."""
        self._look_cache = None
        self.update()

    def look(self) -> NodeLook:
        if self._look_cache is None:
            scene = self.map_scene()
            node = scene.document.node(self.node_id)
            export = scene.export_mode
            self._look_cache = NodeLook(
                kind=node.kind,
                text=node.text,
                selected=self.isSelected() and not export,
                hovered=self._hovered and not export,
                status=self.status,
                highlight=self.highlight,
                strength=self.strength,
                hidden_count=self.hidden_count,
                dimmed=self.dimmed,
                has_notes=bool(node.notes),
                belief=node.belief,
                assessment=node.assessment.value if node.assessment else None,
            )
        return self._look_cache

    # -- painting ----------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painting.paint_node(painter, self.box(), self.look(), self.map_scene().theme, lod)

    # -- interaction ---------------------------------------------------------------------

    def set_raised(self, raised: bool) -> None:
        """Drawn above other nodes (while selected), or back among them."""
        self.setZValue(Z_NODE_RAISED if raised else Z_NODE)
        self.invalidate()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.invalidate()
        self.map_scene().node_hovered(self.node_id, True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.invalidate()
        self.map_scene().node_hovered(self.node_id, False)
        super().hoverLeaveEvent(event)

    def is_on_handle(self, scene_pos: QPointF) -> bool:
        return painting.handle_rect(self.box(), self.map_scene().theme).contains(
            self.mapFromScene(scene_pos)
        )

    def is_on_badge(self, scene_pos: QPointF) -> bool:
        if not self.hidden_count and not self.map_scene().document.node(self.node_id).collapsed:
            return False
        return painting.badge_rect(self.box(), self.map_scene().theme).contains(
            self.mapFromScene(scene_pos)
        )

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.is_on_badge(event.scenePos()):
            self.map_scene().toggle_collapse(self.node_id)
            event.accept()
            return
        super().mousePressEvent(event)
