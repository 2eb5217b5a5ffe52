"""The logical graph of a map, compiled to integer arrays for the analysis.

Nodes are renumbered by *position*: the order in which the bottom-up pass
visits them. Positions come from an iterative Tarjan walk (Pearce's variant)
that starts at the theses and follows edges from a node to its sources, so

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

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, filterfalse
from operator import attrgetter, eq, itemgetter
from typing import Any

import networkx as nx

from argmap.model import LOGICAL_EDGE_KINDS, ArgumentMap, Assessment, EdgeKind, NodeKind

__all__ = ["CompiledGraph", "compile_map", "indices_of", "logical_graph", "thesis_ids"]


@dataclass(eq=False)
class CompiledGraph:
    """A map's logical structure, indexed by position (see the module docstring)."""

    ids: list[str]
    """Node id at each position."""
    pos: dict[str, int]
    """Position of each node id; keyed in document order when ids are unique (as in
    any valid map), which ``result._status_map`` relies on."""
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
    consumers: list[tuple[int, ...]]
    """All logical targets of a node (no duplicates), in position order; the 1-tuple
    from ``ones`` for a node with one."""
    comp: list[int]
    """Component number per position; components are numbered in position order."""
    comp_members: list[tuple[int, ...]]
    comp_cyclic: list[bool]
    theses: list[int]
    """Positions of the theses, in document order."""
    ones: list[tuple[int, ...]] = field(default_factory=list, repr=False)
    """The 1-tuple ``(p,)`` of each position, shared wherever a one-member tuple of
    positions is needed (the inputs or consumers of a node with one, and the
    members of a component of one node): fewer objects to allocate and for the
    collector to visit."""
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


def _columns(objects: Sequence[Any], names: tuple[str, ...]) -> list[list[Any]]:
    """The named fields of ``objects``, one list per field.

    A pydantic model keeps its field values in its instance ``__dict__``; reading
    them from there skips the attribute lookup through the class. Objects without
    one (the worker's slotted stand-ins) are read by attribute. One pass per field
    beats one pass for all that ``zip(*rows)`` then transposes.
    """
    try:
        dicts = list(map(_DICT, objects))
        return [list(map(itemgetter(name), dicts)) for name in names]
    except (AttributeError, KeyError):
        return [list(map(attrgetter(name), objects)) for name in names]


_DICT = attrgetter("__dict__")


def _gather(table: Any, keys: Sequence[Any]) -> tuple[Any, ...]:
    """``table[k]`` for each key, in one C call (``KeyError`` for a missing key)."""
    if len(keys) > 1:
        return itemgetter(*keys)(table)
    return (table[keys[0]],) if keys else ()


def _positions(
    position: list[int], sources: list[int], ones: list[tuple[int, ...]]
) -> tuple[int, ...]:
    """The positions of ``sources`` (not empty); one source's is its shared 1-tuple."""
    if len(sources) > 1:
        return itemgetter(*sources)(position)
    return ones[position[sources[0]]]


def _drop_invalid(
    doc_of: dict[str, int], sources_e: Sequence[str], targets_e: Sequence[str], tables_e: list[Any]
) -> tuple[list[int | None], list[int | None], set[int | None]]:
    """For a map that was not validated (the worker's): the ends of the edges as
    document indices (None for a missing node), with the table of each edge
    that joins a node to itself or to a missing node set to None (it carries no
    logic); and the nodes that bear on another by ``thesis_ids``' rule, which
    counts the sources of those edges too."""
    get = doc_of.get
    src, tgt = list(map(get, sources_e)), list(map(get, targets_e))
    bearing = set(compress(src, tables_e))
    for e, (s, t) in enumerate(zip(src, tgt, strict=True)):
        if s is None or t is None or s == t:
            tables_e[e] = None
    return src, tgt, bearing


