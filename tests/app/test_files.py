"""Files: save, reopen, Save As, errors in a dialog, unsaved-change prompts, disk changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from argmap.app.files import with_suffix
from argmap.app.main_window import MainWindow
from argmap.app.prompts import Prompts
from argmap.editing import operations as ops
from argmap.storage import load_map, map_to_bytes
from tests.app.conftest import DEMO, FakePrompts, MakeWindow


def test_save_and_reopen(window: MainWindow, demo_copy: Path, make_window: MakeWindow) -> None:
    doc = window.document
    ops.edit_node(doc, "thesis", text="A changed thesis")
    assert window.isWindowModified()
    window.action_set["save"].trigger()
    assert not window.isWindowModified()
    assert load_map(demo_copy).node("thesis").text == "A changed thesis"
    again = make_window(demo_copy)
    assert map_to_bytes(again.document.map) == demo_copy.read_bytes()
    assert again.settings.recent_files()[0] == demo_copy.resolve()


def test_title_shows_name_and_modified_marker(window: MainWindow) -> None:
    assert window.windowTitle().startswith("peace[*]")
    assert not window.isWindowModified()
    ops.edit_node(window.document, "thesis", text="x")
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_save_as_adds_the_suffix(
    make_window: MakeWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window = make_window()
    ops.add_node(window.document, text="Alone")
    prompts.save_answer = str(tmp_path / "fresh")
    window.action_set["save"].trigger()  # untitled: Save asks for a name
    saved = tmp_path / "fresh.argmap.json"
    assert saved.is_file()
    assert window.document.path == saved
    assert window.windowTitle().startswith("fresh[*]")
    assert with_suffix("a.json") == Path("a.json")


def test_bundled_example_is_never_overwritten(
    make_window: MakeWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    before = DEMO.read_bytes()
    window = make_window(DEMO)
    ops.edit_node(window.document, "thesis", text="Mine now")
    prompts.save_answer = str(tmp_path / "mine.argmap.json")
    window.action_set["save"].trigger()
    assert "save_path" in prompts.kinds()
    assert DEMO.read_bytes() == before
    assert load_map(tmp_path / "mine.argmap.json").node("thesis").text == "Mine now"


def test_bad_file_shows_an_error_dialog(
    qtbot: QtBot, settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.argmap.json"
    bad.write_text('{"format": "argmap", "version": 1, "nodes": [{"id": "a"}]}')
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text, *a: shown.append(text))
    )
    window = MainWindow(bad, settings=settings)  # real prompts, patched dialog
    qtbot.addWidget(window)
    assert len(shown) == 1
    assert "nodes[0].kind" in shown[0] and "bad.argmap.json" in shown[0]
    assert window.document.map.nodes == []
    assert isinstance(window.prompts, Prompts)


def test_close_prompts_cancel_discard_save(
    window: MainWindow, prompts: FakePrompts, demo_copy: Path
) -> None:
    ops.edit_node(window.document, "thesis", text="Unsaved")
    prompts.save_choice = "cancel"
    assert not window.close()
    assert window.isVisible()
    prompts.save_choice = "save"
    assert window.close()
    assert load_map(demo_copy).node("thesis").text == "Unsaved"


def test_open_and_new_prompt_when_modified(
    window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    ops.edit_node(window.document, "thesis", text="Unsaved")
    prompts.save_choice = "cancel"
    window.action_set["new"].trigger()
    assert window.document.has_node("thesis")
    prompts.save_choice = "discard"
    prompts.open_answer = str(DEMO)
    window.action_set["open"].trigger()
    assert prompts.kinds().count("save_changes") == 2
    assert window.document.path == DEMO
    assert not window.isWindowModified()
    window.action_set["new"].trigger()
    assert window.document.map.nodes == [] and window.document.path is None


def test_file_changed_on_disk_asks_before_overwriting(
    window: MainWindow, prompts: FakePrompts, demo_copy: Path
) -> None:
    ops.edit_node(window.document, "thesis", text="Mine")
    demo_copy.write_text(demo_copy.read_text().replace("The US-Russia", "Theirs: the US-Russia"))
    stat = demo_copy.stat()
    os.utime(demo_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    theirs = demo_copy.read_bytes()
    prompts.overwrite = False
    window.action_set["save"].trigger()
    assert ("overwrite", demo_copy) in prompts.asked
    assert demo_copy.read_bytes() == theirs
    prompts.overwrite = True
    window.action_set["save"].trigger()
    assert load_map(demo_copy).node("thesis").text == "Mine"


def test_recent_files_prune_missing_and_keep_ten(settings: object, tmp_path: Path) -> None:
    from argmap.app.settings import Settings

    assert isinstance(settings, Settings)
    paths = []
    for i in range(12):
        path = tmp_path / f"m{i}.argmap.json"
        path.write_text("{}")
        settings.add_recent_file(path)
        paths.append(path)
    assert len(settings.recent_files()) == 10
    paths[-1].unlink()
    recent = settings.recent_files()
    assert recent[0] == paths[-2].resolve()
    assert len(recent) == 9
    assert Settings(settings.path).recent_files() == recent
