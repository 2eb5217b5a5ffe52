"""The spanning forest that the layout draws as a tidy tree.

Nodes are numbered in document order; everything here is plain lists indexed
by those numbers, so that 100,000-node maps stay fast.

Rules (DESIGN.md sections 3 and 5):

- A node's parent is its first target in edge document order over the logical
  edges (``supports``, ``requires``, ``opposes``). A target that would close a
  cycle is skipped for the next one; a node whose targets all close cycles is a
  root. Nodes of kind ``thesis`` are always roots.
- A node that bears on nothing through logical edges but ``watches`` something
  (an indicator) hangs under the first node it watches, after that node's
  logical children, so it is drawn beside and below what it watches.
- Children are in document order, except that a reason's co-premises (its
  ``supports`` sources) come first, and a contention's ``supports`` sources come
  first (its left side) and its ``opposes`` sources last (its right side).
- Roots: theses first, then the other parentless nodes that have children, all
  in document order. Parentless, childless nodes other than theses are
  ``isolated``; the layout parks them beside the forest.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.model.enums import EdgeKind, NodeKind
from argmap.model.map import ArgumentMap

SUPPORTS, REQUIRES, OPPOSES, WATCHES = 0, 1, 2, 3
_KIND_CODE = {
    EdgeKind.SUPPORTS: SUPPORTS,
    EdgeKind.REQUIRES: REQUIRES,
    EdgeKind.OPPOSES: OPPOSES,
    EdgeKind.WATCHES: WATCHES,
}
# Order of a reason's children: co-premises, then the rest.
_REASON_RANK = (0, 1, 2, 3)
# Order of a contention's children: left side, middle, right side.
_CONTENTION_RANK = (0, 1, 2, 1)
_PLAIN_RANK = (0, 0, 0, 1)
#: The children of every childless node: shared, so never to be changed.
_NONE: list[int] = []


@dataclass(slots=True)
class Forest:
    """A spanning forest over a map's nodes, all by document-order number."""

    ids: list[str]
    index: dict[str, int]
    parent: list[int]  # -1 for roots and isolated nodes
    parent_edge: list[int]  # edge number of the tree edge to the parent, or -1
    children: list[list[int]]  # in drawing order, left to right
    roots: list[int]
    isolated: list[int]
    collapsed: list[bool]
    #: contention -> (number of left-side children, number of middle children);
    #: the rest of its children are its right side.
    sides: dict[int, tuple[int, int]]
    #: reason -> number of co-premises (its first children).
    premises: dict[int, int]
    edge_ids: list[str]
    edge_source: list[int]
    edge_target: list[int]


