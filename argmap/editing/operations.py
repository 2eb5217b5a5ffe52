"""Editing operations: what a key press or a menu item does to a map, as undo commands.

Each function builds the command(s), pushes them on the document's undo stack
and returns what the caller needs (the new node's id, to select it). They hold
the rules of editing (what a new child bears on, what a paste connects to), so
the window and the canvas only translate gestures into calls.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence

from argmap.editing.commands import (
    EditEdgeCommand,
    EditMapCommand,
    EditNodeCommand,
    InsertCommand,
    MoveCommand,
    RemoveCommand,
)
from argmap.editing.document import MapDocument
from argmap.model import Assessment, Direction, Edge, EdgeKind, Node, NodeKind, Position

CLIPBOARD_MIME = "application/x-argmap-fragment+json"

#: What a new node bearing on a node of this kind is, by default.
_CHILD_KIND = {
    NodeKind.THESIS: NodeKind.PILLAR,
    NodeKind.PILLAR: NodeKind.CLAIM,
    NodeKind.REASON: NodeKind.CLAIM,
    NodeKind.CLAIM: NodeKind.EVIDENCE,
    NodeKind.CONTENTION: NodeKind.CLAIM,
}


def default_edge_kind(source_kind: NodeKind, target_kind: NodeKind) -> EdgeKind:
    """The link a new source node gets to its target: risks oppose, indicators watch."""
    if source_kind is NodeKind.RISK:
        return EdgeKind.OPPOSES
    if source_kind is NodeKind.INDICATOR:
        return EdgeKind.WATCHES
    if source_kind is NodeKind.PILLAR and target_kind is NodeKind.THESIS:
        return EdgeKind.REQUIRES
    return EdgeKind.SUPPORTS


def add_node(
    doc: MapDocument,
    kind: NodeKind = NodeKind.CLAIM,
    text: str = "",
    position: tuple[float, float] | None = None,
) -> str:
    """A free-standing node (double-click on empty canvas)."""
    node = Node(id=doc.new_id(), kind=kind, text=text)
    if position is not None:
        node.position = _position(position)
    doc.undo_stack.push(InsertCommand(doc, [node], text=f"Add {kind.value}"))
    return node.id


def add_child(
    doc: MapDocument, parent_id: str, kind: NodeKind | None = None, text: str = ""
) -> str:
    """A new node bearing on ``parent_id`` (Tab): its source, drawn below it."""
    parent = doc.node(parent_id)
    kind = kind or _CHILD_KIND.get(parent.kind, NodeKind.CLAIM)
    node = Node(id=doc.new_id(), kind=kind, text=text)
    edge = Edge(
        id=doc.new_id("e"),
        kind=default_edge_kind(kind, parent.kind),
        source=node.id,
        target=parent_id,
    )
    doc.undo_stack.push(InsertCommand(doc, [node], [edge], text=f"Add {kind.value}"))
    return node.id


def add_sibling(doc: MapDocument, node_id: str, text: str = "") -> str:
    """A new node beside ``node_id`` (Enter): same kind, bearing on the same target."""
    node = doc.node(node_id)
    links = [
        e for e in doc.targets_of(node_id) if e.kind is not EdgeKind.WATCHES
    ] or doc.targets_of(node_id)
    if not links:
        return add_node(doc, node.kind, text)
    first = links[0]
    new = Node(id=doc.new_id(), kind=node.kind, text=text)
    edge = Edge(id=doc.new_id("e"), kind=first.kind, source=new.id, target=first.target)
    doc.undo_stack.push(InsertCommand(doc, [new], [edge], text=f"Add {node.kind.value}"))
    return new.id


def connect(doc: MapDocument, source: str, target: str, kind: EdgeKind | None = None) -> str | None:
    """Link ``source`` to ``target``; None when that link exists or would be a self-loop."""
    if source == target:
        return None
    kind = kind or default_edge_kind(doc.node(source).kind, doc.node(target).kind)
    if any(e.target == target and e.kind is kind for e in doc.targets_of(source)):
        return None
    edge = Edge(id=doc.new_id("e"), kind=kind, source=source, target=target)
    doc.undo_stack.push(InsertCommand(doc, [], [edge], text=f"Link ({kind.value})"))
    return edge.id


def delete(doc: MapDocument, node_ids: Iterable[str] = (), edge_ids: Iterable[str] = ()) -> None:
    nodes = [n for n in node_ids if doc.has_node(n)]
    edges = [e for e in edge_ids if doc.has_edge(e)]
    if not nodes and not edges:
        return
    what = f"{len(nodes)} node{'s' if len(nodes) != 1 else ''}" if nodes else "link"
    doc.undo_stack.push(RemoveCommand(doc, nodes, edges, text=f"Delete {what}"))


def edit_node(doc: MapDocument, node_id: str, merge: bool = False, **changes: object) -> None:
    """Change fields of a node; nothing is pushed when nothing changes."""
    node = doc.node(node_id)
    changes = {k: v for k, v in changes.items() if getattr(node, k) != v}
    if changes:
        label = "Edit text" if set(changes) == {"text"} else None
        doc.undo_stack.push(EditNodeCommand(doc, node_id, changes, text=label, merge=merge))


def relinked_kind(link: EdgeKind, old: NodeKind, new: NodeKind, target: NodeKind) -> EdgeKind:
    """The kind a node's link to a ``target`` node takes when the node turns from
    ``old`` into ``new``: a risk attacks what it bears on, an indicator watches it,
    and an indicator turned into anything else bears on it as a new node would."""
    if new is NodeKind.RISK and link in (EdgeKind.SUPPORTS, EdgeKind.REQUIRES):
        return EdgeKind.OPPOSES
    if new is NodeKind.INDICATOR:
        return EdgeKind.WATCHES
    if old is NodeKind.INDICATOR and link is EdgeKind.WATCHES:
        return default_edge_kind(new, target)
    return link


def set_kind(doc: MapDocument, node_ids: Sequence[str], kind: NodeKind) -> None:
    """Change the kind of nodes, and their links where the new kind needs another
    (:func:`relinked_kind`), in one undo step."""
    ids = [n for n in node_ids if doc.has_node(n) and doc.node(n).kind is not kind]
    if not ids:
        return
    chosen = set(ids)
    links: dict[str, list[Edge]] = {}
    for edge in doc.map.edges:
        if edge.source in chosen:
            links.setdefault(edge.source, []).append(edge)
    stack = doc.undo_stack
    stack.beginMacro(f"Make {kind.value}")
    for node_id in ids:
        old = doc.node(node_id).kind
        stack.push(EditNodeCommand(doc, node_id, {"kind": kind}))
        mine = links.get(node_id, [])
        taken = {(e.target, e.kind) for e in mine}
        for edge in mine:
            new = relinked_kind(edge.kind, old, kind, doc.node(edge.target).kind)
            # Two links to one target would be one of a kind twice: leave those be.
            if new is not edge.kind and (edge.target, new) not in taken:
                taken.discard((edge.target, edge.kind))
                taken.add((edge.target, new))
                stack.push(EditEdgeCommand(doc, edge.id, {"kind": new}))
    stack.endMacro()


def set_assessment(
    doc: MapDocument, node_ids: Sequence[str], assessment: Assessment | None
) -> None:
    """Assess several nodes in one undo step; nothing is pushed when nothing changes."""
    ids = [n for n in node_ids if doc.has_node(n) and doc.node(n).assessment != assessment]
    if not ids:
        return
    stack = doc.undo_stack
    stack.beginMacro("Assess" if assessment is None else f"Assess: {assessment.value}")
    for node_id in ids:
        stack.push(EditNodeCommand(doc, node_id, {"assessment": assessment}))
    stack.endMacro()


def set_edge_kind(doc: MapDocument, edge_id: str, kind: EdgeKind) -> None:
    if doc.edge(edge_id).kind is not kind:
        doc.undo_stack.push(
            EditEdgeCommand(doc, edge_id, {"kind": kind}, text=f"Make link {kind.value}")
        )


def set_collapsed(doc: MapDocument, node_ids: Sequence[str], collapsed: bool | None = None) -> None:
    """Collapse or expand (toggle when ``collapsed`` is None) the subtrees under the nodes."""
    ids = [n for n in node_ids if doc.has_node(n) and doc.sources_of(n)]
    if not ids:
        return
    if collapsed is None:
        collapsed = not doc.node(ids[0]).collapsed
    stack = doc.undo_stack
    stack.beginMacro("Collapse" if collapsed else "Expand")
    for node_id in ids:
        if doc.node(node_id).collapsed != collapsed:
            stack.push(EditNodeCommand(doc, node_id, {"collapsed": collapsed}))
    stack.endMacro()


def move(doc: MapDocument, positions: dict[str, tuple[float, float]], merge: bool = False) -> None:
    new = {k: _position(v) for k, v in positions.items()}
    doc.undo_stack.push(MoveCommand(doc, new, merge=merge, text="Move" if not merge else "Nudge"))


def auto_layout(doc: MapDocument) -> None:
    """Forget every hand-placed position, so the layout engine places all nodes."""
    placed = {n.id: None for n in doc.map.nodes if n.position is not None}
    if placed:
        doc.undo_stack.push(MoveCommand(doc, placed, text="Auto layout"))


def set_direction(doc: MapDocument, direction: Direction) -> None:
    if doc.map.view.direction is not direction:
        view = doc.map.view.model_copy()
        view.direction = direction
        doc.undo_stack.push(EditMapCommand(doc, {"view": view}, text=f"Lay out {direction.value}"))


# -- clipboard -------------------------------------------------------------------


def copy_fragment(doc: MapDocument, node_ids: Sequence[str]) -> str:
    """The subtrees under ``node_ids`` with the edges among them, as JSON text."""
    ids = doc.subtree(node_ids)
    inside = set(ids)
    nodes = [doc.node(n).model_dump(mode="json", exclude_defaults=True) for n in ids]
    edges = [
        e.model_dump(mode="json", exclude_defaults=True)
        for e in doc.map.edges
        if e.source in inside and e.target in inside
    ]
    roots = [n for n in node_ids if n in inside]
    return json.dumps({"format": "argmap-fragment", "roots": roots, "nodes": nodes, "edges": edges})


def paste_fragment(doc: MapDocument, text: str, target: str | None = None) -> list[str]:
    """Insert a copied fragment with fresh ids; its roots bear on ``target`` if given.

    Returns the new ids of the fragment's roots. Raises ``ValueError`` for text
    that is not a fragment.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError("the clipboard holds no Argmap nodes") from exc
    if not isinstance(data, dict) or data.get("format") != "argmap-fragment":
        raise ValueError("the clipboard holds no Argmap nodes")
    nodes = [Node.model_validate(n) for n in data.get("nodes", [])]
    edges = [Edge.model_validate(e) for e in data.get("edges", [])]
    renamed: dict[str, str] = {}
    taken: set[str] = set()

    counter = itertools.count(len(doc.map.nodes) + len(doc.map.edges) + 1)

    def fresh(stem: str) -> str:
        ident = f"{stem}{next(counter)}"
        while doc.has_id(ident) or ident in taken:
            ident = f"{stem}{next(counter)}"
        taken.add(ident)
        return ident

    for node in nodes:
        renamed[node.id] = fresh("n")
        node.id = renamed[node.id]
        node.position = None
    for edge in edges:
        edge.id = fresh("e")
        edge.source = renamed[edge.source]
        edge.target = renamed[edge.target]
    roots = [renamed[r] for r in data.get("roots", []) if r in renamed]
    if target is not None and doc.has_node(target):
        target_kind = doc.node(target).kind
        for root in roots:
            kind = next(n.kind for n in nodes if n.id == root)
            edges.append(
                Edge(
                    id=fresh("e"),
                    kind=default_edge_kind(kind, target_kind),
                    source=root,
                    target=target,
                )
            )
    doc.undo_stack.push(InsertCommand(doc, nodes, edges, text=f"Paste {len(nodes)} nodes"))
    return roots


def duplicate(doc: MapDocument, node_ids: Sequence[str]) -> list[str]:
    """Copy the subtrees and paste them beside the originals (bearing on the same target)."""
    if not node_ids:
        return []
    first = doc.targets_of(node_ids[0])
    target = first[0].target if first else None
    return paste_fragment(doc, copy_fragment(doc, node_ids), target)


def _position(xy: tuple[float, float]) -> Position:
    return Position(x=float(xy[0]), y=float(xy[1]))
