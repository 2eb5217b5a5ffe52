"""The tuned passes of ``evaluate`` and ``build_sensitivity`` give what the
straightforward ones give: values as :func:`gate` and :func:`solve_cycle` give
them component by component, an incremental rebuild as a fresh one, and the
fused pass of ``analyze`` (values and C-sets together) as the two passes.

(The fast sensitivity rules against the general rule: ``test_fast_paths.py``.)
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.analysis import sensitivity
from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, evaluate, gate, solve_cycle
from argmap.analysis.graph import CompiledGraph, compile_map
from argmap.analysis.result import _STATUS, Status, _status_map, analyze
from argmap.analysis.sensitivity import SensitivityState, build_sensitivity, evaluate_sensitivity
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind
from tests.analysis.strategies import maps, standing_maps
from tests.analysis.test_pairs import random_map

_settings = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain_values(g: CompiledGraph, own: list[bool]) -> list[int]:
    """Every node's value, by :func:`gate` or :func:`solve_cycle` per component."""
    values = [HOLDS if o else FAILS for o in own]
    value = values.__getitem__
    for c, members in enumerate(g.comp_members):
        if g.comp_cyclic[c]:
            for p, v in solve_cycle(g, members, own.__getitem__, value).items():
                values[p] = v
        elif g.inputs[members[0]]:
            values[members[0]] = gate(g, members[0], own[members[0]], value)
    return values


def _same_values(amap: ArgumentMap, rng: random.Random) -> None:
    g = compile_map(amap)
    assert evaluate(g) == _plain_values(g, g.own)
    own = [o != (rng.random() < 0.2) for o in g.own]
    assert evaluate(g, own) == _plain_values(g, own)


@_settings
@given(st.one_of(maps(cyclic=True, max_nodes=16), standing_maps(cyclic=True)), st.randoms())
def test_evaluate_matches_gate_by_gate(amap: ArgumentMap, rng: random.Random) -> None:
    _same_values(amap, rng)


@pytest.mark.parametrize("seed", range(6))
def test_evaluate_matches_gate_by_gate_on_larger_maps(seed: int) -> None:
    amap = random_map(400, seed, cross=0.3, cycles=6, flat=seed % 2 == 0)
    g = compile_map(amap)
    if seed == 0:  # the case the Boolean rule must leave alone is there
        assert UNDECIDED in evaluate(g)
    _same_values(amap, random.Random(seed))


@pytest.mark.parametrize("seed", range(6))
def test_an_incremental_build_matches_a_fresh_one(seed: int) -> None:
    rng = random.Random(seed)
    g = compile_map(random_map(400, seed, cross=0.3, cycles=4, flat=seed % 2 == 1))
    before = build_sensitivity(g, evaluate(g))
    flipped = rng.sample(range(g.size), 3)
    own = list(g.own)
    for p in flipped:
        own[p] = not own[p]
    g2 = replace(g, own=own)
    values = evaluate(g2)
    comps = sorted({g.comp[p] for p in g.downstream(flipped)})
    updated = build_sensitivity(g2, values, previous=before, components=comps)
    fresh = build_sensitivity(g2, values)
    for u in range(g.size):
        assert updated.changes_of(u) == fresh.changes_of(u), u
        assert (updated.changes[u], updated.binary[u]) == (fresh.changes[u], fresh.binary[u])


def _same_state(g: CompiledGraph) -> None:
    fused = evaluate_sensitivity(g)
    apart = build_sensitivity(g, evaluate(g))
    assert fused.values == apart.values
    assert fused.reps == apart.reps
    assert (fused.changes, fused.binary) == (apart.changes, apart.binary)


@_settings
@given(
    st.one_of(
        maps(cyclic=False, max_nodes=16),
        maps(cyclic=True, max_nodes=16),
        standing_maps(cyclic=False),
        standing_maps(cyclic=True),
    )
)
def test_the_fused_pass_matches_evaluate_then_build(amap: ArgumentMap) -> None:
    _same_state(compile_map(amap))


@pytest.mark.parametrize("seed", range(6))
def test_the_fused_pass_matches_evaluate_then_build_on_larger_maps(seed: int) -> None:
    g = compile_map(random_map(400, seed, cross=0.3, cycles=6 * (seed % 3), flat=seed % 2 == 0))
    _same_state(g)


@pytest.mark.parametrize("seed", range(4))
def test_the_status_map_is_by_id_in_document_order(seed: int) -> None:
    amap = random_map(400, seed, cross=0.3, cycles=6, flat=seed % 2 == 0)
    g = compile_map(amap)
    values = evaluate(g)
    if seed == 0:  # the less common statuses are there
        assert {FAILS, UNDECIDED} <= set(values)
    status = analyze(amap, probabilities=False).status
    assert list(status) == [node.id for node in amap.nodes]
    assert status == {g.ids[p]: _STATUS[values[p]] for p in range(g.size)}
    if seed == 1:  # mostly failing: the commonest status is not HOLDS
        own = [False] * g.size
        g2 = replace(g, own=own)
        failing = _status_map(g2, evaluate(g2))
        assert list(failing) == list(status)
        assert set(failing.values()) == {Status.FAILS}


