"""Edge routes in tidy coordinates (y grows from the theses to their reasons).

Tree edges are straight: from the source's border towards the target's centre,
ending on the target's border, so arrowheads into one node spread along its
border instead of piling up on one point.

Other edges (cross links, attacks on distant nodes, watches) are cubic Bézier
curves. They leave a box through the side that faces the other end (across
levels) or, for two nodes on one level, through the same side of both so the
curve swings through the gap between levels. A curve is tested against the
boxes by sampling; when it hits one it bows sideways by growing amounts until
it clears them (or takes the shape that hits fewest).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from argmap.layout.options import LayoutOptions

Point = tuple[float, float]


def straight(
    sx: float, sy: float, shw: float, shh: float, tx: float, ty: float, thw: float, thh: float
) -> tuple[Point, Point]:
    """The segment between two boxes along the line joining their centres."""
    dx = tx - sx
    dy = ty - sy
    return (_exit(sx, sy, shw, shh, dx, dy), _exit(tx, ty, thw, thh, -dx, -dy))


def _exit(cx: float, cy: float, hw: float, hh: float, dx: float, dy: float) -> Point:
    """Where the ray from a box's centre along (dx, dy) leaves the box."""
    ax = abs(dx)
    ay = abs(dy)
    if ax * hh >= ay * hw:  # leaves through the left or right side
        if ax == 0.0:
            return (cx, cy)
        t = hw / ax
    else:
        t = hh / ay
    return (cx + dx * t, cy + dy * t)


class BoxGrid:
    """Boxes bucketed in a uniform grid, to find which box a point falls in."""

    def __init__(
        self,
        nodes: Sequence[int],
        x: Sequence[float],
        y: Sequence[float],
        hw: Sequence[float],
        hh: Sequence[float],
        clearance: float,
    ) -> None:
        total = 0.0
        for v in nodes:
            total += hw[v] + hh[v]
        self.cell = cell = max(total / max(len(nodes), 1), 8.0) * 1.5
        buckets: dict[tuple[int, int], list[int]] = {}
        inv = 1.0 / cell
        for v in nodes:
            cx = x[v]
            cy = y[v]
            w = hw[v] + clearance
            h = hh[v] + clearance
            i0 = math.floor((cx - w) * inv)
            i1 = math.floor((cx + w) * inv)
            j0 = math.floor((cy - h) * inv)
            j1 = math.floor((cy + h) * inv)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    key = (i, j)
                    bucket = buckets.get(key)
                    if bucket is None:
                        buckets[key] = [v]
                    else:
                        bucket.append(v)
        self.buckets = buckets
        self.x = x
        self.y = y
        self.hw = hw
        self.hh = hh
        self.clearance = clearance

    def hits(self, points: Sequence[Point], skip_a: int, skip_b: int, limit: int) -> int:
        """How many of ``points`` fall in a box other than the two skipped (up to limit)."""
        inv = 1.0 / self.cell
        buckets = self.buckets
        x = self.x
        y = self.y
        hw = self.hw
        hh = self.hh
        clear = self.clearance
        count = 0
        for px, py in points:
            bucket = buckets.get((math.floor(px * inv), math.floor(py * inv)))
            if bucket is None:
                continue
            for v in bucket:
                if (
                    v != skip_a
                    and v != skip_b
                    and abs(px - x[v]) < hw[v] + clear
                    and abs(py - y[v]) < hh[v] + clear
                ):
                    count += 1
                    if count >= limit:
                        return count
                    break
        return count


_BOWS = (0.0, 1.0, -1.0, 2.0, -2.0, 3.5, -3.5)
_TABLES: dict[int, list[tuple[float, float, float, float]]] = {}


def _bernstein(samples: int) -> list[tuple[float, float, float, float]]:
    table = _TABLES.get(samples)
    if table is None:
        table = []
        for k in range(1, samples):
            t = k / samples
            u = 1.0 - t
            table.append((u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t))
        _TABLES[samples] = table
    return table


