"""The logical graph of a map, compiled to integer arrays for the analysis.

Nodes are renumbered by *position*: the order in which the bottom-up pass
visits them. Positions come from an iterative Tarjan walk that starts at the
theses and follows edges from a node to its sources, so

- every node comes after all of its sources, except inside a cycle
  (a strongly connected component with more than one node), whose members
  are consecutive;
- on the tree-shaped part of a map, the nodes upstream of a node form a
  contiguous run of positions ending at it (post-order). The cascade sets use
  this: their lowest and highest members bound them tightly.

Only ``supports``, ``requires`` and ``opposes`` edges carry logic; ``watches``
is ignored here. Nothing in this module recurses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, is_, is_not, not_

import networkx as nx

from argmap.model import LOGICAL_EDGE_KINDS, ArgumentMap, Assessment, EdgeKind, NodeKind

__all__ = ["CompiledGraph", "compile_map", "logical_graph", "thesis_ids"]


@dataclass(eq=False)
class CompiledGraph:
    """A map's logical structure, indexed by position (see the module docstring)."""

    ids: list[str]
    """Node id at each position."""
    pos: dict[str, int]
    """Position of each node id."""
    doc_index: list[int]
    """Index of the node in ``ArgumentMap.nodes``, per position."""
    doc_position: list[int]
    """Position of each node, by index in ``ArgumentMap.nodes`` (the inverse of ``doc_index``)."""
    kinds: list[NodeKind]
    own: list[bool]
    """``own(u)``: assessment, else the kind's default (a risk does not hold)."""
    belief: list[float | None]
    req: list[tuple[int, ...]]
    """Sources of ``requires`` edges, per position (no duplicates)."""
    sup: list[tuple[int, ...]]
    opp: list[tuple[int, ...]]
    is_reason: list[bool]
    inputs: list[tuple[int, ...]]
    """All logical sources of a node (no duplicates)."""
    consumers: list[list[int]]
    """All logical targets of a node (no duplicates), in document order."""
    comp: list[int]
    """Component number per position; components are numbered in position order."""
    comp_members: list[tuple[int, ...]]
    comp_cyclic: list[bool]
    theses: list[int]
    """Positions of the theses, in document order."""
    _upstream_cache: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _upstream_marks: dict[int, bytearray] = field(default_factory=dict, repr=False)
    _prefix: tuple[int, int] = field(default=(-1, -1), repr=False)
    """A node and the last position of the run from 0 that is exactly its upstream:
    the first node :func:`compile_map`'s walk starts at (-1 when none is known)."""

    @property
    def size(self) -> int:
        return len(self.ids)

    def upstream(self, root: int) -> list[int]:
        """Positions that can reach ``root`` (``root`` included), ascending."""
        cached = self._upstream_cache.get(root)
        if cached is None:
            first, last = self._prefix
            if root == first:
                cached = list(range(last + 1))
            else:
                cached = list(compress(range(self.size), self.upstream_marks(root)))
            self._upstream_cache[root] = cached
        return cached

    def upstream_marks(self, root: int) -> bytearray:
        """1 at each position that can reach ``root`` (``root`` included), else 0."""
        marks = self._upstream_marks.get(root)
        if marks is not None:
            return marks
        first, last = self._prefix
        if root == first:
            marks = bytearray(b"\x01" * (last + 1))
            marks.extend(bytes(self.size - last - 1))
            self._upstream_marks[root] = marks
            return marks
        marks = bytearray(self.size)
        marks[root] = 1
        stack = [root]
        inputs = self.inputs
        while stack:
            for s in inputs[stack.pop()]:
                if not marks[s]:
                    marks[s] = 1
                    stack.append(s)
        self._upstream_marks[root] = marks
        return marks

    def downstream(self, starts: list[int]) -> set[int]:
        """Positions reachable from ``starts`` along logical edges (starts included)."""
        seen = set(starts)
        stack = list(starts)
        consumers = self.consumers
        while stack:
            u = stack.pop()
            for t in consumers[u]:
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return seen


def own_standing(kind: NodeKind, assessment: Assessment | None) -> bool:
    """``own(u)`` as DESIGN.md section 4 defines it."""
    if assessment is Assessment.HOLDS:
        return True
    if assessment is Assessment.FAILS:
        return False
    return kind is not NodeKind.RISK


def thesis_ids(amap: ArgumentMap) -> list[str]:
    """The theses: nodes of kind thesis; else non-indicators that bear on nothing."""
    explicit = [n.id for n in amap.nodes if n.kind is NodeKind.THESIS]
    if explicit:
        return explicit
    bearing = {e.source for e in amap.edges if e.kind in LOGICAL_EDGE_KINDS}
    return [n.id for n in amap.nodes if n.kind is not NodeKind.INDICATOR and n.id not in bearing]


