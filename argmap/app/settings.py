"""User settings: recent files, the last opened map, window geometry, theme.

Everything lives in one small JSON file under ``platformdirs.user_config_dir("argmap")``.
Folders are resolved at call time (never at import time), so tests that point the
``XDG_*`` variables at a temporary folder never touch a real user's files.
"""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path
from typing import Any

import platformdirs

from argmap.storage import write_atomic

MAX_RECENT = 10
APP_NAME = "argmap"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


class Settings:
    """A typed view of ``settings.json``; every setter writes the file at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / "settings.json"
        self._data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self) -> None:
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(self._data, indent=2, sort_keys=True) + "\n"
            write_atomic(self.path, text.encode("utf-8"))

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        if self._data.get(key) != value:
            self._data[key] = value
            self._write()

    # -- recent files -------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        """Up to ten recently opened maps that still exist, newest first."""
        raw = self._data.get("recent_files", [])
        paths = [Path(p) for p in raw if isinstance(p, str)]
        existing = [p for p in paths if p.is_file()][:MAX_RECENT]
        if len(existing) != len(raw):
            self.set("recent_files", [str(p) for p in existing])
        return existing

    def add_recent_file(self, path: str | Path) -> None:
        path = Path(path).resolve()
        rest = [p for p in self._data.get("recent_files", []) if p != str(path)]
        self.set("recent_files", [str(path), *rest][:MAX_RECENT])
        self.set("last_map", str(path))

    def clear_recent_files(self) -> None:
        self.set("recent_files", [])

    def last_map(self) -> Path | None:
        raw = self._data.get("last_map")
        if isinstance(raw, str) and Path(raw).is_file():
            return Path(raw)
        return None

    # -- window ----------------------------------------------------------------------

    def window_blob(self, key: str) -> bytes | None:
        raw = self._data.get(key)
        if not isinstance(raw, str):
            return None
        try:
            return base64.b64decode(raw)
        except ValueError:
            return None

    def set_window_blob(self, key: str, blob: bytes) -> None:
        self.set(key, base64.b64encode(blob).decode("ascii"))

    @property
    def theme(self) -> str:
        value = self._data.get("theme", "light")
        return value if isinstance(value, str) else "light"

    @theme.setter
    def theme(self, name: str) -> None:
        self.set("theme", name)
