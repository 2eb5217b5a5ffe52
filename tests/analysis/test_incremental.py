"""reanalyze: the quick analysis after an edit of kinds, assessments or beliefs,
recomputed downstream of the edit only, equals a fresh one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis import analyze
from argmap.analysis.incremental import reanalyze
from argmap.model import ArgumentMap, Assessment, NodeKind
from tests.analysis.strategies import maps, standing_maps

_KINDS = [k for k in NodeKind]
_ASSESSMENTS = [None, Assessment.HOLDS, Assessment.FAILS]


def _quick(amap: ArgumentMap):  # type: ignore[no-untyped-def]
    return analyze(amap, pair_budget=0, probabilities=False)


def _check(before: ArgumentMap, after: ArgumentMap, changed: list[str]) -> None:
    updated = reanalyze(_quick(before), after, changed)
    fresh = _quick(after)
    if updated is None:  # only when the theses change
        assert list(fresh.theses) != list(_quick(before).theses) or any(
            after.node(i).kind in (NodeKind.THESIS, NodeKind.INDICATOR)
            or before.node(i).kind in (NodeKind.THESIS, NodeKind.INDICATOR)
            for i in changed
        )
        return
    assert updated.status == fresh.status
    assert updated.theses == fresh.theses
    for node in after.nodes:
        assert updated.cascade(node.id) == fresh.cascade(node.id), node.id
        assert updated.cascade_size(node.id) == fresh.cascade_size(node.id)
    assert updated.flip([after.nodes[-1].id]) == fresh.flip([after.nodes[-1].id])


@st.composite
def edited(draw: st.DrawFn, cyclic: bool) -> tuple[ArgumentMap, ArgumentMap, list[str]]:
    before = draw(
        st.one_of(maps(max_nodes=12, cyclic=cyclic), standing_maps(max_nodes=12, cyclic=cyclic))
    )
    after = before.model_copy(deep=True)
    picked = draw(
        st.lists(st.sampled_from([n.id for n in after.nodes]), min_size=1, max_size=3, unique=True)
    )
    for node_id in picked:
        node = after.node(node_id)
        what = draw(st.sampled_from(["kind", "assessment", "belief", "kind"]))
        if what == "kind":
            node.kind = draw(st.sampled_from(_KINDS))
        elif what == "assessment":
            node.assessment = draw(st.sampled_from(_ASSESSMENTS))
        else:
            node.belief = draw(st.sampled_from([None, 0.3, 0.9]))
    return before, after, picked


@settings(max_examples=300, deadline=None)
@given(edited(cyclic=False))
def test_reanalyze_matches_a_fresh_analysis_on_acyclic_maps(
    case: tuple[ArgumentMap, ArgumentMap, list[str]],
) -> None:
    _check(*case)


@settings(max_examples=300, deadline=None)
@given(edited(cyclic=True))
def test_reanalyze_matches_a_fresh_analysis_on_cyclic_maps(
    case: tuple[ArgumentMap, ArgumentMap, list[str]],
) -> None:
    _check(*case)


def test_a_changed_thesis_set_asks_for_a_fresh_analysis() -> None:
    from argmap.model import Edge, Node

    amap = ArgumentMap(
        nodes=[Node(id="t", kind="thesis", text="T"), Node(id="a", kind="claim", text="A")],
        edges=[Edge(id="e", kind="supports", source="a", target="t")],
    )
    after = amap.model_copy(deep=True)
    after.node("a").kind = NodeKind.THESIS
    assert reanalyze(_quick(amap), after, ["a"]) is None


def test_edits_on_a_large_tree_shaped_map_are_recomputed_locally() -> None:
    import random

    from argmap.model import Edge, Node

    rng = random.Random(3)
    nodes = [Node(id="n0", kind="thesis", text="T")]
    edges = []
    for i in range(1, 1500):
        kind = rng.choice(["claim", "reason", "evidence", "risk", "claim", "assumption"])
        nodes.append(Node(id=f"n{i}", kind=kind, text=f"node {i}"))
        target = rng.randrange(max(0, i - 60), i)
        edge_kind = "opposes" if kind == "risk" else rng.choice(["supports", "requires"])
        edges.append(Edge(id=f"e{i}", kind=edge_kind, source=f"n{i}", target=f"n{target}"))
    for k in range(150):  # cross links
        a, b = rng.randrange(1, 1500), rng.randrange(0, 1500)
        if a > b:
            edges.append(Edge(id=f"x{k}", kind="supports", source=f"n{a}", target=f"n{b}"))
    amap = ArgumentMap(nodes=nodes, edges=edges)
    analysis = _quick(amap)
    for node_id, kind, assessment in [
        ("n7", NodeKind.PILLAR, None),
        ("n420", NodeKind.RISK, None),
        ("n3", NodeKind.CLAIM, Assessment.FAILS),
        ("n999", NodeKind.REASON, Assessment.HOLDS),
    ]:
        after = amap.model_copy(deep=True)
        after.node(node_id).kind = kind
        after.node(node_id).assessment = assessment
        updated = reanalyze(analysis, after, [node_id])
        assert updated is not None
        fresh = _quick(after)
        assert updated.status == fresh.status and updated.theses == fresh.theses
        for probe in ("n1", "n7", "n420", "n1200"):
            assert updated.cascade(probe) == fresh.cascade(probe)
        analysis, amap = updated, after  # edits chain
