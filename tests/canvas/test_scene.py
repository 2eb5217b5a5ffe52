from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from argmap.canvas.node_item import NodeItem
from argmap.canvas.scene import MapScene
from argmap.canvas.view import MapView
from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.editing.analysis_runner import ALWAYS_SYNC
from argmap.model import ArgumentMap, EdgeKind
from argmap.resources_path import resource
from argmap.storage import load_map, map_to_bytes

DEMO = resource("examples", "peace-framework.argmap.json")


@pytest.fixture
def view(qtbot: QtBot) -> MapView:
    doc = MapDocument(load_map(DEMO))
    scene = MapScene(doc)
    view = MapView(scene)
    view.resize(1200, 800)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def _boxes_overlap(scene: MapScene) -> list[tuple[str, str]]:
    items = scene.node_items()
    bad = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if a.scene_box().intersects(b.scene_box()):
                bad.append((a.node_id, b.node_id))
    return bad


def test_every_node_and_edge_has_an_item(view: MapView) -> None:
    scene = view.map_scene
    doc = scene.document
    assert {i.node_id for i in scene.node_items()} == {n.id for n in doc.map.nodes}
    assert {i.edge_id for i in scene.edge_items()} == {e.id for e in doc.map.edges}
    assert _boxes_overlap(scene) == []
    thesis = scene.item_for("thesis")
    assert thesis is not None
    assert all(thesis.pos().y() <= i.pos().y() for i in scene.node_items())


def test_scene_follows_undoable_edits(view: MapView) -> None:
    scene = view.map_scene
    doc = scene.document
    before = map_to_bytes(doc.map)
    child = ops.add_child(doc, "thesis", text="A new pillar")
    item = scene.item_for(child)
    assert item is not None and item.pos().y() > scene.item_for("thesis").pos().y()
    ops.delete(doc, ["kyiv-accepts"])
    assert scene.item_for("kyiv-accepts") is None
    assert _boxes_overlap(scene) == []
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == before
    assert scene.item_for(child) is None and scene.item_for("kyiv-accepts") is not None


def test_collapse_hides_and_restores_subtree(view: MapView) -> None:
    scene = view.map_scene
    doc = scene.document
    before = {i.node_id: i.pos() for i in scene.node_items()}
    ops.set_collapsed(doc, ["kyiv-accepts"], True)
    hidden = scene.layout_result.hidden
    assert hidden and all(scene.item_for(n) is None for n in hidden)
    assert scene.item_for("kyiv-accepts").hidden_count == len(hidden)
    where = {n: before[n] for n in hidden}
    doc.undo_stack.undo()
    assert {n: scene.item_for(n).pos() for n in where} == where


def test_drag_moves_node_in_one_undo_step(view: MapView, qtbot: QtBot) -> None:
    scene = view.map_scene
    doc = scene.document
    item = scene.item_for("framework-real")
    start = view.mapFromScene(item.pos())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    edges = [scene.edge_item_for(e.id) for e in doc.edges_of("framework-real")]
    assert edges and all(e is not None for e in edges)

    def touches(edge: object) -> bool:  # an end of the edge lies on the node's box
        box = item.scene_box().adjusted(-2, -2, 2, 2)
        ends = (edge.points[0], edge.points[-1])  # type: ignore[attr-defined]
        return any(box.contains(QPointF(x, y)) for x, y in ends)

    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + QPoint(step * 12, step * 4))
        assert item.pos() != view.mapToScene(start) or step == 0
        assert all(touches(e) for e in edges)  # the links follow while it moves
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(60, 20))
    assert doc.undo_stack.count() == 1
    position = doc.node("framework-real").position
    assert position is not None
    assert abs(position.x - item.pos().x()) < 1e-6
    assert scene.item_for("framework-real").zValue() > scene.item_for("thesis").zValue()
    doc.undo_stack.undo()
    assert doc.node("framework-real").position is None
    assert all(touches(e) for e in edges)  # back with the node


def test_connect_by_dragging_from_handle(view: MapView, qtbot: QtBot) -> None:
    from argmap.canvas import painting

    scene = view.map_scene
    doc = scene.document
    view.choose_edge_kind = lambda source, target, pos: EdgeKind.OPPOSES
    source = scene.item_for("nato-red-line")
    target = scene.item_for("security-guarantee")
    handle = painting.handle_rect(source.box(), scene.theme).center()
    start = view.mapFromScene(source.mapToScene(handle))
    end = view.mapFromScene(target.pos())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), (start + end) / 2)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    links = [(e.source, e.target, e.kind) for e in doc.map.edges if e.source == "nato-red-line"]
    assert ("nato-red-line", "security-guarantee", EdgeKind.OPPOSES) in links


def test_zoom_and_fit(view: MapView) -> None:
    view.zoom_reset()
    view.zoom_in()
    assert view.zoom() == pytest.approx(1.25)
    view.fit_map()
    rect = view.mapFromScene(view.map_scene.map_rect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)


def test_inline_edit_commits_and_cancels(view: MapView, qtbot: QtBot) -> None:
    doc = view.map_scene.document
    view.map_scene.select_nodes(["thesis"])
    view.setFocus()
    qtbot.keyClicks(view, "New")
    assert view.is_editing()
    qtbot.keyClick(view._editor, Qt.Key.Key_Return)
    assert doc.node("thesis").text == "New"
    view.start_inline_edit("thesis")
    qtbot.keyClicks(view._editor, "zzz")
    qtbot.keyClick(view._editor, Qt.Key.Key_Escape)
    assert doc.node("thesis").text == "New"
    assert doc.undo_stack.count() == 1