def _extras_are_sets_or_own_tuples(st: SensitivityState) -> None:
    for u, r in enumerate(st.reps):
        assert isinstance(r.extra, frozenset) or r.extra is st.g.ones[u], u


@pytest.mark.parametrize("seed", range(4))
def test_a_conditioned_state_keeps_only_what_differs(seed: int) -> None:
    """A C-set whose ``extra`` is a shared 1-tuple in one state and a frozenset
    of the same member in the other is the same set: the overlay must not keep it
    (nor wake its consumers)."""
    rng = random.Random(seed)
    g = compile_map(random_map(300, seed, cross=0.3, cycles=3 * (seed % 2), flat=seed % 2 == 0))
    base = evaluate_sensitivity(g)
    _extras_are_sets_or_own_tuples(base)
    everything = set(range(g.size))
    kept_tuple = 0
    for v in rng.sample(range(g.size), 60):
        cond = base.conditioned(v, everything)
        for p, rep in cond.ov_reps.items():
            old = base.reps[p]
            assert (
                p in cond.ov_values
                or cond.ov_binary[p] != base.binary[p]
                or cond.ov_changes[p] != base.changes[p]
                or rep.base != old.base
                or (rep.base >= 0 and rep.base in cond.ov_reps)
                or set(rep.extra) != set(old.extra)
            ), (v, p)
        for p in range(g.size):  # and agrees with a fresh build of the flipped map
            own = [o != (q == v) for q, o in enumerate(g.own)]
            if p == 0:
                fresh = evaluate_sensitivity(replace(g, own=own))
            assert cond.value(p) == fresh.values[p]
            assert cond.materialize(cond.rep(p)) == fresh.changes_of(p), (v, p)
            kept_tuple += type(cond.rep(p).extra) is tuple
    assert kept_tuple  # the case is there


def _disjoint_support_is_right(g: CompiledGraph) -> tuple[int, int]:
    """Checks the fill's shortcut for convergent support (several holding
    supporters whose ranges have nothing in common add nothing) by checking the
    fill against the general rule at every node with convergent support, and
    counts the supports of two or more holding supporters that it decided (those
    it did not pass to ``_convergent_support``) and those it passed on."""
    passed_on: list[tuple[int, ...]] = []
    general = sensitivity._convergent_support

    def spy(sup: tuple[int, ...], values: list[int], st: SensitivityState, *bounds: int) -> object:
        passed_on.append(sup)
        return general(sup, values, st, *bounds)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sensitivity, "_convergent_support", spy)
        st = evaluate_sensitivity(g)
    values = st.values
    found = left = 0
    for c, members in enumerate(g.comp_members):
        u = members[0]
        s = g.sup[u]
        if g.comp_cyclic[c] or values[u] != HOLDS or len(s) < 2 or g.is_reason[u]:
            continue
        if not all(st.binary[i] for i in g.inputs[u]):
            continue
        ((_, rep, cm, binary),) = st.compute(members, False)  # the general rule
        assert st.changes_of(u) == st.materialize(rep), g.ids[u]
        assert (st.changes[u], st.binary[u]) == (cm, binary)
        if sum(values[i] == HOLDS for i in s) > 1:
            if s in passed_on:
                left += 1
            else:
                found += 1
    return found, left


@pytest.mark.parametrize("seed", range(6))
def test_a_convergent_support_found_to_add_nothing_adds_nothing(seed: int) -> None:
    g = compile_map(random_map(400, seed, cross=0.5, cycles=2, flat=seed % 2 == 0))
    found, left = _disjoint_support_is_right(g)
    assert found  # the shortcut is taken
    if seed % 2:  # and not taken for overlapping holding supporters (deeper maps)
        assert left


@_settings
@given(st.one_of(maps(cyclic=True, max_nodes=16), standing_maps(cyclic=True)))
def test_a_convergent_support_found_to_add_nothing_adds_nothing_on_any_map(
    amap: ArgumentMap,
) -> None:
    _disjoint_support_is_right(compile_map(amap))


def test_supporters_whose_ranges_meet_in_one_node_are_not_disjoint() -> None:
    """x supports t directly and through b: the holding supporters' sets {x} and
    {x, b} share x, their lowest and highest members meeting there."""
    amap = ArgumentMap(
        nodes=[
            Node(id=i, kind=k, text=i)
            for i, k in (("t", NodeKind.THESIS), ("b", NodeKind.CLAIM), ("x", NodeKind.EVIDENCE))
        ],
        edges=[
            Edge(id=f"e{j}", kind=EdgeKind.SUPPORTS, source=s, target=t)
            for j, (s, t) in enumerate((("x", "t"), ("b", "t"), ("x", "b")))
        ],
    )
    g = compile_map(amap)
    assert _disjoint_support_is_right(g) == (0, 1)
    assert {g.ids[p] for p in evaluate_sensitivity(g).changes_of(g.theses[0])} == {"t", "x"}
