"""Fragile pairs of a thesis in one pass over its dominator tree.

Take the nodes upstream of a thesis T that holds (the *region*) and their
dominator tree (on the condensed graph; the parent of a component is the
nearest one that every route from it to T passes through). For a pair {a, b}
let w be their nearest common dominator. Every route from a or from b to T
passes through w, so after flipping both, T's value is a function of w's
value alone: T falls exactly when ``w(ab)``, w's new value, is *fatal* to T
(T does not hold when w is forced to that value, everything else as before).

The fatal values of every node come top-down in one sweep of the dominator
tree: those of T are "fails" and "undecided"; a node x whose only consumer in
the region is w takes a value fatal to T when it gives w a value fatal to T
(one gate evaluation); a node with several routes to its dominator is forced
along them (a walk up to the dominator). A node none of whose values is fatal
(one supporter among several that hold) hides its whole subtree: no pair
whose common dominator lies in there can be fragile.

At an acyclic w with fatal values, each dominator child (a *unit*) reaches
some of w's inputs (its *span*; a node below child k reaches w only through
k, so it reaches k's span, and the spans of all children come in one pass
from the largest down). Two nodes a and b below units with disjoint spans
reach w along separate routes, so ``w(ab)`` is w's gate with the inputs of
a's span at their values after flipping a alone (read from their single-flip
sets, or change maps where values can be undecided) and those of b's span at
theirs. The same holds for a = w (its own standing) and b below any unit.
Inputs are grouped by how they move (the roles they play at w, old and new
value), one gate is evaluated per pair of groups, and each fatal pair of
groups contributes the product of the nodes that move the inputs that way. A
pair can be fatal only if the two spans together cover a *critical set* of
w's inputs (one that can give w a fatal value): units that cover none with
any partner are skipped (unless w's own flip may be one), and a cycle (or a child reaching several inputs)
whose span cannot give w a fatal value hides its subtree as above.

Everything else, i.e. pairs whose common dominator is a cycle, whose units
share inputs (interact below w) where together they can cover a critical set,
or with a member below a child that reaches more than :data:`_MAX_REACH`
inputs, is left to the exact per-candidate walk of
:func:`argmap.analysis.cascades.fragile_pairs`: every node below such a unit
(or in or below such a cycle) is walked. On maps shaped like real ones these
are few; the walk's work budget applies to them alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from itertools import product
from math import prod

from argmap.analysis import cascades
from argmap.analysis.cascades import PairSearch, _forced_value, dominator_meet
from argmap.analysis.evaluate import FAILS, HOLDS, UNDECIDED, gate
from argmap.analysis.graph import CompiledGraph
from argmap.analysis.sensitivity import SensitivityState

__all__ = ["fragile_pairs"]

_VALUES = (FAILS, HOLDS, UNDECIDED)
_NEGATED = {HOLDS: FAILS, FAILS: HOLDS}
_RANK = {FAILS: 0, UNDECIDED: 1, HOLDS: 2}
"""Truth order."""

_Roles = tuple[bool, bool, bool]
"""Whether an input of w is among its requirements, attackers, supporters."""
_Effect = tuple[tuple[_Roles, int, int], ...]
"""Moves of inputs of w: (roles, old value, new value) each; () is w's own flip."""
_Entry = tuple[int, tuple[int, ...]]
"""A unit (its index at w) and its signature: the new value of each input it reaches."""

#: Most inputs of w that one child may reach and still be handled in the batch.
_MAX_REACH = 6

#: A unit with more potential signatures than this lists the signatures its
#: flips give (:meth:`_Node.flips_by_signature`) rather than every potential one.
_EAGER_COMBOS = 8


