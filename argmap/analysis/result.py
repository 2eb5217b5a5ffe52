"""The public face of the analysis: :func:`analyze`, :func:`flip` and their results."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from argmap.analysis.cascades import CascadeIndex
from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, evaluate, propagate_flips
from argmap.analysis.graph import CompiledGraph, compile_map, indices_of
from argmap.analysis.pairs import fragile_pairs
from argmap.analysis.probability import SAMPLES, Importance, thesis_probability
from argmap.analysis.sensitivity import SensitivityState, evaluate_sensitivity
from argmap.model import ArgumentMap

__all__ = [
    "DEFAULT_PAIR_BUDGET",
    "Analysis",
    "Status",
    "ThesisAnalysis",
    "WhatIf",
    "analyze",
    "flip",
]

#: Component recomputations allowed to the fragile-pair search of one thesis.
DEFAULT_PAIR_BUDGET = 60_000

#: Cascades an :class:`Analysis` finds by walking a flip before it builds its index,
#: and the longest cascade it walks.
_WALKS = 256
_WALK_LIMIT = 2_000


class Status(StrEnum):
    """A node's standing after evaluation."""

    HOLDS = "holds"
    FAILS = "fails"
    UNDECIDED = "undecided"


_STATUS = {HOLDS: Status.HOLDS, FAILS: Status.FAILS, UNDECIDED: Status.UNDECIDED}


@dataclass(frozen=True)
class ThesisAnalysis:
    """What the analysis says about one thesis."""

    id: str
    status: Status
    tripwires: tuple[str, ...]
    """Nodes whose flip alone brings the thesis down; largest cascade first, then by id.
    Empty when the thesis does not hold."""
    fragile_pairs: tuple[tuple[str, str], ...]
    """Pairs of non-tripwires that bring the thesis down together; each sorted, all sorted."""
    fragile_pairs_complete: bool
    """False when the pair search hit its work budget (the pairs found are real)."""
    probability: float | None
    """P(thesis holds) under the beliefs; None when no node carries a belief."""
    probability_method: str | None
    """"exact" or "monte-carlo"; None without beliefs."""
    probability_stderr: float | None
    """Standard error of a Monte Carlo estimate; None when exact."""
    probability_samples: int | None
    probability_seed: int | None
    importance: Mapping[str, Importance]
    """Per node upstream of the thesis (under Monte Carlo: the uncertain nodes and the
    tripwires), ordered by |Birnbaum| (largest first), then id."""

    @property
    def holds(self) -> bool:
        return self.status is Status.HOLDS


@dataclass(frozen=True)
class WhatIf:
    """The result of flipping some nodes: what changes, and how the theses fare."""

    flipped: tuple[str, ...]
    changed: Mapping[str, Status]
    """New status of every node whose status changed (flipped nodes included if so)."""
    theses: Mapping[str, Status]
    """Status of each thesis after the flip."""
    base: Mapping[str, Status] = field(repr=False)

    def status(self, node_id: str) -> Status:
        """Status of any node after the flip."""
        return self.changed.get(node_id, self.base[node_id])


