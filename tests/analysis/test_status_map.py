"""The status map, built from the commonest status with the others set after,
is the plain one whatever the mix of statuses."""

from __future__ import annotations

import random

import pytest

from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED
from argmap.analysis.graph import compile_map
from argmap.analysis.result import _STATUS, _status_map
from tests.analysis.test_pairs import random_map


def _mixes(n: int, rng: random.Random) -> list[list[int]]:
    half = [HOLDS] * (n // 2) + [FAILS] * (n - n // 2)  # HOLDS exactly not a majority
    mixes = [[v] * n for v in (FAILS, HOLDS, UNDECIDED)] + [half, half[::-1]]
    for weights in ((8, 1, 1), (1, 8, 1), (1, 1, 8), (1, 1, 1)):
        values = rng.choices((HOLDS, FAILS, UNDECIDED), weights, k=n)
        values[0] = values[-1] = values[1] = rng.choice((FAILS, UNDECIDED))  # ends and runs
        mixes.append(values)
    return mixes


@pytest.mark.parametrize("seed", range(3))
def test_the_status_map_matches_the_plain_one(seed: int) -> None:
    g = compile_map(random_map(120, seed, cross=0.3, cycles=2, flat=seed % 2 == 0))
    assert len(g.pos) == g.size
    for values in _mixes(g.size, random.Random(seed)):
        plain = {g.ids[p]: _STATUS[values[p]] for p in g.doc_position}  # document order
        status = _status_map(g, values)
        assert status == plain
        assert list(status) == list(plain)
