"""Small maps and random maps for the layout tests (built without validation cost)."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from argmap.layout import Layout
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind, Position


def make_map(
    nodes: Sequence[str | tuple[str, str]],
    edges: list[tuple[str, str, str]],
    *,
    collapsed: tuple[str, ...] = (),
    positions: dict[str, tuple[float, float]] | None = None,
) -> ArgumentMap:
    """nodes: ids (kind claim, the first a thesis) or (id, kind); edges: (source, kind, target)."""
    built = []
    for i, item in enumerate(nodes):
        node_id, kind = (item, "thesis" if i == 0 else "claim") if isinstance(item, str) else item
        pos = (positions or {}).get(node_id)
        built.append(
            Node(
                id=node_id,
                kind=NodeKind(kind),
                text=node_id,
                collapsed=node_id in collapsed,
                position=Position(x=pos[0], y=pos[1]) if pos else None,
            )
        )
    return ArgumentMap(
        nodes=built,
        edges=[
            Edge(id=f"e{i}", kind=EdgeKind(kind), source=s, target=t)
            for i, (s, kind, t) in enumerate(edges)
        ],
    )


@st.composite
def random_maps(
    draw: st.DrawFn, max_nodes: int = 30, collapsible: bool = True, tree_only: bool = False
) -> ArgumentMap:
    """Mostly trees, with cross links, cycles, watches, theses, isolated nodes."""
    n = draw(st.integers(0, max_nodes))
    kinds = draw(st.lists(st.sampled_from(list(NodeKind)), min_size=n, max_size=n))
    nodes = []
    edges = []
    for i in range(n):
        nodes.append(
            Node(
                id=f"n{i}",
                kind=kinds[i],
                text="",
                collapsed=collapsible and draw(st.integers(0, 9)) == 0,
            )
        )
        if i and draw(st.integers(0, 9)) > 0:
            target = draw(st.integers(0, i - 1))
            kind = draw(st.sampled_from(list(EdgeKind)))
            edges.append((f"n{i}", kind, f"n{target}"))
    if n >= 2 and not tree_only:
        extra = draw(
            st.lists(
                st.tuples(
                    st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(list(EdgeKind))
                ),
                max_size=n // 2,
            )
        )
        for s, t, kind in extra:
            if s != t:
                edges.append((f"n{s}", kind, f"n{t}"))
    return ArgumentMap(
        nodes=nodes,
        edges=[
            Edge(id=f"e{i}", kind=kind, source=s, target=t) for i, (s, kind, t) in enumerate(edges)
        ],
    )


@st.composite
def sizes_for(draw: st.DrawFn, amap: ArgumentMap) -> dict[str, tuple[float, float]]:
    sizes = {}
    for node in amap.nodes:
        if draw(st.integers(0, 9)) == 0:
            continue  # missing: the default size
        sizes[node.id] = (
            float(draw(st.integers(10, 320))),
            float(draw(st.integers(10, 160))),
        )
    return sizes


def boxes(
    result: Layout,
    sizes: dict[str, tuple[float, float]],
    default: tuple[float, float] = (180.0, 60.0),
) -> dict[str, tuple[float, float, float, float]]:
    """node id -> (x0, y0, x1, y1) in scene coordinates."""
    out = {}
    for node_id, (x, y) in result.positions.items():
        w, h = sizes.get(node_id, default)
        out[node_id] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def overlapping(
    rects: dict[str, tuple[float, float, float, float]], eps: float = 1e-6
) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (a sweep over x)."""
    items = sorted(rects.items(), key=lambda kv: kv[1][0])
    bad = []
    active: list[tuple[str, tuple[float, float, float, float]]] = []
    for name, r in items:
        active = [(m, q) for m, q in active if q[2] > r[0] + eps]
        for m, q in active:
            if q[1] < r[3] - eps and r[1] < q[3] - eps and q[0] < r[2] - eps:
                bad.append((m, name))
        active.append((name, r))
    return bad
