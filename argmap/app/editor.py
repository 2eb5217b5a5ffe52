"""What the editing actions do: each slot turns a key press into ``argmap.editing.operations``.

The controller reads the selection from the scene and the focus from the view,
calls one operation (one undo step), then selects what the user expects next
(the new child, the parent of a deleted node) and starts inline editing where a
fast typist wants it.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QObject, QPointF
from PySide6.QtWidgets import QApplication

from argmap.canvas.scene import MapScene
from argmap.canvas.view import MapView
from argmap.editing import operations as ops
from argmap.editing.document import MapDocument
from argmap.model import Assessment, Direction, EdgeKind, NodeKind

PLAIN_TEXT = "text/plain"


class EditController(QObject):
    """Slots of the Edit and Node menus, acting on the selection."""

    def __init__(self, doc: MapDocument, scene: MapScene, view: MapView) -> None:
        super().__init__(view)
        self.doc = doc
        self.scene = scene
        self.view = view

    # -- selection helpers -------------------------------------------------------------

    def selected(self) -> list[str]:
        return self.scene.selected_node_ids()

    def current(self) -> str | None:
        ids = self.selected()
        return ids[0] if ids else None

    def select(self, ids: list[str], edit: bool = False) -> None:
        self.scene.select_nodes(ids)
        if ids and self._offscreen(ids[0]):
            self.view.center_on_node(ids[0])
        if ids and edit:
            self.view.start_inline_edit(ids[0])

    def _offscreen(self, node_id: str) -> bool:
        item = self.scene.item_for(node_id)
        if item is None:
            return False
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return not visible.contains(item.sceneBoundingRect())

    # -- adding ------------------------------------------------------------------------

    def add_child(self) -> None:
        parent = self.current()
        if parent is None:
            self.add_root()
            return
        if self.doc.node(parent).collapsed:
            ops.set_collapsed(self.doc, [parent], False)
        self.select([ops.add_child(self.doc, parent)], edit=True)

    def add_sibling(self) -> None:
        node = self.current()
        if node is None:
            self.add_root()
            return
        self.select([ops.add_sibling(self.doc, node)], edit=True)

    def add_root(self) -> None:
        """Tab or Enter with nothing selected: a thesis on an empty map, else a free claim."""
        kind = NodeKind.THESIS if not self.doc.map.nodes else NodeKind.CLAIM
        self.select([ops.add_node(self.doc, kind)], edit=True)

    def add_free_node(self, scene_pos: QPointF | None = None) -> None:
        pos = (scene_pos.x(), scene_pos.y()) if scene_pos is not None else None
        self.select([ops.add_node(self.doc, NodeKind.CLAIM, position=pos)], edit=True)

    def edit_text(self) -> None:
        node = self.current()
        if node is not None:
            self.view.start_inline_edit(node)

    # -- changing ----------------------------------------------------------------------

    def delete(self) -> None:
        nodes = self.selected()
        edges = self.scene.selected_edge_ids()
        if not nodes and not edges:
            return
        after = self._parent_outside(nodes[0], set(nodes)) if nodes else None
        ops.delete(self.doc, nodes, edges)
        if after is not None:
            self.select([after])

    def set_kind(self, kind: NodeKind) -> None:
        ops.set_kind(self.doc, self.selected(), kind)

    def set_assessment(self, assessment: Assessment | None) -> None:
        ops.set_assessment(self.doc, self.selected(), assessment)

    def set_edge_kind(self, edge_id: str, kind: EdgeKind) -> None:
        ops.set_edge_kind(self.doc, edge_id, kind)

    def toggle_collapse(self) -> None:
        ops.set_collapsed(self.doc, self.selected())

    def auto_layout(self) -> None:
        ops.auto_layout(self.doc)

    def set_direction(self, direction: Direction) -> None:
        ops.set_direction(self.doc, direction)

    def select_all(self) -> None:
        self.scene.select_nodes([n.id for n in self.doc.map.nodes])

    def navigate(self, direction: str) -> None:
        node = self.current()
        if node is None:
            first = self.doc.map.nodes[0].id if self.doc.map.nodes else None
            if first is not None:
                self.select([first])
            return
        target = self.scene.navigate(node, direction)
        if target is not None:
            self.select([target])

    # -- clipboard ---------------------------------------------------------------------

    def copy(self) -> bool:
        ids = self.selected()
        if not ids:
            return False
        fragment = ops.copy_fragment(self.doc, ids)
        mime = QMimeData()
        mime.setData(ops.CLIPBOARD_MIME, fragment.encode("utf-8"))
        mime.setText(outline_text(self.doc, ids))
        QApplication.clipboard().setMimeData(mime)
        return True

    def cut(self) -> None:
        """Copy the selected subtrees, then remove them (but no node that bears elsewhere)."""
        roots = self.selected()
        if not self.copy():
            return
        inside = set(self.doc.subtree(roots))
        doomed = [
            n
            for n in inside
            if n in roots or all(e.target in inside for e in self.doc.targets_of(n))
        ]
        after = self._parent_outside(roots[0], set(doomed))
        ops.delete(self.doc, doomed)
        if after is not None:
            self.select([after])

    def _parent_outside(self, node_id: str, gone: set[str]) -> str | None:
        for edge in self.doc.targets_of(node_id):
            if edge.target not in gone:
                return edge.target
        return None

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        if mime is None:
            return
        if mime.hasFormat(ops.CLIPBOARD_MIME):
            text = bytes(mime.data(ops.CLIPBOARD_MIME).data()).decode("utf-8", "replace")
        elif mime.hasText() and mime.text().strip():
            text = fragment_from_text(mime.text())
        else:
            return
        try:
            roots = ops.paste_fragment(self.doc, text, self.current())
        except ValueError:
            return
        self.select(roots)

    def duplicate(self) -> None:
        roots = ops.duplicate(self.doc, self.selected())
        if roots:
            self.select(roots)


def outline_text(doc: MapDocument, roots: list[str]) -> str:
    """The copied subtrees as indented plain text (for other programs)."""
    lines: list[str] = []
    seen: set[str] = set()

    def walk(node_id: str, depth: int) -> None:
        if node_id in seen:
            return
        seen.add(node_id)
        lines.append("  " * depth + (doc.node(node_id).text or "…"))
        for edge in doc.sources_of(node_id):
            walk(edge.source, depth + 1)

    for root in roots:
        walk(root, 0)
    return "\n".join(lines) + "\n"


def fragment_from_text(text: str) -> str:
    """Plain text pasted from elsewhere: one claim per line, indentation makes children."""
    nodes: list[dict[str, str]] = []
    edges: list[dict[str, str]] = []
    roots: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, id)
    for line in text.splitlines():
        if not line.strip():
            continue
        stripped = line.expandtabs(4)
        indent = len(stripped) - len(stripped.lstrip())
        words = stripped.strip().lstrip("-*•").strip() or stripped.strip()
        node_id = f"p{len(nodes) + 1}"
        nodes.append({"id": node_id, "kind": "claim", "text": words})
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stack:
            edges.append(
                {
                    "id": f"pe{len(edges) + 1}",
                    "kind": "supports",
                    "source": node_id,
                    "target": stack[-1][1],
                }
            )
        else:
            roots.append(node_id)
        stack.append((indent, node_id))
    return json.dumps({"format": "argmap-fragment", "roots": roots, "nodes": nodes, "edges": edges})
