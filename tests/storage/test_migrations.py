from __future__ import annotations

from collections.abc import Iterator

import pytest

from argmap.storage import migrations
from argmap.storage.migrations import MigrationError, migrate, register


@pytest.fixture
def registry() -> Iterator[dict]:
    saved = dict(migrations.MIGRATIONS)
    migrations.MIGRATIONS.clear()
    yield migrations.MIGRATIONS
    migrations.MIGRATIONS.clear()
    migrations.MIGRATIONS.update(saved)


def test_migrations_apply_in_order(registry: dict) -> None:
    @register(1)
    def rename_title(data: dict) -> dict:
        data["name"] = data.pop("title")
        return data

    @register(2)
    def add_tags(data: dict) -> dict:
        data.setdefault("tags", [])
        return data

    out = migrate({"version": 1, "title": "T"}, target=3)
    assert out == {"version": 3, "name": "T", "tags": []}


def test_missing_step_is_an_error(registry: dict) -> None:
    with pytest.raises(MigrationError, match="no migration from format version 1 to 2"):
        migrate({"version": 1}, target=2)


def test_current_version_needs_no_migration(registry: dict) -> None:
    data = {"version": 1, "title": "x"}
    assert migrate(data) == data


def test_double_registration_refused(registry: dict) -> None:
    register(5)(lambda d: d)
    with pytest.raises(ValueError, match="already registered"):
        register(5)(lambda d: d)
