"""The layout worker: ``python -m argmap.layout.worker`` (see :mod:`argmap.workers`).

The editor lays large maps out here rather than on a thread of its own, so a
layout of a 10,000-node map (a few hundred milliseconds of pure Python) never
holds the editor's interpreter lock. Both sides keep the layouts they have
exchanged under a number (``key``), so a request names the layout to anchor
on instead of sending it, and the reply is what changed from it
(:class:`LayoutDiff`): after a typical edit a few hundred positions and routes
rather than the whole layout, which took longer to unpickle than to compute.

Request: ``(key, map, sizes, base_key, base, changed)`` where ``map`` is
:func:`compact`'s snapshot and ``base`` the layout ``base_key`` names, or None
when the worker should have it. Replies: ``("diff", LayoutDiff)``, ``("full",
Layout)`` without a base, ``("missing", base_key)`` when the worker does not
have the base (send it along), or ``("error", text)``.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from argmap.layout.layout import layout
from argmap.layout.result import Layout
from argmap.model import ArgumentMap, Direction, EdgeKind, NodeKind
from argmap.workers import serve

__all__ = ["LayoutDiff", "apply_diff", "compact", "diff", "expand", "handle"]

#: Layouts the worker keeps to anchor later requests on.
KEEP = 3

Point = tuple[float, float]
#: direction; node ids, kinds, collapsed flags, stored positions; edge ids, kinds,
#: sources, targets: columns of plain values (fast to build and to pickle).
Compact = tuple[
    str,
    list[str],
    list[str],
    list[bool],
    list[Point | None],
    list[str],
    list[str],
    list[str],
    list[str],
]

_MISSING: Any = object()
# Kinds by identity: hashing a StrEnum member runs Python code.
_NODE_CODE = {id(k): k.value for k in NodeKind}
_EDGE_CODE = {id(k): k.value for k in EdgeKind}


def compact(amap: ArgumentMap) -> Compact:
    """What the layout reads of a map, as columns of plain values."""
    nodes, edges = amap.nodes, amap.edges
    node_code, edge_code = _NODE_CODE, _EDGE_CODE
    return (
        amap.view.direction.value,
        list(map(attrgetter("id"), nodes)),
        [node_code[id(k)] for k in map(attrgetter("kind"), nodes)],
        list(map(attrgetter("collapsed"), nodes)),
        [None if p is None else (p.x, p.y) for p in map(attrgetter("position"), nodes)],
        list(map(attrgetter("id"), edges)),
        [edge_code[id(k)] for k in map(attrgetter("kind"), edges)],
        list(map(attrgetter("source"), edges)),
        list(map(attrgetter("target"), edges)),
    )


class _Point:
    __slots__ = ("x", "y")

    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y


class _Node:
    __slots__ = ("collapsed", "id", "kind", "position")

    def __init__(self, id: str, kind: NodeKind, collapsed: bool, position: _Point | None) -> None:
        self.id, self.kind, self.collapsed, self.position = id, kind, collapsed, position


class _Edge:
    __slots__ = ("id", "kind", "source", "target")

    def __init__(self, id: str, kind: EdgeKind, source: str, target: str) -> None:
        self.id, self.kind, self.source, self.target = id, kind, source, target


class _View:
    __slots__ = ("direction",)

    def __init__(self, direction: Direction) -> None:
        self.direction = direction


def expand(snapshot: Compact) -> ArgumentMap:
    """The map again, for reading only (light objects, no validation)."""
    direction, ids, kinds_, collapsed, positions, e_ids, e_kinds, sources, targets = snapshot
    kinds = {k.value: k for k in NodeKind}
    edge_kinds = {k.value: k for k in EdgeKind}
    light_nodes: list[Any] = [
        _Node(i, kinds[k], c, _Point(*p) if p is not None else None)
        for i, k, c, p in zip(ids, kinds_, collapsed, positions, strict=True)
    ]
    light_edges: list[Any] = [
        _Edge(i, edge_kinds[k], s, t)
        for i, k, s, t in zip(e_ids, e_kinds, sources, targets, strict=True)
    ]
    view: Any = _View(Direction(direction))
    return ArgumentMap.model_construct(nodes=light_nodes, edges=light_edges, view=view)


@dataclass(frozen=True)
class LayoutDiff:
    """A layout as the changes from another: dict fields changed or added, and the
    keys removed; the small fields whole."""

    changed: dict[str, dict[str, Any]]
    removed: dict[str, list[str]]
    hidden: frozenset[str]
    tree_edges: frozenset[str]
    bounds: tuple[float, float, float, float]
    direction: Direction


_DICTS = ("positions", "routes", "hidden_count", "tree_parent", "groups")


def diff(old: Layout, new: Layout) -> LayoutDiff:
    changed: dict[str, dict[str, Any]] = {}
    removed: dict[str, list[str]] = {}
    for name in _DICTS:
        a, b = getattr(old, name), getattr(new, name)
        get = a.get
        changed[name] = {k: v for k, v in b.items() if get(k, _MISSING) != v}
        removed[name] = [k for k in a if k not in b]
    return LayoutDiff(
        changed,
        removed,
        new.hidden,
        new.tree_edges,
        new.bounds,
        new.direction,
    )


def apply_diff(old: Layout, change: LayoutDiff) -> Layout:
    """The layout ``change`` describes, from the layout it was taken against."""
    fields: dict[str, Any] = {}
    for name in _DICTS:
        d = dict(getattr(old, name))
        d.update(change.changed[name])
        for k in change.removed[name]:
            del d[k]
        fields[name] = d
    return Layout(
        hidden=change.hidden,
        tree_edges=change.tree_edges,
        bounds=change.bounds,
        direction=change.direction,
        **fields,
    )


_kept: OrderedDict[int, Layout] = OrderedDict()


def handle(request: tuple[Any, ...]) -> tuple[str, Any]:
    key, snapshot, sizes, base_key, base, changed = request
    if base is None and base_key is not None:
        base = _kept.get(base_key)
        if base is None:
            return ("missing", base_key)
    try:
        result = layout(expand(snapshot), sizes, previous=base, changed=changed)
    except Exception as exc:  # reported: the editor lays the map out itself
        return ("error", f"{type(exc).__name__}: {exc}")
    _kept[key] = result
    if base_key is not None and base is not None:
        _kept[base_key] = base
        _kept.move_to_end(key)
    while len(_kept) > KEEP:
        _kept.popitem(last=False)
    return ("full", result) if base is None else ("diff", diff(base, result))


if __name__ == "__main__":
    # Serve from the module under its import name, so replies pickle as
    # argmap.layout.worker.LayoutDiff rather than __main__.LayoutDiff.
    from argmap.layout.worker import handle as _handle

    serve(_handle, sys.stdin.buffer, sys.stdout.buffer)