class _DomTree:
    """Dominator tree of a thesis's region, on components (see the module docstring).

    A component is represented by its first member (its *node*), so that every
    table is indexed by position; the other members of a cycle hang from the
    extra slot ``n`` and go with their node in every query. Only the parents and
    the subtree sizes are computed for the whole region: the sweep from the
    thesis stops where no value is fatal, so children and subtrees are found
    when asked for (a node's children are among its inputs, or are nodes with
    several consumers, listed as their parents are found), and whether one node
    lies below another by walking up (the tree is shallow).
    """

    def __init__(self, g: CompiledGraph, region: list[int]) -> None:
        comp, consumers, comp_members = g.comp, g.consumers, g.comp_members
        in_region = g.upstream_marks(region[-1])
        n = g.size
        # The one consumer in the region of a node that has exactly one, else -1:
        # first every node's only consumer, if it has one (the usual case: it is
        # in the region as the node is, and its parent), then the others below.
        sole = [ts[0] if len(ts) == 1 else -1 for ts in consumers]
        idom = sole.copy()  # the parent of each node, -1 while unknown
        idom.append(n)  # a parent for the other members of cycles (not nodes)
        cycles: list[tuple[int, ...]] = []  # members of the cycles in the region
        cyclic, c = g.comp_cyclic, -1
        while len(comp_members) < n:  # (else there is no cycle)
            try:
                c = cyclic.index(True, c + 1)
            except ValueError:
                break
            members = comp_members[c]
            first = members[0]
            if not in_region[first]:
                continue
            cycles.append(members)
            for m in members[1:]:
                for u in g.inputs[m]:  # nodes whose one consumer is m
                    if sole[u] == m:
                        idom[u] = first
            for m in members[1:]:
                idom[m] = n
            idom[first] = -1
        root = region[-1]
        idom[root] = root
        sole[root] = -1
        adopted: dict[int, list[int]] = {}  # nodes with several consumers, by parent
        for c in reversed(region):
            if idom[c] >= 0:
                continue
            cc = comp[c]
            best = -1
            for m in comp_members[cc]:
                one = -1
                count = 0
                for t in consumers[m]:
                    if not in_region[t]:
                        continue
                    ct = comp[t]
                    if ct == cc:
                        continue
                    count += 1
                    one = t
                    ct = comp_members[ct][0]
                    if best < 0:
                        best = ct
                    elif ct != best:
                        best = dominator_meet(idom, best, ct, root)
                sole[m] = one if count == 1 else -1
            idom[c] = best
            adopted.setdefault(best, []).append(c)
        # Subtree sizes bottom-up (children have smaller numbers than their parents).
        size = [1] * (n + 1)
        for c in region[:-1]:
            size[idom[c]] += size[c]
        for members in cycles:
            for m in members[1:]:
                size[m] = size[members[0]]
        self.g = g
        self.region = region
        self.in_region = in_region
        self.root = root
        self.idom = idom
        self.sole = sole
        self.cycles = cycles
        self.size = size
        """Each position's subtree size in nodes (the other members of cycles: their node's)."""
        self._adopted = adopted
        self._cycle_of = {members[0]: members for members in cycles}
        self._children: dict[int, list[int]] = {}
        self._below: dict[int, set[int]] = {}

    def node(self, x: int) -> int:
        """The node (first member) of x's component."""
        return self.g.comp_members[self.g.comp[x]][0]

    def children(self, c: int) -> list[int]:
        """The nodes whose parent is node c's, in descending order."""
        known = self._children.get(c)
        if known is None:
            p = self.node(c)
            g, idom = self.g, self.idom
            found = {u for m in g.comp_members[g.comp[p]] for u in g.inputs[m] if idom[u] == p}
            found.update(self._adopted.get(p, ()))
            known = self._children[c] = sorted(found, reverse=True)
        return known

    def dominates(self, w: int, b: int) -> bool:
        """Whether node ``w``'s component lies on every route from node ``b`` to the thesis."""
        if not self.in_region[b]:
            return False
        w, b = self.node(w), self.node(b)
        idom = self.idom
        while b < w:  # (parents have larger numbers)
            b = idom[b]
        return b == w

    def subtree_nodes(self, c: int) -> list[int]:
        """Positions in the dominator subtree of node c (c included)."""
        out = [self.node(c)]
        children, cycle_of = self.children, self._cycle_of
        for x in out:  # (grows as it goes)
            out.extend(children(x))
        if cycle_of:
            for x in out.copy():
                members = cycle_of.get(x)
                if members is not None:
                    out.extend(members[1:])
        return out

    def subtree_set(self, c: int) -> set[int]:
        """:meth:`subtree_nodes` as a set, kept for the next question."""
        c = self.node(c)
        known = self._below.get(c)
        if known is None:
            known = self._below[c] = set(self.subtree_nodes(c))
        return known