def logical_graph(amap: ArgumentMap) -> nx.MultiDiGraph:
    """The map as a networkx graph: every node, and the edges that carry logic.

    Edges run from ``source`` to ``target`` and carry ``kind`` and ``id``.
    """
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    for node in amap.nodes:
        graph.add_node(node.id, kind=node.kind)
    for edge in amap.edges:
        if edge.kind in LOGICAL_EDGE_KINDS:
            graph.add_edge(edge.source, edge.target, key=edge.id, kind=edge.kind)
    return graph


_EDGE_CODE = {id(EdgeKind.REQUIRES): 0, id(EdgeKind.SUPPORTS): 1, id(EdgeKind.OPPOSES): 2}
"""Logical edge kinds by identity (hashing a ``StrEnum`` runs Python code)."""


def compile_map(amap: ArgumentMap) -> CompiledGraph:
    """Compile ``amap`` to position-indexed arrays (linear time, no recursion).

    Fields are read once per node and edge, by C-level attribute getters: on
    large maps the objects are spread over memory and touching them is much of
    the cost. Most of the rest runs in ``map``/``zip``/``compress``; the Python
    loops are one over the logical edges, the walk, and one over the nodes that
    have inputs.
    """
    nodes = amap.nodes
    n = len(nodes)
    doc_ids: tuple[str, ...] = ()
    doc_kinds: tuple[NodeKind, ...] = ()
    doc_assessments: tuple[Assessment | None, ...] = ()
    doc_beliefs: tuple[float | None, ...] = ()
    if n:
        rows = map(attrgetter("id", "kind", "assessment", "belief"), nodes)
        doc_ids, doc_kinds, doc_assessments, doc_beliefs = zip(*rows, strict=True)
    doc_of = dict(zip(doc_ids, range(n), strict=True))
    # Sources by kind, per target document index (None where there are none),
    # each in edge order without duplicates.
    req_d: list[list[int] | None] = [None] * n
    sup_d: list[list[int] | None] = [None] * n
    opp_d: list[list[int] | None] = [None] * n
    tables = (req_d, sup_d, opp_d)
    has_consumer = bytearray(n)
    edges = amap.edges
    codes: list[int | None] = []
    sources_e: tuple[str, ...] = ()
    if edges:
        rows_e = map(attrgetter("kind", "source", "target"), edges)
        kinds_e, sources_e, targets_e = zip(*rows_e, strict=True)
        codes = list(map(_EDGE_CODE.get, map(id, kinds_e)))
        get = doc_of.get
        for code, source, target in zip(
            codes, map(get, sources_e), map(get, targets_e), strict=True
        ):
            if code is None or source is None or target is None or source == target:
                continue
            table = tables[code]
            sources = table[target]
            if sources is None:
                table[target] = [source]
            elif source not in sources:
                sources.append(source)
            else:
                continue
            has_consumer[source] = 1
    # All logical sources per target: requirements, supporters, attackers, each
    # once. Most targets have sources of one kind only, whose list is taken as is.
    inputs_d = list(sup_d)
    others = {*compress(range(n), req_d), *compress(range(n), opp_d)}
    for d in others:
        rq, sp, op = req_d[d], sup_d[d], opp_d[d]
        if sp is not None or (rq is not None and op is not None):
            inputs_d[d] = list(dict.fromkeys([*(rq or ()), *(sp or ()), *(op or ())]))
        else:
            inputs_d[d] = rq or op
    theses_doc = list(compress(range(n), map(is_, doc_kinds, repeat(NodeKind.THESIS))))
    if not theses_doc:
        get = doc_of.get
        bearing = {get(s) for code, s in zip(codes, sources_e, strict=True) if code is not None}
        indicator = NodeKind.INDICATOR
        theses_doc = [d for d in range(n) if d not in bearing and doc_kinds[d] is not indicator]
    # Start the walk at the theses, then at other sinks, then anywhere else.
    starts = theses_doc + list(compress(range(n), map(not_, has_consumer))) + list(range(n))
    order, cycles = _walk(n, inputs_d, starts)

    position = [0] * n
    for p, d in enumerate(order):
        position[d] = p
    at = position.__getitem__
    # Per position: inputs, and consumers in document order of the consumer.
    inputs: list[tuple[int, ...]] = [()] * n
    sup: list[tuple[int, ...]] = [()] * n
    consumers: list[list[int]] = [[] for _ in range(n)]
    for d, ins in zip(compress(range(n), inputs_d), filter(None, inputs_d), strict=True):
        t = position[d]
        if len(ins) == 1:
            s = position[ins[0]]
            inputs[t] = sup[t] = (s,)
            consumers[s].append(t)
        else:
            inputs[t] = sup[t] = ps = tuple(map(at, ins))
            for s in ps:
                consumers[s].append(t)
    # ``sup`` assumed every source a supporter; put the others right.
    req: list[tuple[int, ...]] = [()] * n
    opp: list[tuple[int, ...]] = [()] * n
    for d in others:
        t = position[d]
        sources = sup_d[d]
        sup[t] = () if sources is None else tuple(map(at, sources))
        sources = req_d[d]
        if sources is not None:
            req[t] = tuple(map(at, sources))
        sources = opp_d[d]
        if sources is not None:
            opp[t] = tuple(map(at, sources))

    if cycles:
        comp, comp_members, comp_cyclic = _components(n, cycles)
    else:
        comp = list(range(n))
        comp_members = list(zip(range(n)))
        comp_cyclic = [False] * n
    # The walk's first start found nothing visited before: its upstream is every
    # node placed until its component was complete.
    prefix = (-1, -1)
    if n:
        first = position[starts[0]]
        prefix = (first, comp_members[comp[first]][-1])
    ids = list(map(doc_ids.__getitem__, order))
    kinds = list(map(doc_kinds.__getitem__, order))
    # own(u): the kind's default (a risk does not hold), unless assessed.
    own = list(map(is_not, kinds, repeat(NodeKind.RISK)))
    assessments = list(map(doc_assessments.__getitem__, order))
    holds = Assessment.HOLDS
    for p in compress(range(n), assessments):
        own[p] = assessments[p] is holds
    return CompiledGraph(
        ids=ids,
        pos=dict(zip(ids, range(n), strict=True)),
        doc_index=order,
        doc_position=position,
        kinds=kinds,
        own=own,
        belief=list(map(doc_beliefs.__getitem__, order)),
        req=req,
        sup=sup,
        opp=opp,
        is_reason=list(map(is_, kinds, repeat(NodeKind.REASON))),
        inputs=inputs,
        consumers=consumers,
        comp=comp,
        comp_members=comp_members,
        comp_cyclic=comp_cyclic,
        theses=[position[d] for d in theses_doc],
        _prefix=prefix,
    )


