"""The straightforward ``compile_map`` that ``argmap.analysis.graph`` had before it was
tuned, kept as a reference: the fast one must give exactly the same arrays."""

from __future__ import annotations

from operator import attrgetter

from argmap.analysis.graph import CompiledGraph
from argmap.model import ArgumentMap, Assessment, EdgeKind, NodeKind


def slow_compile_map(amap: ArgumentMap) -> CompiledGraph:
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
    for d, ins in enumerate(inputs_d):
        if ins:
            inputs[position[d]] = tuple(map(at, ins))
    # Consumers in position order.
    consumers_l: list[list[int]] = [[] for _ in range(n)]
    for t in range(n):
        for src in inputs[t]:
            consumers_l[src].append(t)
    ordered = [rows[d] for d in doc_index]
    kinds = [row[1] for row in ordered]
    hold, fail, risk, reason = Assessment.HOLDS, Assessment.FAILS, NodeKind.RISK, NodeKind.REASON
    own = [a is hold or (a is not fail and k is not risk) for _, k, a, _ in ordered]
    return CompiledGraph(
        ids=ids,
        pos=dict(zip(ids, range(n), strict=True)),
        doc_index=doc_index,
        doc_position=position,
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
        ones=[(p,) for p in range(n)],
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