def _forced_until(
    g: CompiledGraph, values: list[int], x: int, v: int, w: int, tree: _DomTree
) -> int:
    """Value of acyclic ``w`` when ``x`` (which ``w`` dominates) is forced to ``v``."""
    changed = {x: v}

    def value(i: int) -> int:
        got = changed.get(i)
        return values[i] if got is None else got

    consumers, own, in_region = g.consumers, g.own, tree.in_region
    heap = [t for t in consumers[x] if in_region[t] and t <= w]
    heapq.heapify(heap)
    queued = set(heap)
    while heap:
        u = heapq.heappop(heap)
        if g.comp_cyclic[g.comp[u]]:
            # A cycle between x and w: the general walk.
            return _forced_value(g, values, x, v, w, set(tree.region))
        new = gate(g, u, own[u], value)
        if new == values[u]:
            continue
        changed[u] = new
        if u == w:
            break
        for t in consumers[u]:
            if t not in queued and in_region[t] and t <= w:
                queued.add(t)
                heapq.heappush(heap, t)
    return value(w)


def _moves(st: SensitivityState, x: int) -> tuple[int, ...]:
    """The values x can take under one flip (none when its C-set is empty)."""
    cm = st.changes[x]
    if cm is None:
        base = st.values[x]
        if base == UNDECIDED or not st.reps[x].size:
            return ()
        return (_NEGATED[base],)
    return tuple(sorted(set(cm.values())))


class _Gate:
    """The gate of one node w as counts of its inputs' values by role, so that its
    value with a few inputs moved costs as many steps as there are moves, not
    w's degree (a thesis may have hundreds of supporters)."""

    def __init__(self, g: CompiledGraph, values: list[int], w: int) -> None:
        req, opp, sup = g.req[w], g.opp[w], g.sup[w]
        convergent = bool(sup) and not g.is_reason[w]
        # Per input: how many conjuncts it is (requirement, co-premise), how many
        # negated conjuncts (attacker), how many disjuncts (convergent supporter).
        roles: dict[int, list[int]] = {x: [0, 0, 0] for x in g.inputs[w]}
        for x in req:
            roles[x][0] += 1
        for x in opp:
            roles[x][1] += 1
        for x in sup:
            roles[x][2 if convergent else 0] += 1
        cf = cu = dh = du = 0  # conjuncts failed, undecided; disjuncts held, undecided
        for x, (conj, neg, disj) in roles.items():
            v = values[x]
            if v == UNDECIDED:
                cu += conj + neg
                du += disj
            elif v == FAILS:
                cf += conj
            else:
                cf += neg
                dh += disj
        self.values = values
        self.roles = roles
        self.counts = (cf, cu, dh, du)
        self.convergent = convergent
        self.own = g.own[w]

    def value(self, over: dict[int, int], own: bool | None = None) -> int:
        """w's value with the inputs in ``over`` at the values given (the others as
        they are) and its own standing ``own`` (default: as it is); the same as
        :func:`argmap.analysis.evaluate.gate`."""
        if not (self.own if own is None else own):
            return FAILS
        cf, cu, dh, du = self.counts
        values, roles = self.values, self.roles
        for x, v in over.items():
            r = roles.get(x)
            old = values[x]
            if r is None or v == old:
                continue
            conj, neg, disj = r
            for value, sign in ((old, -1), (v, 1)):
                if value == UNDECIDED:
                    cu += sign * (conj + neg)
                    du += sign * disj
                elif value == FAILS:
                    cf += sign * conj
                else:
                    cf += sign * neg
                    dh += sign * disj
        if cf:
            return FAILS
        if self.convergent and not dh:
            return UNDECIDED if du else FAILS
        return UNDECIDED if cu else HOLDS


