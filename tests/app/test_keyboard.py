"""Building a map by keyboard alone, and undoing it back to the very bytes that were opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from argmap.app.main_window import MainWindow
from argmap.model import EdgeKind, NodeKind
from argmap.storage import map_to_bytes
from tests.app.conftest import MakeWindow


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press where the user's focus is (the canvas, or the inline editor)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def parent_of(window: MainWindow, node_id: str) -> str:
    return window.document.targets_of(node_id)[0].target


def test_three_levels_by_keyboard_then_undo_all_restores_the_file(
    window: MainWindow, demo_copy: Path, qtbot: QtBot
) -> None:
    doc = window.document
    original = demo_copy.read_bytes()
    assert map_to_bytes(doc.map) == original
    window.scene.select_nodes(["thesis"])
    window.view.setFocus()

    press(qtbot, Qt.Key.Key_Tab)  # level 1 under the thesis, editing at once
    assert window.view.is_editing()
    type_text(qtbot, "Level one")
    press(qtbot, Qt.Key.Key_Return)  # commit
    assert not window.view.is_editing()
    [one] = window.scene.selected_node_ids()
    assert doc.node(one).text == "Level one"
    assert parent_of(window, one) == "thesis"

    press(qtbot, Qt.Key.Key_Tab)  # level 2 under "Level one"
    type_text(qtbot, "Level two a")
    press(qtbot, Qt.Key.Key_Return)
    [two_a] = window.scene.selected_node_ids()
    press(qtbot, Qt.Key.Key_Return)  # a sibling of "Level two a"
    type_text(qtbot, "Level two b")
    press(qtbot, Qt.Key.Key_Return)
    [two_b] = window.scene.selected_node_ids()
    press(qtbot, Qt.Key.Key_Tab)  # level 3
    type_text(qtbot, "Level three")
    press(qtbot, Qt.Key.Key_Return)
    [three] = window.scene.selected_node_ids()

    assert [doc.node(n).text for n in (two_a, two_b, three)] == [
        "Level two a",
        "Level two b",
        "Level three",
    ]
    assert parent_of(window, two_a) == one
    assert parent_of(window, two_b) == one
    assert parent_of(window, three) == two_b
    assert doc.node(one).kind is NodeKind.PILLAR  # a thesis's child is a pillar
    assert doc.targets_of(one)[0].kind is EdgeKind.REQUIRES
    assert window.isWindowModified()

    while doc.undo_stack.canUndo():
        press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert map_to_bytes(doc.map) == original
    assert not window.isWindowModified()

    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo the first step
    assert doc.has_node(one)


def test_empty_map_starts_with_a_thesis_from_tab(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Main point")
    press(qtbot, Qt.Key.Key_Return)
    [node] = window.document.map.nodes
    assert node.kind is NodeKind.THESIS
    assert node.text == "Main point"


def test_editing_keys_do_not_fire_while_typing_in_the_inspector(
    window: MainWindow, qtbot: QtBot
) -> None:
    doc = window.document
    window.scene.select_nodes(["thesis"])
    count = len(doc.map.nodes)
    field = window.inspector.tags
    field.setFocus()
    qtbot.keyClicks(field, "a1")
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Delete, Qt.Key.Key_2):
        field.setFocus()
        qtbot.keyClick(field, key)
    assert len(doc.map.nodes) == count
    assert doc.node("thesis").kind is NodeKind.THESIS


def test_number_keys_delete_collapse_and_navigation(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    window.scene.select_nodes(["thesis"])
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    [below] = window.scene.selected_node_ids()
    assert below != "thesis"
    press(qtbot, Qt.Key.Key_5)
    assert doc.node(below).kind is NodeKind.EVIDENCE
    press(qtbot, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    assert doc.node(below).collapsed
    press(qtbot, Qt.Key.Key_Delete)
    assert not doc.has_node(below)
    assert window.scene.selected_node_ids() == ["thesis"]  # the parent, for the next key