def compile_map(amap: ArgumentMap) -> CompiledGraph:
    """Compile ``amap`` to position-indexed arrays (linear time, no recursion).

    Fields are read once per node and edge: on large maps the objects are spread
    over memory and touching them is much of the cost. Most of the rest runs in
    C (``map``, ``zip``, ``compress``, many-key ``itemgetter``); the Python loops
    are one over the logical edges, the walk (which also turns each node's inputs
    into positions), and one over the nodes that have inputs, for their consumers.
    """
    nodes = amap.nodes
    n = len(nodes)
    doc_ids, doc_kinds, doc_assessments, doc_beliefs = _columns(nodes, _NODE_FIELDS)
    doc_of = dict(zip(doc_ids, range(n), strict=True))
    # Sources by kind, per target document index (None where there are none),
    # each in edge order without duplicates.
    req_d: list[list[int] | None] = [None] * n
    sup_d: list[list[int] | None] = [None] * n
    opp_d: list[list[int] | None] = [None] * n
    by_kind = {
        id(EdgeKind.REQUIRES): req_d,
        id(EdgeKind.SUPPORTS): sup_d,
        id(EdgeKind.OPPOSES): opp_d,
    }
    kinds_e, sources_e, targets_e = _columns(amap.edges, _EDGE_FIELDS)
    # The table each edge goes to, None for an edge that carries no logic.
    tables_e: list[Any] = list(map(by_kind.get, map(id, kinds_e)))
    thesis_bearing: set[int | None] | None = None
    try:
        src: Sequence[Any] = _gather(doc_of, sources_e)
        tgt: Sequence[Any] = _gather(doc_of, targets_e)
        valid = not any(map(eq, src, tgt))
    except KeyError:
        valid = False
    if not valid:
        src, tgt, thesis_bearing = _drop_invalid(doc_of, sources_e, targets_e, tables_e)
    for table, source, target in compress(zip(tables_e, src, tgt, strict=True), tables_e):
        sources = table[target]
        if sources is None:
            table[target] = [source]
        elif source not in sources:
            sources.append(source)
    # The nodes that bear on another: not sinks, nor theses by default.
    bearing = set(compress(src, tables_e))
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
    theses_doc = list(indices_of(doc_kinds, NodeKind.THESIS))
    if not theses_doc:
        if thesis_bearing is None:
            thesis_bearing = bearing
        indicator = NodeKind.INDICATOR
        theses_doc = [
            d for d in range(n) if d not in thesis_bearing and doc_kinds[d] is not indicator
        ]
    # The 1-tuple of each position: the members of a component of one node, and
    # shared as the inputs (and sources by kind) of each node with one: fewer
    # objects to allocate and for the collector to visit.
    ones: list[tuple[int, ...]] = list(zip(range(n)))
    order, position, inputs, consumers, cycles = _walk(n, inputs_d, theses_doc, bearing, ones)
    # ``sup`` assumed every source a supporter; put the others right.
    sup = inputs.copy()
    req: list[tuple[int, ...]] = [()] * n
    opp: list[tuple[int, ...]] = [()] * n
    for d in others:
        t = position[d]
        sources = sup_d[d]
        sup[t] = () if sources is None else _positions(position, sources, ones)
        sources = req_d[d]
        if sources is not None:
            req[t] = _positions(position, sources, ones)
        sources = opp_d[d]
        if sources is not None:
            opp[t] = _positions(position, sources, ones)
    if cycles:
        comp, comp_members, comp_cyclic = _components(n, cycles, ones)
    else:
        comp = list(range(n))
        comp_members = ones
        comp_cyclic = [False] * n
    # The walk's first start found nothing visited before: its upstream is every
    # node placed until its component was complete.
    prefix = (-1, -1)
    if n:
        root = theses_doc[0] if theses_doc else next(filterfalse(bearing.__contains__, range(n)), 0)
        first = position[root]
        prefix = (first, comp_members[comp[first]][-1])
    # Document order to position order, in one C call per field.
    permute = _permutation(order)
    ids = permute(doc_ids)
    kinds = permute(doc_kinds)
    # own(u): the kind's default (a risk does not hold), unless assessed.
    own = [True] * n
    for p in indices_of(kinds, NodeKind.RISK):
        own[p] = False
    assessments = permute(doc_assessments)
    holds = Assessment.HOLDS
    for p in compress(range(n), assessments):
        own[p] = assessments[p] is holds
    # Ids are unique in a valid map: then document order gives the same dict,
    # reading the ids in the order they lie in memory.
    if len(doc_of) == n:
        pos = dict(zip(doc_ids, position, strict=True))
    else:
        pos = dict(zip(ids, range(n), strict=True))
    belief = permute(doc_beliefs)
    is_reason = [False] * n
    for p in indices_of(kinds, NodeKind.REASON):
        is_reason[p] = True
    return CompiledGraph(
        ids=ids,
        pos=pos,
        doc_index=order,
        doc_position=position,
        kinds=kinds,
        own=own,
        belief=belief,
        req=req,
        sup=sup,
        opp=opp,
        is_reason=is_reason,
        inputs=inputs,
        consumers=consumers,
        comp=comp,
        comp_members=comp_members,
        comp_cyclic=comp_cyclic,
        theses=[position[d] for d in theses_doc],
        ones=ones,
        _prefix=prefix,
    )


