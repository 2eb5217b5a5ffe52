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
    """Compile ``amap`` to position-indexed arrays (linear time, no recursion)."""
    nodes = amap.nodes
    n = len(nodes)
    doc_of = {node.id: i for i, node in enumerate(nodes)}
    # Sources by kind, per target document index (only targets that have some).
    req_d: dict[int, list[int]] = {}
    sup_d: dict[int, list[int]] = {}
    opp_d: dict[int, list[int]] = {}
    by_kind = {EdgeKind.REQUIRES: req_d, EdgeKind.SUPPORTS: sup_d, EdgeKind.OPPOSES: opp_d}
    for edge in amap.edges:
        table = by_kind.get(edge.kind)
        if table is None:
            continue
        source, target = doc_of.get(edge.source), doc_of.get(edge.target)
        if source is None or target is None or source == target:
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
    for d in set(req_d) | set(sup_d) | set(opp_d):
        ins = inputs_d[d]
        if len(ins) != len(set(ins)):
            inputs_d[d] = ins = list(dict.fromkeys(ins))
        for src in ins:
            has_consumer[src] = True
    theses_doc = [doc_of[t] for t in thesis_ids(amap)]
    # Start the walk at the theses, then at other sinks, then anywhere else.
    starts = theses_doc + [i for i in range(n) if not has_consumer[i]] + list(range(n))
    components = _tarjan(n, inputs_d, starts)

    position = [0] * n
    doc_index: list[int] = []
    for members in components:
        for d in members:
            position[d] = len(doc_index)
            doc_index.append(d)
    at = position.__getitem__
    ordered = [nodes[d] for d in doc_index]
    ids = [node.id for node in ordered]
    comp = [0] * n
    comp_members: list[tuple[int, ...]] = []
    comp_cyclic: list[bool] = []
    for c, members in enumerate(components):
        if len(members) == 1:
            p = position[members[0]]
            comp[p] = c
            comp_members.append((p,))
            comp_cyclic.append(False)
            continue
        ps = tuple(sorted(map(at, members)))
        for p in ps:
            comp[p] = c
        comp_members.append(ps)
        comp_cyclic.append(True)

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
            ps = tuple(map(at, ins))
            inputs[t] = ps
            for src in ps:
                consumers_l[src].append(t)
    kinds = [node.kind for node in ordered]
    return CompiledGraph(
        ids=ids,
        pos={node_id: p for p, node_id in enumerate(ids)},
        doc_index=doc_index,
        kinds=kinds,
        own=[own_standing(node.kind, node.assessment) for node in ordered],
        belief=[node.belief for node in ordered],
        req=remap(req_d),
        sup=remap(sup_d),
        opp=remap(opp_d),
        is_reason=[k is NodeKind.REASON for k in kinds],
        inputs=inputs,
        consumers=[tuple(c) for c in consumers_l],
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
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            ins = inputs[v]
            if i < len(ins):
                work[-1] = (v, i + 1)
                w = ins[i]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work:
                p = work[-1][0]
                if low[v] < low[p]:
                    low[p] = low[v]
            if low[v] == index[v]:
                members = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    members.append(w)
                    if w == v:
                        break
                components.append(members)
    return components