def spanning_forest(amap: ArgumentMap) -> Forest:
    nodes = amap.nodes
    ids = [node.id for node in nodes]
    n = len(ids)
    index = {node_id: i for i, node_id in enumerate(ids)}
    kinds = [node.kind for node in nodes]

    edges = amap.edges
    edge_ids = [edge.id for edge in edges]
    edge_source = [index[edge.source] for edge in edges]
    edge_target = [index[edge.target] for edge in edges]
    kind_code = _KIND_CODE  # keyed by StrEnum members, which hash as their values
    edge_code = [kind_code[edge.kind] for edge in edges]
    is_watch = [code == WATCHES for code in edge_code]
    # Each node's first logical and first watches edge; the full lists of its
    # outgoing edges are only needed where a first target closes a cycle.
    first_logical = [-1] * n
    first_watch = [-1] * n
    for number in range(len(edges) - 1, -1, -1):
        if is_watch[number]:
            first_watch[edge_source[number]] = number
        else:
            first_logical[edge_source[number]] = number
    outs: tuple[list[list[int]], list[list[int]]] | None = None

    parent = [-1] * n
    parent_edge = [-1] * n
    # While every link made so far points back in document order (to an earlier
    # node), no link can close a cycle. From the first link forward on, a
    # union-find over the trees built so far decides: a node without a parent is
    # the top of its tree, so linking it below t closes a cycle exactly when t is
    # in its tree.
    uf: list[int] | None = None
    thesis = NodeKind.THESIS
    can_hang = [kind != thesis for kind in kinds]
    watched: set[int] = set()
    for table, first in enumerate((first_logical, first_watch)):
        for v in range(n):
            e = first[v]
            if e < 0 or parent[v] >= 0 or not can_hang[v]:
                continue
            t = edge_target[e]
            if uf is None and t < v:
                parent[v] = t
                parent_edge[v] = e
                continue
            if uf is None:
                uf = [p if p >= 0 else i for i, p in enumerate(parent)]
            if outs is None:
                outs = _out_lists(edge_source, is_watch, n)
            for number in outs[table][v]:
                t = edge_target[number]
                rt = _find(uf, t)
                rv = _find(uf, v)
                if rt != rv:
                    parent[v] = t
                    parent_edge[v] = number
                    uf[rv] = rt
                    break
        if table == 1:
            watched.update(
                parent[v]
                for v in range(n)
                if first[v] >= 0 and parent_edge[v] >= 0 and is_watch[parent_edge[v]]
            )

    # Childless nodes share one empty list (never mutated): cheaper than 100,000.
    children: list[list[int]] = [_NONE] * n
    for v in range(n):
        p = parent[v]
        if p >= 0:
            kids = children[p]
            if kids is _NONE:
                children[p] = [v]
            else:
                kids.append(v)

    sides: dict[int, tuple[int, int]] = {}
    premises: dict[int, int] = {}
    reason = NodeKind.REASON
    contention = NodeKind.CONTENTION
    # Children are in document order already; only reasons, contentions and the
    # nodes that something watches as its parent need them reordered.
    special = watched
    special.update([v for v, kind in enumerate(kinds) if kind in (reason, contention)])
    for v in sorted(special):
        kids = children[v]
        if not kids:
            continue
        kind = kinds[v]
        if kind == reason:
            rank = _REASON_RANK
        elif kind == contention:
            rank = _CONTENTION_RANK
        else:
            rank = _PLAIN_RANK
        ranks = [rank[edge_code[parent_edge[c]]] for c in kids]
        if any(ranks[i] > ranks[i + 1] for i in range(len(ranks) - 1)):
            order = sorted(range(len(kids)), key=ranks.__getitem__)
            kids[:] = [kids[i] for i in order]
            ranks.sort()
        if kind == reason:
            premises[v] = ranks.count(0)
        elif kind == contention:
            sides[v] = (ranks.count(0), ranks.count(1))

    roots: list[int] = []
    others: list[int] = []
    isolated: list[int] = []
    for v in range(n):
        if parent[v] >= 0:
            continue
        if kinds[v] == thesis:
            roots.append(v)
        elif children[v]:
            others.append(v)
        else:
            isolated.append(v)
    roots.extend(others)

    return Forest(
        ids=ids,
        index=index,
        parent=parent,
        parent_edge=parent_edge,
        children=children,
        roots=roots,
        isolated=isolated,
        collapsed=[node.collapsed for node in nodes],
        sides=sides,
        premises=premises,
        edge_ids=edge_ids,
        edge_source=edge_source,
        edge_target=edge_target,
    )


@dataclass(slots=True)
class Visible:
    """What collapsing leaves visible, in tree order."""

    #: visible nodes of the forest (not the isolated ones), parents before children,
    #: the last child of each node first (a mirrored preorder).
    order: list[int]
    depth: list[int]  # valid for visible nodes
    hidden: list[int]
    hidden_count: dict[int, int]


def visible_part(forest: Forest) -> Visible:
    """Walk the forest without descending below collapsed nodes."""
    n = len(forest.ids)
    children = forest.children
    collapsed = forest.collapsed
    depth = [0] * n
    order: list[int] = []
    stack = list(forest.roots)
    append = order.append
    push = stack.extend
    pop = stack.pop
    while stack:
        v = pop()
        append(v)
        kids = children[v]
        if kids and not collapsed[v]:
            d = depth[v] + 1
            for c in kids:
                depth[c] = d
            push(kids)
    hidden: list[int] = []
    hidden_count: dict[int, int] = {}
    if any(collapsed):
        seen = [False] * n
        for v in order:
            seen[v] = True
        for v in forest.isolated:
            seen[v] = True
        hidden = [v for v in range(n) if not seen[v]]
        size = _subtree_sizes(forest)
        hidden_count = {v: size[v] - 1 for v in range(n) if collapsed[v]}
    return Visible(order=order, depth=depth, hidden=hidden, hidden_count=hidden_count)


def _out_lists(
    edge_source: list[int], is_watch: list[bool], n: int
) -> tuple[list[list[int]], list[list[int]]]:
    """Each node's outgoing logical edges and watches edges, in document order."""
    logical: list[list[int]] = [[] for _ in range(n)]
    watch: list[list[int]] = [[] for _ in range(n)]
    for number, source in enumerate(edge_source):
        (watch if is_watch[number] else logical)[source].append(number)
    return logical, watch


def _find(uf: list[int], x: int) -> int:
    root = x
    while uf[root] != root:
        root = uf[root]
    while uf[x] != root:
        uf[x], x = root, uf[x]
    return root


def _subtree_sizes(forest: Forest) -> list[int]:
    n = len(forest.ids)
    children = forest.children
    order: list[int] = []
    stack = list(forest.roots)
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(children[v])
    size = [1] * n
    parent = forest.parent
    for v in reversed(order):
        p = parent[v]
        if p >= 0:
            size[p] += size[v]
    return size