_NODE_FIELDS = ("id", "kind", "assessment", "belief")
_EDGE_FIELDS = ("kind", "source", "target")


def _permutation(order: list[int]) -> Callable[[Sequence[Any]], list[Any]]:
    """A function that lists ``seq[d] for d in order`` (a many-key ``itemgetter``)."""
    if len(order) > 1:
        take = itemgetter(*order)
        return lambda seq: list(take(seq))
    return lambda seq: [seq[d] for d in order]


def _components(
    n: int, cycles: list[tuple[int, int]], ones: list[tuple[int, ...]]
) -> tuple[list[int], list[tuple[int, ...]], list[bool]]:
    """``comp``, ``comp_members`` and ``comp_cyclic`` when some components are cycles,
    given as (first position, size); ``ones`` holds the 1-tuple of each position."""
    comp = [0] * n
    comp_members: list[tuple[int, ...]] = []
    comp_cyclic: list[bool] = []
    p = 0
    for start, size in (*cycles, (n, 0)):
        c = len(comp_members)
        comp[p:start] = range(c, c + start - p)
        comp_members.extend(ones[p:start])
        comp_cyclic.extend([False] * (start - p))
        if size:
            c = len(comp_members)
            members = tuple(range(start, start + size))
            comp[start : start + size] = [c] * size
            comp_members.append(members)
            comp_cyclic.append(True)
        p = start + size
    return comp, comp_members, comp_cyclic


def indices_of(seq: list[Any], value: Any) -> Iterator[int]:
    """The indices of the items equal to ``value``, in order, each found when the
    loop asks for it (so ``seq`` may change meanwhile). ``list.index`` scans in
    C: a value that few items have costs little more than one pass."""
    i = -1
    try:
        while True:
            i = seq.index(value, i + 1)
            yield i
    except ValueError:
        return