@dataclass(eq=False)
class Analysis:
    """Everything :func:`analyze` found. Cheap to keep; cascades are listed on demand.

    ``status`` and ``theses`` are in document order. ``cascade(id)`` and
    ``cascade_size(id)`` answer for one node in time proportional to the answer;
    ``cascades`` lists them all (which can be large on deep maps).
    """

    status: dict[str, Status]
    theses: dict[str, ThesisAnalysis]
    graph: CompiledGraph = field(repr=False)
    _state: SensitivityState = field(repr=False)
    _index_built: CascadeIndex | None = field(default=None, repr=False)
    _sizes: dict[int, int] = field(default_factory=dict, repr=False)
    """Cascade sizes found by :func:`analyze` (the tripwires'), by position."""
    _walks: int = field(default=0, repr=False)

    @property
    def _index(self) -> CascadeIndex:
        """The cascade index, built on first use (the GUI may never ask)."""
        if self._index_built is None:
            with _collector_paused():
                self._index_built = CascadeIndex(self._state)
        return self._index_built

    @property
    def sensitivity(self) -> SensitivityState:
        """The single-flip sets behind the cascades (for lint and advanced use)."""
        return self._state

    def holds(self, node_id: str) -> bool:
        return self.status[node_id] is Status.HOLDS

    def _members(self, v: int) -> list[int]:
        # Without the index, a flip walk costs about the cascade's length; a
        # long one (or many lookups) is what the index is for.
        if self._index_built is None and self._walks < _WALKS:
            self._walks += 1
            changed = propagate_flips(self.graph, self._state.values, [v], limit=_WALK_LIMIT)
            if changed is not None:
                return list(changed)
        return self._index.members(v)

    def cascade(self, node_id: str) -> list[str]:
        """Ids of the nodes whose status changes when ``node_id`` is flipped, sorted."""
        ids = self.graph.ids
        return sorted(ids[p] for p in self._members(self.graph.pos[node_id]))

    def cascade_size(self, node_id: str) -> int:
        v = self.graph.pos[node_id]
        known = self._sizes.get(v)
        if known is not None:
            return known
        if self._index_built is None:
            return len(self._members(v))
        return self._index_built.size(v)

    @cached_property
    def cascades(self) -> dict[str, list[str]]:
        """Every node's cascade, in document order of the flipped node."""
        return {node_id: self.cascade(node_id) for node_id in self.status}

    def flip(self, node_ids: Iterable[str]) -> WhatIf:
        return flip(self, node_ids)


def _status_map(g: CompiledGraph, values: list[int]) -> dict[str, Status]:
    """Status by node id, in document order."""
    pos = g.pos
    if len(pos) != g.size:  # repeated ids (an unvalidated map): the last one wins
        positions = g.doc_position
        names = map(g.ids.__getitem__, positions)
        statuses = map(_STATUS.__getitem__, map(values.__getitem__, positions))
        return dict(zip(names, statuses, strict=True))
    # With unique ids, compile_map builds pos in document order. dict.fromkeys of a
    # dict reuses its stored hashes, touching no id string (the costly part of
    # building the dict anew): start with the commonest status, then set the others
    # (setting a key keeps its place, so any start gives the same dict, only slower).
    # Usually most nodes hold, which one count shows; list.index finds the others
    # in C, with no call per node.
    common = HOLDS if 2 * values.count(HOLDS) > len(values) else max(_STATUS, key=values.count)
    status = dict.fromkeys(pos, _STATUS[common])
    ids = g.ids
    for value, named in _STATUS.items():
        if value != common:
            for p in indices_of(values, value):
                status[ids[p]] = named
    return status


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the passes allocate many small,
    acyclic objects, and full collections over them can cost more than the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def analyze(
    amap: ArgumentMap,
    *,
    theses: Sequence[str] | None = None,
    samples: int = SAMPLES,
    seed: int = 0,
    pair_budget: int | None = DEFAULT_PAIR_BUDGET,
    probabilities: bool = True,
) -> Analysis:
    """Evaluate ``amap`` and find its cascades, tripwires, fragile pairs and probabilities.

    ``theses`` overrides which nodes count as theses (default: DESIGN.md's rule).
    Probabilities are computed when some node carries a belief and
    ``probabilities`` is true; Monte Carlo uses ``samples`` and ``seed``.
    ``pair_budget`` bounds the fragile-pair search (None: no bound).
    Raises ``KeyError`` for an unknown thesis id.
    """
    with _collector_paused():
        return _analyze(amap, theses, samples, seed, pair_budget, probabilities)


def _analyze(
    amap: ArgumentMap,
    theses: Sequence[str] | None,
    samples: int,
    seed: int,
    pair_budget: int | None,
    probabilities: bool,
) -> Analysis:
    g = compile_map(amap)
    state = evaluate_sensitivity(g)
    thesis_positions = g.theses if theses is None else [g.pos[t] for t in theses]
    return assemble(state, thesis_positions, samples, seed, pair_budget, probabilities)


