"""Tuned code paths give exactly what the straightforward ones give: the pair
search's counted gate against ``evaluate.gate``.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, evaluate, gate
from argmap.analysis.graph import compile_map
from argmap.analysis.pairs import _Gate
from argmap.model import ArgumentMap
from tests.analysis.strategies import maps

_settings = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(maps(cyclic=True, max_nodes=12), st.randoms(use_true_random=False))
def test_counted_gate_matches_the_gate(amap: ArgumentMap, rng: random.Random) -> None:
    g = compile_map(amap)
    values = evaluate(g)
    for w in range(g.size):
        counted = _Gate(g, values, w)
        for _ in range(4):
            moved = rng.sample(g.inputs[w], rng.randint(0, len(g.inputs[w])))
            over = {x: rng.choice((FAILS, HOLDS, UNDECIDED)) for x in moved}
            own = rng.random() < 0.8
            value = {**dict(enumerate(values)), **over}.__getitem__
            expected = gate(g, w, own == g.own[w], value)
            assert counted.value(over, own == g.own[w]) == expected
        assert counted.value({}) == gate(g, w, g.own[w], values.__getitem__)