class _Node:
    """The pairs whose nearest common dominator is one acyclic node ``w`` with
    fatal values (``mask``), and the fatal values of its dominator children.

    Sets of inputs of w are bit masks: input x is ``bit[x]``.
    """

    def __init__(self, st: SensitivityState, tree: _DomTree, w: int, mask: int) -> None:
        self.st, self.tree, self.w, self.mask = st, tree, w, mask
        self.gate = _Gate(st.g, st.values, w)
        self.bit = {x: 1 << i for i, x in enumerate(self.gate.roles)}
        self._inputs: dict[int, tuple[int, ...]] = {}
        self._single_masks: dict[tuple[int, ...], int] = {}
        self._able: dict[int, bool] = {}

    def inputs_in(self, bits: int) -> tuple[int, ...]:
        """The inputs of w in a bit mask."""
        found = self._inputs.get(bits)
        if found is None:
            found = self._inputs[bits] = tuple(x for x, b in self.bit.items() if bits & b)
        return found

    def bits_of(self, group: list[int]) -> int:
        out = 0
        for x in group:
            out |= self.bit[x]
        return out

    def able(self, group: int) -> bool:
        """Whether changing the inputs in ``group`` (and no others) can give w a fatal value.

        w's value is monotone in each input (falling in an attacker, rising in
        the rest) and moves one step at a time (fails, undecided, holds) when one
        input does, so the values it can take are those between the two
        extremes: every input of the group pushed down, or every one pushed up.
        Remembered per group: many children of w reach the same few inputs.
        """
        known = self._able.get(group)
        if known is None:
            known = self._able[group] = self._able_now(self.inputs_in(group))
        return known

    def _able_now(self, group: tuple[int, ...]) -> bool:
        mask, roles = self.mask, self.gate.roles
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        for x in group:
            if roles[x][1]:  # an attacker
                low[x], high[x] = HOLDS, FAILS
            else:
                low[x], high[x] = FAILS, HOLDS
        lo = self.gate.value(low)
        hi = self.gate.value(high)
        return any(mask >> v & 1 and _RANK[lo] <= _RANK[v] <= _RANK[hi] for v in _VALUES)

    def critical_sets(self) -> tuple[int, list[int]]:
        """The inputs that alone can give w a fatal value, and the larger smallest
        sets of inputs that can (see :meth:`able`).

        Pushing down, the only way without a single input is the support of a
        convergent node: every supporter above the target value. Pushing up, every
        conjunct below the target value, and one supporter below it if the
        support is. An input in opposite roles is counted among the first.
        """
        g, values, w = self.st.g, self.st.values, self.w
        req, opp, sup = g.req[w], g.opp[w], g.sup[w]
        reason = g.is_reason[w]
        single = 0
        for x, (is_conj, neg, disj) in self.gate.roles.items():
            b = self.bit[x]
            if (neg and (is_conj or disj)) or self.able(b):
                single |= b
        rank = _RANK
        conj = [(x, rank[values[x]]) for x in req] + [(a, 2 - rank[values[a]]) for a in opp]
        if reason:
            conj += [(x, rank[values[x]]) for x in sup]
        convergent = [(x, rank[values[x]]) for x in sup] if sup and not reason else []
        candidates: list[list[int]] = []
        for target in (0, 1, 2):
            if convergent:
                candidates.append([x for x, r in convergent if r > target])
            below = [x for x, r in conj if r < target]
            if convergent and max(r for _, r in convergent) < target:
                candidates.extend([*below, x] for x, r in convergent if r < target)
            else:
                candidates.append(below)
        multi: list[int] = []
        for group in candidates:
            found = self.bits_of(group)
            if found.bit_count() >= 2 and found not in multi and self.able(found):
                multi.append(found)
        return single, multi

    def child_mask(self, x: int, reach: int) -> int:
        """Fatal values of dominator child x (an acyclic node) that reaches the
        inputs ``reach`` of w: the values that give w a fatal value."""
        st, w, mask = self.st, self.w, self.mask
        g, values = st.g, st.values
        base = values[x]
        out = 0
        if reach == self.bit.get(x):
            # This depends only on x's roles at w and its value: once per kind.
            key = (*self.gate.roles[x], base)
            found = self._single_masks.get(key)
            if found is None:
                if self.able(reach):
                    for v in _VALUES:
                        if v != base and mask >> self.gate.value({x: v}) & 1:
                            out |= 1 << v
                found = self._single_masks[key] = out
            return found
        if reach >= 0 and not self.able(reach):
            return 0
        for v in _VALUES:
            if v != base and mask >> _forced_until(g, values, x, v, w, self.tree) & 1:
                out |= 1 << v
        return out

    def flips_by_signature(
        self, c: int, reach: tuple[int, ...]
    ) -> dict[tuple[int, ...], list[int]]:
        """Nodes below node c grouped by the values their flip gives ``reach``."""
        st, tree = self.st, self.tree
        values = st.values
        inside = tree.subtree_set(c)
        new: dict[int, list[int]] = {}
        for i, x in enumerate(reach):
            cm = st.changes[x]
            if cm is not None:
                for a, v in cm.items():
                    if a in inside:
                        new.setdefault(a, [values[y] for y in reach])[i] = v
                continue
            rep = st.reps[x]
            if not rep.size:
                continue
            flipped = _NEGATED[values[x]]
            if rep.size <= 2 * tree.size[c]:
                members = [a for a in st.materialize(rep) if a in inside]
            else:
                contains = st.contains
                members = [a for a in inside if contains(rep, a)]
            for a in members:
                new.setdefault(a, [values[y] for y in reach])[i] = flipped
        groups: dict[tuple[int, ...], list[int]] = {}
        for a, sig in new.items():
            groups.setdefault(tuple(sig), []).append(a)
        return groups

    def collect(self, out: set[tuple[int, int]], dirty: list[int], masks: dict[int, int]) -> None:
        """Add the pairs found at w to ``out``, the nodes left to the walk to
        ``dirty``, and the fatal values of w's dominator children to ``masks``."""
        st, tree, w = self.st, self.tree, self.w
        g = st.g
        values = st.values
        req, opp, sup = g.req[w], g.opp[w], g.sup[w]
        # Units: the dominator children of w, with the inputs of w they reach
        # (their spans, -1 when more than _MAX_REACH). A node below child k
        # reaches w only through k, so it reaches what k reaches: a child's span
        # is the union of those of the children its consumers lie below, which
        # have larger numbers (children come in descending order), so come first.
        units: list[int] = []
        spans: list[int] = []
        sole, comp_members, comp_cyclic = tree.sole, g.comp_members, g.comp_cyclic
        roles_at, single_masks, bit = self.gate.roles, self._single_masks, self.bit
        consumers, in_region, comp = g.consumers, tree.in_region, g.comp
        kids = tree.children(w)
        able_known = self._able
        span_of: dict[int, int] = {}  # by child
        idom = tree.idom
        for c in kids:
            cc = comp[c]
            if not comp_cyclic[cc] and sole[c] == w:
                # The usual case: an input of w, on no other route.
                found = single_masks.get((*roles_at[c], values[c]))
                masks[c] = self.child_mask(c, bit[c]) if found is None else found
                units.append(c)
                spans.append(bit[c])
                span_of[c] = bit[c]
                continue
            span = 0
            for m in comp_members[cc]:
                for t in consumers[m]:
                    if t == w:
                        span |= bit[m]
                    elif in_region[t] and (ct := comp[t]) != cc:
                        x = comp_members[ct][0]  # walk up to the child of w
                        while (p := idom[x]) != w:
                            x = p
                        span |= span_of[x]
            if span > 0 and span.bit_count() > _MAX_REACH:
                span = -1  # (and -1 from a child stays -1)
            span_of[c] = span
            if comp_cyclic[cc]:
                # A cycle has no fatal values of its own: what lies below it is
                # walked (-1), unless the inputs of w it reaches cannot give w a
                # fatal value whatever they do, as for an acyclic child.
                masks[c] = -1 if span < 0 or self.able(span) else 0
            else:
                # (No call where the child's inputs cannot give w a fatal value.)
                masks[c] = 0 if able_known.get(span) is False else self.child_mask(c, span)
            if span < 0:
                dirty.extend(tree.subtree_nodes(c))
                continue
            units.append(c)
            spans.append(span)
        # Two units that reach a common input interact below w, which the batch
        # cannot follow. That matters only when together they can give w a fatal
        # value, i.e. cover a critical set (:meth:`critical_sets`): then walk one of
        # them. Among units sharing an input, one that reaches a single critical
        # input is walked, or all but it if it is the largest; for a larger set,
        # the pairs that cover it are found from the units covering half of it.
        single, multi = self.critical_sets()
        sizes = list(map(tree.size.__getitem__, units))  # subtree sizes
        excluded: set[int] = set()

        def exclude(k: int) -> None:
            if k not in excluded:
                excluded.add(k)
                dirty.extend(tree.subtree_nodes(units[k]))

        owners: dict[int, list[int]] = {}

        def owner(b: int) -> list[int]:
            """The units that reach input ``b``."""
            found = owners.get(b)
            if found is None:
                found = owners[b] = [k for k, s in enumerate(spans) if s & b]
            return found

        seen = shared = hot_reach = 0  # inputs reached by some unit, by several, by hot ones
        for s in spans:
            shared |= seen & s
            seen |= s
            if s & single:
                hot_reach |= s
        for b in _bits(shared & hot_reach):
            ks = owner(b)
            keep = max(ks, key=sizes.__getitem__)
            for k in ks:
                if k != keep and (spans[k] & single or spans[keep] & single):
                    exclude(k)
        for m in multi:
            need = m.bit_count()
            for k, s in enumerate(spans):
                if 2 * (s & m).bit_count() < need or k in excluded:
                    continue
                rest = m & ~s
                if not rest:  # covers the set alone: with any unit it overlaps
                    if s & shared:
                        exclude(k)
                    continue
                for k2 in min(map(owner, _bits(rest)), key=len):
                    s2 = spans[k2]
                    if k2 != k and k2 not in excluded and s2 & rest == rest and s2 & s:
                        exclude(min(k, k2, key=sizes.__getitem__))
                        if k in excluded:
                            break
        # Two units form a pair the batch can judge only when their spans are
        # disjoint (the others that were not walked above cannot give w a fatal
        # value together).
        own_w = g.own[w]
        mask = self.mask
        pairable: set[int] | None = None  # spans of the units that can be in a fatal pair
        if w == tree.region[-1] or mask >> self.gate.value({}, not own_w) & 1:
            # w's own flip pairs with nothing (it is the thesis, or fatal alone).
            pairable = _pairable(
                [s for k, s in enumerate(spans) if k not in excluded], single, multi
            )
        # Potential signatures of each unit, grouped by their effect at w.
        effects: dict[_Effect, list[_Entry]] = {}
        req_set, opp_set, sup_set = set(req), set(opp), set(sup)
        # Inputs of w by role and value: the gate's answer depends on how many of
        # each move where, not on which ones.
        alike: dict[tuple[_Roles, int], list[int]] = {}
        options_of: dict[int, list[tuple[int, tuple[_Roles, int, int] | None]]] = {}
        roles_of: dict[int, _Roles] = {}
        cache: dict[int, dict[tuple[int, ...], list[int]]] = {}  # unit -> flips by signature
        # Potential signatures and their effects, by the inputs a unit reaches.
        combos_of: dict[tuple[int, ...], list[tuple[_Effect, tuple[int, ...]]]] = {}
        for x in g.inputs[w]:
            roles_of[x] = roles = (x in req_set, x in opp_set, x in sup_set)
            base = values[x]
            alike.setdefault((roles, base), []).append(x)
            if bit[x] & seen:
                options_of[x] = [(base, None)] + [(v, (roles, base, v)) for v in _moves(st, x)]
        for k, s in enumerate(spans):
            if k in excluded or (pairable is not None and s not in pairable):
                continue
            r = self.inputs_in(s)
            if len(r) == 1:  # the usual case: one input, each of its moves alone
                for v, change in options_of[r[0]][1:]:
                    effects.setdefault((change,), []).append((k, (v,)))  # type: ignore[arg-type]
                continue
            combos = combos_of.get(r)
            if combos is not None:  # a unit reaching the same inputs came before
                for effect, sig in combos:
                    effects.setdefault(effect, []).append((k, sig))
                continue
            options = [options_of[x] for x in r]
            if prod(map(len, options)) > _EAGER_COMBOS:
                # Many potential signatures: list the ones that some flip gives.
                groups = cache[k] = self.flips_by_signature(units[k], r)
                for sig in groups:
                    effect = tuple(
                        (roles_of[x], values[x], v)
                        for x, v in zip(r, sig, strict=True)
                        if v != values[x]
                    )
                    effects.setdefault(effect, []).append((k, sig))
                continue
            combos = combos_of[r] = []
            for combo in product(*options):
                sig, changes = zip(*combo, strict=True)
                effect = tuple(filter(None, changes))  # the inputs that move
                if effect:
                    combos.append((effect, sig))
                    effects.setdefault(effect, []).append((k, sig))
        own_unit = len(units)
        spans.append(0)
        own_key: _Effect = ()
        if w != tree.region[-1]:
            effects[own_key] = [(own_unit, ())]

        def fatal(keys: list[_Effect]) -> bool:
            """Whether these moves together, by distinct inputs, give w a fatal value."""
            over: dict[int, int] = {}
            own_flip = False
            used: dict[tuple[_Roles, int], int] = {}
            for key in keys:
                if key == own_key:
                    own_flip = True
                    continue
                for roles, base, v in key:
                    pool = alike[(roles, base)]
                    i = used.get((roles, base), 0)
                    if i == len(pool):
                        return False  # not that many such inputs: no such pair
                    used[(roles, base)] = i + 1
                    over[pool[i]] = v

            return bool(mask >> self.gate.value(over, own_w != own_flip) & 1)

        # A move that is fatal alone comes from tripwires only.
        alive = [key for key in effects if not fatal([key])]

        def flips(entry: _Entry) -> list[int]:
            k, sig = entry
            if k == own_unit:
                return [w]
            groups = cache.get(k)
            if groups is None:
                groups = cache[k] = self.flips_by_signature(units[k], self.inputs_in(spans[k]))
            return groups.get(sig, [])

        for i, key1 in enumerate(alive):
            group1 = effects[key1]
            for key2 in alive[i:]:
                if not fatal([key1, key2]):
                    continue
                group2 = effects[key2]
                for j, e1 in enumerate(group1):
                    left = flips(e1)
                    if not left:
                        continue
                    for e2 in group2[j + 1 :] if key1 == key2 else group2:
                        if spans[e1[0]] & spans[e2[0]] or e1[0] == e2[0]:
                            continue
                        for b in flips(e2):
                            for a in left:
                                out.add((a, b) if a < b else (b, a))


