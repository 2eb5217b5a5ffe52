"""A tidy layered tree: Buchheim, Jünger and Leipert's linear-time version of
Walker's algorithm, with boxes of different widths, and no recursion.

Coordinates here are "tidy" ones: x runs along a level (siblings side by side),
and only x is computed; levels are placed by the caller. Two neighbours on one
level keep ``half[a] + half[b] + gap`` between their centres, where the gap is
``sibling_gap`` for siblings, ``subtree_gap`` for any other pair in one tree and
``tree_gap`` between the trees of the forest.

A parent sits midway between its first and last child, except a contention,
which sits between its left side (``supports``) and its right side
(``opposes``); see ``sides``.

References: C. Buchheim, M. Jünger, S. Leipert, "Improving Walker's algorithm
to run in linear time", Graph Drawing 2002; the iterative formulation follows
the well-known d3-hierarchy version of the same algorithm.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def _execute_shifts(
    kv: Sequence[int],
    prelim: list[float],
    mod: list[float],
    shift_of: Sequence[float],
    change_of: Sequence[float],
) -> None:
    """Apply the shifts that apportioning recorded on a node's children, right to left."""
    shift = 0.0
    change = 0.0
    for k in range(len(kv) - 1, -1, -1):
        u = kv[k]
        prelim[u] += shift
        mod[u] += shift
        change += change_of[u]
        shift += shift_of[u] + change


def tidy_x(
    children: Sequence[Sequence[int]],
    roots: Sequence[int],
    order: Sequence[int],
    half: Sequence[float],
    *,
    sibling_gap: float,
    subtree_gap: float,
    tree_gap: float,
    sides: Mapping[int, tuple[int, int]] | None = None,
) -> list[float]:
    """Centre x of every node in ``order``, the forest's leftmost tree starting near 0.

    ``children`` lists each node's children left to right (an empty list for a
    leaf or a collapsed node); ``roots`` are the trees left to right; ``order``
    lists every node to place, parents before children, each node's last child
    before its first (a mirrored preorder, as ``tree.visible_part`` gives).
    ``half`` is half of each node's width. Returns a list indexed by node number
    with one extra slot at the end for the virtual root that holds the forest.
    """
    n = len(children)
    top = n  # a virtual root above the roots of the forest
    kids: list[Sequence[int]] = list(children)
    kids.append(roots)
    half = list(half)
    half.append(0.0)
    sides = sides or {}

    size = n + 1
    parent = [-1] * size
    number = [0] * size  # index among siblings
    for v in order:
        for i, c in enumerate(kids[v]):
            parent[c] = v
            number[c] = i
    for i, r in enumerate(roots):
        parent[r] = top
        number[r] = i

    prelim = [0.0] * size
    mod = [0.0] * size
    shift_of = [0.0] * size
    change_of = [0.0] * size
    thread = [-1] * size
    ancestor = list(range(size))
    default_ancestor = [-1] * size
    # Nodes whose children carry shifts for the siblings between two of them.
    spread = [False] * size

    # Children before parents, siblings left to right: the reverse of the mirrored
    # preorder is exactly that post-order.
    for v in reversed(order):
        kv = kids[v]
        p = parent[v]
        i = number[v]
        siblings = kids[p]
        gap = tree_gap if p == top else sibling_gap
        w = siblings[i - 1] if i else -1
        if kv:
            if spread[v]:
                _execute_shifts(kv, prelim, mod, shift_of, change_of)
            side = sides.get(v)
            if side is None:
                mid = (prelim[kv[0]] + prelim[kv[-1]]) * 0.5
            else:
                mid = _contention_anchor(kv, side, prelim, half, sibling_gap)
            if w >= 0:
                prelim[v] = prelim[w] + half[w] + half[v] + gap
                mod[v] = prelim[v] - mid
            else:
                prelim[v] = mid
        elif w >= 0:
            prelim[v] = prelim[w] + half[w] + half[v] + gap
        if w < 0:
            continue

        # Apportion: push v's subtree right until it clears its left siblings' subtrees.
        first = siblings[0]
        anc = default_ancestor[p]
        if anc < 0:
            anc = first
        vip = vop = v
        vim = w
        vom = first
        sip = mod[vip]
        sop = mod[vop]
        sim = mod[vim]
        som = mod[vom]
        while True:
            ks = kids[vim]
            vim = ks[-1] if ks else thread[vim]
            ks = kids[vip]
            vip = ks[0] if ks else thread[vip]
            if vim < 0 or vip < 0:
                break
            ks = kids[vom]
            vom = ks[0] if ks else thread[vom]
            ks = kids[vop]
            vop = ks[-1] if ks else thread[vop]
            ancestor[vop] = v
            shift = prelim[vim] + sim - prelim[vip] - sip + half[vim] + half[vip] + subtree_gap
            if shift > 0.0:
                a = ancestor[vim]
                wm = a if parent[a] == p else anc
                between = i - number[wm]
                if between > 1:
                    # Siblings between wm and v move by their share, later.
                    change = shift / between
                    change_of[v] -= change
                    shift_of[v] += shift
                    change_of[wm] += change
                    spread[p] = True
                prelim[v] += shift
                mod[v] += shift
                sip += shift
                sop += shift
            sim += mod[vim]
            sip += mod[vip]
            som += mod[vom]
            sop += mod[vop]
        if vim >= 0:
            ks = kids[vop]
            if not ks and thread[vop] < 0:
                thread[vop] = vim
                mod[vop] += sim - sop
        if vip >= 0:
            ks = kids[vom]
            if not ks and thread[vom] < 0:
                thread[vom] = vip
                mod[vom] += sip - som
                anc = v
        default_ancestor[p] = anc

    # The virtual root: place its children (the trees), then walk down.
    if spread[top]:
        _execute_shifts(kids[top], prelim, mod, shift_of, change_of)

    x = [0.0] * size
    mod[top] = 0.0
    for v in order:
        m = mod[parent[v]]
        x[v] = prelim[v] + m
        mod[v] += m
    return x


def _contention_anchor(
    kv: Sequence[int],
    side: tuple[int, int],
    prelim: list[float],
    half: list[float],
    sibling_gap: float,
) -> float:
    """Where a contention sits over its children: between its two sides.

    Over the middle (``requires`` and ``watches``) children when it has any;
    else in the gap between the last left child and the first right child; with
    one side only, just beyond that side's inner end, so the side reads as left
    or right of the contention.
    """
    left, middle = side
    if middle:
        return (prelim[kv[left]] + prelim[kv[left + middle - 1]]) * 0.5
    if left and left < len(kv):
        a = kv[left - 1]
        b = kv[left]
        return (prelim[a] + half[a] + prelim[b] - half[b]) * 0.5
    if left:
        a = kv[left - 1]
        return prelim[a] + half[a] + sibling_gap * 0.5
    b = kv[0]
    return prelim[b] - half[b] - sibling_gap * 0.5
