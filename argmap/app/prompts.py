"""Every question the window asks the user, in one replaceable object.

The window never calls a dialog directly: it asks ``window.prompts``. Tests swap
in an object with the same methods that answers at once, so no test ever waits
on a modal dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from argmap.app.autosave import AutosaveRecord

SaveChoice = Literal["save", "discard", "cancel"]
FILE_FILTER = "Argmap maps (*.argmap.json *.json);;All files (*)"


class Prompts:
    """Modal dialogs over ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_save_changes(self, name: str) -> SaveChoice:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{name}” before closing?")
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def ask_recover(self, record: AutosaveRecord) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Recover unsaved changes?",
            "Argmap did not close properly last time. It kept unsaved changes to "
            f"{record.describe()}.\n\nRecover them? If you don't, they are deleted.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_overwrite_changed(self, path: Path) -> bool:
        answer = QMessageBox.warning(
            self.parent,
            "File changed on disk",
            f"“{path.name}” was changed by another program since you opened it.\n\n"
            "Overwrite it with your version?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def ask_reload_changed(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "File changed on disk",
            f"“{path.name}” was changed by another program. Reload it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_revert(self, name: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Revert",
            f"Throw away every unsaved change to “{name}”?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def open_path(self, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open map", folder, FILE_FILTER)
        return path or None

    def save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save map as", suggested, FILE_FILTER)
        return path or None

    def source(self) -> tuple[str, str] | None:
        """A new source for a node: (title, url), or None when cancelled."""
        dialog = QDialog(self.parent)
        dialog.setWindowTitle("Add source")
        form = QFormLayout(dialog)
        title = QLineEdit(dialog)
        url = QLineEdit(dialog)
        url.setPlaceholderText("https://…")
        form.addRow("&Title", title)
        form.addRow("&Link", url)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if not title.text().strip() and not url.text().strip():
            return None
        return title.text().strip(), url.text().strip()
