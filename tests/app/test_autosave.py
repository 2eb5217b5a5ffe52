"""Autosave: unsaved changes reach the state folder; a crashed session's changes come back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from argmap.app import autosave
from argmap.app.main_window import MainWindow
from argmap.editing import operations as ops
from argmap.storage import map_to_bytes
from tests.app.conftest import FakePrompts, MakeWindow


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_autosave_writes_then_clean_save_removes(window: MainWindow) -> None:
    saver = window.files.autosaver
    assert saver.timer.interval() == 30_000 and saver.timer.isActive()
    assert not saver.autosave()  # nothing unsaved
    ops.edit_node(window.document, "thesis", text="Unsaved")
    assert saver.autosave()
    assert saver.map_path.read_bytes() == map_to_bytes(window.document.map)
    record = json.loads(saver.record_path.read_text())
    assert record["original"] == str(window.document.path)
    window.action_set["save"].trigger()
    assert not saver.map_path.exists() and not saver.record_path.exists()


def test_recover_after_a_crash(
    make_window: MakeWindow, demo_copy: Path, prompts: FakePrompts
) -> None:
    crashed = make_window(demo_copy)
    ops.edit_node(crashed.document, "thesis", text="Typed before the crash")
    ops.add_child(crashed.document, "thesis", text="A new pillar")
    saver = crashed.files.autosaver
    assert saver.autosave()
    lost = map_to_bytes(crashed.document.map)
    # The process "dies": its record now names a process that no longer runs.
    record = json.loads(saver.record_path.read_text())
    record["pid"] = dead_pid()
    saver.record_path.write_text(json.dumps(record))
    saver.timer.stop()
    saver.discard = lambda: None  # type: ignore[method-assign]  # a crash cleans nothing up

    assert [r.map_path for r in autosave.leftover_autosaves()] == [saver.map_path]
    fresh = make_window(demo_copy)
    prompts.recover = True
    assert fresh.offer_recovery()
    assert map_to_bytes(fresh.document.map) == lost
    assert fresh.document.path == demo_copy
    assert fresh.isWindowModified()
    assert autosave.leftover_autosaves() == []
    assert not Path(saver.map_path).exists()


def test_declined_recovery_deletes_the_autosave(
    make_window: MakeWindow, demo_copy: Path, prompts: FakePrompts
) -> None:
    crashed = make_window(demo_copy)
    ops.edit_node(crashed.document, "thesis", text="Gone")
    saver = crashed.files.autosaver
    saver.autosave()
    record = json.loads(saver.record_path.read_text())
    record["pid"] = dead_pid()
    saver.record_path.write_text(json.dumps(record))
    prompts.recover = False
    fresh = make_window(demo_copy)
    assert not fresh.offer_recovery()
    assert ("recover", autosave.leftover_autosaves() or None) != ()
    assert autosave.leftover_autosaves() == []
    assert fresh.document.node("thesis").text != "Gone"


def test_large_maps_autosave_on_a_thread_and_discard_waits_for_it(
    window: MainWindow, monkeypatch: object
) -> None:
    import threading

    from argmap.storage import load_map

    saver = window.files.autosaver
    monkeypatch.setattr(autosave, "BACKGROUND_NODES", 5)  # type: ignore[attr-defined]
    ops.edit_node(window.document, "thesis", text="Typed")
    assert saver.autosave()  # started on a thread
    ops.add_child(window.document, "thesis", text="added while it writes")
    for thread in threading.enumerate():
        if thread.name == "argmap-autosave":
            thread.join(30)
    saved = load_map(saver.map_path)  # a whole, valid map
    assert saved.node("thesis").text == "Typed"
    assert len(saved.nodes) in (len(window.document.map.nodes) - 1, len(window.document.map.nodes))
    saver.discard()
    assert not saver.map_path.exists()