def _pairable(spans: list[int], single: int, multi: list[int]) -> set[int]:
    """Which of these spans (inputs of w reached by units; see :meth:`_Node.collect`)
    can belong to a unit in a fatal pair: w's value moves only with the inputs
    the two units reach, so together they must cover a critical set
    (:meth:`_Node.critical_sets`), and a pair the batch judges has disjoint spans.
    """
    distinct = set(spans)
    reached = 0
    for s in distinct:
        reached |= s
    out = {s for s in distinct if s & single}
    for m in multi:
        if m & ~reached or m.bit_count() > 2 * _MAX_REACH:
            continue  # no two units cover it
        meet = [s for s in distinct if s & m]
        for s in meet:
            rest = m & ~s
            if s in out or rest.bit_count() > _MAX_REACH:
                continue
            if not rest or any(not s & s2 and s2 & rest == rest for s2 in meet):
                out.add(s)
    return out


def _bits(x: int) -> Iterator[int]:
    """The bits set in ``x``, lowest first."""
    while x:
        b = x & -x
        yield b
        x ^= b


def _more_upstream(g: CompiledGraph, root: int, limit: int) -> bool:
    """Whether more than ``limit`` nodes can reach ``root`` (``root`` included)."""
    seen = {root}
    stack = [root]
    inputs = g.inputs
    while stack:
        for s in inputs[stack.pop()]:
            if s not in seen:
                if len(seen) == limit:
                    return True
                seen.add(s)
                stack.append(s)
    return False


