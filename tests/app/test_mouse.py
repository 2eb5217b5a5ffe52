"""Mouse gestures through the window: connect by dragging a handle, context menus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from argmap.app import menus
from argmap.app.main_window import MainWindow
from argmap.canvas import painting
from argmap.model import EdgeKind


def viewport_point(window: MainWindow, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def test_connect_two_nodes_by_dragging_the_handle(window: MainWindow, qtbot: QtBot) -> None:
    doc, scene, view = window.document, window.scene, window.view
    view.zoom_reset()
    source_id, target_id = "kyiv-accepts", "leaders-endorse"
    assert not any(e.target == target_id for e in doc.targets_of(source_id))
    source = scene.item_for(source_id)
    target = scene.item_for(target_id)
    assert source is not None and target is not None
    handle = source.mapToScene(painting.handle_rect(source.box(), scene.theme).center())
    view.centerOn((handle + target.sceneBoundingRect().center()) / 2)
    asked: list[tuple[str, str]] = []

    def choose(src: str, dst: str, _pos: QPoint) -> EdgeKind:
        asked.append((src, dst))
        return EdgeKind.OPPOSES

    view.choose_edge_kind = choose
    start = viewport_point(window, handle)
    end = viewport_point(window, target.sceneBoundingRect().center())
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert asked == [(source_id, target_id)]
    [link] = [e for e in doc.targets_of(source_id) if e.target == target_id]
    assert link.kind is EdgeKind.OPPOSES
    assert window.isWindowModified()
    doc.undo_stack.undo()
    assert not any(e.target == target_id for e in doc.targets_of(source_id))


def test_context_menus_offer_node_and_canvas_commands(window: MainWindow) -> None:
    node_menu = menus.context_menu(window, "kyiv-accepts", QPointF(0, 0))
    texts = [a.text().replace("&", "") for a in node_menu.actions()]
    assert "Add Child" in texts and "Delete" in texts and "Kind" in texts
    canvas_menu = menus.context_menu(window, None, QPointF(10, 20))
    add = canvas_menu.actions()[0]
    assert add.text() == "Add Node Here"
    before = len(window.document.map.nodes)
    add.trigger()
    assert len(window.document.map.nodes) == before + 1
    new = window.document.map.nodes[-1]
    assert new.position is not None and (new.position.x, new.position.y) == (10, 20)
    window.view.finish_inline_edit(commit=False)


def test_link_kind_from_the_context_menu(window: MainWindow) -> None:
    menu = menus.context_menu(window, "kyiv-accepts", QPointF(0, 0))
    link_menu = next(a.menu() for a in menu.actions() if a.text() == "Link To Parent")
    opposes = next(a for a in link_menu.actions() if a.text() == "Opposes")
    opposes.trigger()
    assert window.document.targets_of("kyiv-accepts")[0].kind is EdgeKind.OPPOSES
