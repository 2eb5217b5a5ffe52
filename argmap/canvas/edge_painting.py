"""How edges look: a polyline or Bezier chain with an arrowhead at the target.

Support edges are solid, requires bold, opposes red and dashed with a bar across,
watches thin and dotted with an open chevron, so kinds differ without colour too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF

from argmap.canvas.glyphs import NO_BRUSH as _NO_BRUSH
from argmap.canvas.glyphs import brush as _brush
from argmap.canvas.glyphs import pen as _pen
from argmap.canvas.glyphs import scale_of as _scale
from argmap.canvas.textlayout import theme_fonts as _fonts
from argmap.canvas.theme import Theme
from argmap.model import EdgeKind

Point = tuple[float, float]

#: Below this level of detail an edge is a plain line.
SIMPLE_LOD = 0.4
_full_detail = False


def set_edge_full_detail(on: bool) -> None:
    """Draw edges in full whatever the zoom (set by ``painting.full_detail`` for exports)."""
    global _full_detail
    _full_detail = on


def edge_path(points: Sequence[Point], curved: bool) -> QPainterPath:
    """The line of an edge: a polyline, or a cubic Bezier chain (p0, c1, c2, p1, c1, c2, p2, ...)."""
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(points[0][0], points[0][1])
    if curved and len(points) >= 4:
        i = 1
        while i + 2 < len(points):
            (ax, ay), (bx, by), (cx, cy) = points[i], points[i + 1], points[i + 2]
            path.cubicTo(ax, ay, bx, by, cx, cy)
            i += 3
        for x, y in points[i:]:
            path.lineTo(x, y)
    else:
        for x, y in points[1:]:
            path.lineTo(x, y)
    return path


def _arrow_size(kind: EdgeKind, width: float, s: float) -> tuple[float, float]:
    length = (7.0 + 1.6 * width) * s
    return length, length * (0.42 if kind != EdgeKind.WATCHES else 0.5)


def _end_direction(points: Sequence[Point]) -> tuple[float, float] | None:
    tx, ty = points[-1]
    for px, py in reversed(points[:-1]):
        dx, dy = tx - px, ty - py
        d = math.hypot(dx, dy)
        if d > 1e-6:
            return dx / d, dy / d
    return None


def edge_label_rect(points: Sequence[Point], curved: bool, label: str, theme: Theme) -> QRectF:
    """Where an edge's label is drawn (its centre on the middle of the line)."""
    if not label or not points:
        return QRectF()
    fonts = _fonts(theme)
    mid = edge_path(points, curved).pointAtPercent(0.5)
    w = fonts.label_fm.horizontalAdvance(label) + 10 * _scale(theme)
    h = fonts.label_fm.height() + 4 * _scale(theme)
    return QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)


def edge_bounds(points: Sequence[Point], curved: bool, theme: Theme, label: str = "") -> QRectF:
    """Everything ``paint_edge`` may touch: the line, its arrowhead, underlays and label."""
    if not points:
        return QRectF()
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    pad = 14.0 * _scale(theme) * theme.line_scale
    rect = QRectF(
        min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    )
    if label:
        rect = rect.united(edge_label_rect(points, curved, label, theme).adjusted(-2, -2, 2, 2))
    return rect


def paint_edge(
    painter: QPainter,
    points: Sequence[Point],
    curved: bool,
    kind: EdgeKind,
    theme: Theme,
    *,
    highlight: str | None = None,
    selected: bool = False,
    label: str = "",
    lod: float = 1.0,
) -> None:
    """Draw one edge along ``points`` with its arrowhead at the last point (the target)."""
    if len(points) < 2:
        return
    kind = EdgeKind(kind)
    style = theme.edge_style(kind)
    s = _scale(theme)
    width = style.width * theme.line_scale
    direction = _end_direction(points)
    if direction is None:
        return
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(_NO_BRUSH)
        simple = lod < SIMPLE_LOD and not _full_detail
        length, _ = _arrow_size(kind, width, s)
        # stop the line under the arrowhead, so a thick line never pokes through its tip
        ux, uy = direction
        back = length * 0.75 if kind != EdgeKind.WATCHES else 0.0
        pts = list(points)
        tx, ty = pts[-1]
        pts[-1] = (tx - ux * back, ty - uy * back)
        if curved and len(pts) >= 4:
            cx, cy = pts[-2]
            pts[-2] = (cx - ux * back, cy - uy * back)
        line = edge_path(pts, curved)
        under = None
        if selected:
            under = theme.selection
        elif highlight is not None and highlight in theme.highlights:
            under = theme.highlights[highlight]
        if under is not None:
            painter.setPen(_pen(under, width + 7.0 * s, alpha=0.35))
            painter.drawPath(line)
        if simple:
            painter.setPen(_pen(style.color, max(width, 1.0 / max(lod, 0.05))))
            painter.drawPath(line)
            return
        painter.setPen(_pen(style.color, width, style.style))
        painter.drawPath(line)
        _paint_arrowhead(painter, (tx, ty), direction, kind, style.color, width, s, theme)
        if label:
            _paint_edge_label(
                painter, edge_label_rect(points, curved, label, theme), label, style.color, theme
            )
    finally:
        painter.restore()


def _paint_arrowhead(
    painter: QPainter,
    tip: Point,
    direction: tuple[float, float],
    kind: EdgeKind,
    color: str,
    width: float,
    s: float,
    theme: Theme,
) -> None:
    length, half = _arrow_size(kind, width, s)
    ux, uy = direction
    nx, ny = -uy, ux
    tx, ty = tip
    bx, by = tx - ux * length, ty - uy * length
    left = QPointF(bx + nx * half, by + ny * half)
    right = QPointF(bx - nx * half, by - ny * half)
    if kind == EdgeKind.WATCHES:  # an open chevron
        painter.setPen(_pen(color, max(1.0, width)))
        painter.setBrush(_NO_BRUSH)
        path = QPainterPath(left)
        path.lineTo(tx, ty)
        path.lineTo(right)
        painter.drawPath(path)
        return
    painter.setPen(_pen(color, 1.0, cap=Qt.PenCapStyle.FlatCap))
    painter.setBrush(_brush(color))
    notch = QPointF(tx - ux * length * 0.8, ty - uy * length * 0.8)
    painter.drawPolygon(QPolygonF([QPointF(tx, ty), left, notch, right]))
    if kind == EdgeKind.OPPOSES:  # a bar across the line: "against", without colour
        cx, cy = tx - ux * (length + 4 * s), ty - uy * (length + 4 * s)
        painter.setPen(_pen(color, max(1.6, width), cap=Qt.PenCapStyle.FlatCap))
        painter.drawLine(
            QPointF(cx + nx * half * 1.1, cy + ny * half * 1.1),
            QPointF(cx - nx * half * 1.1, cy - ny * half * 1.1),
        )


def _paint_edge_label(painter: QPainter, r: QRectF, label: str, color: str, theme: Theme) -> None:
    fonts = _fonts(theme)
    s = _scale(theme)
    painter.setPen(_pen(color, 0.8 * s))
    painter.setBrush(_brush(theme.label_background))
    painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
    painter.setFont(fonts.label)
    painter.setPen(_pen(theme.muted_text, 1.0))
    fm = fonts.label_fm
    painter.drawText(
        QPointF(r.left() + 5 * s, r.center().y() + (fm.ascent() - fm.descent()) / 2), label
    )
