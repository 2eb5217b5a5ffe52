"""What the canvas shows of the analysis: status markers, tripwire halos, cascades, what-ifs.

``Highlights`` belongs to a ``MapScene``. It reads ``document.analysis`` and sets
each item's ``status``, ``highlight`` and ``strength``; the items paint them.
Flips in what-if mode are never edits: they live here, not in the document.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

import shiboken6
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
        self._base_status: dict[str, str] = {}
        self._base_mark: dict[str, tuple[str, float]] = {}
        self._overlay: dict[str, tuple[str | None, str, float]] = {}
        self._overlay_edges: set[str] = set()
        ref = weakref.ref(self)

        def on_analysis() -> None:  # never into a deleted scene (see MapScene._relay)
            target = ref()
            if target is not None and shiboken6.isValid(target):
                target.apply()

        def on_node_changed(node_id: str, fields: list[str]) -> None:
            target = ref()
            if target is not None and shiboken6.isValid(target):
                target._on_node_changed(node_id, fields)

        self._on_analysis = on_analysis
        self._on_node = on_node_changed
        scene.document.analysis_changed.connect(on_analysis)
        scene.document.node_changed.connect(on_node_changed)

    def _on_node_changed(self, node_id: str, fields: list[str]) -> None:
        """The previewed node's text changed: so does the sentence that names it."""
        if node_id == self.preview and "text" in fields and self.flips is None:
            self.message_changed.emit(self.describe(node_id))

    def detach(self) -> None:
        """Stop following the document's analysis (the scene is going away)."""
        with contextlib.suppress(RuntimeError, TypeError):
            self.scene.document.analysis_changed.disconnect(self._on_analysis)
        with contextlib.suppress(RuntimeError, TypeError):
            self.scene.document.node_changed.disconnect(self._on_node)

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
            self._apply_overlay()
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
        was_active = self.flips is not None
        if self.flips is None:
            self.flips = []
        if node_id in self.flips:
            self.flips.remove(node_id)
        else:
            self.flips.append(node_id)
        if was_active:
            self._apply_overlay()
        else:  # entering what-if hides the real map's halos: everything changes
            self.apply()
        self.what_if_changed.emit()
        self.message_changed.emit(self.describe_what_if())

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
        """'Rejecting X brings down 7 other nodes, including the thesis.'"""
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
        if not others:
            return f"{verb} nothing else."
        # "other": the tripwire panel counts the node itself in its cascade size.
        tail = ", including the thesis" if theses else ""
        return f"{verb} {others} other node{'s' if others != 1 else ''}{tail}."

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
        """Bring every item's status and highlight in line: after a new analysis or a
        change of mode. The base (statuses, tripwire and fragile halos) is recomputed
        and the overlay (the previewed cascade, or the what-if) laid on top; only the
        items whose look differs from what they were last given are touched, so a new
        analysis of a 10,000-node map that changes a few statuses costs a few updates."""
        scene = self.scene
        analysis = scene.document.analysis
        old_status, old_mark = self._base_status, self._base_mark
        old_nodes, old_edges = set(self._overlay), self._overlay_edges
        status: dict[str, str] = dict(analysis.status) if analysis else {}
        marks: dict[str, tuple[str, float]] = {}
        if analysis is not None and self.flips is None and self.mode == "tripwires":
            trip = self.tripwires()
            biggest = max(trip.values(), default=1) or 1
            for node_id, size in trip.items():
                marks[node_id] = ("tripwire", 0.35 + 0.65 * size / biggest)
            if self.show_fragile:
                for node_id in self.fragile_nodes():
                    marks.setdefault(node_id, ("fragile", 0.6))
        self._base_status, self._base_mark = status, marks
        self._overlay, self._overlay_edges = self._compute_overlay()
        get = old_status.get
        touched = {k for k, v in status.items() if get(k) != v}
        touched.update(k for k in old_status.keys() - status.keys())
        get_mark = old_mark.get
        touched.update(k for k, v in marks.items() if get_mark(k) != v)
        touched.update(old_mark.keys() - marks.keys())
        touched.update(old_nodes)
        touched.update(self._overlay)
        item_for = scene.item_for
        for node_id in touched:
            item = item_for(node_id)
            if item is not None:
                self._set(item, *self._look_of(node_id))
        self._restyle_edges(old_edges)
        if self.flips is None and self.preview is not None:
            self.message_changed.emit(self.describe(self.preview))  # the text may have changed
        self.changed.emit()

    def style_items(self, node_ids: Iterable[str]) -> None:
        """Give new items (just added to the scene) their status and highlight."""
        item_for = self.scene.item_for
        for node_id in node_ids:
            item = item_for(node_id)
            if item is not None:
                self._set(item, *self._look_of(node_id))

    def style_edges(self, edge_ids: Iterable[str]) -> None:
        """Give new edge items their highlight."""
        for edge_id in edge_ids:
            edge_item = self.scene.edge_item_for(edge_id)
            if edge_item is not None:
                wanted = "cascade" if edge_id in self._overlay_edges else None
                if edge_item.highlight != wanted:
                    edge_item.highlight = wanted
                    edge_item.update()

    def _restyle_edges(self, old_edges: set[str]) -> None:
        for edge_id in old_edges ^ self._overlay_edges:
            edge_item = self.scene.edge_item_for(edge_id)
            if edge_item is not None:
                edge_item.highlight = "cascade" if edge_id in self._overlay_edges else None
                edge_item.update()

    def _apply_overlay(self) -> None:
        """Only the preview or the what-if flips changed: touch just the nodes and
        edges the old and new overlays cover (hovering a 10,000-node map stays cheap)."""
        scene = self.scene
        old_nodes, old_edges = set(self._overlay), self._overlay_edges
        self._overlay, self._overlay_edges = self._compute_overlay()
        for node_id in old_nodes | set(self._overlay):
            item = scene.item_for(node_id)
            if item is not None:
                self._set(item, *self._look_of(node_id))
        self._restyle_edges(old_edges)
        self.changed.emit()

    def _look_of(self, node_id: str) -> tuple[str | None, str | None, float]:
        status = self._base_status.get(node_id)
        over = self._overlay.get(node_id)
        if over is not None:
            return (over[0] or status, over[1], over[2])
        mark = self._base_mark.get(node_id)
        return (status, mark[0], mark[1]) if mark else (status, None, 0.0)

    def _compute_overlay(
        self,
    ) -> tuple[dict[str, tuple[str | None, str, float]], set[str]]:
        """Nodes (new status or None, highlight, strength) and edges of the cascade shown."""
        analysis = self.scene.document.analysis
        overlay: dict[str, tuple[str | None, str, float]] = {}
        if analysis is None:
            self.what_if = None
            return overlay, set()
        status = analysis.status
        if self.flips is not None:
            valid = [f for f in self.flips if f in status]
            self.what_if = analysis.flip(valid) if valid else None
            if self.what_if is None:
                return overlay, set()
            for node_id, new in self.what_if.changed.items():
                overlay[node_id] = (new.value, "cascade", 1.0)
            for node_id in valid:
                new_status = self.what_if.changed.get(node_id)
                overlay[node_id] = (new_status.value if new_status else None, "flipped", 1.0)
            return overlay, self._path_edges(set(self.what_if.changed) | set(valid))
        preview = self.preview
        if preview is None or preview not in status:
            return overlay, set()
        members = analysis.cascade(preview)
        for node_id in members:
            overlay[node_id] = (None, "cascade", 1.0)
        if preview in members:
            overlay[preview] = (None, "flipped", 1.0)
        else:
            mark = self._base_mark.get(preview)
            overlay[preview] = (None, mark[0], mark[1]) if mark else (None, "cascade", 0.0)
        return overlay, self._path_edges(set(members) | {preview})

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
