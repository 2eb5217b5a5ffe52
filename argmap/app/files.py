"""File handling of the window: new, open, save, revert, recent files, autosave, disk changes.

``FileController`` owns the rules (prompt before losing changes, never overwrite
the bundled examples, ask before overwriting a file changed on disk) and talks
to the user only through ``Prompts``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from argmap.app.autosave import Autosaver, AutosaveRecord, leftover_autosaves
from argmap.app.prompts import Prompts
from argmap.app.settings import Settings
from argmap.editing.document import MapDocument
from argmap.model import ArgumentMap
from argmap.resources_path import resources_dir
from argmap.storage import SUFFIX, MapFileError, load_map

Stamp = tuple[int, int] | None


def file_stamp(path: Path | None) -> Stamp:
    """(mtime in ns, size) of a file, or None when it does not exist."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def with_suffix(path: str | Path) -> Path:
    """Add ``.argmap.json`` unless the name already ends in ``.json``."""
    path = Path(path)
    return path if path.name.lower().endswith(".json") else path.with_name(path.name + SUFFIX)


def is_bundled(path: Path | None) -> bool:
    """True for the example maps shipped with Argmap (never overwritten silently)."""
    if path is None:
        return False
    try:
        path.resolve().relative_to(resources_dir().resolve())
    except ValueError:
        return False
    return True


class FileController(QObject):
    """Opens and saves the window's one document."""

    recent_changed = Signal()
    message = Signal(str)  # a status-bar message

    def __init__(
        self, doc: MapDocument, settings: Settings, prompts: Prompts, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.settings = settings
        self.prompts = prompts
        self.autosaver = Autosaver(doc, parent=self)
        self._stamp: Stamp = file_stamp(doc.path)
        self._asked_stamp: Stamp = self._stamp
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _p: self.check_disk())
        self._watch()

    # -- naming ------------------------------------------------------------------------

    def display_name(self) -> str:
        path = self.doc.path
        if path is None:
            return self.doc.map.title or "Untitled"
        name = path.name
        return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name

    # -- loading -----------------------------------------------------------------------

    def _adopt(self, amap: ArgumentMap, path: Path | None) -> None:
        self.doc.reset(amap, path)
        if path is None:
            self.doc.set_path(None)
        self._stamp = self._asked_stamp = file_stamp(path)
        self._watch()
        if path is not None and not is_bundled(path):
            self.settings.add_recent_file(path)
            self.recent_changed.emit()
        elif path is not None:
            self.settings.set("last_map", str(path.resolve()))

    def _watch(self) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        if self.doc.path is not None and self.doc.path.exists():
            self.watcher.addPath(str(self.doc.path))

    def maybe_save(self) -> bool:
        """Before the map is replaced or closed: True when it is safe to go on."""
        if not self.doc.is_modified:
            return True
        choice = self.prompts.ask_save_changes(self.display_name())
        if choice == "save":
            return self.save()
        return choice == "discard"

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self._adopt(ArgumentMap(), None)
        self.message.emit("New map")
        return True

    def open(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            folder = str(self.doc.path.parent) if self.doc.path else str(Path.home())
            chosen = self.prompts.open_path(folder)
            if chosen is None:
                return False
            path = chosen
        return self.load(Path(path))

    def load(self, path: Path) -> bool:
        """Open ``path`` without asking about unsaved changes; errors go to a dialog."""
        try:
            amap = load_map(path)
        except MapFileError as exc:
            self.prompts.error("Cannot open the map", str(exc))
            self.settings.recent_files()  # prunes a vanished file from the list
            self.recent_changed.emit()
            return False
        self._adopt(amap, path)
        self.message.emit(f"Opened {path}")
        return True

    def revert(self) -> bool:
        path = self.doc.path
        if path is None or (not self.doc.is_modified and file_stamp(path) == self._stamp):
            return False
        if self.doc.is_modified and not self.prompts.ask_revert(self.display_name()):
            return False
        return self.load(path)

    # -- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        path = self.doc.path
        if path is None or is_bundled(path):
            return self.save_as()
        if self._changed_on_disk() and not self.prompts.ask_overwrite_changed(path):
            return False
        return self._write(path)

    def save_as(self) -> bool:
        if self.doc.path is not None and not is_bundled(self.doc.path):
            suggested = str(self.doc.path)
        else:
            folder = Path(self.settings.get("last_folder", str(Path.home())))
            stem = self.doc.map.title or "Untitled"
            if self.doc.path is not None:
                stem = self.doc.path.name.removesuffix(SUFFIX)
            suggested = str(folder / with_suffix(_safe_name(stem)))
        chosen = self.prompts.save_path(suggested)
        if chosen is None:
            return False
        path = with_suffix(chosen)
        if is_bundled(path):
            self.prompts.error(
                "Cannot save here", "The bundled example maps cannot be overwritten."
            )
            return False
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            self.doc.save(path)
        except MapFileError as exc:
            self.prompts.error("Cannot save the map", str(exc))
            return False
        self._stamp = self._asked_stamp = file_stamp(path)
        self._watch()
        self.settings.add_recent_file(path)
        self.settings.set("last_folder", str(path.parent.resolve()))
        self.recent_changed.emit()
        self.message.emit(f"Saved {path}")
        return True

    # -- disk changes ------------------------------------------------------------------

    def _changed_on_disk(self) -> bool:
        path = self.doc.path
        return path is not None and self._stamp is not None and file_stamp(path) != self._stamp

    def check_disk(self) -> None:
        """Called when the file changes or the window becomes active again."""
        self._watch()  # an atomic replace drops the path from the watcher
        if not self._changed_on_disk():
            return
        stamp = file_stamp(self.doc.path)
        if stamp == self._asked_stamp:
            return  # asked about this version already
        self._asked_stamp = stamp
        path = self.doc.path
        assert path is not None
        if stamp is None:
            self.message.emit(f"{path.name} was removed from disk; save to keep it")
            return
        if not self.doc.is_modified and self.prompts.ask_reload_changed(path):
            self.load(path)
        else:
            self.message.emit(f"{path.name} changed on disk; saving asks before overwriting it")

    # -- autosave ------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """Offer the autosaves of crashed sessions; True when one was recovered."""
        recovered = False
        for record in leftover_autosaves():
            if not recovered and self.prompts.ask_recover(record):
                recovered = self.recover(record)
            record.discard()
        return recovered

    def recover(self, record: AutosaveRecord) -> bool:
        try:
            amap = load_map(record.map_path)
        except MapFileError as exc:
            self.prompts.error("Cannot recover the map", str(exc))
            return False
        original = record.original
        self._adopt(amap, original)
        self._stamp = self._asked_stamp = file_stamp(original)
        # Differs from the file: modified until saved.
        self.doc.undo_stack.resetClean()
        self.message.emit("Recovered unsaved changes")
        return True

    def close(self) -> None:
        """The window closes cleanly: its autosave goes."""
        self.autosaver.stop()


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_.," else " " for c in name).strip()
    return " ".join(cleaned.split())[:60] or "Untitled"
