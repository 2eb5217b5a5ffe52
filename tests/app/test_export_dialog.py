"""File > Export in the window: options, preview, the written file, errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from argmap.app.export_dialog import ExportDialog
from argmap.app.main_window import MainWindow


def test_export_action_is_in_the_file_menu(window: MainWindow) -> None:
    action = window.export_action
    assert action.shortcut().toString() == "Ctrl+E"
    file_menu = next(m for m in window.menuBar().actions() if m.text() == "&File").menu()
    assert action in file_menu.actions()


def test_preview_and_png_export(window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog(window)
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    out = tmp_path / "map.png"
    assert dialog.export_to(out)
    image = QImage(str(out))
    assert image.width() > 1000 and image.height() > 300
    dialog.reject()


def test_svg_of_the_selection_only(window: MainWindow, tmp_path: Path) -> None:
    window.scene.select_nodes(["kyiv-accepts", "thesis"])
    dialog = ExportDialog(window)
    assert dialog.selected.isEnabled()
    dialog.selected.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("svg"))
    assert dialog.path.text().endswith(".svg")
    out = tmp_path / "two.svg"
    assert dialog.export_to(out)
    svg = out.read_text(encoding="utf-8")
    assert "Kyiv accepts" in svg and "Moscow commits" not in svg
    dialog.reject()


def test_export_error_is_shown_not_raised(
    window: MainWindow, prompts: object, tmp_path: Path
) -> None:
    dialog = ExportDialog(window)
    assert not dialog.export_to(tmp_path / "missing-folder" / "x.png")
    assert prompts.kinds()[-1] == "error"  # type: ignore[attr-defined]
    assert not (tmp_path / "missing-folder").exists()
    dialog.reject()
