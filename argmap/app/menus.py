"""Menus, toolbar, context menu and the small help dialogs of the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
)

import argmap
from argmap.app.icons import icon, kind_icon
from argmap.canvas.theme import THEME_NAMES
from argmap.model import EdgeKind

if TYPE_CHECKING:
    from argmap.app.main_window import MainWindow


def build_menus(w: MainWindow) -> None:
    a = w.action_set
    bar = w.menuBar()

    file = bar.addMenu("&File")
    file.addActions([a["new"], a["open"]])
    w.recent_menu = file.addMenu(icon("recent"), "Open &Recent")
    w.recent_menu.setObjectName("recent_menu")
    w.recent_menu.aboutToShow.connect(lambda: fill_recent(w))
    file.addSeparator()
    file.addActions([a["save"], a["save_as"], a["revert"]])
    file.addSeparator()
    file.addActions([a["close"], a["quit"]])

    edit = bar.addMenu("&Edit")
    edit.addActions([a["undo"], a["redo"]])
    edit.addSeparator()
    edit.addActions([a["cut"], a["copy"], a["paste"], a["duplicate"], a["delete"]])
    edit.addSeparator()
    edit.addActions([a["select_all"], a["edit_text"]])
    edit.addSeparator()
    edit.addActions([a["find"], a["find_next"], a["find_previous"]])
    edit.addSeparator()
    edit.addAction(w.docks["history"].toggleViewAction())

    node = bar.addMenu("&Node")
    node.addActions([a["add_child"], a["add_sibling"], a["add_node"]])
    node.addSeparator()
    kinds = node.addMenu(icon("kind-claim"), "&Kind")
    kinds.addActions(a.kind_actions())
    assess = node.addMenu("&Assessment")
    assess.addActions([a["assess_holds"], a["assess_fails"], a["assess_clear"]])
    node.addAction(a["collapse"])
    node.addSeparator()
    go = node.addMenu(icon("navigate"), "&Go To")
    go.addActions([a["go_up"], a["go_down"], a["go_left"], a["go_right"]])

    view = bar.addMenu("&View")
    view.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"], a["zoom_fit"]])
    view.addAction(a["zoom_selection"])
    view.addSeparator()
    view.addActions([a["auto_layout"], a["direction_down"], a["direction_right"]])
    themes = view.addMenu(icon("theme"), "&Theme")
    group = QActionGroup(themes)
    for name in THEME_NAMES:
        action = themes.addAction(name.capitalize())
        action.setCheckable(True)
        action.setChecked(name == w.scene.theme.name)
        action.triggered.connect(lambda _c=False, n=name: set_theme(w, n))
        group.addAction(action)
    view.addSeparator()
    w.panels_menu = view.addMenu("&Panels")
    for dock in w.docks.values():
        w.panels_menu.addAction(dock.toggleViewAction())
    view.addAction(a["full_screen"])

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a["shortcuts"], a["about"]])


def build_toolbar(w: MainWindow) -> None:
    a = w.action_set
    bar = QToolBar("Main toolbar", w)
    bar.setObjectName("main_toolbar")
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    for group in (
        ("new", "open", "save"),
        ("undo", "redo"),
        ("add_child", "add_sibling", "delete"),
    ):
        bar.addActions([a[name] for name in group])
        bar.addSeparator()
    bar.addWidget(w.kind_picker)
    bar.addAction(a["collapse"])
    bar.addSeparator()
    bar.addActions([a[n] for n in ("zoom_out", "zoom_in", "zoom_fit", "zoom_selection")])
    bar.addSeparator()
    bar.addActions([a["auto_layout"], a["direction_down"], a["direction_right"]])
    bar.addSeparator()
    bar.addAction(a["find"])
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    w.toolbar = bar
    w.panels_menu.addAction(bar.toggleViewAction())


def fill_recent(w: MainWindow) -> None:
    menu = w.recent_menu
    menu.clear()
    recent = w.settings.recent_files()
    for number, path in enumerate(recent, start=1):
        action = menu.addAction(f"&{number % 10} {path.name}")
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _c=False, p=path: open_recent(w, p))
    if not recent:
        empty = menu.addAction("No recent maps")
        empty.setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction(icon("clear"), "&Clear List")
    clear.setEnabled(bool(recent))
    clear.triggered.connect(w.settings.clear_recent_files)


def open_recent(w: MainWindow, path: Path) -> None:
    w.files.open(path)


def set_theme(w: MainWindow, name: str) -> None:
    w.scene.set_theme(name)
    w.settings.theme = name


def context_menu(w: MainWindow, node_id: str | None, scene_pos: QPointF) -> QMenu:
    """The right-click menu for a node (with the selection) or for empty canvas."""
    a = w.action_set
    menu = QMenu(w)
    menu.setObjectName("context_menu")
    if node_id is None:
        add = menu.addAction(icon("add-node"), "Add Node Here")
        add.triggered.connect(lambda: w.editor.add_free_node(scene_pos))
        menu.addAction(a["paste"])
        menu.addSeparator()
        menu.addActions([a["select_all"], a["zoom_fit"], a["auto_layout"]])
        return menu
    menu.addActions([a["edit_text"], a["add_child"], a["add_sibling"]])
    menu.addSeparator()
    kinds = menu.addMenu(kind_icon(w.document.node(node_id).kind), "Kind")
    kinds.addActions(a.kind_actions())
    assess = menu.addMenu("Assessment")
    assess.addActions([a["assess_holds"], a["assess_fails"], a["assess_clear"]])
    links = w.document.targets_of(node_id)
    if links:
        link_menu = menu.addMenu(icon("connect"), "Link To Parent")
        first = links[0]
        for kind in EdgeKind:
            action = link_menu.addAction(kind.value.capitalize())
            action.setCheckable(True)
            action.setChecked(first.kind is kind)
            action.triggered.connect(
                lambda _c=False, k=kind, e=first.id: w.editor.set_edge_kind(e, k)
            )
    menu.addAction(a["collapse"])
    menu.addSeparator()
    menu.addActions([a["cut"], a["copy"], a["paste"], a["duplicate"]])
    menu.addSeparator()
    menu.addAction(a["delete"])
    return menu


def show_shortcuts(w: MainWindow) -> None:
    rows = w.action_set.shortcut_table()
    dialog = QDialog(w)
    dialog.setWindowTitle("Keyboard shortcuts")
    layout = QVBoxLayout(dialog)
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels(["Command", "Keys"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, (name, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnToContents(1)
    layout.addWidget(table)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(520, 600)
    dialog.exec()


def show_about(w: MainWindow) -> None:
    QMessageBox.about(
        w,
        "About Argmap",
        f"<h3>Argmap {argmap.__version__}</h3>"
        "<p>Build maps of arguments, see which premises are tripwires, "
        "present and export them.</p>",
    )
