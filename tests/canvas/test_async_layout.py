"""Large maps are laid out on a thread: the edit shows at once, the layout follows.

The threshold is lowered so the demo map takes that path; every result is
compared with a scene that lays the same edits out synchronously.
"""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from argmap.canvas import scene as scene_module
from argmap.canvas.scene import MapScene
from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.model import NodeKind
from argmap.resources_path import resource
from argmap.storage import load_map
from argmap.workers import WorkerProcess

DEMO = resource("examples", "peace-framework.argmap.json")


def _pair() -> tuple[MapScene, MapScene]:
    """(threaded, synchronous) scenes of two copies of the demo map."""
    sync = MapScene(MapDocument(load_map(DEMO), live_analysis=False))
    threaded = MapScene(MapDocument(load_map(DEMO), live_analysis=False))
    assert len(threaded.document.map.nodes) <= scene_module.ASYNC_LAYOUT_NODES
    threaded.async_layout_nodes = 0
    return threaded, sync


def _positions(scene: MapScene) -> dict[str, tuple[float, float]]:
    return {i.node_id: (i.pos().x(), i.pos().y()) for i in scene.node_items()}


def _both(threaded: MapScene, sync: MapScene, edit: object) -> None:
    for scene in (threaded, sync):
        edit(scene.document)  # type: ignore[operator]
        scene.flush()


def test_a_new_child_shows_at_once_and_lands_where_a_synchronous_layout_puts_it(
    qtbot: QtBot,
) -> None:
    threaded, sync = _pair()
    before = _positions(threaded)
    ids: list[str] = []
    _both(threaded, sync, lambda doc: ids.append(ops.add_child(doc, "thesis", text="new")))
    child = ids[0]
    assert ids[0] == ids[1]
    item = threaded.item_for(child)
    assert item is not None  # shown before the layout is back
    assert threaded.layout_pending
    parent = threaded.item_for("thesis")
    assert parent is not None and item.pos().y() > parent.pos().y()  # below its parent
    assert {k: v for k, v in _positions(threaded).items() if k != child} == before
    threaded.wait_for_layout(30)
    assert not threaded.layout_pending
    assert _positions(threaded) == _positions(sync)
    assert threaded.layout_result is not None and sync.layout_result is not None
    assert threaded.layout_result.routes == sync.layout_result.routes
    assert {e.edge_id for e in threaded.edge_items()} == {e.edge_id for e in sync.edge_items()}


def _script(scene: MapScene) -> list[str]:
    """Edits with a flush between some of them (a threaded layout starts at each)."""
    doc = scene.document
    first = ops.add_child(doc, "thesis", text="one")
    scene.flush()  # a layout starts on its thread...
    second = ops.add_child(doc, first, text="two")  # ...and the map changes under it
    scene.flush()
    ops.set_kind(doc, [first], NodeKind.EVIDENCE)
    ops.edit_node(doc, second, text="a much longer text that makes the box grow " * 3)
    scene.flush()
    pasted = ops.paste_fragment(doc, ops.copy_fragment(doc, [first]), target="thesis")
    scene.flush()
    assert all(scene.item_for(n) is not None for n in pasted)  # shown at once
    ops.delete(doc, [second])
    scene.flush()
    return pasted


def test_edits_during_a_running_layout_end_in_the_same_map(qtbot: QtBot) -> None:
    threaded, sync = _pair()
    assert _script(threaded) == _script(sync)
    threaded.wait_for_layout(30)
    t, s = _positions(threaded), _positions(sync)
    assert set(t) == set(s)
    # Each scene anchors on the layouts it showed, so the two may differ by a
    # shift of the whole map, nothing else.
    dx = t["thesis"][0] - s["thesis"][0]
    dy = t["thesis"][1] - s["thesis"][1]
    assert all(abs(t[k][0] - s[k][0] - dx) < 1e-6 and abs(t[k][1] - s[k][1] - dy) < 1e-6 for k in t)


def test_undo_after_a_threaded_layout_restores_the_items(qtbot: QtBot) -> None:
    threaded, _sync = _pair()
    before = _positions(threaded)
    doc = threaded.document
    ops.add_child(doc, "thesis", text="new")
    threaded.wait_for_layout(30)
    doc.undo_stack.undo()
    threaded.wait_for_layout(30)
    assert _positions(threaded) == before


def test_a_child_of_a_collapsed_node_stays_hidden(qtbot: QtBot) -> None:
    threaded, _sync = _pair()
    doc = threaded.document
    ops.set_collapsed(doc, ["thesis"], True)
    threaded.wait_for_layout(30)
    child = ops.add_child(doc, "thesis", text="hidden")
    threaded.flush()
    assert threaded.item_for(child) is None
    threaded.wait_for_layout(30)
    assert threaded.item_for(child) is None


def test_the_threaded_layout_comes_from_the_worker_process(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    threaded, sync = _pair()
    here: list[str] = []
    real = scene_module.layout

    def counted(*args: object, **kwargs: object) -> object:
        here.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scene_module, "layout", counted)
    for scene in (threaded, sync):
        ops.add_child(scene.document, "thesis", text="new")
        scene.flush()
    threaded.wait_for_layout(60)
    assert here == ["MainThread"]  # the synchronous scene's only
    assert _positions(threaded) == _positions(sync)


def test_without_a_worker_process_the_thread_lays_out_itself(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    threaded, sync = _pair()
    monkeypatch.setattr(scene_module, "shared_worker", lambda _m: WorkerProcess("no.such.module"))
    for scene in (threaded, sync):
        ops.add_child(scene.document, "thesis", text="new")
        scene.flush()
    threaded.wait_for_layout(60)
    assert _positions(threaded) == _positions(sync)