def fragile_pairs(
    st: SensitivityState,
    thesis: int,
    tripwires: set[int],
    budget: int | None = None,
    order: Callable[[int], int] | None = None,
) -> PairSearch:
    """Minimal cut sets of size two of ``thesis`` (which must hold); see the module docstring.

    ``budget`` bounds the work of the per-candidate walks that the batched pass
    leaves over (a budget of 0 searches nothing); ``order`` ranks those walks.
    """
    g = st.g
    values = st.values
    if budget is not None and budget <= 0:  # nothing may be searched
        # Complete only when every candidate is a tripwire: a walk that stops
        # early tells, without listing the region (the quick analysis).
        complete = not _more_upstream(g, thesis, len(tripwires) + 1)
        return PairSearch(frozenset(), complete, 0)
    region = g.upstream(thesis)
    if len(region) - 1 <= len(tripwires):  # every candidate is a tripwire
        return PairSearch(frozenset(), True, 0)
    if g.comp_cyclic[g.comp[thesis]]:
        return cascades.fragile_pairs(st, thesis, tripwires, budget, order)
    tree = _DomTree(g, region)
    comp, cyclic = g.comp, g.comp_cyclic
    pairs: set[tuple[int, int]] = set()
    dirty: list[int] = []
    # Top-down over the nodes with fatal values: no others can hold a pair's
    # nearest common dominator.
    masks = {tree.root: (1 << FAILS) | (1 << UNDECIDED)}
    stack = [tree.root]
    region_set: set[int] | None = None
    while stack:
        c = stack.pop()
        mask = masks[c]
        if mask > 0:
            _Node(st, tree, c, mask).collect(pairs, dirty, masks)
        else:  # a cycle: walk everything below it; fatal values below by forcing
            dirty.extend(tree.subtree_nodes(c))
            if region_set is None:
                region_set = set(region)
            for k in tree.children(c):
                if cyclic[comp[k]]:
                    masks[k] = -1
                    continue
                masks[k] = sum(
                    1 << v
                    for v in _VALUES
                    if v != values[k]
                    and _forced_value(g, values, k, v, thesis, region_set) != HOLDS
                )
        stack.extend(k for k in tree.children(c) if masks[k])
    if tripwires:
        pairs = {p for p in pairs if p[0] not in tripwires and p[1] not in tripwires}
    candidates = sorted({a for a in dirty if a != thesis and a not in tripwires})
    if not candidates:
        return PairSearch(frozenset(pairs), True, 0)
    walked = cascades.fragile_pairs(
        st, thesis, tripwires, budget, order, candidates=candidates, dominators=tree
    )
    return PairSearch(frozenset(pairs | walked.pairs), walked.complete, walked.work)
