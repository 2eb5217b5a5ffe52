"""MainWindow: the canvas in the middle, docked panels around it, menus, toolbar, status bar.

The window wires parts together and holds no editing rules of its own: the
``FileController`` opens and saves, the ``EditController`` turns actions into
editing operations, the panels follow the document's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from argmap.app import export_dialog, menus, tripwires
from argmap.app.actions import KIND_ORDER, ActionSet, key_sequences
from argmap.app.editor import EditController
from argmap.app.files import FileController
from argmap.app.find_bar import FindBar
from argmap.app.icons import icon, kind_icon
from argmap.app.inspector import InspectorPanel
from argmap.app.outline import OutlinePanel
from argmap.app.prompts import Prompts
from argmap.app.settings import Settings
from argmap.canvas.scene import MapScene
from argmap.canvas.view import MapView
from argmap.editing.document import MapDocument
from argmap.model import Assessment, Direction, NodeKind

APP_TITLE = "Argmap"


#: Longest time the analysis of a large map waits for the window's first frame.
FIRST_FRAME_WAIT_MS = 3000


class MainWindow(QMainWindow):
    """One map in one window: ``document``, ``scene`` and ``view`` as the tests see them."""

    recent_menu: QMenu
    panels_menu: QMenu
    toolbar: QToolBar

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings if settings is not None else Settings()
        self.prompts = prompts if prompts is not None else Prompts(self)
        self.document = MapDocument(parent=self)
        self.document.hold_analysis()  # until the first frame: see _after_first_frame
        self.files = FileController(self.document, self.settings, self.prompts, self)
        if path is not None:
            self.files.load(Path(path))
        self.scene = MapScene(self.document, self.settings.theme, self)
        self.view = MapView(self.scene)
        self.view.setObjectName("map_view")
        self.editor = EditController(self.document, self.scene, self.view)
        self.action_set = ActionSet(self)  # not "actions": QWidget.actions() is Qt API
        self._adopt_undo_actions()

        self.find_bar = FindBar(self.document)
        self.find_bar.hide()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.docks: dict[str, QDockWidget] = {}
        self.inspector = InspectorPanel(self.document, self._ask_source)
        self.outline = OutlinePanel(self.document)
        self.history = QUndoView(self.document.undo_stack)
        self.history.setObjectName("history")
        self.history.setEmptyLabel("Opened map")
        self.add_dock(
            self.inspector, Qt.DockWidgetArea.RightDockWidgetArea, "Inspector", "inspector"
        )
        self.add_dock(self.outline, Qt.DockWidgetArea.LeftDockWidgetArea, "Outline", "outline")
        self.add_dock(self.history, Qt.DockWidgetArea.LeftDockWidgetArea, "History", "history")
        self.docks["history"].hide()

        self.kind_picker = QComboBox(self)
        self.kind_picker.setObjectName("kind_picker")
        self.kind_picker.setToolTip("Kind of the selected nodes (keys 1-9)")
        self.kind_picker.addItem("Kind…", None)
        for kind in KIND_ORDER:
            self.kind_picker.addItem(kind_icon(kind), kind.value.capitalize(), kind.value)

        self.status_counts = QLabel(self)
        self.status_selection = QLabel(self)
        self.status_thesis = QLabel(self)
        self.status_thesis.hide()
        self.status_zoom = QLabel(self)
        self.status_zoom.setMinimumWidth(48)
        for label in (self.status_selection, self.status_counts, self.status_thesis):
            self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.status_zoom)

        menus.build_menus(self)
        menus.build_toolbar(self)
        self.tripwires = tripwires.install(self)
        self.export_action = export_dialog.install(self)
        self._connect()
        self._shortcut_guard = _InlineEditGuard(self)
        QApplication.instance().installEventFilter(self._shortcut_guard)  # type: ignore[union-attr]
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.resize(1400, 900)
        self.resizeDocks(
            [self.docks["outline"], self.docks["inspector"]],
            [300, 330],
            Qt.Orientation.Horizontal,
        )
        self._restore_window()
        self._update_title()
        self._update_counts()
        self._update_zoom(self.view.zoom())
        self._on_selection(self.scene.selected_node_ids())
        self._sync_direction()
        QTimer.singleShot(0, self.view.show_overview)
        self.view.first_painted.connect(self._after_first_frame)
        # A window that starts minimised paints nothing: analyse anyway, a bit later.
        QTimer.singleShot(FIRST_FRAME_WAIT_MS, self.document.release_analysis)

    def _after_first_frame(self) -> None:
        """The map is on screen: fill the outline, and analyse a large map on its threads
        (before this they would slow the first frame down)."""
        self.outline.build_if_dirty()
        self.document.release_analysis()
        self.scene.prepare_background()

    # -- building --------------------------------------------------------------------------

    def add_dock(
        self,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        title: str,
        name: str | None = None,
        shortcut: str | None = None,
    ) -> QDockWidget:
        """Dock ``widget`` with a title; its show/hide toggle goes to View > Panels."""
        name = name or title.lower().replace(" ", "_")
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setIcon(icon(name))
        if shortcut:
            toggle.setShortcut(QKeySequence(shortcut))
        toggle.setToolTip(f"Show or hide the {title} panel")
        self.docks[name] = dock
        panels = getattr(self, "panels_menu", None)
        if isinstance(panels, QMenu):
            panels.addAction(toggle)
        return dock

    def _adopt_undo_actions(self) -> None:
        stack = self.document.undo_stack
        undo = stack.createUndoAction(self, "&Undo")
        redo = stack.createRedoAction(self, "&Redo")
        self.action_set.adopt("undo", undo, "undo", (QKeySequence.StandardKey.Undo,))
        self.action_set.adopt(
            "redo", redo, "redo", (QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y")
        )
        for action, word in ((undo, "Undo"), (redo, "Redo")):
            keys = action.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)

            def update(_text: str = "", a: QAction = action, w: str = word, k: str = keys) -> None:
                a.setToolTip(f"{a.text().replace('&', '') or w} ({k})")

            action.changed.connect(update)
            update()

    def _connect(self) -> None:
        a, ed, files, doc = self.action_set, self.editor, self.files, self.document
        a.on("new", files.new)
        a.on("open", partial(self._commit_then, files.open))
        a.on("save", partial(self._commit_then, files.save))
        a.on("save_as", partial(self._commit_then, files.save_as))
        a.on("revert", files.revert)
        a.on("close", self.close)
        a.on("quit", self._quit)
        for name in ("cut", "copy", "paste", "duplicate", "delete", "select_all", "edit_text"):
            a.on(name, getattr(ed, name))
        a.on("add_child", ed.add_child)
        a.on("add_sibling", ed.add_sibling)
        a.on("add_node", ed.add_free_node)
        a.on("collapse", ed.toggle_collapse)
        for direction in ("up", "down", "left", "right"):
            a.on(f"go_{direction}", partial(ed.navigate, direction))
        a.on("assess_holds", lambda: ed.set_assessment(Assessment.HOLDS))
        a.on("assess_fails", lambda: ed.set_assessment(Assessment.FAILS))
        a.on("assess_clear", lambda: ed.set_assessment(None))
        for kind in KIND_ORDER:
            a.on(f"kind_{kind.value}", partial(ed.set_kind, kind))
        a.on("find", self.find_bar.open_bar)
        a.on("find_next", self.find_bar.find_next)
        a.on("find_previous", self.find_bar.find_previous)
        v = self.view
        a.on("zoom_in", v.zoom_in)
        a.on("zoom_out", v.zoom_out)
        a.on("zoom_fit", v.fit_map)
        a.on("zoom_reset", v.zoom_reset)
        a.on("zoom_selection", v.zoom_to_selection)
        a.on("auto_layout", ed.auto_layout)
        a.on("direction_down", lambda: ed.set_direction(Direction.DOWN))
        a.on("direction_right", lambda: ed.set_direction(Direction.RIGHT))
        a["full_screen"].toggled.connect(self._full_screen)
        a.on("shortcuts", lambda: menus.show_shortcuts(self))
        a.on("about", lambda: menus.show_about(self))
        for action in a.canvas_actions():
            self.view.addAction(action)
        for name in ("cut", "copy", "paste", "duplicate", "delete", "select_all"):
            self.outline.addAction(a[name])

        self.kind_picker.activated.connect(self._kind_picked)
        self.scene.selection_ids_changed.connect(self._on_selection)
        self.outline.selection_ids_changed.connect(self._on_outline_selection)
        self.view.zoom_changed.connect(self._update_zoom)
        self.view.context_menu_requested.connect(self._context_menu)
        self.find_bar.hit_chosen.connect(self._show_hit)
        self.find_bar.filter_changed.connect(self.scene.set_filter)
        self.find_bar.closed.connect(lambda: self.view.setFocus())
        doc.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        doc.path_changed.connect(self._update_title)
        doc.map_reset.connect(self._on_reset)
        doc.map_changed.connect(self._on_map_changed)
        doc.structure_changed.connect(self._counts_later)
        doc.node_changed.connect(self._on_node_changed)
        doc.analysis_changed.connect(self._update_thesis)
        files.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._update_counts)

    # -- state shown -----------------------------------------------------------------------

    def _commit_then(self, step: Callable[[], object]) -> None:
        """Finish an inline edit first, so Save and Open see the text being typed."""
        self._commit_edit()
        step()

    def _on_map_changed(self, _fields: list[str]) -> None:
        self._update_title()
        self._sync_direction()

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.files.display_name()}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.is_modified)
        self.action_set["revert"].setEnabled(self.document.path is not None)

    def _counts_later(self) -> None:
        self._counts_timer.start()

    def _update_counts(self) -> None:
        amap = self.document.map
        nodes, edges = len(amap.nodes), len(amap.edges)
        self.status_counts.setText(
            f"{nodes} node{'s' if nodes != 1 else ''} · {edges} link{'s' if edges != 1 else ''}"
        )
        self._update_thesis()

    def _update_thesis(self) -> None:
        text = thesis_status(self.document)
        self.status_thesis.setVisible(text is not None)
        self.status_thesis.setText(text or "")

    def _update_zoom(self, zoom: float) -> None:
        percent = zoom * 100
        # A very wide map fits below 1 %: keep two digits there rather than show "0%".
        self.status_zoom.setText(f"{percent:.0f}%" if percent >= 1 else f"{percent:.2g}%")

    def _on_selection(self, ids: list[str]) -> None:
        self.inspector.show_selection(ids, self.scene.selected_edge_ids())
        self.outline.select_ids(ids)
        self._update_selection_state(ids)

    def _on_outline_selection(self, ids: list[str]) -> None:
        self.scene.select_nodes(ids)
        if ids:
            self.view.center_on_node(ids[0])

    def _update_selection_state(self, ids: list[str]) -> None:
        n = len(ids)
        self.status_selection.setText(f"{n} selected" if n else "")
        for name in ("cut", "copy", "duplicate", "edit_text", "collapse", "zoom_selection"):
            self.action_set[name].setEnabled(bool(ids))
        self._sync_kind_picker(ids)

    def _sync_kind_picker(self, ids: list[str]) -> None:
        kinds = {self.document.node(n).kind for n in ids if self.document.has_node(n)}
        index = self.kind_picker.findData(next(iter(kinds)).value) if len(kinds) == 1 else 0
        self.kind_picker.setCurrentIndex(index)
        self.kind_picker.setEnabled(bool(ids))

    def _on_node_changed(self, node_id: str, fields: list[str]) -> None:
        if "kind" in fields:
            self._sync_kind_picker(self.scene.selected_node_ids())

    def _on_reset(self) -> None:
        self._update_title()
        self._update_counts()
        self._sync_direction()
        self.find_bar.fill_filters()
        QTimer.singleShot(0, self.view.show_overview)

    def _sync_direction(self) -> None:
        direction = self.document.map.view.direction
        self.action_set["direction_down"].setChecked(direction is Direction.DOWN)
        self.action_set["direction_right"].setChecked(direction is Direction.RIGHT)

    # -- slots -----------------------------------------------------------------------------

    def _commit_edit(self) -> None:
        """Finish a running inline edit before a file command (returns None, for ``or``)."""
        if self.view.is_editing():
            self.view.finish_inline_edit(commit=True)

    def _kind_picked(self, index: int) -> None:
        value = self.kind_picker.itemData(index)
        if value:
            self.editor.set_kind(NodeKind(value))
        self.view.setFocus()

    def _show_hit(self, node_id: str) -> None:
        self.scene.select_nodes([node_id])
        self.view.center_on_node(node_id)

    def _ask_source(self) -> tuple[str, str] | None:
        return self.prompts.source()

    def _context_menu(self, node_id: str | None, global_pos: QPoint) -> None:
        scene_pos = self.view.mapToScene(self.view.viewport().mapFromGlobal(global_pos))
        menu = menus.context_menu(self, node_id, QPointF(scene_pos))
        menu.exec(global_pos)

    def _full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def _quit(self) -> None:
        if self.close():
            QApplication.quit()

    # -- window life ----------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.window_blob("window_geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self._first_geometry()
        state = self.settings.window_blob("window_state")
        if state:
            self.restoreState(state)

    def _first_geometry(self) -> None:
        """The first time: most of the screen, centred (a small laptop screen included)."""
        screen = self.screen()
        if screen is None or QGuiApplication.platformName() == "offscreen":
            return  # no real screen to fit: keep the default size
        available = screen.availableGeometry()
        width = min(available.width(), max(1000, round(available.width() * 0.9)))
        height = min(available.height(), max(700, round(available.height() * 0.9)))
        self.resize(width, height)
        self.move(
            available.x() + (available.width() - width) // 2,
            available.y() + (available.height() - height) // 2,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._commit_edit()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.settings.set_window_blob("window_geometry", bytes(self.saveGeometry().data()))
        self.settings.set_window_blob("window_state", bytes(self.saveState().data()))
        self.files.close()
        QApplication.instance().removeEventFilter(self._shortcut_guard)  # type: ignore[union-attr]
        # The document dies with the window; its last signals must not reach half-deleted panels.
        self.document.undo_stack.blockSignals(True)
        self.document.blockSignals(True)
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self.files.check_disk)

    def offer_recovery(self) -> bool:
        """Offer autosaves left by a crash (run_app calls this once the window shows)."""
        return self.files.offer_recovery()


def thesis_status(doc: MapDocument) -> str | None:
    """'Thesis: holds' (or 'Theses: 2 of 3 hold') once the map is analysed; None before."""
    analysis = doc.analysis
    if analysis is None or not analysis.theses:
        return None
    results = list(analysis.theses.values())
    if len(results) == 1:
        return f"Thesis: {results[0].status.value}"
    holding = sum(1 for result in results if result.holds)
    return f"Theses: {holding} of {len(results)} hold"


class _InlineEditGuard(QObject):
    """While a node's text is edited inline, editing keys go to the editor, not to actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        names = ["undo", "redo", "select_all"]
        keys: set[str] = set()
        for action in [*window.action_set.canvas_actions(), *(window.action_set[n] for n in names)]:
            keys.update(s.toString() for s in action.shortcuts())
        keys.update(s.toString() for s in key_sequences(("Return", "Enter", "Tab")))
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        view = self.window.view
        if not view.is_editing() or not isinstance(watched, QWidget):
            return False
        if watched is not view and not view.isAncestorOf(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if QKeySequence(event.keyCombination()).toString() in self.keys:
            event.accept()
            return True
        return False
