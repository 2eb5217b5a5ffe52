"""Hypothesis strategies for valid argument maps, shared by the test modules."""

from __future__ import annotations

from hypothesis import strategies as st

from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind, Position, Source

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)
_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)


@st.composite
def argument_maps(draw: st.DrawFn, max_nodes: int = 12) -> ArgumentMap:
    ids = draw(st.lists(_ids, min_size=0, max_size=max_nodes, unique=True))
    nodes = []
    for node_id in ids:
        nodes.append(
            Node(
                id=node_id,
                kind=draw(st.sampled_from(list(NodeKind))),
                text=draw(_text),
                notes=draw(_text),
                tags=draw(st.lists(_ids, max_size=3)),
                sources=draw(
                    st.lists(
                        st.builds(Source, title=_text, url=st.just("https://example.org/a")),
                        max_size=2,
                    )
                ),
                assessment=draw(st.none() | st.sampled_from(list(Assessment))),
                belief=draw(st.none() | st.floats(0.0, 1.0)),
                position=draw(
                    st.none()
                    | st.builds(
                        Position,
                        x=st.floats(-1e6, 1e6, allow_nan=False),
                        y=st.floats(-1e6, 1e6, allow_nan=False),
                    )
                ),
                collapsed=draw(st.booleans()),
            )
        )
    edges = []
    if len(ids) >= 2:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(
                    lambda p: p[0] != p[1]
                ),
                max_size=2 * len(ids),
            )
        )
        for index, (source, target) in enumerate(pairs):
            edges.append(
                Edge(
                    id=f"edge#{index}",
                    kind=draw(st.sampled_from(list(EdgeKind))),
                    source=source,
                    target=target,
                    label=draw(_text),
                )
            )
    return ArgumentMap(title=draw(_text), description=draw(_text), nodes=nodes, edges=edges)