def test_navigate_moves_between_neighbours(view: MapView) -> None:
    scene = view.map_scene
    below = scene.navigate("thesis", "down")
    assert below is not None and scene.layout_result.tree_parent[below] == "thesis"
    assert scene.navigate(below, "up") == "thesis"
    right = scene.navigate(below, "right")
    assert right is not None and scene.item_for(right).pos().x() > scene.item_for(below).pos().x()
    assert scene.navigate(right, "left") == below
    assert scene.navigate("thesis", "up") is None


def test_theme_switch_keeps_items(view: MapView) -> None:
    scene = view.map_scene
    count = len(scene.node_items())
    scene.set_theme("projector")
    assert len(scene.node_items()) == count and _boxes_overlap(scene) == []


def test_export_mode_and_map_rect(qtbot: QtBot) -> None:
    scene = MapScene(MapDocument(ArgumentMap()))
    assert scene.map_rect().isEmpty()
    scene.set_export_mode(True)
    assert isinstance(scene.node_items(), list)
    assert not any(isinstance(i, NodeItem) for i in scene.items(QPointF(0, 0)))


def test_hover_tooltip_shows_the_full_text_and_notes(view: MapView) -> None:
    item = view.map_scene.item_for("territorial-deferral")
    text = view.tooltip_at(view.mapFromScene(item.pos()))
    node = view.map_scene.document.node("territorial-deferral")
    assert "Risk" in text and node.text in text and "Belief 55%" in text
    assert "tripwire" in text.lower()  # the start of the notes
    assert view.tooltip_at(QPoint(2, 2)) == ""


def test_keys_the_inline_editor_ignores_do_not_go_round(view: MapView, qtbot: QtBot) -> None:
    """Shift alone (typing a capital) is ignored by the editor and comes back up
    through the viewport; the view must not send it to the editor again."""
    from PySide6.QtWidgets import QApplication

    scene = view.map_scene
    scene.select_nodes(["kyiv-accepts"])
    view.start_inline_edit("kyiv-accepts", "")
    editor = QApplication.focusWidget()
    assert view.is_editing() and editor is not None
    qtbot.keyPress(editor, Qt.Key.Key_Shift)
    qtbot.keyClicks(editor, "Ab", Qt.KeyboardModifier.NoModifier)
    qtbot.keyRelease(editor, Qt.Key.Key_Shift)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert scene.document.node("kyiv-accepts").text == "Ab"


def _fan(claims: int, evidence: bool = False) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A thesis supported by ``claims`` claims side by side (each with evidence under
    it if asked): a wide, shallow map. Small enough to be analysed at once rather
    than on a thread that could outlive the test."""
    nodes = [{"id": "t", "kind": "thesis", "text": "The thesis"}]
    edges = []
    for i in range(claims):
        nodes.append({"id": f"c{i}", "kind": "claim", "text": f"Claim number {i}"})
        edges.append({"id": f"e{i}", "kind": "supports", "source": f"c{i}", "target": "t"})
        if evidence:
            nodes.append({"id": f"d{i}", "kind": "evidence", "text": f"Evidence {i}"})
            edges.append({"id": f"f{i}", "kind": "supports", "source": f"d{i}", "target": f"c{i}"})
    assert len(nodes) <= ALWAYS_SYNC
    return nodes, edges


def _shown_view(
    qtbot: QtBot, nodes: list[dict[str, str]], edges: list[dict[str, str]], width: int, height: int
) -> MapView:
    amap = ArgumentMap.model_validate({"title": "wide", "nodes": nodes, "edges": edges})
    view = MapView(MapScene(MapDocument(amap)))
    view.resize(width, height)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_fit_shows_a_map_wider_than_the_least_zoom(qtbot: QtBot) -> None:
    """A map too wide for MIN_ZOOM still fits whole; zooming out stops there."""
    from argmap.canvas.view import MIN_ZOOM

    view = _shown_view(qtbot, *_fan(99), 400, 300)
    rect = view.map_scene.map_rect()
    assert view.viewport().width() / rect.width() < MIN_ZOOM  # the case under test
    view.fit_map()
    assert view.zoom() < MIN_ZOOM
    shown = view.mapFromScene(rect).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(shown)
    fitted = view.zoom()
    view.zoom_out()
    assert view.zoom() == pytest.approx(fitted)
    view.zoom_in()
    assert view.zoom() > fitted


def test_a_large_map_opens_on_its_thesis(qtbot: QtBot) -> None:
    """Too wide to read whole, a map opens at a readable zoom with its thesis in view,
    even when a long link's arc rises far above the thesis."""
    nodes, edges = _fan(49, evidence=True)
    # Mutual attacks between far-apart nodes: long links, drawn as arcs.
    edges.append({"id": "x1", "kind": "opposes", "source": "d0", "target": "d48"})
    edges.append({"id": "x2", "kind": "opposes", "source": "d48", "target": "d0"})
    edges.append({"id": "x3", "kind": "opposes", "source": "c3", "target": "c45"})
    edges.append({"id": "x4", "kind": "opposes", "source": "c45", "target": "c3"})
    view = _shown_view(qtbot, nodes, edges, 500, 400)
    view.show_overview()
    assert view.zoom() == pytest.approx(0.6)
    thesis = view.map_scene.item_for("t")
    assert thesis is not None
    shown = view.mapFromScene(thesis.scene_box()).boundingRect()
    assert view.viewport().rect().contains(shown)
