"""Three-valued evaluation of a compiled map (DESIGN.md section 4).

Values are small ints: :data:`FAILS` (0), :data:`HOLDS` (1), :data:`UNDECIDED`
(2). A node's value is the Kleene conjunction of its own standing, its
requirements, its support (any for convergent support, all for the co-premises
of a reason) and the negation of its attackers. Components are evaluated in
position order; inside a cycle every member starts undecided and the rule is
applied until nothing changes, which gives the grounded (least) fixpoint. The
rule is monotone in the information order, so a member only ever changes once,
from undecided to decided: the loop always ends.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress

from argmap.analysis.graph import CompiledGraph

__all__ = [
    "FAILS",
    "HOLDS",
    "UNDECIDED",
    "evaluate",
    "gate",
    "propagate_flips",
    "solve_cycle",
    "work_order",
]

FAILS = 0
HOLDS = 1
UNDECIDED = 2

ValueOf = Callable[[int], int]


def gate(g: CompiledGraph, u: int, own: bool, value: ValueOf) -> int:
    """The Kleene value of node ``u`` given its own standing and its inputs' values."""
    if not own:
        return FAILS
    undecided = False
    for r in g.req[u]:
        v = value(r)
        if v == FAILS:
            return FAILS
        if v == UNDECIDED:
            undecided = True
    for a in g.opp[u]:
        v = value(a)
        if v == HOLDS:
            return FAILS
        if v == UNDECIDED:
            undecided = True
    sup = g.sup[u]
    if sup:
        if g.is_reason[u]:
            for s in sup:
                v = value(s)
                if v == FAILS:
                    return FAILS
                if v == UNDECIDED:
                    undecided = True
        else:
            best = FAILS
            for s in sup:
                v = value(s)
                if v == HOLDS:
                    best = HOLDS
                    break
                if v == UNDECIDED:
                    best = UNDECIDED
            if best == FAILS:
                return FAILS
            if best == UNDECIDED:
                undecided = True
    return UNDECIDED if undecided else HOLDS


def solve_cycle(
    g: CompiledGraph,
    members: Sequence[int],
    own_of: Callable[[int], bool],
    outside: ValueOf,
) -> dict[int, int]:
    """Grounded values of one cyclic component, given the values outside it."""
    inside = dict.fromkeys(members, UNDECIDED)

    def value(i: int) -> int:
        v = inside.get(i)
        return outside(i) if v is None else v

    work = list(members)
    queued = set(members)
    while work:
        u = work.pop()
        queued.discard(u)
        if inside[u] != UNDECIDED:
            continue
        new = gate(g, u, own_of(u), value)
        if new != UNDECIDED:
            inside[u] = new
            for t in g.consumers[u]:
                if t in inside and inside[t] == UNDECIDED and t not in queued:
                    queued.add(t)
                    work.append(t)
    return inside


def work_order(g: CompiledGraph) -> list[tuple[Iterable[int], int]]:
    """What a pass in position order visits, as runs: the positions of the acyclic
    nodes that have inputs up to a cycle (ascending), then that cyclic component
    (-1 after the last cycle)."""
    n = g.size
    inputs, comp_members = g.inputs, g.comp_members
    if len(comp_members) == n:  # no cycle: components are positions
        return [(compress(range(n), inputs), -1)]
    runs: list[tuple[Iterable[int], int]] = []
    start = 0
    for c in compress(range(len(comp_members)), g.comp_cyclic):
        members = comp_members[c]  # consecutive positions
        runs.append((compress(range(start, members[0]), inputs[start : members[0]]), c))
        start = members[-1] + 1
    runs.append((compress(range(start, n), inputs[start:]), -1))
    return runs


def evaluate(g: CompiledGraph, own: Sequence[bool] | None = None) -> list[int]:
    """Every node's value, by position.

    A node without inputs has its own standing for its value. An acyclic node
    whose inputs are all decided (all of them, unless a cycle upstream left
    some undecided) takes the Boolean rule over its inputs' values (0 or 1) by
    C-level ``all``/``any``: a failed requirement or co-premise fails it, and
    so does a holding attacker, or convergent support where no supporter holds.
    A node with an undecided input goes through :func:`gate`, a cycle through
    :func:`solve_cycle`.
    """
    own = g.own if own is None else own
    inputs, req, opp, sup, is_reason = g.inputs, g.req, g.opp, g.sup, g.is_reason
    consumers = g.consumers
    values = list(bytes(own))  # the own standing: HOLDS (1) or FAILS (0)
    value: ValueOf = values.__getitem__
    tainted: set[int] = set()  # consumers of undecided nodes
    for positions, cycle in work_order(g):
        for u in positions:
            if not own[u]:
                continue  # FAILS already
            ins = inputs[u]
            if u in tainted:
                v = values[u] = gate(g, u, True, value)
                if v == UNDECIDED:
                    tainted.update(consumers[u])
            elif len(ins) == 1:  # one source, in one role (or an attacker in another too)
                if not opp[u]:
                    values[u] = values[ins[0]]
                elif not (req[u] or sup[u]):
                    values[u] = 1 - values[ins[0]]
                else:
                    values[u] = FAILS
            elif (
                ((s := sup[u]) and not (all if is_reason[u] else any)(map(value, s)))
                or ((r := req[u]) and not all(map(value, r)))
                or ((a := opp[u]) and any(map(value, a)))
            ):
                values[u] = FAILS
        if cycle >= 0:
            for p, v in solve_cycle(g, g.comp_members[cycle], own.__getitem__, value).items():
                values[p] = v
                if v == UNDECIDED:
                    tainted.update(consumers[p])
    return values


def propagate_flips(
    g: CompiledGraph,
    values: Sequence[int],
    flipped: Iterable[int],
    *,
    within: Mapping[int, object] | set[int] | None = None,
    limit: int | None = None,
) -> dict[int, int] | None:
    """The values that change when the own standing of ``flipped`` is negated.

    Only nodes the flips can reach are visited, in position order, and a node
    whose value does not change does not wake its consumers. ``within``
    optionally restricts the walk to a set of positions. With ``limit``, the walk
    gives up (returns None) once more than ``limit`` nodes have changed.
    """
    flips = set(flipped)
    changed: dict[int, int] = {}

    def value(i: int) -> int:
        v = changed.get(i)
        return values[i] if v is None else v

    def own_of(i: int) -> bool:
        return g.own[i] != (i in flips)

    heap = sorted(flips)
    queued = set(heap)
    done_comps: set[int] = set()
    comp, cyclic = g.comp, g.comp_cyclic
    while heap:
        u = heapq.heappop(heap)
        c = comp[u]
        if cyclic[c]:
            if c in done_comps:
                continue
            done_comps.add(c)
            updates = solve_cycle(g, g.comp_members[c], own_of, value)
            moved = [p for p, v in updates.items() if v != values[p]]
            for p in g.comp_members[c]:
                changed.pop(p, None)
            for p in moved:
                changed[p] = updates[p]
        else:
            new = gate(g, u, own_of(u), value)
            if new == values[u]:
                continue
            changed[u] = new
            moved = [u]
        if limit is not None and len(changed) > limit:
            return None
        for p in moved:
            for t in g.consumers[p]:
                if t not in queued and (within is None or t in within):
                    queued.add(t)
                    heapq.heappush(heap, t)
    return changed
