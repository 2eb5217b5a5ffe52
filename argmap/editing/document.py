"""MapDocument: the one mutator of a map inside the GUI.

Undo commands call its methods; the scene and the panels follow its signals.
It changes the pydantic model in place and says what changed, one signal per
change, so every listener can update just that part.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from argmap.analysis import Analysis, Finding
from argmap.editing.analysis_runner import AnalysisResult, AnalysisRunner
from argmap.model import ArgumentMap, Edge, Node, Position
from argmap.storage import load_map, save_map

#: Node fields a command may change through ``update_node``.
NODE_FIELDS = frozenset(
    {"kind", "text", "notes", "tags", "sources", "assessment", "belief", "position", "collapsed"}
)
EDGE_FIELDS = frozenset({"kind", "label", "source", "target"})
MAP_FIELDS = frozenset({"title", "description", "story", "view"})


#: Maps with more nodes are analysed a moment after each edit, not during it...
LARGE_MAP_NODES = 1000
#: ...this long after (ms): the frame that shows the edit is painted first.
LARGE_MAP_DELAY_MS = 25


class MapDocument(QObject):
    """An open map: the model, its file, its undo stack, and signals for every change."""

    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str, list)  # id, names of the changed fields
    edge_added = Signal(str)
    edge_removed = Signal(str)
    edge_changed = Signal(str, list)
    map_changed = Signal(list)  # names of changed map-level fields (title, view, ...)
    structure_changed = Signal()  # after any node/edge add, remove or re-link
    map_reset = Signal()  # the whole map was replaced (revert, open)
    path_changed = Signal()
    analysis_changed = Signal()

    def __init__(
        self,
        amap: ArgumentMap | None = None,
        path: str | Path | None = None,
        parent: QObject | None = None,
        live_analysis: bool = True,
    ) -> None:
        """``live_analysis`` False: no analysis runs by itself (exports set one with
        ``set_analysis``)."""
        super().__init__(parent)
        self._map = amap if amap is not None else ArgumentMap()
        self._path = Path(path) if path is not None else None
        self.undo_stack = QUndoStack(self)
        self._nodes: dict[str, Node] = {}
        self._edges: dict[str, Edge] = {}
        self._reindex()
        self.analysis: Analysis | None = None
        self.analysis_partial = False
        self.findings: list[Finding] = []
        self._runner = AnalysisRunner(self)
        self._runner.finished.connect(self._on_analysis)
        self.structure_changed.connect(self._on_structure_changed)
        #: Nodes whose kind, assessment or belief changed since the last analysis
        #: request; None once nodes or links changed too (then nothing is reusable).
        self._edited_nodes: set[str] | None = None
        # Each undo step refreshes at once; merged steps (typing a belief) and changes
        # made outside the stack refresh on the next turn of the event loop. On a
        # large map both wait until the edit's frame is painted (LARGE_MAP_DELAY_MS).
        self.undo_stack.indexChanged.connect(self._on_undo_step)
        self._analysis_timer = QTimer(self)
        self._analysis_timer.setSingleShot(True)
        self._analysis_timer.setInterval(0)
        self._analysis_timer.timeout.connect(self._flush_analysis)
        self._analysis_dirty = False
        self._live_analysis = live_analysis
        if live_analysis:
            self.refresh_analysis()

    # -- analysis ------------------------------------------------------------------

    def refresh_analysis(self) -> None:
        """Analyse the map as it is now (small maps at once, large ones in the background)."""
        self._analysis_dirty = False
        self._analysis_timer.stop()
        edited, self._edited_nodes = self._edited_nodes, set()
        self._runner.request(self._map, edited)

    def hold_analysis(self) -> None:
        """Let a large map's analysis wait (small maps are analysed at once regardless)."""
        self._runner.hold()

    def release_analysis(self) -> None:
        self._runner.release()

    def wait_for_analysis(self, timeout: float = 30.0) -> None:
        """Block until a background analysis has been published (tests, benchmarks)."""
        if self._analysis_dirty:
            self.refresh_analysis()
        self._runner.wait(timeout)

    def set_analysis(
        self, analysis: Analysis | None, findings: list[Finding] | None = None
    ) -> None:
        """Publish an analysis computed elsewhere (export: tripwires without probabilities)."""
        self.analysis = analysis
        self.findings = findings or []
        self.analysis_changed.emit()

    def _on_structure_changed(self) -> None:
        self._edited_nodes = None
        self._schedule_analysis()

    def _schedule_analysis(self) -> None:
        if not self._live_analysis:
            return
        self._runner.invalidate()  # a result computed from the map as it was is stale
        self._analysis_dirty = True
        large = len(self._map.nodes) > LARGE_MAP_NODES
        self._analysis_timer.start(LARGE_MAP_DELAY_MS if large else 0)

    def _on_undo_step(self, _index: int) -> None:
        if self._analysis_dirty and len(self._map.nodes) <= LARGE_MAP_NODES:
            self.refresh_analysis()

    def _flush_analysis(self) -> None:
        if self._analysis_dirty:
            self.refresh_analysis()

    def _on_analysis(self, result: AnalysisResult) -> None:
        self.analysis = result.analysis
        #: True while only the quick part of a large map's analysis is in: statuses,
        #: cascades and tripwires are current; pairs, probabilities and lint follow.
        self.analysis_partial = result.partial
        if not result.partial:
            self.findings = result.findings
        self.analysis_changed.emit()

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> MapDocument:
        """Load a file; raises ``MapFileError`` for a bad one."""
        return cls(load_map(path), path, parent)

    # -- queries ---------------------------------------------------------------

    @property
    def map(self) -> ArgumentMap:
        return self._map

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def edge(self, edge_id: str) -> Edge:
        return self._edges[edge_id]

    def has_node(self, node_id: str) -> bool:
        return node_id in self._nodes

    def has_edge(self, edge_id: str) -> bool:
        return edge_id in self._edges

    def has_id(self, ident: str) -> bool:
        return ident in self._nodes or ident in self._edges

    def edges_of(self, node_id: str) -> list[Edge]:
        """Every edge touching the node, in document order."""
        return [e for e in self._map.edges if node_id in (e.source, e.target)]

    def sources_of(self, node_id: str) -> list[Edge]:
        """Edges bearing on the node (it is their target)."""
        return [e for e in self._map.edges if e.target == node_id]

    def targets_of(self, node_id: str) -> list[Edge]:
        """Edges from the node to what it bears on."""
        return [e for e in self._map.edges if e.source == node_id]

    def new_id(self, stem: str = "n") -> str:
        """A fresh id, unused by any node or edge."""
        stem = stem or "n"
        count = len(self._nodes) + len(self._edges) + 1
        while self.has_id(f"{stem}{count}"):
            count += 1
        return f"{stem}{count}"

    # -- mutators (called by undo commands only) ---------------------------------

    def insert_node(self, node: Node, index: int | None = None) -> None:
        if self.has_id(node.id):
            raise ValueError(f"id {node.id!r} is taken")
        nodes = self._map.nodes
        nodes.insert(len(nodes) if index is None else index, node)
        self._nodes[node.id] = node
        self.node_added.emit(node.id)
        self.structure_changed.emit()

    def take_node(self, node_id: str) -> tuple[Node, int]:
        """Remove a node with no edges left; returns it and its index for undo."""
        if any(True for _ in self.edges_of(node_id)):
            raise ValueError(f"node {node_id!r} still has edges")
        node = self._nodes.pop(node_id)
        index = self._map.nodes.index(node)
        del self._map.nodes[index]
        self.node_removed.emit(node_id)
        self.structure_changed.emit()
        return node, index

    def insert_edge(self, edge: Edge, index: int | None = None) -> None:
        if self.has_id(edge.id):
            raise ValueError(f"id {edge.id!r} is taken")
        if edge.source not in self._nodes or edge.target not in self._nodes:
            raise ValueError(f"edge {edge.id!r} joins missing nodes")
        if edge.source == edge.target:
            raise ValueError("an edge cannot join a node to itself")
        edges = self._map.edges
        edges.insert(len(edges) if index is None else index, edge)
        self._edges[edge.id] = edge
        self.edge_added.emit(edge.id)
        self.structure_changed.emit()

    def take_edge(self, edge_id: str) -> tuple[Edge, int]:
        edge = self._edges.pop(edge_id)
        index = self._map.edges.index(edge)
        del self._map.edges[index]
        self.edge_removed.emit(edge_id)
        self.structure_changed.emit()
        return edge, index

    def update_node(self, node_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Set fields of a node; returns their old values (for undo)."""
        unknown = set(changes) - NODE_FIELDS
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} on a node")
        node = self._nodes[node_id]
        candidate = node.model_copy()
        for name, value in changes.items():
            setattr(candidate, name, value)
        Node.model_validate(candidate.model_dump())  # refuse bad values (belief 1.5) untouched
        old = {name: _copy(getattr(node, name)) for name in changes}
        for name, value in changes.items():
            setattr(node, name, _copy(value))
        self.node_changed.emit(node_id, sorted(changes))
        if {"kind", "assessment", "belief"} & set(changes):
            if self._edited_nodes is not None:
                self._edited_nodes.add(node_id)
            self._schedule_analysis()
        return old

    def update_edge(self, edge_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        unknown = set(changes) - EDGE_FIELDS
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} on an edge")
        edge = self._edges[edge_id]
        old = {name: getattr(edge, name) for name in changes}
        for name, value in changes.items():
            setattr(edge, name, value)
        self.edge_changed.emit(edge_id, sorted(changes))
        if {"source", "target", "kind"} & set(changes):
            self.structure_changed.emit()
        return old

    def set_positions(self, positions: dict[str, Position | None]) -> dict[str, Position | None]:
        """Move several nodes at once (one signal each); returns old positions."""
        old: dict[str, Position | None] = {}
        for node_id, position in positions.items():
            node = self._nodes[node_id]
            old[node_id] = node.position
            node.position = position
        for node_id in positions:
            self.node_changed.emit(node_id, ["position"])
        return old

    def update_map(self, changes: dict[str, Any]) -> dict[str, Any]:
        unknown = set(changes) - MAP_FIELDS
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} on a map")
        old = {name: _copy(getattr(self._map, name)) for name in changes}
        for name, value in changes.items():
            setattr(self._map, name, _copy(value))
        self.map_changed.emit(sorted(changes))
        return old

    def reset(self, amap: ArgumentMap, path: str | Path | None = None) -> None:
        """Replace the whole map (revert); clears the undo history."""
        self._map = amap
        if path is not None:
            self._path = Path(path)
            self.path_changed.emit()
        self._reindex()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.analysis = None  # the old map's analysis must not describe the new one
        self.analysis_partial = False
        self.findings = []
        self.map_reset.emit()
        self.structure_changed.emit()
        self.refresh_analysis()

    # -- files -------------------------------------------------------------------

    def save(self, path: str | Path | None = None) -> Path:
        """Save atomically to ``path`` (or the document's own); marks the stack clean."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("this map has no file yet: give a path")
        save_map(self._map, target)
        if target != self._path:
            self._path = target
            self.path_changed.emit()
        self.undo_stack.setClean()
        return target

    def set_path(self, path: str | Path | None) -> None:
        self._path = Path(path) if path is not None else None
        self.path_changed.emit()

    # -- helpers -------------------------------------------------------------------

    def _reindex(self) -> None:
        self._nodes = {n.id: n for n in self._map.nodes}
        self._edges = {e.id: e for e in self._map.edges}

    def subtree(self, roots: Iterable[str]) -> list[str]:
        """The nodes that bear, directly or not, on ``roots`` (roots first, no repeats)."""
        sources: dict[str, list[str]] = {}
        for edge in self._map.edges:
            sources.setdefault(edge.target, []).append(edge.source)
        seen: dict[str, None] = {}
        stack = list(reversed(list(roots)))
        while stack:
            node_id = stack.pop()
            if node_id in seen or node_id not in self._nodes:
                continue
            seen[node_id] = None
            stack.extend(reversed(sources.get(node_id, [])))
        return list(seen)


def _copy(value: Any) -> Any:
    """Deep copies of lists and models, so undo keeps the old value intact."""
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if hasattr(value, "model_copy"):
        return value.model_copy(deep=True)
    return value
