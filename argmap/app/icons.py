"""Icons: the line icons in ``resources/icons/*.svg``, loaded once each."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from argmap.model import NodeKind
from argmap.resources_path import resource


def icon_path(name: str) -> str:
    return str(resource("icons", f"{name}.svg"))


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``save``, ``add-child``, ...); an empty icon if there is none."""
    path = resource("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def kind_icon(kind: NodeKind | str) -> QIcon:
    return icon(f"kind-{NodeKind(kind).value}")