def _walk(
    n: int,
    inputs: list[list[int] | None],
    theses: list[int],
    bearing: set[int | None],
    ones: list[tuple[int, ...]],
) -> tuple[
    list[int], list[int], list[tuple[int, ...]], list[tuple[int, ...]], list[tuple[int, int]]
]:
    """Positions: the nodes (document indices) in the order a walk along inputs,
    from the ``theses``, then from the other sinks (the nodes not in ``bearing``),
    then from any node still unplaced, finishes their
    strongly connected components, each cycle's members consecutive and in
    document order; the position of each node; the inputs of each position, as
    positions (a node with one input gets that input's tuple from ``ones``,
    the 1-tuple of each position); the consumers of each position, in position
    order (likewise from ``ones`` for a node with one); and the cycles, as
    (first position, size).

    The walk is Pearce's variant of Tarjan's algorithm ("A space-efficient
    algorithm for finding strongly connected components", 2016), in one array
    ``mark`` per node: -1 until found; then, while the node's component is open,
    ``2n - i`` for the i-th node found, raised to the mark of the earliest found
    node it reaches in its component (Tarjan's low-link, mirrored); once placed,
    its position. Open marks exceed ``n`` and positions do not, so a placed node
    never raises a mark, and a node whose mark was never raised roots its
    component. Only nodes of cycles wait on ``pending`` for their root: on a
    map without cycles the walk is a plain depth-first post-order.

    A node without inputs is a component of its own that is placed as soon as
    it is found, without a frame.
    """
    mark = [-1] * n
    order = [0] * n
    placed: list[tuple[int, ...]] = [()] * n  # inputs as positions, per position
    # Consumers, added as each node is placed, so in position order: None while
    # a node has none, its one consumer as an int, then a list; made tuples at
    # the end (most nodes have one consumer, whose tuple is shared from ``ones``).
    consumers: list[Any] = [None] * n
    cycles: list[tuple[int, int]] = []
    pending: list[int] = []
    found = 2 * n
    p = 0  # the next position
    # A sink is nobody's input, so the walks from the theses leave the other
    # sinks unplaced: they are found among the unplaced nodes alone.
    sinks = (d for d in indices_of(mark, -1) if d not in bearing)
    for root in chain(theses, sinks, indices_of(mark, -1)):
        if mark[root] >= 0:
            continue
        ins = inputs[root]
        if not ins:
            mark[root] = p
            order[p] = root
            p += 1
            continue
        mark[root] = found
        work = [(root, iter(ins), found)]
        found -= 1
        while work:
            v, it, i = work[-1]
            for w in it:
                mw = mark[w]
                if mw < 0:
                    ins = inputs[w]
                    if not ins:
                        mark[w] = p
                        order[p] = w
                        p += 1
                        continue
                    mark[w] = found
                    work.append((w, iter(ins), found))
                    found -= 1
                    break
                if mw > mark[v]:
                    mark[v] = mw
            else:
                work.pop()
                mv = mark[v]
                if mv != i:
                    # In a cycle and not its root: wait for the root, and
                    # pass the mark up.
                    pending.append(v)
                    u = work[-1][0]
                    if mv > mark[u]:
                        mark[u] = mv
                    continue
                if not pending or mark[pending[-1]] > mv:
                    # A component of its own (the common case): its inputs are placed.
                    mark[v] = p
                    order[p] = v
                    ins = inputs[v]
                    if len(ins) == 1:  # type: ignore[arg-type]
                        placed[p] = sources = ones[mark[ins[0]]]  # type: ignore[index]
                    else:
                        placed[p] = sources = itemgetter(*ins)(mark)  # type: ignore[misc]
                    for s in sources:
                        c = consumers[s]
                        if c is None:
                            consumers[s] = p
                        elif c.__class__ is int:
                            consumers[s] = [c, p]
                        else:
                            c.append(p)
                    p += 1
                    continue
                members = [v]
                while pending and mark[pending[-1]] <= mv:
                    members.append(pending.pop())
                # Members in document order, so that positions do not depend
                # on the walk inside the cycle.
                members.sort()
                cycles.append((p, len(members)))
                for q, w in enumerate(members, p):
                    mark[w] = q
                    order[q] = w
                at = mark.__getitem__
                for q, w in enumerate(members, p):
                    sources = tuple(map(at, inputs[w] or ()))
                    placed[q] = sources = ones[sources[0]] if len(sources) == 1 else sources
                    for s in sources:
                        c = consumers[s]
                        consumers[s] = q if c is None else [c, q] if c.__class__ is int else [*c, q]
                p += len(members)
    consumers = [
        () if c is None else ones[c] if c.__class__ is int else tuple(c) for c in consumers
    ]
    return order, mark, placed, consumers, cycles
