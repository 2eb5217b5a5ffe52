"""The tripwire tools in the real window: the Analysis dock, what-if mode, the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from argmap.analysis import analyze
from argmap.app.analysis_panel import NODE_IDS
from argmap.app.main_window import MainWindow
from argmap.editing import operations as ops
from argmap.model import Assessment


def _rows(window: MainWindow, section_prefix: str) -> list[list[str]]:
    tree = window.tripwires.panel.tree
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        if section.text(0).startswith(section_prefix):
            return [section.child(j).data(0, NODE_IDS) for j in range(section.childCount())]
    return []


def _click_node(window: MainWindow, qtbot: QtBot, node_id: str) -> None:
    window.view.center_on_node(node_id)
    item = window.scene.item_for(node_id)
    assert item is not None
    pos = window.view.mapFromScene(item.pos())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_panel_lists_the_engines_tripwires_in_rank_order(window: MainWindow) -> None:
    analysis = window.document.analysis
    assert analysis is not None
    tripwires = list(analysis.theses["thesis"].tripwires)
    assert [ids[0] for ids in _rows(window, "Tripwires")] == tripwires
    assert tripwires[0] == "territorial-deferral"
    pairs = [tuple(ids) for ids in _rows(window, "Fragile pairs")]
    assert pairs == list(analysis.theses["thesis"].fragile_pairs)
    assert "P(holds) = 0.138 (exact)" in window.tripwires.panel.summary.text()


def test_clicking_a_row_selects_and_centres_the_node(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.tripwires.panel.tree
    section = tree.topLevelItem(0)
    row = section.child(0)
    rect = tree.visualItemRect(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_node_ids() == ["territorial-deferral"]
    item = window.scene.item_for("territorial-deferral")
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().center())


def test_what_if_by_keyboard_and_mouse_never_edits(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    assert window.scene.highlights.what_if_active and window.tripwires.what_if.isChecked()
    _click_node(window, qtbot, "territorial-deferral")
    cascade = set(doc.analysis.cascade("territorial-deferral"))
    flagged = {
        i.node_id for i in window.scene.node_items() if i.highlight in ("cascade", "flipped")
    }
    assert flagged == cascade
    assert window.scene.item_for("thesis").status == "fails"
    assert "the thesis falls" in window.statusBar().currentMessage()
    assert not doc.is_modified and doc.undo_stack.count() == 0 and not window.isWindowModified()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.scene.highlights.what_if_active
    assert window.scene.item_for("thesis").status == "holds"


def test_what_if_saved_as_story_step_is_one_undoable_edit(window: MainWindow) -> None:
    doc = window.document
    steps = len(doc.map.story)
    window.tripwires.ask_name = lambda default: "Deferral read as recognition"
    window.tripwires.what_if.setChecked(True)
    window.scene.highlights.toggle_flip("territorial-deferral")
    assert window.tripwires.save_scenario.isEnabled()
    window.tripwires.save_scenario.trigger()
    assert len(doc.map.story) == steps + 1
    step = doc.map.story[-1]
    assert step.title == "Deferral read as recognition" and step.what_if == ["territorial-deferral"]
    doc.undo_stack.undo()
    assert len(doc.map.story) == steps


def test_status_bar_says_what_a_selected_node_brings_down(window: MainWindow) -> None:
    window.scene.select_nodes(["security-guarantee"])
    message = window.statusBar().currentMessage()
    assert message.startswith("Rejecting “Ukraine gets a credible")
    assert message.endswith("including the thesis.")


def test_editing_belief_and_assessment_updates_the_panel(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    before = doc.analysis.theses["thesis"].probability
    expected_map = doc.map.model_copy(deep=True)
    expected_map.node("aid-outweighs-cost").belief = 0.9
    expected = analyze(expected_map).theses["thesis"].probability
    assert expected is not None and before is not None and abs(expected - before) > 0.01
    ops.edit_node(doc, "aid-outweighs-cost", merge=True, belief=0.9)
    qtbot.waitUntil(lambda: f"P(holds) = {expected:.3f}" in window.tripwires.panel.summary.text())
    ops.edit_node(doc, "territorial-deferral", assessment=Assessment.HOLDS)
    assert "✘ fails" in window.tripwires.panel.summary.text()
    assert _rows(window, "Tripwires") == []
