"""Incremental relayout: keep what did not change where it was.

After an edit the whole map is laid out afresh (it is fast), then each tree of
the forest is translated, as one rigid piece, by the offset that puts the most
of its unchanged nodes exactly back where they were in the previous layout.
In a tidy tree an edit moves whole blocks of nodes by a common amount (when a
subtree grows, its siblings on one side shift), so that offset keeps the
largest block still and moves only the rest. Trees without a node in the
previous layout follow their left neighbour. Where trees translated by
different offsets would now overlap, later trees are pushed along the level
axis until they clear the earlier ones.

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
    depth: Sequence[int],
    previous: dict[int, tuple[float, float]],
    gap: float,
) -> None:
    """Translate each tree (its node numbers in ``members``) towards ``previous``.

    ``previous`` holds, for the nodes that may anchor (present before, not
    changed, not pinned by a stored position), their previous tidy position.
    Moves ``x`` and ``y`` in place.
    """
    offsets: list[Key | None] = []
    for nodes in members:
        counts: dict[Key, list[float]] = {}
        for rank, v in enumerate(nodes):
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
        if counts:
            best = max(counts.values(), key=lambda e: (e[0], e[1]))
            offsets.append((best[2], best[3]))
        else:
            offsets.append(None)
    if all(o is None for o in offsets):
        return
    # Trees that have no anchor of their own follow their neighbour.
    last: Key | None = next(o for o in offsets if o is not None)
    filled: list[Key] = []
    for o in offsets:
        if o is not None:
            last = o
        assert last is not None
        filled.append(last)

    for nodes, (dx, dy) in zip(members, filled, strict=True):
        if dx or dy:
            for v in nodes:
                x[v] += dx
                y[v] += dy
    if len(set(filled)) > 1:
        _separate(members, x, y, hw, hh, depth, gap)


def _separate(
    members: Sequence[Sequence[int]],
    x: list[float],
    y: list[float],
    hw: Sequence[float],
    hh: Sequence[float],
    depth: Sequence[int],
    gap: float,
) -> None:
    """Push trees along x, in order, until none overlaps an earlier one."""
    placed: list[list[float]] = []  # rows: [x0, x1, y0, y1]
    for nodes in members:
        rows: dict[int, list[float]] = {}
        for v in nodes:
            d = depth[v]
            x0 = x[v] - hw[v]
            x1 = x[v] + hw[v]
            y0 = y[v] - hh[v]
            y1 = y[v] + hh[v]
            row = rows.get(d)
            if row is None:
                rows[d] = [x0, x1, y0, y1]
            else:
                row[0] = min(row[0], x0)
                row[1] = max(row[1], x1)
                row[2] = min(row[2], y0)
                row[3] = max(row[3], y1)
        mine = list(rows.values())
        shift = 0.0
        moved = True
        while moved:
            moved = False
            for r in mine:
                for q in placed:
                    if (
                        r[2] < q[3]
                        and q[2] < r[3]
                        and r[0] + shift < q[1] + gap
                        and q[0] < r[1] + shift + gap
                    ):
                        shift = q[1] + gap - r[0]
                        moved = True
        if shift:
            for v in nodes:
                x[v] += shift
            for r in mine:
                r[0] += shift
                r[1] += shift
        placed.extend(mine)
