"""Edge routes in tidy coordinates (y grows from the theses to their reasons).

Tree edges are straight: from the middle of the source's side that faces its
parent to the parent's facing side, where the line towards the parent's centre
meets it (so arrowheads into one node spread along its border instead of
piling up on one point); the segment stays in the gap between the two levels.

Other edges (cross links, attacks on distant nodes, watches) are cubic Bézier
curves. They leave a box through the side that faces the other end (across
levels) or, for two nodes on one level, through the same side of both so the
curve swings through the gap between levels. A curve is tested against the
boxes by sampling; when it hits one it bows sideways by growing amounts until
it clears them (or takes the shape that hits fewest).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

from argmap.layout.options import LayoutOptions

Point = tuple[float, float]


def tree_segments(
    children: Sequence[int],
    parent: Sequence[int],
    kids: Sequence[Sequence[int]],
    x: Sequence[float],
    y: Sequence[float],
    hw: Sequence[float],
    hh: Sequence[float],
) -> list[tuple[float, float, float, float]]:
    """For each child, the segment (x0, y0, x1, y1) from its box to its parent's.

    A child on a level below its parent's: from the middle of its near side to
    the parent's far side, the children's arrival points spread evenly over
    the middle 80 % of that side in their order (``kids``), so arrowheads into
    one node do not pile up and tree edges do not cross. Both ends lie in the
    gap between the two levels, so the segment crosses no box there.
    A child placed elsewhere (a stored position): along the line joining the
    two centres, from border to border.
    """
    out: list[tuple[float, float, float, float]] = []
    append = out.append
    spread = [0.0] * len(x)  # arrival offset of each child, as a fraction of hw
    for siblings in kids:
        count = len(siblings)
        if count > 1:
            for i, c in enumerate(siblings):
                spread[c] = 0.8 * (2.0 * i + 1.0 - count) / count
    for v in children:
        p = parent[v]
        sx = x[v]
        sy = y[v]
        tx = x[p]
        ty = y[p]
        near = sy - hh[v]
        far = ty + hh[p]
        if near >= far:
            append((sx, near, tx + spread[v] * hw[p], far))
            continue
        dx = tx - sx
        dy = ty - sy
        ax = dx if dx >= 0.0 else -dx
        ay = dy if dy >= 0.0 else -dy
        w = hw[v]
        h = hh[v]
        k = (w / ax if ax else 0.0) if ax * h >= ay * w else h / ay
        w = hw[p]
        h = hh[p]
        m = (w / ax if ax else 0.0) if ax * h >= ay * w else h / ay
        append((sx + dx * k, sy + dy * k, tx - dx * m, ty - dy * m))
    return out


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


class LevelIndex:
    """Boxes by level, each level sorted along x: for a layout no one has moved.

    Within a level, boxes do not overlap and keep at least a sibling gap apart,
    so a point can only fall in the box whose centre is its nearest on the left
    or on the right. Cheaper to build than a grid for a whole map.
    """

    def __init__(
        self,
        levels: Sequence[Sequence[int]],
        x: Sequence[float],
        y: Sequence[float],
        hw: Sequence[float],
        hh: Sequence[float],
        clearance: float,
    ) -> None:
        bands: list[tuple[float, float, list[float], Sequence[int]]] = []
        for members in levels:
            if not members:
                continue
            lo = min([y[v] - hh[v] for v in members]) - clearance
            hi = max([y[v] + hh[v] for v in members]) + clearance
            bands.append((lo, hi, [x[v] for v in members], members))
        bands.sort(key=lambda band: band[0])
        self.bands = bands
        self.tops = [band[0] for band in bands]
        self.x = x
        self.y = y
        self.hw = hw
        self.hh = hh
        self.clearance = clearance

    def hits(self, points: Sequence[Point], skip_a: int, skip_b: int, limit: int) -> int:
        """How many of ``points`` fall in a box other than the two skipped (up to limit)."""
        bands = self.bands
        tops = self.tops
        x = self.x
        y = self.y
        hw = self.hw
        hh = self.hh
        clear = self.clearance
        count = 0
        for px, py in points:
            b = bisect_right(tops, py)
            # Bands can overlap a little (levels of boxes hanging lower); look at two.
            for band in bands[b - 2 if b > 1 else 0 : b]:
                if not band[0] <= py <= band[1]:
                    continue
                xs = band[2]
                members = band[3]
                i = bisect_right(xs, px)
                for v in members[i - 1 if i else 0 : i + 1]:
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

    def __init__(
        self,
        nodes: Sequence[int],
        x: Sequence[float],
        y: Sequence[float],
        hw: Sequence[float],
        hh: Sequence[float],
        options: LayoutOptions,
        levels: Sequence[Sequence[int]] | None = None,
    ) -> None:
        self.nodes = nodes
        self.levels = levels
        self.x = x
        self.y = y
        self.hw = hw
        self.hh = hh
        self.options = options
        self.budget = options.route_sample_budget
        self._grid: BoxGrid | LevelIndex | None = None

    @property
    def grid(self) -> BoxGrid | LevelIndex:
        """The boxes indexed, when a curve is first tested: by level where the
        layout is tidy as computed (``levels`` given), else in a grid."""
        if self._grid is None:
            clearance = self.options.route_clearance
            if self.levels is not None:
                self._grid = LevelIndex(self.levels, self.x, self.y, self.hw, self.hh, clearance)
            else:
                self._grid = BoxGrid(self.nodes, self.x, self.y, self.hw, self.hh, clearance)
        return self._grid

    def curve(self, s: int, t: int, repeat: int) -> tuple[Point, Point, Point, Point]:
        """Control points p0, c1, c2, p1 of the curve from node s to node t.

        ``repeat`` counts earlier routes between the same two nodes; a repeat
        starts bowed, on alternating sides, so that it does not hide under them.
        """
        options = self.options
        x = self.x
        y = self.y
        hw = self.hw
        hh = self.hh
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
        if not repeat and length > options.route_max_samples * options.route_sample_step:
            # Too long to test reliably: a plain S (or U) curve, untested.
            if n0y == n1y:
                reach = options.level_gap * 0.9 + options.level_gap
            else:
                reach = min(max(abs(cy) * 0.45, 20.0), 0.5 * length + 20.0)
            return (p0, (p0[0], p0[1] + n0y * reach), (p1[0], p1[1] + n1y * reach), p1)
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

        first = min(repeat, len(_BOWS) - 1)
        best: tuple[Point, Point, Point, Point] | None = None
        best_hits = 1 << 30
        for b in range(first, len(_BOWS)):
            bow = _BOWS[b] * unit
            q1 = (c1[0] + px * bow, c1[1] + py * bow)
            q2 = (c2[0] + px * bow, c2[1] + py * bow)
            candidate = (p0, q1, q2, p1)
            samples = _sample_count(q1, q2, p0, p1, options)
            if samples > options.route_max_samples or self.budget < samples:
                # Too long to test reliably (or out of budget): take it as it is.
                return best if best is not None else candidate
            self.budget -= samples
            grid = self.grid
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
    return max(4, int(polygon / options.route_sample_step) + 1)


def _sample(curve: tuple[Point, Point, Point, Point], samples: int) -> list[Point]:
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = curve
    return [
        (a * ax + b * bx + c * cx + d * dx, a * ay + b * by + c * cy + d * dy)
        for a, b, c, d in _bernstein(samples)
    ]