def assemble(
    state: SensitivityState,
    thesis_positions: Sequence[int],
    samples: int = SAMPLES,
    seed: int = 0,
    pair_budget: int | None = DEFAULT_PAIR_BUDGET,
    probabilities: bool = True,
) -> Analysis:
    """The :class:`Analysis` of evaluated values and C-sets: tripwires, pairs, beliefs."""
    g, values = state.g, state.values
    index: list[CascadeIndex] = []

    def cascade_size(v: int) -> int:
        if not index:
            index.append(CascadeIndex(state))
        return index[0].size(v)

    with_beliefs = probabilities and any(b is not None for b in g.belief)
    results: dict[str, ThesisAnalysis] = {}
    known_sizes: dict[int, int] = {}
    for t in thesis_positions:
        tid = g.ids[t]
        trip: list[int] = []
        pairs: list[tuple[str, str]] = []
        complete = True
        if values[t] == HOLDS:
            trip = [v for v in state.changes_of(t) if v != t]
            sizes = _cascade_sizes(g, values, trip, cascade_size)
            known_sizes.update(sizes)
            trip.sort(key=lambda v: (-sizes[v], g.ids[v]))
            search = fragile_pairs(state, t, set(trip), pair_budget, order=cascade_size)
            complete = search.complete
            named = (sorted((g.ids[a], g.ids[b])) for a, b in search.pairs)
            pairs = sorted((a, b) for a, b in named)
        prob = method = stderr = n_samples = used_seed = None
        importance: dict[str, Importance] = {}
        if with_beliefs:
            pr = thesis_probability(g, t, samples=samples, seed=seed, critical=set(trip))
            prob, method, stderr = pr.probability, pr.method, pr.stderr
            n_samples, used_seed = pr.samples, pr.seed
            ranked = sorted(
                pr.importance.items(), key=lambda kv: (-abs(kv[1].birnbaum), g.ids[kv[0]])
            )
            importance = {g.ids[p]: imp for p, imp in ranked}
        results[tid] = ThesisAnalysis(
            id=tid,
            status=_STATUS[values[t]],
            tripwires=tuple(g.ids[v] for v in trip),
            fragile_pairs=tuple(pairs),
            fragile_pairs_complete=complete,
            probability=prob,
            probability_method=method,
            probability_stderr=stderr,
            probability_samples=n_samples,
            probability_seed=used_seed,
            importance=importance,
        )
    return Analysis(
        status=_status_map(g, values),
        theses=results,
        graph=g,
        _state=state,
        _index_built=index[0] if index else None,
        _sizes=known_sizes,
    )


def _cascade_sizes(
    g: CompiledGraph, values: list[int], nodes: list[int], size_of: Callable[[int], int]
) -> dict[int, int]:
    """Cascade sizes of ``nodes``: by flipping each while that stays cheap (a few
    tripwires with short cascades, the usual case), else from the cascade index."""
    sizes: dict[int, int] = {}
    room = 4 * g.size + 64
    for v in nodes:
        changed = propagate_flips(g, values, [v], limit=room)
        if changed is None:
            return {v: size_of(v) for v in nodes}
        sizes[v] = len(changed)
        room -= len(changed)
    return sizes


def flip(subject: Analysis | ArgumentMap, node_ids: Iterable[str]) -> WhatIf:
    """What-if: negate the own standing of ``node_ids`` and re-evaluate what they reach.

    Given an :class:`Analysis`, only the nodes downstream of the flipped ones are
    visited (in position order, stopping where nothing changes), so one flip on
    a large map takes about as long as its cascade. Given a map, it is evaluated
    first. Raises ``KeyError`` for an unknown id.
    """
    if isinstance(subject, ArgumentMap):
        g = compile_map(subject)
        values = evaluate(g)
        base = _status_map(g, values)
    else:
        g, values, base = subject.graph, subject._state.values, subject.status
    ids = tuple(dict.fromkeys(node_ids))
    positions = [g.pos[i] for i in ids]
    changed = propagate_flips(g, values, positions)
    assert changed is not None
    changed_status = {g.ids[p]: _STATUS[v] for p, v in sorted(changed.items())}
    theses = {
        g.ids[t]: _STATUS[changed.get(t, values[t])]
        for t in (g.theses if isinstance(subject, ArgumentMap) else _thesis_positions(subject))
    }
    return WhatIf(flipped=ids, changed=changed_status, theses=theses, base=base)


def _thesis_positions(analysis: Analysis) -> list[int]:
    return [analysis.graph.pos[t] for t in analysis.theses]
