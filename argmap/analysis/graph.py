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
from operator import attrgetter

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
    """All logical targets of a node (no duplicates)."""
    comp: list[int]
    """Component number per position; components are numbered in position order."""
    comp_members: list[tuple[int, ...]]
    comp_cyclic: list[bool]
    theses: list[int]
    """Positions of the theses, in document order."""
    _upstream_cache: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    def upstream(self, root: int) -> list[int]:
        """Positions that can reach ``root`` (``root`` included), ascending."""
        cached = self._upstream_cache.get(root)
        if cached is not None:
            return cached
        seen = {root}
        stack = [root]
        inputs = self.inputs
        while stack:
            u = stack.pop()
            for s in inputs[u]:
                if s not in seen:
                    seen.add(s)
                    stack.append(s)
        result = sorted(seen)
        self._upstream_cache[root] = result
        return result

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


def compile_map(amap: ArgumentMap) -> CompiledGraph:
    """Compile ``amap`` to position-indexed arrays (linear time, no recursion).

    Fields are read once per node and edge; edge kinds are compared by identity
    (hashing a ``StrEnum`` runs Python code).
    """
    nodes = amap.nodes
    n = len(nodes)
    # One visit per node and per edge, by C-level attribute getters: on large maps
    # the objects are spread over memory and touching them is most of the cost.
    rows = list(map(attrgetter("id", "kind", "assessment", "belief"), nodes))
    doc_ids = [row[0] for row in rows]
    doc_of = {node_id: i for i, node_id in enumerate(doc_ids)}
    # Sources by kind, per target document index (only targets that have some).
    req_d: dict[int, list[int]] = {}
    sup_d: dict[int, list[int]] = {}
    opp_d: dict[int, list[int]] = {}
    requires, supports, opposes = EdgeKind.REQUIRES, EdgeKind.SUPPORTS, EdgeKind.OPPOSES
    bears = [False] * n  # source of some logical edge (thesis_ids' rule)
    edges = amap.edges
    if edges:
        rows_e = map(attrgetter("kind", "source", "target"), edges)
        kinds_e, sources_e, targets_e = zip(*rows_e, strict=True)
        get = doc_of.get
        for kind, source, target in zip(
            kinds_e, map(get, sources_e), map(get, targets_e), strict=True
        ):
            if kind is supports:
                table = sup_d
            elif kind is requires:
                table = req_d
            elif kind is opposes:
                table = opp_d
            else:
                continue
            if source is None:
                continue
            bears[source] = True
            if target is None or source == target:
                continue
            sources = table.get(target)
            if sources is None:
                table[target] = [source]
            elif source not in sources:
                sources.append(source)
    inputs_d: list[list[int]] = [[] for _ in range(n)]
    for table in (req_d, sup_d, opp_d):
        for d, sources in table.items():
            inputs_d[d].extend(sources)
    has_consumer = [False] * n
    for d in {*req_d, *sup_d, *opp_d}:
        ins = inputs_d[d]
        if len(ins) != len(set(ins)):
            inputs_d[d] = ins = list(dict.fromkeys(ins))
        for src in ins:
            has_consumer[src] = True
    doc_kinds = [row[1] for row in rows]
    thesis_kind = NodeKind.THESIS
    theses_doc = [d for d in range(n) if doc_kinds[d] is thesis_kind]
    if not theses_doc:
        indicator = NodeKind.INDICATOR
        theses_doc = [d for d in range(n) if not bears[d] and doc_kinds[d] is not indicator]
    # Start the walk at the theses, then at other sinks, then anywhere else.
    starts = theses_doc + [i for i in range(n) if not has_consumer[i]] + list(range(n))
    components = _tarjan(n, inputs_d, starts)

    position = [0] * n
    doc_index: list[int] = []
    comp = [0] * n
    comp_members: list[tuple[int, ...]] = []
    comp_cyclic: list[bool] = []
    p = 0
    for c, members in enumerate(components):
        if len(members) == 1:
            d = members[0]
            position[d] = p
            doc_index.append(d)
            comp[p] = c
            comp_members.append((p,))
            comp_cyclic.append(False)
            p += 1
            continue
        ps = []
        for d in members:
            position[d] = p
            doc_index.append(d)
            comp[p] = c
            ps.append(p)
            p += 1
        comp_members.append(tuple(ps))
        comp_cyclic.append(True)
    at = position.__getitem__
    ids = [doc_ids[d] for d in doc_index]

    def remap(table: dict[int, list[int]]) -> list[tuple[int, ...]]:
        out: list[tuple[int, ...]] = [()] * n
        for d, sources in table.items():
            out[position[d]] = tuple(map(at, sources))
        return out

    inputs: list[tuple[int, ...]] = [()] * n
    consumers_l: list[list[int]] = [[] for _ in range(n)]
    for d, ins in enumerate(inputs_d):
        if ins:
            t = position[d]
            ps_t = tuple(map(at, ins))
            inputs[t] = ps_t
            for src in ps_t:
                consumers_l[src].append(t)
    ordered = [rows[d] for d in doc_index]
    kinds = [row[1] for row in ordered]
    hold, fail, risk, reason = Assessment.HOLDS, Assessment.FAILS, NodeKind.RISK, NodeKind.REASON
    own = [a is hold or (a is not fail and k is not risk) for _, k, a, _ in ordered]
    return CompiledGraph(
        ids=ids,
        pos=dict(zip(ids, range(n), strict=True)),
        doc_index=doc_index,
        kinds=kinds,
        own=own,
        belief=[row[3] for row in ordered],
        req=remap(req_d),
        sup=remap(sup_d),
        opp=remap(opp_d),
        is_reason=[k is reason for k in kinds],
        inputs=inputs,
        consumers=list(map(tuple, consumers_l)),
        comp=comp,
        comp_members=comp_members,
        comp_cyclic=comp_cyclic,
        theses=[position[d] for d in theses_doc],
    )


def _tarjan(n: int, inputs: list[list[int]], starts: list[int]) -> list[list[int]]:
    """Strongly connected components, sources first (iterative Tarjan)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in starts:
        if index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, iter(inputs[root]))]
        while work:
            v, it = work[-1]
            for w in it:
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, iter(inputs[w])))
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                lv = low[v]
                if work:
                    p = work[-1][0]
                    if lv < low[p]:
                        low[p] = lv
                if lv == index[v]:
                    if stack[-1] == v:
                        stack.pop()
                        on_stack[v] = False
                        components.append([v])
                        continue
                    members = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        members.append(w)
                        if w == v:
                            break
                    # Sort members by document order so positions do not depend on
                    # the walk inside the cycle.
                    members.sort()
                    components.append(members)
    return components
