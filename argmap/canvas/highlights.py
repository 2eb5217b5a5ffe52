"""What the canvas shows of the analysis: status markers, tripwire halos, cascades, what-ifs.

``Highlights`` belongs to a ``MapScene``. It reads ``document.analysis`` and sets
each item's ``status``, ``highlight`` and ``strength``; the items paint them.
Flips in what-if mode are never edits: they live here, not in the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from argmap.analysis import Status, WhatIf
from argmap.model import NodeKind

if TYPE_CHECKING:
    from argmap.canvas.scene import MapScene


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Highlights(QObject):
    """Tripwires, cascade previews, fragile pairs and what-if flips on one scene."""

    changed = Signal()
    message_changed = Signal(str)  # a sentence for the status bar ("" clears it)
    what_if_changed = Signal()

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.mode = "tripwires"  # or "none"
        self.thesis: str | None = None
        self.show_fragile = False
        self.preview: str | None = None
        self.flips: list[str] | None = None  # None: what-if mode is off
        self.what_if: WhatIf | None = None
        scene.document.analysis_changed.connect(self.apply)

    # -- settings -----------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        if mode not in ("tripwires", "none"):
            raise ValueError(f"unknown highlight mode {mode!r}")
        self.mode = mode
        self.apply()

    def set_thesis(self, thesis: str | None) -> None:
        self.thesis = thesis
        self.apply()

    def set_show_fragile(self, on: bool) -> None:
        self.show_fragile = on
        self.apply()

    def set_preview(self, node_id: str | None) -> None:
        if node_id != self.preview:
            self.preview = node_id
            self.apply()
            self.message_changed.emit(self.describe(node_id) if node_id else "")

    # -- what-if ----------------------------------------------------------------------------

    @property
    def what_if_active(self) -> bool:
        return self.flips is not None

    def set_what_if(self, on: bool) -> None:
        self.flips = [] if on else None
        self.what_if = None
        self.apply()
        self.what_if_changed.emit()

    def toggle_flip(self, node_id: str) -> None:
        if self.flips is None:
            self.flips = []
        if node_id in self.flips:
            self.flips.remove(node_id)
        else:
            self.flips.append(node_id)
        self.apply()
        self.what_if_changed.emit()
        self.message_changed.emit(self.describe_what_if())

    def set_flips(self, node_ids: Iterable[str]) -> None:
        self.flips = [n for n in node_ids if self.scene.document.has_node(n)]
        self.apply()
        self.what_if_changed.emit()

    # -- queries -------------------------------------------------------------------------------

    def theses(self) -> list[str]:
        analysis = self.scene.document.analysis
        if analysis is None:
            return []
        if self.thesis is not None and self.thesis in analysis.theses:
            return [self.thesis]
        return list(analysis.theses)

    def tripwires(self) -> dict[str, int]:
        """Tripwire id -> cascade size, over the chosen thesis (or all of them)."""
        analysis = self.scene.document.analysis
        found: dict[str, int] = {}
        if analysis is None:
            return found
        for thesis in self.theses():
            for node_id in analysis.theses[thesis].tripwires:
                if self.scene.document.has_node(node_id):
                    found[node_id] = analysis.cascade_size(node_id)
        return found

    def fragile_nodes(self) -> set[str]:
        analysis = self.scene.document.analysis
        if analysis is None:
            return set()
        return {n for t in self.theses() for pair in analysis.theses[t].fragile_pairs for n in pair}

    def describe(self, node_id: str | None) -> str:
        """'Rejecting X brings down 7 nodes, including the thesis.'"""
        analysis = self.scene.document.analysis
        doc = self.scene.document
        if (
            node_id is None
            or analysis is None
            or not doc.has_node(node_id)
            or node_id not in analysis.status  # newer than the analysis (large maps)
        ):
            return ""
        node = doc.node(node_id)
        cascade = analysis.cascade(node_id)
        theses = [t for t in analysis.theses if t in cascade and t != node_id]
        if node.kind is NodeKind.RISK and analysis.status[node_id] is not Status.HOLDS:
            verb = f"If “{_short(node.text)}” materialises, it changes"
        elif analysis.status[node_id] is Status.HOLDS:
            verb = f"Rejecting “{_short(node.text)}” brings down"
        else:
            verb = f"Accepting “{_short(node.text)}” changes"
        if not cascade:
            return f"{verb} nothing else." if "changes" not in verb else f"{verb} nothing."
        others = len([c for c in cascade if c != node_id])
        tail = ", including the thesis" if theses else ""
        return f"{verb} {others} node{'s' if others != 1 else ''}{tail}."

    def describe_what_if(self) -> str:
        if self.what_if is None or not self.flips:
            return "What-if: click nodes to reject them (or to make risks materialise)."
        fallen = [t for t, s in self.what_if.theses.items() if s is not Status.HOLDS]
        changed = len([n for n in self.what_if.changed if n not in self.flips])
        verdict = "the thesis falls" if fallen else "the thesis still holds"
        others = "1 other node changes" if changed == 1 else f"{changed} other nodes change"
        return f"What-if: {len(self.flips)} flipped, {others}; {verdict}."

    # -- applying -----------------------------------------------------------------------------------

    def apply(self) -> None:
        """Set every item's status and highlight from the analysis and the current state."""
        scene = self.scene
        analysis = scene.document.analysis
        items = scene.node_items()
        if analysis is None:
            for item in items:
                self._set(item, None, None, 0.0)
            return
        status = dict(analysis.status)
        highlight: dict[str, str] = {}
        strength: dict[str, float] = {}
        cascade_edges: set[str] = set()
        if self.flips is not None:
            valid = [f for f in self.flips if f in status]
            self.what_if = analysis.flip(valid) if valid else None
            if self.what_if is not None:
                for node_id, new in self.what_if.changed.items():
                    status[node_id] = new
                    highlight[node_id] = "cascade"
                    strength[node_id] = 1.0
                for node_id in valid:
                    highlight[node_id] = "flipped"
                    strength[node_id] = 1.0
                cascade_edges = self._path_edges(set(self.what_if.changed) | set(valid))
        else:
            if self.mode == "tripwires":
                trip = self.tripwires()
                biggest = max(trip.values(), default=1) or 1
                for node_id, size in trip.items():
                    highlight[node_id] = "tripwire"
                    strength[node_id] = 0.35 + 0.65 * size / biggest
                if self.show_fragile:
                    for node_id in self.fragile_nodes():
                        highlight.setdefault(node_id, "fragile")
                        strength.setdefault(node_id, 0.6)
            if self.preview is not None and self.preview in status:
                members = analysis.cascade(self.preview)
                for node_id in members:
                    highlight[node_id] = "cascade"
                    strength[node_id] = 1.0
                highlight[self.preview] = (
                    "flipped" if self.preview in members else highlight.get(self.preview, "cascade")
                )
                cascade_edges = self._path_edges(set(members) | {self.preview})
        for item in items:
            node_id = item.node_id
            self._set(
                item,
                status.get(node_id).value if node_id in status else None,
                highlight.get(node_id),
                strength.get(node_id, 0.0),
            )
        for edge_item in scene.edge_items():
            wanted = "cascade" if edge_item.edge_id in cascade_edges else None
            if edge_item.highlight != wanted:
                edge_item.highlight = wanted
                edge_item.update()
        if self.flips is None and self.preview is not None:
            self.message_changed.emit(self.describe(self.preview))  # the text may have changed
        self.changed.emit()

    def _path_edges(self, nodes: set[str]) -> set[str]:
        """Edges along which a failure travels: both ends among the changed nodes."""
        return {
            e.id
            for e in self.scene.document.map.edges
            if e.source in nodes and e.target in nodes and e.kind.value != "watches"
        }

    @staticmethod
    def _set(item: object, status: str | None, highlight: str | None, strength: float) -> None:
        if (item.status, item.highlight, item.strength) != (status, highlight, strength):  # type: ignore[attr-defined]
            item.status = status  # type: ignore[attr-defined]
            item.highlight = highlight  # type: ignore[attr-defined]
            item.strength = strength  # type: ignore[attr-defined]
            item.invalidate()  # type: ignore[attr-defined]
