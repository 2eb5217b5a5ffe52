"""The quick analysis of a map after an edit that keeps its shape, from the last one.

An edit of a node's kind, assessment or belief changes neither the nodes nor
the links: only the node's own standing, its gate (a reason's premises are
linked) and its belief. Values and C-sets can then change only downstream of
the edited nodes, so :func:`reanalyze` evaluates that region again in position
order, recomputes its C-sets over a copy of the old ones
(``build_sensitivity(previous=...)``) and assembles the analysis as
:func:`argmap.analysis.analyze` does. On a tree-shaped map the region is the
path to the thesis: a few nodes instead of the whole map.

The result is the quick analysis (statuses, cascades, tripwires), as
``analyze(amap, pair_budget=0, probabilities=False)`` gives it; the editor gets
fragile pairs and probabilities from a full analysis in the background.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from argmap.analysis.evaluate import gate, solve_cycle
from argmap.analysis.graph import own_standing
from argmap.analysis.result import Analysis, assemble
from argmap.analysis.sensitivity import build_sensitivity
from argmap.model import ArgumentMap, NodeKind

__all__ = ["reanalyze"]


def reanalyze(
    old: Analysis, amap: ArgumentMap, changed: Iterable[str], max_region: int | None = None
) -> Analysis | None:
    """The quick analysis of ``amap``, which must be the map ``old`` describes but
    for the kind, assessment or belief of the nodes ``changed``.

    Returns None when the edit changes which nodes are theses (the positions
    depend on them), or when more than ``max_region`` nodes lie downstream of
    it: then analyse the map afresh.
    """
    g = old.graph
    ids = list(dict.fromkeys(changed))
    if any(i not in g.pos for i in ids):
        return None
    nodes = {n.id: n for n in amap.nodes if n.id in set(ids)} if ids else {}
    if len(nodes) != len(ids) or len(amap.nodes) != g.size:
        return None
    explicit = any(g.kinds[t] is NodeKind.THESIS for t in g.theses)
    decisive = {NodeKind.THESIS} if explicit else {NodeKind.THESIS, NodeKind.INDICATOR}
    kinds, own, is_reason, belief = list(g.kinds), list(g.own), list(g.is_reason), list(g.belief)
    for node_id in ids:
        p, node = g.pos[node_id], nodes[node_id]
        if (kinds[p] in decisive) != (node.kind in decisive) or (
            node.kind is NodeKind.THESIS and kinds[p] is not NodeKind.THESIS
        ):
            return None  # the theses change
        kinds[p] = node.kind
        own[p] = own_standing(node.kind, node.assessment)
        is_reason[p] = node.kind is NodeKind.REASON
        belief[p] = node.belief
    g2 = replace(g, kinds=kinds, own=own, is_reason=is_reason, belief=belief)
    # The same shape, so the same upstream regions: share what g has found of them.
    g2._upstream_cache, g2._upstream_marks = g._upstream_cache, g._upstream_marks

    state = old.sensitivity
    values = list(state.values)
    region = g.downstream([g.pos[i] for i in ids])
    if max_region is not None and len(region) > max_region:
        return None
    comp, members, cyclic = g.comp, g.comp_members, g.comp_cyclic
    comps = sorted({comp[p] for p in region})
    value = values.__getitem__
    for c in comps:
        if cyclic[c]:
            for p, v in solve_cycle(g2, members[c], own.__getitem__, value).items():
                values[p] = v
        else:
            u = members[c][0]
            values[u] = gate(g2, u, own[u], value)
    new_state = build_sensitivity(g2, values, previous=state, components=comps)
    theses = [g.pos[t] for t in old.theses]
    return assemble(new_state, theses, pair_budget=0, probabilities=False)
