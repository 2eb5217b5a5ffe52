"""Autosave: unsaved changes go to the state folder every 30 s, so a crash loses little.

Each open document gets one autosave file (``<session>.argmap.json``) and a small
record (``<session>.json``: the original path, the process id, the time). A clean
save or a clean close removes both. At start-up, records left by a process that
is no longer running are offered for recovery.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from argmap.app.settings import state_dir
from argmap.editing.document import MapDocument
from argmap.model import ArgumentMap
from argmap.storage import map_to_bytes, write_atomic

INTERVAL_MS = 30_000
#: Larger maps are autosaved on a thread.
BACKGROUND_NODES = 2000


def autosave_dir() -> Path:
    return state_dir() / "autosave"


@dataclass(frozen=True)
class AutosaveRecord:
    """One autosaved map left on disk."""

    map_path: Path  # the autosaved map
    record_path: Path  # its JSON record
    original: Path | None  # the file it is a copy of, None for an untitled map
    title: str
    saved_at: float
    pid: int

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        name = str(self.original) if self.original else (self.title or "an untitled map")
        return f"{name} (autosaved {when})"

    def discard(self) -> None:
        for path in (self.map_path, self.record_path):
            with contextlib.suppress(OSError):
                path.unlink()


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def leftover_autosaves(folder: Path | None = None) -> list[AutosaveRecord]:
    """Autosaves of sessions that did not close cleanly (their process is gone), newest first."""
    folder = folder if folder is not None else autosave_dir()
    found: list[AutosaveRecord] = []
    if not folder.is_dir():
        return found
    for record_path in folder.glob("*.json"):
        if record_path.name.endswith(".argmap.json"):
            continue
        try:
            data = json.loads(record_path.read_text(encoding="utf-8"))
            pid = int(data.get("pid", 0))
            saved_at = float(data.get("saved_at", 0.0))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
        map_path = record_path.with_name(record_path.stem + ".argmap.json")
        if not map_path.is_file() or _pid_alive(pid):
            continue
        original = data.get("original")
        found.append(
            AutosaveRecord(
                map_path=map_path,
                record_path=record_path,
                original=Path(original) if isinstance(original, str) else None,
                title=str(data.get("title", "")),
                saved_at=saved_at,
                pid=pid,
            )
        )
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


class Autosaver(QObject):
    """Writes a document's unsaved changes to the state folder on a timer."""

    def __init__(
        self, doc: MapDocument, interval_ms: int = INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.session = uuid.uuid4().hex[:12]
        self._dirty = False
        self._write_lock = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        doc.undo_stack.indexChanged.connect(self._on_change)
        doc.undo_stack.cleanChanged.connect(self._on_clean_changed)
        doc.map_reset.connect(self._on_reset)

    @property
    def map_path(self) -> Path:
        return autosave_dir() / f"{self.session}.argmap.json"

    @property
    def record_path(self) -> Path:
        return autosave_dir() / f"{self.session}.json"

    def _on_change(self, _index: int = 0) -> None:
        self._dirty = self.doc.is_modified

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()
        else:
            self._dirty = True

    def _on_reset(self) -> None:
        if not self.doc.is_modified:
            self.discard()

    def autosave(self) -> bool:
        """Write the map if it changed since the last autosave; True when written (or started).

        Maps over ``BACKGROUND_NODES`` nodes are serialised and written on a thread from
        a snapshot of the map's lists, so the timer never freezes the window (a
        10,000-node map takes most of a second to serialise).
        """
        if not self._dirty or not self.doc.is_modified:
            return False
        amap = self.doc.map
        snapshot = amap.snapshot()
        record = {
            "original": str(self.doc.path) if self.doc.path else None,
            "title": amap.title,
            "saved_at": time.time(),
            "pid": os.getpid(),
        }
        self._dirty = False
        if len(amap.nodes) > BACKGROUND_NODES:
            if not self._write_lock.acquire(blocking=False):
                self._dirty = True  # the previous write is still running: next time
                return False
            self._write_lock.release()
            threading.Thread(
                target=self._write, args=(snapshot, record), name="argmap-autosave", daemon=True
            ).start()
            return True
        return self._write(snapshot, record)

    def _write(self, snapshot: ArgumentMap, record: Mapping[str, object]) -> bool:
        with self._write_lock:
            try:
                autosave_dir().mkdir(parents=True, exist_ok=True)
                write_atomic(self.map_path, map_to_bytes(snapshot))
                write_atomic(self.record_path, (json.dumps(record, indent=2) + "\n").encode())
            except (OSError, ValueError):
                self._dirty = True
                return False
            return True

    def discard(self) -> None:
        """Forget this session's autosave (after a clean save, or on close)."""
        with self._write_lock:  # a write on its way must not bring the files back
            self._dirty = self.doc.is_modified
            for path in (self.map_path, self.record_path):
                with contextlib.suppress(OSError):
                    path.unlink()

    def stop(self) -> None:
        self.timer.stop()
        self.discard()
