"""Single-flip sensitivity sets: for each node u, the set C(u) of nodes v such
that flipping v (negating ``own(v)``) changes the value of u.

One bottom-up pass in position order computes every C(u) from the C-sets of
u's inputs; cascades are then the inverse relation (``cascade(v) = {u : v in
C(u)}``, see :mod:`argmap.analysis.cascades`).

The rule for two-valued nodes
=============================
Write u's rule as a conjunction of *conjuncts* ``k`` with values ``b_k`` and
change sets ``D_k`` (a conjunct changes under a single flip v exactly when
``v in D_k``): the own standing (``D = {u}``), each requirement ``r``
(``D = C(r)``), each attacker ``a`` as ``not a`` (``D = C(a)``, negation keeps
the change set), and the support: each co-premise of a reason as a conjunct,
or, for every other kind, one disjunction over the supporters. Under a single
flip v each conjunct either keeps or negates its value, so:

- AND true (every conjunct true): u changes iff some conjunct changes:
  ``C = union(D_k)``.
- AND false, false conjuncts F, true conjuncts T: u changes iff *every* false
  conjunct changes and *no* true conjunct changes:
  ``C = intersection(D_f for f in F) - union(D_t for t in T)``.
- OR is the dual (``or(x) = not and(not x)``, negation keeps change sets):
  OR false: ``union``; OR true with true disjuncts T and false ones F:
  ``intersection(D_t for t in T) - union(D_f for f in F)``.

This is exact whenever every input is decided and stays decided under every
single flip ("binary" inputs): then the new value of each conjunct under v is
fully determined by ``v in D_k``.

Undecided regions
=================
For a node in a cycle, or with an input that is (or can become) undecided, a
change is no longer just a negation. Such nodes keep an explicit *change map*
``{v: new value}``: candidates are u itself (and the members of its cycle) and
every member of an input's C-set; each candidate is evaluated locally (the
cycle's grounded fixpoint is recomputed for that one flip). This is exact and
costs ``|candidates| x local work``; nodes that turn out decided under every
flip are binary again for their consumers.

Representation
==============
C-sets share structure: a set is ``extra | C(base)`` (``base`` a node or -1),
and the union of several sets links to the largest and copies the smaller
ones into ``extra`` (small-to-large merging), so a 100,000-node chain costs
linear time and memory. Each set also carries an upper bound on its size and
the lowest and highest member, which make membership tests cheap on
tree-shaped maps (positions are post-order there).

``extra`` is a frozenset, except when it is just the node u itself (most
nodes: those without inputs, and every link to one input): then it is the
graph's shared 1-tuple ``g.ones[u]``, so no per-node set is created, kept
alive and visited by the collector. Readers use only ``in``, iteration,
``len`` and truthiness (and ``set.update``, not ``|=``, to copy one), and
compare two by their members (:func:`same_members`), as a 1-tuple never
equals a frozenset.

The same code runs on an overlay (``conditioned`` state after one extra flip)
for fragile pairs; see :func:`SensitivityState.conditioned`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Container, Iterable, Iterator
from itertools import compress, repeat
from operator import attrgetter, not_
from typing import NamedTuple

from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, gate, solve_cycle, work_order
from argmap.analysis.graph import CompiledGraph

__all__ = ["EMPTY", "Rep", "SensitivityState", "build_sensitivity", "evaluate_sensitivity"]

_BIG = 1 << 62
_NOTHING: frozenset[int] = frozenset()


Members = frozenset[int] | tuple[int, ...]
"""The ``extra`` of a C-set: a frozenset, or a shared 1-tuple ``(u,)`` from ``g.ones``."""


class Rep(NamedTuple):
    """A C-set: ``extra | C(base)``; ``size`` is an upper bound; ``lo``/``hi`` bound members.

    ``extra`` is a frozenset or a shared 1-tuple (see the module docstring)."""

    base: int
    extra: Members
    size: int
    lo: int
    hi: int


EMPTY = Rep(-1, _NOTHING, 0, _BIG, -1)


def same_members(a: Members, b: Members) -> bool:
    """Whether two ``extra`` collections hold the same members (a 1-tuple never
    equals a frozenset)."""
    return a == b or (len(a) == len(b) and set(a) == set(b))


def explicit(items: set[int] | frozenset[int]) -> Rep:
    if not items:
        return EMPTY
    return Rep(-1, frozenset(items), len(items), min(items), max(items))


class SensitivityState:
    """Values, C-sets and change maps of every node, possibly as an overlay.

    The global state holds lists indexed by position. A conditioned state (one
    extra node flipped) holds dicts of what differs and falls back to the
    global state for everything else.
    """

    def __init__(self, g: CompiledGraph, values: list[int]) -> None:
        self.g = g
        self.values = values
        n = g.size
        self.reps: list[Rep] = [EMPTY] * n
        self.changes: list[dict[int, int] | None] = [None] * n
        self.binary: list[bool] = [True] * n
        self.refs: list[Rep | None] = [None] * n
        """``ref`` of each node in the global state, filled on demand."""
        # Overlay part (empty for the global state).
        self.parent: SensitivityState | None = None
        self.flipped: int = -1
        self.ov_values: dict[int, int] = {}
        self.ov_reps: dict[int, Rep] = {}
        self.ov_changes: dict[int, dict[int, int] | None] = {}
        self.ov_binary: dict[int, bool] = {}

    # -- accessors ---------------------------------------------------------

    def value(self, i: int) -> int:
        v = self.ov_values.get(i)
        return self.values[i] if v is None else v

    def own(self, i: int) -> bool:
        return self.g.own[i] != (i == self.flipped)

    def rep(self, i: int) -> Rep:
        r = self.ov_reps.get(i)
        return self.reps[i] if r is None else r

    def change_map(self, i: int) -> dict[int, int] | None:
        if i in self.ov_changes:
            return self.ov_changes[i]
        return self.changes[i]

    def is_binary(self, i: int) -> bool:
        b = self.ov_binary.get(i)
        return self.binary[i] if b is None else b

    def ref(self, i: int) -> Rep:
        """C(i) as a set to compose (links to i, or past it when i adds nothing)."""
        ov = self.ov_reps
        if ov:
            r = ov.get(i)
            if r is not None:
                if r.size == 0:
                    return EMPTY
                if not r.extra and r.base >= 0:
                    return Rep(r.base, _NOTHING, r.size, r.lo, r.hi)
                return Rep(i, _NOTHING, r.size, r.lo, r.hi)
            r = self.reps[i]
            if r.size and not r.extra and r.base in ov:
                return Rep(i, _NOTHING, r.size, r.lo, r.hi)
        cached = self.refs[i]
        if cached is None:
            r = self.reps[i]
            if r.size == 0:
                cached = EMPTY
            elif not r.extra and r.base >= 0:
                cached = Rep(r.base, _NOTHING, r.size, r.lo, r.hi)
            else:
                cached = Rep(i, _NOTHING, r.size, r.lo, r.hi)
            self.refs[i] = cached
        return cached

    # -- set operations ----------------------------------------------------

    def chain(self, r: Rep) -> Iterator[Members]:
        yield r.extra
        b = r.base
        overlay = bool(self.ov_reps)
        while b >= 0:
            nr = self.ov_reps.get(b) if overlay else None
            if nr is None:
                overlay = False
                nr = self.reps[b]
            yield nr.extra
            b = nr.base

    def materialize(self, r: Rep) -> set[int]:
        if r.base < 0:
            return set(r.extra)
        out: set[int] = set()
        for part in self.chain(r):
            out.update(part)
        return out

    def contains(self, r: Rep, x: int) -> bool:
        if x < r.lo or x > r.hi:
            return False
        if x in r.extra:
            return True
        b = r.base
        overlay = bool(self.ov_reps)
        while b >= 0:
            nr = self.ov_reps.get(b) if overlay else None
            if nr is None:
                overlay = False
                nr = self.reps[b]
            if x < nr.lo or x > nr.hi:
                return False
            if x in nr.extra:
                return True
            b = nr.base
        return False

    def union(self, parts: list[Rep]) -> Rep:
        parts = [p for p in parts if p.size]
        if not parts:
            return EMPTY
        if len(parts) == 1:
            return parts[0]
        big = max(parts, key=lambda p: p.size)
        extra = set(big.extra)
        for p in parts:
            if p is not big:
                extra |= self.materialize(p)
        return Rep(
            big.base,
            frozenset(extra),
            sum(p.size for p in parts),
            min(p.lo for p in parts),
            max(p.hi for p in parts),
        )

    def difference(self, a: Rep, minus: list[Rep]) -> Rep:
        minus = [m for m in minus if m.size and m.hi >= a.lo and m.lo <= a.hi]
        if not minus or not a.size:
            return a
        if a.size <= sum(m.size for m in minus):
            members = self.materialize(a)
            keep = {x for x in members if not any(self.contains(m, x) for m in minus)}
            return a if len(keep) == len(members) else explicit(keep)
        drop: set[int] = set()
        for m in minus:
            drop |= {x for x in self.materialize(m) if self.contains(a, x)}
        if not drop:
            return a
        return explicit(self.materialize(a) - drop)

    def intersection(self, parts: list[Rep], minus: list[Rep]) -> Rep:
        lo, hi, smallest = -1, _BIG, parts[0]
        for p in parts:
            if p.size == 0:
                return EMPTY
            if p.lo > lo:
                lo = p.lo
            if p.hi < hi:
                hi = p.hi
            if p.size < smallest.size:
                smallest = p
        if lo > hi:  # disjoint ranges (e.g. separate subtrees): nothing in common
            return EMPTY
        others = [p for p in parts if p is not smallest]
        minus = [m for m in minus if m.size]
        keep = {
            x
            for x in self.materialize(smallest)
            if all(self.contains(p, x) for p in others)
            and not any(self.contains(m, x) for m in minus)
        }
        return explicit(keep)

    # -- per-node rules ----------------------------------------------------

    def binary_rep(self, u: int) -> Rep:
        """C(u) when every input of u is binary (see the module docstring)."""
        g = self.g
        ov_values, values = self.ov_values, self.values
        ref = self.ref
        trues: list[Rep] = []
        falses: list[Rep] = []
        unit = Rep(-1, g.ones[u], 1, u, u)
        if g.own[u] != (u == self.flipped):
            trues.append(unit)
        else:
            falses.append(unit)
        for r in g.req[u]:
            v = ov_values.get(r)
            if (values[r] if v is None else v) == HOLDS:
                trues.append(ref(r))
            else:
                falses.append(ref(r))
        for a in g.opp[u]:
            v = ov_values.get(a)
            if (values[a] if v is None else v) == FAILS:
                trues.append(ref(a))
            else:
                falses.append(ref(a))
        sup = g.sup[u]
        if sup:
            held: list[Rep] = []
            failed: list[Rep] = []
            for s in sup:
                v = ov_values.get(s)
                if (values[s] if v is None else v) == HOLDS:
                    held.append(ref(s))
                else:
                    failed.append(ref(s))
            if g.is_reason[u]:
                trues.extend(held)
                falses.extend(failed)
            elif held:
                # The disjunction holds: as an AND of negated supporters it is false.
                trues.append(self.and_of(held, failed))
            else:
                falses.append(self.union(failed))
        return self.and_of(falses, trues)

    def and_of(self, false: list[Rep], true: list[Rep]) -> Rep:
        """The change set of an AND whose conjuncts have these change sets."""
        if not false:
            return self.union(true)
        if len(false) == 1:
            return self.difference(false[0], true)
        return self.intersection(false, true)

    def _input_lookup(self, sources: set[int]) -> dict[int, tuple[dict[int, int] | None, set[int]]]:
        table: dict[int, tuple[dict[int, int] | None, set[int]]] = {}
        for i in sources:
            cm = self.change_map(i)
            table[i] = (cm, set() if cm is not None else self.materialize(self.ref(i)))
        return table

    def _flipped_value(
        self, table: dict[int, tuple[dict[int, int] | None, set[int]]], v: int
    ) -> Callable[[int], int]:
        value = self.value

        def val(i: int) -> int:
            entry = table.get(i)
            if entry is None:
                return value(i)
            cm, members = entry
            if cm is not None:
                return cm.get(v, value(i))
            if v in members:
                old = value(i)
                return FAILS if old == HOLDS else HOLDS
            return value(i)

        return val

    def local_changes(
        self, members: tuple[int, ...]
    ) -> list[tuple[int, Rep, dict[int, int] | None, bool]]:
        """Change maps of a cycle or of one node with undecided inputs, by local re-evaluation."""
        g = self.g
        inside = set(members)
        sources = {s for u in members for s in g.inputs[u] if s not in inside}
        table = self._input_lookup(sources)
        candidates: set[int] = set(members)
        for cm, mem in table.values():
            candidates |= cm.keys() if cm is not None else mem
        base_own = self.own
        maps: dict[int, dict[int, int]] = {u: {} for u in members}
        cyclic = len(members) > 1
        for v in sorted(candidates):
            val = self._flipped_value(table, v)

            def own_of(i: int, v: int = v) -> bool:
                return base_own(i) != (i == v)

            if cyclic:
                new = solve_cycle(g, members, own_of, val)
            else:
                u = members[0]
                new = {u: gate(g, u, own_of(u), val)}
            for u in members:
                if new[u] != self.value(u):
                    maps[u][v] = new[u]
        out: list[tuple[int, Rep, dict[int, int] | None, bool]] = []
        for u in members:
            cm = maps[u]
            binary = self.value(u) != UNDECIDED and UNDECIDED not in cm.values()
            out.append((u, explicit(set(cm)), cm, binary))
        return out

    def compute(
        self, members: tuple[int, ...], cyclic: bool
    ) -> list[tuple[int, Rep, dict | None, bool]]:
        """New (rep, change map, binary) of one component."""
        if not cyclic:
            u = members[0]
            ov_binary, binary = self.ov_binary, self.binary
            for i in self.g.inputs[u]:
                b = ov_binary.get(i)
                if not (binary[i] if b is None else b):
                    break
            else:
                return [(u, self.binary_rep(u), None, True)]
        return self.local_changes(members)

    # -- conditioning ------------------------------------------------------

    def conditioned(
        self,
        flipped: int,
        within: Container[int],
        stop: Callable[[SensitivityState, int], object] | None = None,
    ) -> SensitivityState:
        """The state after flipping ``flipped``, recomputed only where it differs.

        ``within`` restricts the work to the nodes that matter (e.g. those upstream
        of a thesis). Nodes whose value, C-set and change map come out the same
        (structurally) stop the walk.

        ``stop``, if given, is asked after an acyclic node w whose state changed is
        recomputed while nothing else is pending (every change made so far flows
        on through w alone). When it returns something other than None the walk
        ends there and the answer is kept as ``stopped`` (else ``stopped`` is None).
        """
        g = self.g
        st = SensitivityState.__new__(SensitivityState)
        st.g, st.values = g, self.values
        st.reps, st.changes, st.binary = self.reps, self.changes, self.binary
        st.refs = self.refs
        st.parent, st.flipped = self, flipped
        # Values are found on the way: a node's value can only change when an
        # input's does, and such an input always wakes its consumers below.
        ov_values: dict[int, int] = {}
        st.ov_values = ov_values
        st.ov_reps, st.ov_changes, st.ov_binary = {}, {}, {}
        values = self.values
        own = g.own

        def value_of(i: int) -> int:
            v = ov_values.get(i)
            return values[i] if v is None else v

        def own_of(i: int) -> bool:
            return own[i] != (i == flipped)

        heap = [flipped]
        queued = {flipped}
        done: set[int] = set()
        steps = 0
        comp, comp_members, comp_cyclic = g.comp, g.comp_members, g.comp_cyclic
        inputs = g.inputs
        compute = st.compute
        while heap:
            u = heapq.heappop(heap)
            c = comp[u]
            if c in done:
                continue
            done.add(c)
            steps += 1
            if comp_cyclic[c]:
                members = comp_members[c]
                for p, v in solve_cycle(g, members, own_of, value_of).items():
                    if v != values[p]:
                        ov_values[p] = v
                results = compute(members, True)
            else:
                v = gate(g, u, own_of(u), value_of)
                if v != values[u]:
                    ov_values[u] = v
                if inputs[u]:
                    results = compute(comp_members[c], False)
                else:
                    # A node without inputs changes with its own standing alone.
                    results = [(u, Rep(-1, g.ones[u], 1, u, u), None, True)]
            for p, rep, cm, binary in results:
                old = self.reps[p]
                same = (
                    p not in st.ov_values
                    and binary == self.binary[p]
                    and cm == self.changes[p]
                    and same_members(rep.extra, old.extra)
                    and rep.base == old.base
                    and (rep.base < 0 or rep.base not in st.ov_reps)
                )
                if same:
                    continue
                st.ov_reps[p] = rep
                st.ov_changes[p] = cm
                st.ov_binary[p] = binary
                if stop is not None and not heap and not g.comp_cyclic[c]:
                    answer = stop(st, p)
                    if answer is not None:
                        st.steps = steps  # type: ignore[attr-defined]
                        st.stopped = answer  # type: ignore[attr-defined]
                        return st
                for t in g.consumers[p]:
                    if t in within and t not in queued:
                        queued.add(t)
                        heapq.heappush(heap, t)
        st.steps = steps  # type: ignore[attr-defined]
        st.stopped = None  # type: ignore[attr-defined]
        return st

    def changes_of(self, u: int) -> set[int]:
        """C(u) as a plain set."""
        return self.materialize(self.rep(u))


def build_sensitivity(
    g: CompiledGraph,
    values: list[int],
    *,
    previous: SensitivityState | None = None,
    components: Iterable[int] | None = None,
) -> SensitivityState:
    """The global state: every C-set, in one pass in position order.

    With ``previous`` (the state of a map that differs only in the own standing or
    gate of some nodes, same graph shape), only ``components`` are recomputed,
    in ascending order; they must include every component downstream of a
    change. The C-sets of the others cannot differ: a set's base pointers lead
    only to nodes upstream of it.

    The common case is inlined: an acyclic node whose inputs are all binary and
    that holds has ``C(u) = {u} | union of its conjuncts' change sets`` (the
    AND-true rule of the module docstring). With one input that is a link to
    the input's set and ``{u}``; convergent support with several supporters adds
    nothing when two or more hold with ranges that have nothing in common
    (decided inline: on a random map, nearly always), else is found by
    :func:`_convergent_support`. Nodes without inputs (most of a map) have
    ``C(u) = {u}``, made at once. Everything else goes through
    :meth:`SensitivityState.compute`.
    """
    st = SensitivityState(g, values)
    n = g.size
    comp_members, comp_cyclic, inputs = g.comp_members, g.comp_cyclic, g.inputs
    runs: list[tuple[Iterable[int], int]]
    if previous is not None and components is not None:
        st.reps, st.changes = list(previous.reps), list(previous.changes)
        st.binary, st.refs = list(previous.binary), list(previous.refs)
        todo = sorted(components)
        for c in todo:  # as a fresh state has them: the fast rule below sets reps only
            for p in comp_members[c]:
                st.refs[p] = None
                st.changes[p] = None
                st.binary[p] = True
        leaves: list[int] = []
        positions: list[int] = []
        runs = []
        for c in todo:
            if comp_cyclic[c]:
                runs.append((positions, c))
                positions = []
            else:
                u = comp_members[c][0]
                (positions if inputs[u] else leaves).append(u)
        runs.append((positions, -1))
        tainted = {t for p in compress(range(n), map(not_, st.binary)) for t in g.consumers[p]}
    else:
        leaves = list(compress(range(n), map(not_, inputs)))
        runs = work_order(g)
        tainted = set()
    _singles(st.reps, leaves, g.ones)
    _fill(st, runs, tainted)
    return st


def evaluate_sensitivity(g: CompiledGraph) -> SensitivityState:
    """``build_sensitivity(g, evaluate(g))`` in one pass: each node's value is found
    (by :func:`~argmap.analysis.evaluate.evaluate`'s rules) just before its C-set."""
    n = g.size
    st = SensitivityState(g, list(bytes(g.own)))  # the own standing: HOLDS (1) or FAILS (0)
    _singles(st.reps, list(compress(range(n), map(not_, g.inputs))), g.ones)
    _fill(st, work_order(g), set(), g.own)
    return st


def _singles(reps: list[Rep], leaves: list[int], ones: list[tuple[int, ...]]) -> None:
    """C(u) = {u} for the nodes without inputs, by C-level map/zip: Rep(-1, (u,), 1, u, u)
    with the shared 1-tuple ``(u,)`` from ``ones``."""
    singles = map(ones.__getitem__, leaves)
    leaf_reps = map(tuple.__new__, repeat(Rep), zip(repeat(-1), singles, repeat(1), leaves, leaves))
    for u, rep in zip(leaves, leaf_reps, strict=True):
        reps[u] = rep


def _fill(
    st: SensitivityState,
    runs: list[tuple[Iterable[int], int]],
    tainted: set[int],
    own: list[bool] | None = None,
) -> None:
    """The C-sets of the nodes in ``runs`` (as :func:`~argmap.analysis.evaluate.work_order`
    gives them: acyclic nodes with inputs, then a cyclic component; see
    :func:`build_sensitivity`). ``tainted`` holds the nodes known to have an input that is not binary, and
    gains the consumers of those found. With ``own``, the values of those nodes
    are found on the way (``st.values`` holding the own standing until then)."""
    g, values = st.g, st.values
    reps, changes, binary = st.reps, st.changes, st.binary
    inputs, req, opp, sup, is_reason = g.inputs, g.req, g.opp, g.sup, g.is_reason
    comp_members, consumers = g.comp_members, g.consumers
    compute = st.compute
    ones = g.ones  # extra = (u,) shared, rather than a new frozenset per node
    new = tuple.__new__  # Rep(...) without the Python-level __new__ of a NamedTuple

    def store(members: tuple[int, ...], cyclic: bool) -> None:
        for p, rep, cm, flag in compute(members, cyclic):
            reps[p] = rep
            changes[p] = cm
            binary[p] = flag
            if not flag:
                tainted.update(consumers[p])

    value = values.__getitem__
    for positions, cycle in runs:
        for u in positions:
            ins = inputs[u]
            if u in tainted:  # an input is not binary: the general rule
                if own is not None and own[u]:
                    values[u] = gate(g, u, True, value)
                store((u,), False)
                continue
            # Each path below first finds u's value (with ``own``) as evaluate()
            # does, the inputs being 0 or 1, and leaves a failing u to the general
            # rule; a holding u takes the fast rule: C(u) = {u} | the union of the
            # parts' C-sets. Every member is upstream of u, so u is the highest.
            if len(ins) == 1:  # one source (in one role, or an attacker in another too)
                i = ins[0]
                if (
                    own is not None
                    and own[u]
                    and ((req[u] or sup[u] or values[i]) if opp[u] else not values[i])
                ):
                    values[u] = FAILS
                if values[u] != HOLDS:
                    store((u,), False)
                    continue
                r = reps[i]
                if r.extra:  # link to i
                    reps[u] = new(Rep, (i, ones[u], r.size + 1, r.lo, u))
                elif r.size:  # i adds nothing to its base: link past it
                    reps[u] = new(Rep, (r.base, ones[u], r.size + 1, r.lo, u))
                else:
                    reps[u] = new(Rep, (-1, ones[u], 1, u, u))
                continue
            if (  # several sources
                own is not None
                and own[u]
                and (
                    ((sp := sup[u]) and not (all if is_reason[u] else any)(map(value, sp)))
                    or ((rq := req[u]) and not all(map(value, rq)))
                    or ((op := opp[u]) and any(map(value, op)))
                )
            ):
                values[u] = FAILS
            if values[u] != HOLDS:
                store((u,), False)
                continue
            s = sup[u]
            parts = ins
            extra = {u}
            lo = u
            if len(s) > 1 and not is_reason[u]:
                parts = req[u] + opp[u]
                # Commonly two or more supporters hold and their C-sets' ranges have
                # nothing in common (separate subtrees), so neither have the sets and
                # the support adds nothing. Decided here, as a call costs more than this.
                held, top, bottom = 0, -1, _BIG
                for i in s:
                    if values[i]:  # 0 or 1 here
                        held += 1
                        r = reps[i]
                        if r.lo > top:
                            top = r.lo
                        if r.hi < bottom:
                            bottom = r.hi
                if held < 2 or top <= bottom:
                    support = _convergent_support(s, values, st, held, top, bottom)
                    if support is None:
                        store((u,), False)
                        continue
                    if isinstance(support, tuple):
                        parts += support
                    elif support:
                        extra |= support
                        lo = min(support)
                if not parts and len(extra) == 1:  # the support added no member: C(u) = {u}
                    reps[u] = new(Rep, (-1, ones[u], 1, u, u))
                    continue
            # Link to the largest part, copy the others.
            best = -1
            best_size = 0
            total = len(extra)
            for i in parts:
                r = reps[i]
                size = r.size
                if size:
                    total += size
                    if r.lo < lo:
                        lo = r.lo
                    if size > best_size:
                        best, best_size = i, size
            if best < 0:
                reps[u] = new(
                    Rep, (-1, frozenset(extra) if len(extra) > 1 else ones[u], total, lo, u)
                )
                continue
            for i in parts:
                if i != best:
                    r = reps[i]
                    extra.update(r.extra)
                    b = r.base
                    while b >= 0:
                        r = reps[b]
                        extra.update(r.extra)
                        b = r.base
            r = reps[best]
            base = best if r.extra else r.base
            reps[u] = new(
                Rep, (base, frozenset(extra) if len(extra) > 1 else ones[u], total, lo, u)
            )
        if cycle >= 0:
            if own is not None:
                members = comp_members[cycle]
                for p, v in solve_cycle(g, members, own.__getitem__, value).items():
                    values[p] = v
            store(comp_members[cycle], True)


def _convergent_support(
    sup: tuple[int, ...], values: list[int], st: SensitivityState, held: int, lo: int, hi: int
) -> tuple[int, ...] | set[int] | None:
    """The change set of the support of a holding node with several supporters
    (convergent) whose inputs are binary: the intersection of the holding
    supporters' C-sets less the union of the failed ones'. With one holding
    supporter whose range no failed one's overlaps, that is its C-set, returned
    as its one part (a tuple); with several, the members, found from the
    smallest set (a set; :func:`_fill` has already ruled out ranges with nothing
    in common).
    None in the remaining cases (one holding supporter whose range a failed one's
    overlaps, or none), left to the general rule. ``held`` counts the holding
    supporters, and ``lo``/``hi`` are the largest lowest and the smallest highest
    member of their C-sets, as :func:`_fill` found them."""
    reps = st.reps
    if not held:  # not a holding node's support after all
        return None
    if held == 1:
        (h,) = (i for i in sup if values[i] == HOLDS)
        r = reps[h]
        for i in sup:
            q = reps[i]
            if i != h and q.size and q.hi >= r.lo and q.lo <= r.hi:
                return None
        return (h,)
    contains = st.contains
    rs = [reps[i] for i in sup if values[i] == HOLDS]
    smallest = min(rs, key=attrgetter("size"))
    others = [r for r in rs if r is not smallest]
    failed = [reps[i] for i in sup if values[i] != HOLDS]
    return {
        x
        for x in st.materialize(smallest)
        if lo <= x <= hi
        and all(contains(r, x) for r in others)
        and not any(contains(r, x) for r in failed)
    }
