"""Incremental relayout: keep what did not change where it was.

After an edit the whole map is laid out afresh (it is fast), then translated
so that it does not jump:

- Each tree of the forest is translated, as one rigid piece, by the offset
  that puts the most of its unchanged nodes exactly back where they were
  before. In a tidy tree an edit moves whole blocks of nodes by a common amount
  (when a subtree grows, its siblings on one side shift), so that offset keeps
  the largest block still and moves only the rest. A tree without changes
  stays exactly where it was. Trees without a node in the previous layout
  follow their left neighbour.
- If trees translated by different offsets would come closer than
  ``subtree_gap``, the whole fresh layout is instead translated by one offset,
  chosen the same way over all nodes. A rigid translation of a tidy layout
  never overlaps, and no tree is ever pushed aside, so repeated edits do not
  make trees drift: collapsing a node and expanding it again brings every node
  back where it was.

Everything happens in tidy coordinates (x along a level, y across levels).
"""

from __future__ import annotations

from collections.abc import Sequence

Key = tuple[float, float]


def anchor_trees(
    members: Sequence[Sequence[int]],
    x: list[float],
    y: list[float],
    hw: Sequence[float],
    hh: Sequence[float],
    previous: dict[int, tuple[float, float]],
    min_gap: float,
) -> bool:
    """Translate each tree (its node numbers in ``members``) towards ``previous``.

    ``previous`` holds, for the nodes that may anchor (present before, not
    changed, not pinned by a stored position), their previous tidy position.
    Moves ``x`` and ``y`` in place. True when the whole layout moved as one piece.
    """
    offsets = [_mode_offset([nodes], x, y, previous) for nodes in members]
    known = [o for o in offsets if o is not None]
    if not known:
        return True
    last: Key = known[0]
    filled: list[Key] = []
    for o in offsets:
        if o is not None:
            last = o
        filled.append(last)
    rigid = len(set(filled)) == 1
    if not rigid and not _apart(members, filled, x, y, hw, hh, min_gap):
        single = _mode_offset(members, x, y, previous)
        assert single is not None
        filled = [single] * len(members)
        rigid = True
    for nodes, (dx, dy) in zip(members, filled, strict=True):
        if dx or dy:
            for v in nodes:
                x[v] += dx
                y[v] += dy
    return rigid


def _mode_offset(
    groups: Sequence[Sequence[int]],
    x: list[float],
    y: list[float],
    previous: dict[int, tuple[float, float]],
) -> Key | None:
    """The offset back to ``previous`` shared by the most nodes (ties: the earliest)."""
    counts: dict[Key, list[float]] = {}
    rank = 0
    for nodes in groups:
        for v in nodes:
            rank += 1
            old = previous.get(v)
            if old is None:
                continue
            dx = old[0] - x[v]
            dy = old[1] - y[v]
            key = (round(dx, 6), round(dy, 6))
            entry = counts.get(key)
            if entry is None:
                counts[key] = [1.0, -rank, dx, dy]
            else:
                entry[0] += 1.0
    if not counts:
        return None
    best = max(counts.values(), key=lambda e: (e[0], e[1]))
    return (best[2], best[3])


def _apart(
    members: Sequence[Sequence[int]],
    offsets: Sequence[Key],
    x: list[float],
    y: list[float],
    hw: Sequence[float],
    hh: Sequence[float],
    gap: float,
) -> bool:
    """Whether the trees, translated by their offsets, keep ``gap`` between them."""
    boxes: list[tuple[float, float, float, float, int]] = []
    for k, (nodes, (dx, dy)) in enumerate(zip(members, offsets, strict=True)):
        for v in nodes:
            cx = x[v] + dx
            cy = y[v] + dy
            boxes.append((cx - hw[v], cx + hw[v], cy - hh[v], cy + hh[v], k))
    boxes.sort()
    active: list[tuple[float, float, float, float, int]] = []
    for box in boxes:
        x0, _, y0, y1, k = box
        active = [b for b in active if b[1] + gap > x0]
        for b in active:
            if b[4] != k and b[2] < y1 and y0 < b[3]:
                return False
        active.append(box)
    return True