class CurveRouter:
    """Routes the edges outside the spanning tree as cubic curves."""

    def __init__(self, grid: BoxGrid | None, options: LayoutOptions) -> None:
        self.grid = grid
        self.options = options
        self.budget = options.route_sample_budget

    def curve(
        self,
        s: int,
        t: int,
        x: Sequence[float],
        y: Sequence[float],
        hw: Sequence[float],
        hh: Sequence[float],
        repeat: int,
    ) -> tuple[Point, Point, Point, Point]:
        """Control points p0, c1, c2, p1 of the curve from node s to node t.

        ``repeat`` counts earlier routes between the same two nodes; a repeat
        starts bowed, on alternating sides, so that it does not hide under them.
        """
        options = self.options
        sx, sy, shw, shh = x[s], y[s], hw[s], hh[s]
        tx, ty, thw, thh = x[t], y[t], hw[t], hh[t]
        dx = tx - sx
        # Anchors sit off-centre, towards the other end, clear of the straight
        # tree edges that meet a box near the middle of its sides.
        lean = 0.5 if dx > 0.0 else -0.5 if dx < 0.0 else 0.0
        if ty + thh <= sy - shh:  # target on a level above the source
            p0 = (sx + lean * shw, sy - shh)
            p1 = (tx - lean * thw, ty + thh)
            n0y, n1y = -1.0, 1.0
        elif ty - thh >= sy + shh:  # target below the source
            p0 = (sx + lean * shw, sy + shh)
            p1 = (tx - lean * thw, ty - thh)
            n0y, n1y = 1.0, -1.0
        else:  # one level: swing through the gap below it
            p0 = (sx + lean * shw, sy + shh)
            p1 = (tx - lean * thw, ty + thh)
            n0y = n1y = 1.0
        cx = p1[0] - p0[0]
        cy = p1[1] - p0[1]
        length = math.hypot(cx, cy)
        if n0y == n1y:
            reach = options.level_gap * 0.9 + min(length * 0.1, options.level_gap)
        else:
            reach = min(max(abs(cy) * 0.45, 20.0), 0.5 * length + 20.0)
        c1 = (p0[0], p0[1] + n0y * reach)
        c2 = (p1[0], p1[1] + n1y * reach)
        if length > 0.0:
            px, py = -cy / length, cx / length
        else:
            px, py = 1.0, 0.0
        unit = max(options.subtree_gap * 1.5, 0.15 * length)

        grid = self.grid
        first = min(repeat, len(_BOWS) - 1)
        best: tuple[Point, Point, Point, Point] | None = None
        best_hits = 1 << 30
        for b in range(first, len(_BOWS)):
            bow = _BOWS[b] * unit
            q1 = (c1[0] + px * bow, c1[1] + py * bow)
            q2 = (c2[0] + px * bow, c2[1] + py * bow)
            candidate = (p0, q1, q2, p1)
            if grid is None or self.budget <= 0:
                return candidate
            samples = _sample_count(q1, q2, p0, p1, options)
            self.budget -= samples
            points = _sample(candidate, samples)
            hits = grid.hits(points, s, t, best_hits)
            if hits < best_hits:
                best = candidate
                best_hits = hits
                if hits == 0:
                    break
        assert best is not None
        return best


def _sample_count(q1: Point, q2: Point, p0: Point, p1: Point, options: LayoutOptions) -> int:
    # The control polygon is at least as long as the curve.
    polygon = (
        math.hypot(q1[0] - p0[0], q1[1] - p0[1])
        + math.hypot(q2[0] - q1[0], q2[1] - q1[1])
        + math.hypot(p1[0] - q2[0], p1[1] - q2[1])
    )
    return max(4, min(options.route_max_samples, int(polygon / options.route_sample_step) + 1))


def _sample(curve: tuple[Point, Point, Point, Point], samples: int) -> list[Point]:
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = curve
    return [
        (a * ax + b * bx + c * cx + d * dx, a * ay + b * by + c * cy + d * dy)
        for a, b, c, d in _bernstein(samples)
    ]
