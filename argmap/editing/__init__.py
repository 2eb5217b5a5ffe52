"""The editing layer: MapDocument (the one mutator) and its undo commands (QtCore/QtGui only)."""

from argmap.editing.commands import (
    EditEdgeCommand,
    EditMapCommand,
    EditNodeCommand,
    InsertCommand,
    MoveCommand,
    RemoveCommand,
)
from argmap.editing.document import MapDocument

__all__ = [
    "EditEdgeCommand",
    "EditMapCommand",
    "EditNodeCommand",
    "InsertCommand",
    "MapDocument",
    "MoveCommand",
    "RemoveCommand",
]
