"""Each lint check, on a map made to trip it and on one that does not."""

from __future__ import annotations

from argmap.analysis import Severity, analyze, lint
from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind


def build(nodes: list[tuple[str, NodeKind]], edges: list[tuple[str, str, str]]) -> ArgumentMap:
    return ArgumentMap(
        nodes=[Node(id=i, kind=k, text=f"text of {i}") for i, k in nodes],
        edges=[
            Edge(id=f"e{j}", kind=EdgeKind(k), source=s, target=t)
            for j, (s, k, t) in enumerate(edges)
        ],
    )


def codes(amap: ArgumentMap) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.node_ids) for f in lint(amap)]


def test_clean_map_has_no_findings() -> None:
    amap = build(
        [("t", NodeKind.THESIS), ("c", NodeKind.CLAIM), ("e", NodeKind.EVIDENCE)],
        [("c", "supports", "t"), ("e", "supports", "c")],
    )
    assert lint(amap) == []


def test_unsupported_claim() -> None:
    amap = build([("t", NodeKind.THESIS), ("c", NodeKind.CLAIM)], [("c", "requires", "t")])
    assert codes(amap) == [("unsupported-claim", ("c",))]
    assert lint(amap)[0].severity is Severity.WARNING
    assert "'c' (text of c)" in lint(amap)[0].message


def test_one_sided_contention() -> None:
    amap = build(
        [("t", NodeKind.THESIS), ("k", NodeKind.CONTENTION), ("a", NodeKind.EVIDENCE)],
        [("k", "supports", "t"), ("a", "supports", "k")],
    )
    assert codes(amap) == [("one-sided-contention", ("k",))]
    both = build(
        [
            ("t", NodeKind.THESIS),
            ("k", NodeKind.CONTENTION),
            ("a", NodeKind.EVIDENCE),
            ("b", NodeKind.RISK),
        ],
        [("k", "supports", "t"), ("a", "supports", "k"), ("b", "opposes", "k")],
    )
    assert codes(both) == []


def test_inert_attack() -> None:
    # x requires two rejected premises: no single flip makes it hold.
    amap = build(
        [
            ("t", NodeKind.THESIS),
            ("x", NodeKind.EVIDENCE),
            ("p", NodeKind.EVIDENCE),
            ("q", NodeKind.EVIDENCE),
            ("r", NodeKind.RISK),
        ],
        [
            ("x", "opposes", "t"),
            ("p", "requires", "x"),
            ("q", "requires", "x"),
            ("r", "opposes", "t"),
        ],
    )
    amap.nodes[2].assessment = Assessment.FAILS
    amap.nodes[3].assessment = Assessment.FAILS
    assert codes(amap) == [("inert-attack", ("x", "t"))]
    # The same with the analysis's sensitivity sets passed in.
    assert lint(amap, analyze(amap).sensitivity) == lint(amap)


def test_single_premise_reason_and_dangling_node() -> None:
    amap = build(
        [
            ("t", NodeKind.THESIS),
            ("why", NodeKind.REASON),
            ("e", NodeKind.EVIDENCE),
            ("loose", NodeKind.EVIDENCE),
        ],
        [("why", "supports", "t"), ("e", "supports", "why")],
    )
    assert codes(amap) == [("single-premise-reason", ("why",)), ("dangling-node", ("loose",))]


def test_no_dangling_nodes_without_explicit_theses() -> None:
    amap = build([("a", NodeKind.CLAIM), ("b", NodeKind.EVIDENCE)], [("b", "supports", "a")])
    assert codes(amap) == []


def test_support_cycle_and_idle_indicator() -> None:
    amap = build(
        [
            ("t", NodeKind.THESIS),
            ("a", NodeKind.EVIDENCE),
            ("b", NodeKind.EVIDENCE),
            ("i", NodeKind.INDICATOR),
            ("j", NodeKind.INDICATOR),
        ],
        [
            ("a", "supports", "t"),
            ("a", "supports", "b"),
            ("b", "requires", "a"),
            ("j", "watches", "t"),
        ],
    )
    assert codes(amap) == [("support-cycle", ("a", "b")), ("idle-indicator", ("i",))]
    assert [f.severity for f in lint(amap)] == [Severity.WARNING, Severity.INFO]
