"""The outlines of nodes: each kind's shape, the rings drawn around it, and print hatching.

Pure geometry (``QPainterPath``), cached by size, so painting a node is mostly
drawing paths it has drawn before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from argmap.model import NodeKind

# -- per-kind geometry ----------------------------------------------------------------


@dataclass(frozen=True)
class KindGeom:
    max_text: float  # widest text line before wrapping, at the base font size
    min_width: float
    pad_x: float
    pad_y: float
    radius: float
    font: str  # "body" | "bold" | "semibold" | "italic" | "small_body"
    align: str  # "left" | "center"
    header: bool = True
    extra_x: float = 0.0  # room for pointed ends (contention)


GEOM: dict[NodeKind, KindGeom] = {
    NodeKind.THESIS: KindGeom(280, 180, 16, 12, 10, "bold", "center"),
    NodeKind.PILLAR: KindGeom(230, 150, 14, 11, 4, "semibold", "left"),
    NodeKind.CLAIM: KindGeom(210, 120, 12, 9, 8, "body", "left"),
    NodeKind.REASON: KindGeom(180, 48, 14, 5, 0, "small_body", "center", header=False),
    NodeKind.EVIDENCE: KindGeom(210, 120, 12, 9, 3, "body", "left"),
    NodeKind.ASSUMPTION: KindGeom(210, 120, 12, 9, 8, "italic", "left"),
    NodeKind.RISK: KindGeom(210, 120, 14, 9, 3, "body", "left"),
    NodeKind.CONTENTION: KindGeom(220, 150, 12, 9, 0, "semibold", "center", extra_x=14),
    NodeKind.INDICATOR: KindGeom(160, 96, 10, 7, 3, "small_body", "left"),
}


# -- outlines --------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def shape_path(kind: NodeKind, w: float, h: float, s: float) -> QPainterPath:
    """The outline of a node's box at the origin."""
    path = QPainterPath()
    geom = GEOM[kind]
    r = geom.radius * s
    if kind == NodeKind.REASON:
        path.addRoundedRect(QRectF(0, 0, w, h), h / 2, h / 2)
    elif kind == NodeKind.EVIDENCE:
        fold = 12 * s
        path.moveTo(0, r)
        path.quadTo(0, 0, r, 0)
        path.lineTo(w - fold, 0)
        path.lineTo(w, fold)
        path.lineTo(w, h - r)
        path.quadTo(w, h, w - r, h)
        path.lineTo(r, h)
        path.quadTo(0, h, 0, h - r)
        path.closeSubpath()
    elif kind == NodeKind.RISK:
        notch, depth = min(10 * s, h / 3), 6 * s
        path.moveTo(0, 0)
        path.lineTo(w, 0)
        path.lineTo(w, h)
        path.lineTo(0, h)
        path.lineTo(0, h / 2 + notch)
        path.lineTo(depth, h / 2)
        path.lineTo(0, h / 2 - notch)
        path.closeSubpath()
    elif kind == NodeKind.CONTENTION:
        tip = geom.extra_x * s
        path.moveTo(tip, 0)
        path.lineTo(w - tip, 0)
        path.lineTo(w, h / 2)
        path.lineTo(w - tip, h)
        path.lineTo(tip, h)
        path.lineTo(0, h / 2)
        path.closeSubpath()
    else:
        path.addRoundedRect(QRectF(0, 0, w, h), r, r)
    return path


def ring_path(rect: QRectF, kind: NodeKind, offset: float, s: float) -> QPainterPath:
    """A rounded outline ``offset`` outside the box (halos follow it, not every notch)."""
    geom = GEOM[kind]
    r = (rect.height() / 2 if kind == NodeKind.REASON else geom.radius * s) + offset
    path = QPainterPath()
    path.addRoundedRect(rect.adjusted(-offset, -offset, offset, offset), r, r)
    return path


@lru_cache(maxsize=4096)
def hatch_path(pattern: str, w: float, h: float, spacing: float) -> QPainterPath:
    """Vector hatching inside a w x h box (for the print theme), inset from the border."""
    path = QPainterPath()
    inset = spacing * 0.6
    x0, y0, x1, y1 = inset, inset, w - inset, h - inset
    if x1 <= x0 or y1 <= y0:
        return path
    if pattern in ("horizontal",):
        y = y0 + spacing / 2
        while y < y1:
            path.moveTo(x0, y)
            path.lineTo(x1, y)
            y += spacing
    if pattern in ("vertical",):
        x = x0 + spacing / 2
        while x < x1:
            path.moveTo(x, y0)
            path.lineTo(x, y1)
            x += spacing
    if pattern == "dots":
        y = y0 + spacing / 2
        row = 0
        while y < y1:
            x = x0 + spacing / 2 + (spacing / 2 if row % 2 else 0)
            while x < x1:
                path.addEllipse(QPointF(x, y), 0.8, 0.8)
                x += spacing
            y += spacing
            row += 1
    directions = {"hatch": (1,), "backhatch": (-1,), "crosshatch": (1, -1)}.get(pattern, ())
    for d in directions:
        # lines x - d*y = c, clipped to the inset box
        c = -(y1 - y0) - spacing if d == 1 else 0.0
        c_end = (x1 - x0) + spacing + (0 if d == 1 else (y1 - y0))
        while c < c_end:
            pts: list[tuple[float, float]] = []
            for y in (0.0, y1 - y0):
                x = c + d * y
                if 0 <= x <= x1 - x0:
                    pts.append((x, y))
            for x in (0.0, x1 - x0):
                y = (x - c) / d
                if 0 <= y <= y1 - y0:
                    pts.append((x, y))
            if len(pts) >= 2:
                pts.sort()
                path.moveTo(x0 + pts[0][0], y0 + pts[0][1])
                path.lineTo(x0 + pts[-1][0], y0 + pts[-1][1])
            c += spacing * 1.41
    return path