def _components(
    n: int, cycles: list[tuple[int, int]]
) -> tuple[list[int], list[tuple[int, ...]], list[bool]]:
    """``comp``, ``comp_members`` and ``comp_cyclic`` when some components are cycles,
    given as (first position, size)."""
    comp = [0] * n
    comp_members: list[tuple[int, ...]] = []
    comp_cyclic: list[bool] = []
    p = 0
    for start, size in (*cycles, (n, 0)):
        c = len(comp_members)
        comp[p:start] = range(c, c + start - p)
        comp_members.extend(zip(range(p, start)))
        comp_cyclic.extend([False] * (start - p))
        if size:
            c = len(comp_members)
            members = tuple(range(start, start + size))
            comp[start : start + size] = [c] * size
            comp_members.append(members)
            comp_cyclic.append(True)
        p = start + size
    return comp, comp_members, comp_cyclic


def _walk(
    n: int, inputs: list[list[int] | None], starts: list[int]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Positions: the nodes (document indices) in the order an iterative Tarjan walk
    from ``starts`` along inputs finishes their strongly connected components,
    each cycle's members consecutive and in document order; and the cycles, as
    (first position, size).

    A node without inputs is a component of its own that finishes as soon as it
    is found, so it gets its position there and then, without a frame.
    """
    index = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    order: list[int] = []
    cycles: list[tuple[int, int]] = []
    counter = 0
    for root in starts:
        if index[root] != -1:
            continue
        ins = inputs[root]
        if not ins:
            index[root] = n
            order.append(root)
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, iter(ins))]
        while work:
            v, it = work[-1]
            for w in it:
                iw = index[w]
                if iw == -1:
                    ins = inputs[w]
                    if not ins:
                        index[w] = n
                        order.append(w)
                        continue
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append((w, iter(ins)))
                    break
                if on_stack[w] and iw < low[v]:
                    low[v] = iw
            else:
                work.pop()
                lv = low[v]
                if work:
                    p = work[-1][0]
                    if lv < low[p]:
                        low[p] = lv
                if lv == index[v]:
                    w = stack.pop()
                    on_stack[w] = 0
                    if w == v:
                        order.append(v)
                        continue
                    members = [w]
                    while w != v:
                        w = stack.pop()
                        on_stack[w] = 0
                        members.append(w)
                    # Members in document order, so that positions do not depend
                    # on the walk inside the cycle.
                    members.sort()
                    cycles.append((len(order), len(members)))
                    order.extend(members)
    return order, cycles
