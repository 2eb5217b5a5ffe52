"""Fixtures for driving the real main window: isolated settings and scripted prompts."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from argmap.app.autosave import AutosaveRecord
from argmap.app.main_window import MainWindow
from argmap.app.settings import Settings
from argmap.resources_path import resource

DEMO = resource("examples", "peace-framework.argmap.json")


class FakePrompts:
    """Answers every question at once and remembers what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Any]] = []
        self.save_choice = "cancel"
        self.recover = True
        self.overwrite = False
        self.reload = False
        self.revert = True
        self.open_answer: str | None = None
        self.save_answer: str | None = None
        self.source_answer: tuple[str, str] | None = None

    def ask_save_changes(self, name: str) -> str:
        self.asked.append(("save_changes", name))
        return self.save_choice

    def ask_recover(self, record: AutosaveRecord) -> bool:
        self.asked.append(("recover", record))
        return self.recover

    def ask_overwrite_changed(self, path: Path) -> bool:
        self.asked.append(("overwrite", path))
        return self.overwrite

    def ask_reload_changed(self, path: Path) -> bool:
        self.asked.append(("reload", path))
        return self.reload

    def ask_revert(self, name: str) -> bool:
        self.asked.append(("revert", name))
        return self.revert

    def error(self, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def open_path(self, folder: str) -> str | None:
        self.asked.append(("open_path", folder))
        return self.open_answer

    def save_path(self, suggested: str) -> str | None:
        self.asked.append(("save_path", suggested))
        return self.save_answer

    def source(self) -> tuple[str, str] | None:
        self.asked.append(("source", None))
        return self.source_answer

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "config" / "settings.json")


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    path = tmp_path / "maps" / "peace.argmap.json"
    path.parent.mkdir()
    shutil.copy(DEMO, path)
    return path


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, settings: Settings, prompts: FakePrompts) -> Iterator[MakeWindow]:
    windows: list[MainWindow] = []

    def make(path: Path | str | None = None, **kwargs: Any) -> MainWindow:
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("prompts", prompts)
        window = MainWindow(path, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.view.setFocus()
        qtbot.wait(1)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.document.undo_stack.setClean()
        window.close()


@pytest.fixture
def window(make_window: MakeWindow, demo_copy: Path) -> MainWindow:
    return make_window(demo_copy)
