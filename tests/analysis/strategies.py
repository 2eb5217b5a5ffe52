"""Hypothesis strategies for small maps that exercise the analysis."""

from __future__ import annotations

from hypothesis import strategies as st

from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind

_LOGIC_KINDS = [EdgeKind.SUPPORTS, EdgeKind.SUPPORTS, EdgeKind.REQUIRES, EdgeKind.OPPOSES]
_NODE_KINDS = [
    NodeKind.CLAIM,
    NodeKind.CLAIM,
    NodeKind.REASON,
    NodeKind.RISK,
    NodeKind.EVIDENCE,
    NodeKind.ASSUMPTION,
    NodeKind.PILLAR,
    NodeKind.CONTENTION,
    NodeKind.THESIS,
    NodeKind.INDICATOR,
]


@st.composite
def maps(
    draw: st.DrawFn,
    *,
    max_nodes: int = 14,
    cyclic: bool = False,
    max_beliefs: int = 0,
    tree: bool = False,
) -> ArgumentMap:
    """A random map. Acyclic unless ``cyclic``; ``tree``: each node but the first
    bears on one earlier node; ``max_beliefs`` nodes at most carry a belief."""
    n = draw(st.integers(1, max_nodes))
    believers = set(
        draw(st.lists(st.integers(0, n - 1), max_size=min(max_beliefs, n), unique=True))
    )
    nodes = []
    for i in range(n):
        belief = None
        if i in believers:
            belief = draw(st.sampled_from([0.0, 1.0, 0.5]) | st.floats(0.01, 0.99))
        nodes.append(
            Node(
                id=f"n{i:02d}",
                kind=draw(st.sampled_from(_NODE_KINDS)),
                text=f"node {i}",
                assessment=draw(
                    st.sampled_from([None, None, None, Assessment.HOLDS, Assessment.FAILS])
                ),
                belief=belief,
            )
        )
    pairs: list[tuple[int, int]] = []
    if tree:
        for i in range(1, n):
            pairs.append((i, draw(st.integers(0, i - 1))))
    elif n >= 2:
        raw = draw(
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n)
        )
        for a, b in raw:
            if a == b:
                continue
            if not cyclic and a < b:
                a, b = b, a
            pairs.append((a, b))
    edges = []
    for j, (source, target) in enumerate(pairs):
        kind = draw(st.sampled_from(_LOGIC_KINDS + ([] if tree else [EdgeKind.WATCHES])))
        edges.append(Edge(id=f"e{j}", kind=kind, source=f"n{source:02d}", target=f"n{target:02d}"))
    return ArgumentMap(nodes=nodes, edges=edges)


@st.composite
def standing_maps(draw: st.DrawFn, *, max_nodes: int = 13, cyclic: bool = False) -> ArgumentMap:
    """A map whose thesis (node 0) usually holds: every node bears on an earlier one
    (a tree), plus cross links towards earlier nodes (a DAG) and, if ``cyclic``, a
    few edges back up (cycles). Few assessments and risks, so that tripwires,
    fragile pairs and the pair search's shortcuts all get exercised."""
    n = draw(st.integers(2, max_nodes))
    kinds = [NodeKind.THESIS] + [
        draw(
            st.sampled_from(
                [NodeKind.CLAIM, NodeKind.CLAIM, NodeKind.REASON, NodeKind.EVIDENCE, NodeKind.RISK]
            )
        )
        for _ in range(n - 1)
    ]
    nodes = [
        Node(
            id=f"n{i:02d}",
            kind=kinds[i],
            text=f"node {i}",
            assessment=draw(st.sampled_from([None] * 6 + [Assessment.HOLDS, Assessment.FAILS])),
        )
        for i in range(n)
    ]
    pairs = [(i, draw(st.integers(0, i - 1))) for i in range(1, n)]
    for _ in range(draw(st.integers(0, n // 2))):
        a, b = draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1))
        if a != b and (cyclic or b < a):
            pairs.append((a, b))
    edge_kinds = [EdgeKind.SUPPORTS] * 4 + [EdgeKind.REQUIRES] * 2 + [EdgeKind.OPPOSES]
    edges = []
    for j, (source, target) in enumerate(pairs):
        kind = (
            EdgeKind.OPPOSES
            if kinds[source] is NodeKind.RISK
            else draw(st.sampled_from(edge_kinds))
        )
        edges.append(Edge(id=f"e{j}", kind=kind, source=f"n{source:02d}", target=f"n{target:02d}"))
    return ArgumentMap(nodes=nodes, edges=edges)
