"""Undo commands: every change to a map in the GUI is one of these.

Each command redoes and undoes itself through ``MapDocument`` methods only, so
the scene and panels follow by signals and undo is correct by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from argmap.editing.document import MapDocument
from argmap.model import Edge, Node, Position

MOVE_ID = 1001
EDIT_ID = 1002


class InsertCommand(QUndoCommand):
    """Add nodes and edges (a new child, a paste, a new link)."""

    def __init__(
        self,
        doc: MapDocument,
        nodes: Sequence[Node] = (),
        edges: Sequence[Edge] = (),
        text: str = "Add",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.doc = doc
        self.nodes = [n.model_copy(deep=True) for n in nodes]
        self.edges = [e.model_copy(deep=True) for e in edges]

    def redo(self) -> None:
        for node in self.nodes:
            self.doc.insert_node(node.model_copy(deep=True))
        for edge in self.edges:
            self.doc.insert_edge(edge.model_copy(deep=True))

    def undo(self) -> None:
        for edge in reversed(self.edges):
            self.doc.take_edge(edge.id)
        for node in reversed(self.nodes):
            self.doc.take_node(node.id)


class RemoveCommand(QUndoCommand):
    """Remove nodes (with every edge touching them) and edges; undo puts each back in place."""

    def __init__(
        self,
        doc: MapDocument,
        node_ids: Iterable[str] = (),
        edge_ids: Iterable[str] = (),
        text: str = "Delete",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.doc = doc
        self.node_ids = [n for n in dict.fromkeys(node_ids) if doc.has_node(n)]
        doomed = set(self.node_ids)
        wanted = set(edge_ids)
        self.edge_ids = [
            e.id
            for e in doc.map.edges
            if e.id in wanted or e.source in doomed or e.target in doomed
        ]
        self._taken_nodes: list[tuple[Node, int]] = []
        self._taken_edges: list[tuple[Edge, int]] = []

    def redo(self) -> None:
        self._taken_edges = [self.doc.take_edge(e) for e in reversed(self.edge_ids)]
        order = sorted(self.node_ids, key=self._index_of, reverse=True)
        self._taken_nodes = [self.doc.take_node(n) for n in order]

    def undo(self) -> None:
        for node, index in reversed(self._taken_nodes):
            self.doc.insert_node(node, index)
        for edge, index in reversed(self._taken_edges):
            self.doc.insert_edge(edge, index)

    def _index_of(self, node_id: str) -> int:
        return self.doc.map.nodes.index(self.doc.node(node_id))


class EditNodeCommand(QUndoCommand):
    """Change fields of one node (text, kind, assessment, belief, notes, tags, ...).

    Successive edits of the same fields of the same node with ``merge=True``
    (typing in the Inspector) merge into one undo step.
    """

    def __init__(
        self,
        doc: MapDocument,
        node_id: str,
        changes: dict[str, Any],
        text: str | None = None,
        merge: bool = False,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text or f"Edit {', '.join(sorted(changes))}", parent)
        self.doc = doc
        self.node_id = node_id
        self.changes = dict(changes)
        self.merge = merge
        self.old: dict[str, Any] = {}

    def id(self) -> int:
        return EDIT_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNodeCommand) or not other.merge:
            return False
        if other.node_id != self.node_id or set(other.changes) != set(self.changes):
            return False
        self.changes = dict(other.changes)
        return True

    def redo(self) -> None:
        self.old = self.doc.update_node(self.node_id, self.changes)

    def undo(self) -> None:
        self.doc.update_node(self.node_id, self.old)


class EditEdgeCommand(QUndoCommand):
    def __init__(
        self,
        doc: MapDocument,
        edge_id: str,
        changes: dict[str, Any],
        text: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text or "Edit link", parent)
        self.doc = doc
        self.edge_id = edge_id
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}

    def redo(self) -> None:
        self.old = self.doc.update_edge(self.edge_id, self.changes)

    def undo(self) -> None:
        self.doc.update_edge(self.edge_id, self.old)


class MoveCommand(QUndoCommand):
    """Place nodes by hand (a drag, arrow-key nudges); nudges of the same nodes merge."""

    def __init__(
        self,
        doc: MapDocument,
        new: Mapping[str, Position | None],
        old: Mapping[str, Position | None] | None = None,
        text: str = "Move",
        merge: bool = False,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.doc = doc
        self.new = dict(new)
        self.old = dict(old) if old is not None else {k: doc.node(k).position for k in new}
        self.merge = merge

    def id(self) -> int:
        return MOVE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveCommand) or not other.merge or set(other.new) != set(self.new):
            return False
        self.new = dict(other.new)
        return True

    def redo(self) -> None:
        self.doc.set_positions(self.new)

    def undo(self) -> None:
        self.doc.set_positions(self.old)


class EditMapCommand(QUndoCommand):
    """Change map-level fields: title, description, view settings, story."""

    def __init__(
        self,
        doc: MapDocument,
        changes: dict[str, Any],
        text: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text or f"Change {', '.join(sorted(changes))}", parent)
        self.doc = doc
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}

    def redo(self) -> None:
        self.old = self.doc.update_map(self.changes)

    def undo(self) -> None:
        self.doc.update_map(self.old)
