"""Upgrades of older map files to the current format version.

Each migration takes the raw JSON object of version ``n`` and returns the object
of version ``n + 1``. Loading applies them in order, so a file written by any
older Argmap opens in this one. Only version 1 exists so far, so the registry is
empty; tests register temporary migrations to check the mechanism.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argmap.model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: version n -> function upgrading a version-n object to version n + 1
MIGRATIONS: dict[int, Migration] = {}


class MigrationError(Exception):
    """No path from the file's version to the current one."""


def register(from_version: int) -> Callable[[Migration], Migration]:
    """Decorator: register the upgrade from ``from_version`` to ``from_version + 1``."""

    def decorate(func: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise ValueError(f"a migration from version {from_version} is already registered")
        MIGRATIONS[from_version] = func
        return func

    return decorate


def migrate(data: dict[str, Any], target: int = FORMAT_VERSION) -> dict[str, Any]:
    """Upgrade ``data`` step by step to ``target``; the object's ``version`` follows."""
    version = data["version"]
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"no migration from format version {version} to {version + 1}")
        data = step(dict(data))
        version += 1
        data["version"] = version
    return data
