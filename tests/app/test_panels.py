"""Panels: inspector edits, outline sync both ways, find bar and filter, clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from argmap.app.editor import fragment_from_text
from argmap.app.main_window import MainWindow
from argmap.editing import operations as ops
from argmap.model import ArgumentMap, Assessment, NodeKind
from argmap.resources_path import resource
from argmap.storage import save_map
from tests.app.conftest import FakePrompts, MakeWindow


def test_inspector_edits_every_field_as_undo_steps(
    window: MainWindow, qtbot: QtBot, prompts: FakePrompts
) -> None:
    doc, panel = window.document, window.inspector
    window.scene.select_nodes(["kyiv-accepts"])
    assert panel.text.toPlainText() == doc.node("kyiv-accepts").text
    start = doc.undo_stack.index()

    panel.text.setFocus()
    panel.text.selectAll()
    qtbot.keyClicks(panel.text, "Kyiv signs")
    assert doc.node("kyiv-accepts").text == "Kyiv signs"
    assert doc.undo_stack.index() == start + 1  # typing merges into one step

    panel.kind.setCurrentIndex(panel.kind.findData("claim"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    assert doc.node("kyiv-accepts").kind is NodeKind.CLAIM
    panel.assessment.setCurrentIndex(2)
    panel.assessment.activated.emit(2)
    assert doc.node("kyiv-accepts").assessment is Assessment.FAILS

    panel.belief.setValue(0.35)
    assert doc.node("kyiv-accepts").belief == 0.35
    panel.clear_belief.click()
    assert doc.node("kyiv-accepts").belief is None
    assert panel.belief.text() == "No belief"

    panel.tags.setText("alpha, beta, alpha")
    panel.tags.editingFinished.emit()
    assert doc.node("kyiv-accepts").tags == ["alpha", "beta"]

    prompts.source_answer = ("Report", "https://example.org/report")
    panel.add_source_button.click()
    assert [(s.title, s.url) for s in doc.node("kyiv-accepts").sources][-1] == (
        "Report",
        "https://example.org/report",
    )
    count = len(doc.node("kyiv-accepts").sources)
    link = panel.findChild(QLabel, f"source_{count - 1}")
    assert link is not None and 'href="https://example.org/report"' in link.text()
    panel.remove_source(count - 1)
    assert len(doc.node("kyiv-accepts").sources) == count - 1

    assert panel.tags.text() == "alpha, beta"
    doc.undo_stack.undo()  # the panel follows undo
    assert len(doc.node("kyiv-accepts").sources) == count
    assert panel.findChild(QLabel, f"source_{count - 1}") is not None


def test_outline_follows_the_drawn_tree_and_syncs_selection(
    window: MainWindow, qtbot: QtBot
) -> None:
    outline, doc = window.outline, window.document
    assert outline.children_ids(None)[0] == "thesis"
    assert "kyiv-accepts" in outline.children_ids("thesis")

    window.scene.select_nodes(["kyiv-accepts"])
    assert outline.selected_ids() == ["kyiv-accepts"]

    outline.selectionModel().select(
        outline.index_of("leaders-endorse"),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.scene.selected_node_ids() == ["leaders-endorse"]

    new = ops.add_child(doc, "leaders-endorse", text="Fresh child")
    assert outline.parent_id(new) == "leaders-endorse"  # at once, no rebuild
    ops.edit_node(doc, new, text="Renamed")
    assert outline.index_of(new).data() == "Renamed"
    outline.items[new].setText("Typed in the outline")
    assert doc.node(new).text == "Typed in the outline"

    ops.delete(doc, ["leaders-endorse"])
    qtbot.waitUntil(lambda: not outline._dirty, timeout=3000)
    assert outline.parent_id(new) is None
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: outline.parent_id(new) == "leaders-endorse", timeout=3000)


def test_find_bar_steps_through_hits_and_filters(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "kyiv")
    expected = [
        n.id for n in doc.map.nodes if "kyiv" in (n.text + n.notes + " ".join(n.tags)).casefold()
    ]
    assert bar.hits == expected and len(expected) > 1
    assert bar.count.text() == f"1 of {len(expected)}"
    assert window.scene.selected_node_ids() == [expected[0]]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.scene.selected_node_ids() == [expected[1]]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.scene.selected_node_ids() == [expected[0]]

    bar.filter.setCurrentIndex(bar.filter.findData("kind:risk"))
    bar.apply_filter()
    for node in doc.map.nodes:
        item = window.scene.item_for(node.id)
        if item is not None:
            assert item.dimmed == (node.kind is not NodeKind.RISK)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert not any(i.dimmed for i in window.scene.node_items())


def test_copy_paste_cut_duplicate_through_the_clipboard(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    window.scene.select_nodes(["kyiv-accepts"])
    window.view.setFocus()
    subtree = doc.subtree(["kyiv-accepts"])
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat(ops.CLIPBOARD_MIME)
    assert mime.text().splitlines()[0] == doc.node("kyiv-accepts").text
    count = len(doc.map.nodes)
    window.scene.select_nodes(["leaders-endorse"])
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.map.nodes) == count + len(subtree)
    [root] = window.scene.selected_node_ids()
    assert doc.targets_of(root)[0].target == "leaders-endorse"

    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.map.nodes) == count + 2 * len(subtree)
    qtbot.keyClick(window.view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.map.nodes) == count + len(subtree)

    QApplication.clipboard().setText("Plain idea\n  its reason\n  another reason\n")
    window.scene.select_nodes(["thesis"])
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    [pasted] = window.scene.selected_node_ids()
    assert doc.node(pasted).text == "Plain idea"
    assert [doc.node(e.source).text for e in doc.sources_of(pasted)] == [
        "its reason",
        "another reason",
    ]
    assert '"roots": ["p1"]' in fragment_from_text("a\n b")


def test_outline_kept_in_step_matches_a_rebuild(window: MainWindow, qtbot: QtBot) -> None:
    """New nodes join the outline at once under their parent (pastes and new
    isolated nodes included), and the tree is the one a full rebuild makes."""
    outline, doc = window.outline, window.document

    def shape() -> dict[str, str | None]:
        return {n.id: outline.parent_id(n.id) for n in doc.map.nodes}

    child = ops.add_child(doc, "kyiv-accepts", text="child")
    ops.add_sibling(doc, child, text="sibling")
    pasted = ops.paste_fragment(
        doc, ops.copy_fragment(doc, ["leaders-endorse"]), target="kyiv-accepts"
    )
    ops.duplicate(doc, [child])
    loose = ops.add_node(doc, text="loose")
    assert outline.parent_id(pasted[0]) == "kyiv-accepts"
    assert outline.parent_id(loose) is None and outline.index_of(loose).isValid()
    qtbot.waitUntil(lambda: not outline._rebuild_timer.isActive(), timeout=3000)
    kept = shape()
    outline.rebuild()
    assert shape() == kept
    doc.undo_stack.undo()  # the loose node goes
    assert not outline.index_of(loose).isValid()


def test_outline_scrolls_sideways_to_deep_rows(make_window: MakeWindow, tmp_path: Path) -> None:
    """The demo map's rows fit the dock; a deep chain's column widens and scrolls."""
    shallow = make_window(resource("examples", "peace-framework.argmap.json")).outline
    shallow.build_if_dirty()
    assert shallow.columnWidth(0) == shallow.viewport().width()

    nodes = [{"id": "n0", "kind": "thesis", "text": "Thesis"}]
    edges = []
    for i in range(1, 60):
        nodes.append({"id": f"n{i}", "kind": "claim", "text": f"A claim at depth {i}"})
        edges.append({"id": f"e{i}", "kind": "supports", "source": f"n{i}", "target": f"n{i - 1}"})
    path = tmp_path / "deep.argmap.json"
    save_map(ArgumentMap.model_validate({"nodes": nodes, "edges": edges}), path)
    outline = make_window(path).outline
    outline.build_if_dirty()
    assert outline.parent_id("n59") == "n58"
    assert outline.columnWidth(0) >= 60 * outline.indentation()
    assert outline.columnWidth(0) > outline.viewport().width()  # so it scrolls
    new = ops.add_child(outline.doc, "n59", text="Deeper still")
    assert outline.parent_id(new) == "n59"
    assert outline.columnWidth(0) >= 61 * outline.indentation()  # widened at once
