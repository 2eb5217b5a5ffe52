"""Hand-built maps for the rules of DESIGN.md section 4, and the 100,000-node chain."""

from __future__ import annotations

import time

import pytest

from argmap.analysis import Status, analyze, flip
from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind

S, R, OPP = EdgeKind.SUPPORTS, EdgeKind.REQUIRES, EdgeKind.OPPOSES


def build(nodes: list[tuple[str, NodeKind]], edges: list[tuple[str, EdgeKind, str]]) -> ArgumentMap:
    return ArgumentMap(
        nodes=[Node(id=i, kind=k, text=f"text of {i}") for i, k in nodes],
        edges=[Edge(id=f"e{j}", kind=k, source=s, target=t) for j, (s, k, t) in enumerate(edges)],
    )


def test_risk_is_dormant_and_its_flip_brings_the_target_down() -> None:
    amap = build(
        [("t", NodeKind.THESIS), ("p", NodeKind.CLAIM), ("r", NodeKind.RISK)],
        [("p", S, "t"), ("r", OPP, "t")],
    )
    a = analyze(amap)
    assert a.status == {"t": Status.HOLDS, "p": Status.HOLDS, "r": Status.FAILS}
    assert a.theses["t"].tripwires == ("p", "r")
    assert a.cascade("r") == ["r", "t"]
    assert flip(a, ["r"]).theses == {"t": Status.FAILS}


def test_convergent_support_needs_one_linked_reason_needs_all() -> None:
    amap = build(
        [
            ("t", NodeKind.THESIS),
            ("a", NodeKind.CLAIM),
            ("b", NodeKind.CLAIM),
            ("why", NodeKind.REASON),
            ("x", NodeKind.EVIDENCE),
            ("y", NodeKind.EVIDENCE),
        ],
        [("a", S, "t"), ("b", S, "t"), ("why", S, "a"), ("x", S, "why"), ("y", S, "why")],
    )
    a = analyze(amap)
    assert a.theses["t"].tripwires == ()
    # Either premise of the reason together with b brings the thesis down.
    assert set(a.theses["t"].fragile_pairs) == {("a", "b"), ("b", "why"), ("b", "x"), ("b", "y")}
    assert a.cascade("x") == ["a", "why", "x"]


def test_flipping_a_failed_premise_can_restore_a_node() -> None:
    amap = build(
        [("t", NodeKind.THESIS), ("p", NodeKind.CLAIM), ("q", NodeKind.CLAIM)],
        [("p", S, "t"), ("q", S, "t")],
    )
    amap.nodes[1].assessment = Assessment.FAILS
    amap.nodes[2].assessment = Assessment.FAILS
    a = analyze(amap)
    assert a.status["t"] is Status.FAILS
    assert a.cascade("p") == ["p", "t"]
    assert a.theses["t"].tripwires == ()


def test_mutual_attack_is_undecided_and_flipping_one_side_decides_it() -> None:
    amap = build(
        [("t", NodeKind.THESIS), ("a", NodeKind.CLAIM), ("b", NodeKind.CLAIM)],
        [("a", S, "t"), ("b", OPP, "a"), ("a", OPP, "b")],
    )
    a = analyze(amap)
    assert a.status == {"t": Status.UNDECIDED, "a": Status.UNDECIDED, "b": Status.UNDECIDED}
    assert a.cascade("b") == ["a", "b", "t"]
    what_if = flip(a, ["b"])
    assert what_if.changed == {"a": Status.HOLDS, "b": Status.FAILS, "t": Status.HOLDS}


def test_watches_carry_no_logic_and_implicit_theses() -> None:
    amap = build(
        [("c", NodeKind.CLAIM), ("d", NodeKind.CLAIM), ("i", NodeKind.INDICATOR)],
        [("d", S, "c"), ("i", EdgeKind.WATCHES, "c")],
    )
    a = analyze(amap)
    assert list(a.theses) == ["c"]
    assert a.theses["c"].tripwires == ("d",)
    assert a.cascade("i") == ["i"]


def test_thesis_override_and_unknown_id() -> None:
    amap = build([("t", NodeKind.THESIS), ("p", NodeKind.CLAIM)], [("p", R, "t")])
    a = analyze(amap, theses=["p"])
    assert list(a.theses) == ["p"]
    try:
        analyze(amap, theses=["nope"])
    except KeyError:
        pass
    else:
        raise AssertionError("unknown thesis accepted")


def _chain(n: int, kind: EdgeKind) -> ArgumentMap:
    nodes = [{"id": "t", "kind": "thesis", "text": "top"}]
    nodes += [{"id": f"c{i}", "kind": "claim", "text": ""} for i in range(1, n)]
    edges = [
        {"id": f"e{i}", "kind": kind.value, "source": nodes[i]["id"], "target": nodes[i - 1]["id"]}
        for i in range(1, n)
    ]
    return ArgumentMap.model_validate({"nodes": nodes, "edges": edges})


@pytest.mark.slow
def test_a_100000_node_chain_needs_no_recursion() -> None:
    n = 100_000
    amap = _chain(n, R)
    start = time.perf_counter()
    a = analyze(amap)
    elapsed = time.perf_counter() - start
    assert a.status["t"] is Status.HOLDS
    assert len(a.theses["t"].tripwires) == n - 1
    assert a.theses["t"].tripwires[0] == f"c{n - 1}"  # the deepest has the largest cascade
    assert a.theses["t"].tripwires[-1] == "c1"
    assert a.cascade_size(f"c{n - 1}") == n
    assert a.cascade_size("c1") == 2
    assert a.theses["t"].fragile_pairs == ()
    what_if = flip(a, [f"c{n - 1}"])
    assert len(what_if.changed) == n
    assert elapsed < 30  # generous: a guard against quadratic behaviour, not a benchmark


def test_a_long_cycle_ends() -> None:
    # A ring of 300 mutual attacks: the grounded evaluation must end, all undecided.
    n = 300
    nodes = [Node(id=f"n{i}", kind=NodeKind.CLAIM, text="") for i in range(n)]
    edges = [Edge(id=f"e{i}", kind=OPP, source=f"n{i}", target=f"n{(i + 1) % n}") for i in range(n)]
    a = analyze(ArgumentMap(nodes=nodes, edges=edges), pair_budget=0)
    assert set(a.status.values()) == {Status.UNDECIDED}
