"""MapView: pan, zoom, inline editing and mouse gestures over a ``MapScene``."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QMenu, QPlainTextEdit, QToolTip, QWidget

from argmap.canvas.node_item import NodeItem
from argmap.canvas.scene import MapScene
from argmap.editing import operations as ops
from argmap.model import EdgeKind

#: Below this zoom, a map of at least OVERVIEW_MIN_NODES nodes is painted from one cached
#: picture, rendered again only after a change, instead of by each of its items in turn
#: (10,000 items cost about 150 ms a frame in Python; a cached picture about 2 ms).
OVERVIEW_ZOOM = 0.15
OVERVIEW_MIN_NODES = 400
#: The cached picture's largest side in device pixels; beyond it, items paint themselves.
OVERVIEW_MAX_SIDE = 16_000
#: A change covering more than this share of the picture, or more separate rects,
#: redraws it whole; a smaller one is painted over in place.
OVERVIEW_PATCH_SHARE = 0.25
OVERVIEW_MAX_PATCHES = 64

#: The view zooms out to MIN_ZOOM, or further when the whole map needs it to fit
#: (a very wide map), but never below FLOOR_ZOOM.
MIN_ZOOM = 0.03
FLOOR_ZOOM = 0.0005
MAX_ZOOM = 5.0
#: Blank viewport pixels kept round a fitted rect.
FIT_MARGIN = 24
ZOOM_STEP = 1.25

EDGE_KIND_LABELS = {
    EdgeKind.SUPPORTS: "Supports",
    EdgeKind.REQUIRES: "Requires (is necessary for)",
    EdgeKind.OPPOSES: "Opposes",
    EdgeKind.WATCHES: "Watches",
}


class InlineEditor(QPlainTextEdit):
    """The text box laid over a node while its text is edited."""

    def __init__(self, view: MapView, node_id: str) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.node_id = node_id
        self._done = False
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.view.finish_inline_edit(commit=True)
            return
        if key == Qt.Key.Key_Escape:
            self.view.finish_inline_edit(commit=False)
            return
        if key == Qt.Key.Key_Tab:
            self.view.finish_inline_edit(commit=True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self._done and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.view.finish_inline_edit(commit=True)


class MapView(QGraphicsView):
    """The canvas widget: shows a ``MapScene`` and turns gestures into edits."""

    zoom_changed = Signal(float)
    context_menu_requested = Signal(object, QPoint)  # node id or None, global position
    inline_edit_finished = Signal(str, bool)  # node id, committed
    #: Once, after the first frame: work that can wait (filling panels, analysing
    #: a large map on a thread) starts here, so the map shows first.
    first_painted = Signal()

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self._editor: InlineEditor | None = None  # the editor while it is open
        self._editor_widget: InlineEditor | None = None
        self._pan_from: QPoint | None = None
        #: Picks the kind of a new link dragged between nodes; tests replace it.
        self.choose_edge_kind: Callable[[str, str, QPoint], EdgeKind | None] = self._menu_edge_kind
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(QColor(scene.theme.background))
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        scene.connect_requested.connect(self._on_connect_requested)
        scene.layout_changed.connect(self._on_layout_changed)
        self._painted_once = False
        self._forwarding = False  # a key is on its way to the inline editor
        self._overview: QPixmap | None = None
        self._overview_key: tuple[object, ...] | None = None
        self._overview_dirty: list[QRectF] = []  # scene rects changed since it was drawn
        scene.changed.connect(self._on_scene_changed)

    # -- overview painting ----------------------------------------------------------------

    def _invalidate_overview(self, *_args: object) -> None:
        self._overview = None
        self._overview_dirty = []

    def _on_scene_changed(self, rects: list[QRectF]) -> None:
        """Note what changed on the overview picture; too much, and it goes."""
        key = self._overview_key
        if self._overview is None or key is None:
            return
        area = key[3]
        assert isinstance(area, QRectF)
        dirty = self._overview_dirty
        dirty.extend(r.intersected(area) for r in rects if r.intersects(area))
        covered = sum(r.width() * r.height() for r in dirty)
        whole = area.width() * area.height()
        if len(dirty) > OVERVIEW_MAX_PATCHES or covered > OVERVIEW_PATCH_SHARE * whole:
            self._invalidate_overview()

    def _patch_overview(self, area: QRectF, zoom: float) -> None:
        """Paint the changed parts of the picture again, from the scene."""
        assert self._overview is not None
        scene = self.map_scene
        painter = QPainter(self._overview)
        painter.setRenderHints(self.renderHints())
        for rect in self._overview_dirty:
            # whole device pixels, and the scene rect that maps exactly onto them
            target = (
                QRectF(
                    (rect.left() - area.left()) * zoom,
                    (rect.top() - area.top()) * zoom,
                    rect.width() * zoom,
                    rect.height() * zoom,
                )
                .toAlignedRect()
                .adjusted(-1, -1, 1, 1)
            )
            target_f = QRectF(target)
            source = QRectF(
                area.left() + target_f.left() / zoom,
                area.top() + target_f.top() / zoom,
                target_f.width() / zoom,
                target_f.height() / zoom,
            )
            painter.setClipRect(target_f)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(target_f, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            scene.render(painter, target_f, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
        self._overview_dirty = []

    def uses_overview(self) -> bool:
        """Whether the view paints from the cached overview picture at this zoom."""
        return (
            self.zoom() < OVERVIEW_ZOOM
            and len(self.map_scene.node_items()) >= OVERVIEW_MIN_NODES
            and self.dragMode() != QGraphicsView.DragMode.RubberBandDrag
            and not self.map_scene.export_mode
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not (self.uses_overview() and self._paint_overview(event)):
            super().paintEvent(event)
        if not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self.first_painted.emit)

    def _paint_overview(self, event: QPaintEvent) -> bool:
        """Paint from a picture of the visible part of the map and a margin around it.

        The picture covers three viewports each way, so panning reuses it until
        the view leaves it. The parts of it that the scene reports changed are
        painted again before it is shown (an edit costs what it changed), a
        change to much of it throws it away.
        """
        scene = self.map_scene
        zoom = self.zoom()
        ratio = self.devicePixelRatioF()
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        map_rect = scene.sceneRect()  # the map and a margin; map_rect() walks every item
        needed = visible.intersected(map_rect)  # the part of the scene on screen
        cached = self._overview_key
        fresh = (
            self._overview is not None
            and cached is not None
            and cached[0] == round(zoom, 9)
            and cached[1] == ratio
            and cached[2] == scene.theme
            and (needed.isEmpty() or cached[3].contains(needed))  # type: ignore[attr-defined]
        )
        if fresh and self._overview_dirty:
            shown = cached[3]  # type: ignore[index]
            assert isinstance(shown, QRectF)
            self._patch_overview(shown, zoom)
        if not fresh:
            self._overview_dirty = []
            area = visible.adjusted(
                -visible.width(), -visible.height(), visible.width(), visible.height()
            ).intersected(map_rect)
            if area.isEmpty():
                area = visible
            width = math.ceil(area.width() * zoom * ratio) + 2
            height = math.ceil(area.height() * zoom * ratio) + 2
            if max(width, height) > OVERVIEW_MAX_SIDE:
                return False
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHints(self.renderHints())
            target = QRectF(0, 0, area.width() * zoom * ratio, area.height() * zoom * ratio)
            scene.render(painter, target, area, Qt.AspectRatioMode.IgnoreAspectRatio)
            painter.end()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self._overview = pixmap
            self._overview_key = (round(zoom, 9), ratio, scene.theme, area)
            cached = self._overview_key
        assert cached is not None and self._overview is not None
        shown = cached[3]
        assert isinstance(shown, QRectF)
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.backgroundBrush())
        painter.drawPixmap(self.viewportTransform().map(shown.topLeft()), self._overview)
        painter.end()
        return True

    # -- zoom ------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def min_zoom(self) -> float:
        """The least zoom allowed now: MIN_ZOOM, or the zoom that fits the whole map."""
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            return MIN_ZOOM
        return max(FLOOR_ZOOM, min(MIN_ZOOM, self._fit_factor(rect)))

    def _fit_factor(self, rect: QRectF) -> float:
        """The zoom at which ``rect`` fills the viewport but for a margin."""
        view = self.viewport().rect()
        width = max(view.width() - 2 * FIT_MARGIN, 1)
        height = max(view.height() - 2 * FIT_MARGIN, 1)
        return min(width / max(rect.width(), 1.0), height / max(rect.height(), 1.0))

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = min(MAX_ZOOM, factor)
        if factor < MIN_ZOOM:
            factor = max(factor, self.min_zoom())
        current = self.zoom()
        if abs(factor - current) < 1e-9:
            return
        old_anchor = self.transformationAnchor()
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor / current, factor / current)
        self.setTransformationAnchor(old_anchor)
        self._place_editor()
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def fit_rect(self, rect: QRectF, max_zoom: float = 1.5) -> None:
        if rect.isEmpty():
            return
        self.set_zoom(min(self._fit_factor(rect), max_zoom))
        self.centerOn(rect.center())

    def fit_map(self) -> None:
        self.map_scene.flush()
        self.fit_rect(self.map_scene.map_rect())

    def show_overview(self, min_zoom: float = 0.6) -> None:
        """The opening view: the whole map if it fits at a readable zoom, else its top.

        Below ``min_zoom`` node text is too small to read, so a large map opens at
        that zoom, centred on its theses at the top, rather than as a field of boxes.
        """
        self.map_scene.flush()
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        if self._fit_factor(rect) >= min_zoom:
            self.fit_rect(rect, max_zoom=1.0)
            return
        self.set_zoom(min_zoom)
        result = self.map_scene.layout_result
        anchor = rect.center()
        top = rect.top()
        if result is not None and result.tree_parent:
            roots = [n for n, p in result.tree_parent.items() if p is None]
            found = [self.map_scene.item_for(n) for n in roots[:3]]
            boxes = [i.scene_box() for i in found if i is not None]
            if boxes:
                # The first roots (the theses), or the first alone when they lie
                # too far apart to be seen together.
                if max(b.right() for b in boxes) - min(b.left() for b in boxes) > (
                    view.width() / min_zoom
                ):
                    boxes = boxes[:1]
                anchor.setX(sum(b.center().x() for b in boxes) / len(boxes))
                # Their tops, not the map's: a long link's arc may rise far above them.
                top = min(b.top() for b in boxes)
        half = view.height() / (2 * min_zoom)
        anchor.setY(min(top - FIT_MARGIN / min_zoom + half, rect.bottom() - half))
        self.centerOn(anchor)

    def zoom_to_selection(self) -> None:
        rect = QRectF()
        for item in self.map_scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        if rect.isEmpty():
            self.fit_map()
        else:
            self.fit_rect(rect, max_zoom=2.0)

    def center_on_node(self, node_id: str) -> None:
        self.map_scene.flush()
        item = self.map_scene.item_for(node_id)
        if item is not None:
            self.ensureVisible(item.sceneBoundingRect(), 80, 80)

    # -- inline editing ----------------------------------------------------------------------

    def is_editing(self) -> bool:
        return self._editor is not None

    def start_inline_edit(self, node_id: str, initial_text: str | None = None) -> None:
        self.finish_inline_edit(commit=True)
        self.map_scene.flush()
        item = self.map_scene.item_for(node_id)
        if item is None:
            return
        self.center_on_node(node_id)
        # One editor per view, shown and hidden: never deleted while it handles a key.
        if self._editor_widget is None:
            self._editor_widget = InlineEditor(self, node_id)
        editor = self._editor_widget
        editor.node_id = node_id
        editor._done = False
        node = self.map_scene.document.node(node_id)
        theme = self.map_scene.theme
        font = QFont(theme.font_family)
        font.setPixelSize(max(8, round(theme.font_px * self.zoom())))
        editor.setFont(font)
        editor.setStyleSheet(
            f"QPlainTextEdit {{ background: {QColor(theme.background).name()}; "
            f"color: {QColor(theme.text).name()}; border: 2px solid {QColor(theme.selection).name()}; "
            "border-radius: 4px; }"
        )
        if initial_text is None:
            editor.setPlainText(node.text)
            editor.selectAll()
        else:
            editor.setPlainText(initial_text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        self._editor = editor
        self._place_editor()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish_inline_edit(self, commit: bool = True) -> None:
        editor = self._editor
        if editor is None:
            return
        editor._done = True
        self._editor = None
        node_id = editor.node_id
        text = editor.toPlainText().strip()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        editor.hide()
        doc = self.map_scene.document
        if commit and doc.has_node(node_id):
            ops.edit_node(doc, node_id, text=text)
        self.inline_edit_finished.emit(node_id, commit)

    def _place_editor(self) -> None:
        if self._editor is None:
            return
        item = self.map_scene.item_for(self._editor.node_id)
        if item is None:
            return
        box = self.mapFromScene(item.scene_box()).boundingRect()
        box.setWidth(max(box.width(), 160))
        box.setHeight(max(box.height(), 48))
        self._editor.setGeometry(box)

    def _on_layout_changed(self) -> None:
        self.setBackgroundBrush(QColor(self.map_scene.theme.background))
        if self._editor is not None:  # a layout from a thread moved the node being edited
            item = self.map_scene.item_for(self._editor.node_id)
            if item is not None:
                self.ensureVisible(item.sceneBoundingRect(), 40, 40)
        self._place_editor()

    # -- keyboard ---------------------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab belongs to "add child", not to focus navigation

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editor = self._editor
        if editor is not None:
            # Keys typed faster than focus moved belong to the editor. A key the
            # editor ignores (Shift alone, say) comes back up through the viewport,
            # its parent: sent on once at most, or it would go round for ever.
            if not self._forwarding:
                self._forwarding = True
                try:
                    QApplication.sendEvent(editor, event)
                finally:
                    self._forwarding = False
            return
        text = event.text()
        mods = (
            event.modifiers()
            & ~Qt.KeyboardModifier.ShiftModifier
            & ~Qt.KeyboardModifier.KeypadModifier
        )
        selected = self.map_scene.selected_node_ids()
        if (
            text
            and text.isprintable()
            and not text.isspace()
            and mods == Qt.KeyboardModifier.NoModifier
            and len(selected) == 1
            and not text.isdigit()
        ):
            self.start_inline_edit(selected[0], text)
            return
        super().keyPressEvent(event)

    # -- mouse ----------------------------------------------------------------------------------------

    def _item_at(self, pos: QPoint) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def _anything_at(self, pos: QPoint) -> bool:
        return bool(self.items(pos))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton
            and not self._anything_at(event.position().toPoint())
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            if event.button() == Qt.MouseButton.LeftButton:
                self.map_scene.clearSelection()
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and not self._anything_at(
            event.position().toPoint()
        ):
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        item = self._item_at(event.position().toPoint())
        if item is not None:
            self.map_scene.select_nodes([item.node_id])
            self.start_inline_edit(item.node_id)
        elif not self._anything_at(event.position().toPoint()):
            pos = self.mapToScene(event.position().toPoint())
            node_id = ops.add_node(self.map_scene.document, position=(pos.x(), pos.y()))
            self.map_scene.select_nodes([node_id])
            self.start_inline_edit(node_id)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self.zoom() * (ZOOM_STEP**steps), anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)
        self._place_editor()

    def viewportEvent(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.set_zoom(self.zoom() * (1.0 + event.value()), anchor=event.position())
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """The hover text for a node: its kind and full text, then the start of its notes.

        Built on demand rather than stored on 10,000 items.
        """
        item = self._item_at(pos)
        if item is None or self.map_scene.export_mode:
            return ""
        doc = self.map_scene.document
        if not doc.has_node(item.node_id):
            return ""
        node = doc.node(item.node_id)
        parts = [f"<b>{escape(node.kind.value.capitalize())}</b>: {escape(node.text)}"]
        if node.belief is not None:
            parts.append(f"Belief {node.belief:.0%}")
        if node.notes:
            notes = node.notes if len(node.notes) <= 400 else node.notes[:399] + "…"
            parts.append(f"<i>{escape(notes)}</i>")
        return "<p style='white-space:pre-wrap; max-width:28em'>" + "<br>".join(parts) + "</p>"

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self._item_at(event.pos())
        if item is not None and not item.isSelected():
            self.map_scene.select_nodes([item.node_id])
        self.context_menu_requested.emit(item.node_id if item else None, event.globalPos())
        event.accept()

    # -- connect ----------------------------------------------------------------------------------------

    def _on_connect_requested(self, source: str, target: str, scene_pos: QPointF) -> None:
        global_pos = self.viewport().mapToGlobal(self.mapFromScene(scene_pos))
        kind = self.choose_edge_kind(source, target, global_pos)
        if kind is not None:
            ops.connect(self.map_scene.document, source, target, kind)

    def _menu_edge_kind(self, source: str, target: str, global_pos: QPoint) -> EdgeKind | None:
        doc = self.map_scene.document
        default = ops.default_edge_kind(doc.node(source).kind, doc.node(target).kind)
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        chosen: dict[object, EdgeKind] = {}
        for kind, label in EDGE_KIND_LABELS.items():
            action = menu.addAction(label)
            chosen[action] = kind
            if kind is default:
                menu.setActiveAction(action)
        picked = menu.exec(global_pos)
        return chosen.get(picked)
