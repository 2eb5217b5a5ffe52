"""``run_app``: start Qt, open the right map, offer crash recovery, run the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from argmap.app.main_window import MainWindow
from argmap.app.settings import Settings
from argmap.resources_path import resource

DEMO_MAP = ("examples", "peace-framework.argmap.json")


def demo_map() -> Path:
    return resource(*DEMO_MAP)


def start_path(path: str | None, settings: Settings) -> Path | None:
    """The map to open: the one asked for, else the last one, else (first run) the demo."""
    if path:
        return Path(path)
    last = settings.last_map()
    if last is not None:
        return last
    if settings.get("last_map") is None:
        demo = demo_map()
        return demo if demo.is_file() else None
    return None


def run_app(path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Argmap")
    app.setOrganizationName("Argmap")
    app.setApplicationDisplayName("Argmap")
    app.setDesktopFileName("argmap")  # matches packaging/argmap.desktop
    app.setWindowIcon(QIcon(str(resource("icons", "argmap.svg"))))
    settings = Settings()
    window = MainWindow(start_path(path, settings), settings=settings)
    window.show()
    if path is None:
        QTimer.singleShot(0, window.offer_recovery)
    return app.exec()
