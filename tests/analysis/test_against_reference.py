"""The engine agrees with the brute-force reference on random small maps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.analysis import analyze, flip
from argmap.analysis import probability as probability_module
from argmap.model import ArgumentMap
from tests.analysis import reference as ref
from tests.analysis.strategies import maps, standing_maps

_settings = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_structure(amap: ArgumentMap) -> None:
    analysis = analyze(amap, probabilities=False, pair_budget=None)
    own = ref.default_own(amap)
    assert {k: str(v) for k, v in analysis.status.items()} == ref.statuses(amap, own)
    expected = ref.cascades(amap)
    for node_id, members in expected.items():
        assert set(analysis.cascade(node_id)) == members, node_id
        assert analysis.cascade_size(node_id) == len(members)
    assert set(analysis.theses) == set(ref.theses(amap))
    for thesis, (tripwires, pairs) in ref.tripwires_and_pairs(amap).items():
        result = analysis.theses[thesis]
        assert set(result.tripwires) == tripwires, thesis
        ranked = sorted(tripwires, key=lambda v: (-len(expected[v]), v))
        assert list(result.tripwires) == ranked
        assert set(result.fragile_pairs) == pairs, thesis
        assert list(result.fragile_pairs) == sorted(pairs)
        assert result.fragile_pairs_complete


@_settings
@given(maps(cyclic=False))
def test_acyclic_maps_agree_with_brute_force(amap: ArgumentMap) -> None:
    _check_structure(amap)


@_settings
@given(maps(cyclic=True))
def test_cyclic_maps_agree_with_brute_force(amap: ArgumentMap) -> None:
    _check_structure(amap)


@_settings
@given(standing_maps(cyclic=False))
def test_standing_dags_agree_with_brute_force(amap: ArgumentMap) -> None:
    # Maps whose thesis mostly holds: the pair search's shortcuts (dominators,
    # fatal values) are exercised here far more than on the maps above.
    _check_structure(amap)


@_settings
@given(standing_maps(cyclic=True))
def test_standing_cyclic_maps_agree_with_brute_force(amap: ArgumentMap) -> None:
    _check_structure(amap)


@settings(max_examples=60, deadline=None)
@given(maps(cyclic=True, max_nodes=10), st.data())
def test_flips_agree_with_brute_force(amap: ArgumentMap, data: st.DataObject) -> None:
    ids = [n.id for n in amap.nodes]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    own = ref.default_own(amap)
    before = ref.statuses(amap, own)
    after = ref.statuses(amap, ref.flipped(own, chosen))
    for subject in (amap, analyze(amap, probabilities=False)):
        what_if = flip(subject, chosen)
        assert {k: str(v) for k, v in what_if.changed.items()} == {
            k: v for k, v in after.items() if before[k] != v
        }
        assert {k: str(what_if.status(k)) for k in ids} == after
        assert {k: str(v) for k, v in what_if.theses.items()} == {
            t: after[t] for t in ref.theses(amap)
        }


def _check_probabilities(amap: ArgumentMap, importance_of: int = 4) -> None:
    analysis = analyze(amap, pair_budget=0)
    if not any(n.belief is not None for n in amap.nodes):
        assert all(t.probability is None for t in analysis.theses.values())
        return
    for thesis, result in analysis.theses.items():
        assert result.probability_method == "exact"
        assert result.probability == pytest.approx(ref.probability(amap, thesis), abs=1e-9)
        for node_id in list(result.importance)[:importance_of]:
            imp = result.importance[node_id]
            p1 = ref.probability(amap, thesis, {node_id: True})
            p0 = ref.probability(amap, thesis, {node_id: False})
            assert imp.birnbaum == pytest.approx(p1 - p0, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(maps(cyclic=True, max_nodes=10, max_beliefs=5))
def test_exact_probability_by_enumeration(amap: ArgumentMap) -> None:
    _check_probabilities(amap)


@settings(max_examples=80, deadline=None)
@given(maps(tree=True, max_nodes=12, max_beliefs=6))
def test_exact_probability_on_trees(amap: ArgumentMap) -> None:
    _check_probabilities(amap, importance_of=12)


@settings(max_examples=25, deadline=None)
@given(maps(cyclic=True, max_nodes=8, max_beliefs=4))
def test_monte_carlo_is_close(amap: ArgumentMap) -> None:
    saved = probability_module.ENUMERATION_LIMIT
    probability_module.ENUMERATION_LIMIT = -1
    try:
        analysis = analyze(amap, pair_budget=0, samples=4000, seed=7)
    finally:
        probability_module.ENUMERATION_LIMIT = saved
    for thesis, result in analysis.theses.items():
        if result.probability is None or result.probability_method == "exact":
            continue  # tree-shaped: exact anyway
        assert result.probability_method == "monte-carlo"
        assert result.probability_samples == 4000 and result.probability_seed == 7
        assert result.probability_stderr is not None
        exact = ref.probability(amap, thesis)
        # 5 standard errors, plus the belief quantisation to 2**-16 per node.
        tolerance = 5 * max(result.probability_stderr, (0.25 / 4000) ** 0.5 / 4) + 1e-3
        assert abs(result.probability - exact) <= tolerance


@settings(max_examples=80, deadline=None)
@given(maps(cyclic=True))
def test_cascade_index_agrees_with_brute_force(amap: ArgumentMap) -> None:
    # Cascades come from walking a flip while that is cheap, and from the
    # cascade index after that (long cascades, many lookups): check the index too.
    analysis = analyze(amap, probabilities=False, pair_budget=0)
    index = analysis._index
    pos, ids = analysis.graph.pos, analysis.graph.ids
    for node_id, members in ref.cascades(amap).items():
        assert {ids[p] for p in index.members(pos[node_id])} == members, node_id
        assert index.size(pos[node_id]) == len(members)
