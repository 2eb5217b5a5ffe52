"""Small marks drawn with paths: kind icons, status markers, badges; and cached pens.

Everything here is vector (``QPainterPath``, polygons, strokes), never a bitmap, so
SVG and PDF exports stay sharp. ``painting`` composes these into nodes and edges.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from argmap.canvas.theme import Theme
from argmap.model import NodeKind

NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
#: The glyph of the corner badge each highlight carries (cascade has none: it is a ring).
BADGE_GLYPHS = {"tripwire": "bolt", "flipped": "cross", "fragile": "link"}

_BASE_PX = 96.0 / 72.0 * 10.0


def scale_of(theme: Theme) -> float:
    """How much larger than the light theme's this theme draws (text and marks)."""
    return theme.font_px / _BASE_PX


def corner_badge_radius(theme: Theme) -> float:
    return 8.5 * scale_of(theme)


@lru_cache(maxsize=512)
def color(spec: str, alpha: float = 1.0) -> QColor:
    color = QColor(spec)
    if alpha < 1.0:
        color.setAlphaF(color.alphaF() * alpha)
    return color


@lru_cache(maxsize=1024)
def pen(
    spec: str,
    width: float,
    style: str = "solid",
    alpha: float = 1.0,
    cap: Qt.PenCapStyle = Qt.PenCapStyle.RoundCap,
) -> QPen:
    pen = QPen(color(spec, alpha), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(cap)
    if style == "dash":
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setDashPattern([4.0, 2.6])
    elif style == "dot":
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setDashPattern([0.01, 2.4])
    elif style == "dashdot":
        pen.setDashPattern([4.0, 2.0, 0.01, 2.0])
    return pen


@lru_cache(maxsize=512)
def brush(spec: str, alpha: float = 1.0) -> QBrush:
    return QBrush(color(spec, alpha))


def paint_status_marker(
    painter: QPainter, r: QRectF, status: str, theme: Theme, behind: str
) -> None:
    color = theme.status.get(status, theme.muted_text)
    s = r.width() / 12
    inner = r.adjusted(s, s, -s, -s)
    if status == "undecided":
        painter.setPen(pen(color, 1.4 * s))
        painter.setBrush(brush(behind))
        painter.drawEllipse(inner)
        half = QPainterPath()
        half.moveTo(inner.center())
        half.arcTo(inner, 90, 180)
        half.closeSubpath()
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawPath(half)
        return
    painter.setPen(NO_PEN)
    painter.setBrush(brush(color))
    painter.drawEllipse(inner)
    painter.setPen(pen(behind, 1.6 * s))
    c, a = inner.center(), inner.width() * 0.22
    if status == "holds":
        path = QPainterPath(QPointF(c.x() - a * 1.1, c.y() + a * 0.05))
        path.lineTo(c.x() - a * 0.25, c.y() + a * 0.9)
        path.lineTo(c.x() + a * 1.2, c.y() - a * 0.8)
        painter.setBrush(NO_BRUSH)
        painter.drawPath(path)
    else:
        painter.drawLine(QPointF(c.x() - a, c.y() - a), QPointF(c.x() + a, c.y() + a))
        painter.drawLine(QPointF(c.x() - a, c.y() + a), QPointF(c.x() + a, c.y() - a))


def paint_assessment_mark(
    painter: QPainter, r: QRectF, assessment: str, color: str, s: float
) -> None:
    """The user's own judgement: a small square (status, computed, is a circle)."""
    inner = r.adjusted(r.width() * 0.12, r.width() * 0.12, -r.width() * 0.12, -r.width() * 0.12)
    painter.setPen(pen(color, 1.2 * s))
    painter.setBrush(NO_BRUSH)
    painter.drawRoundedRect(inner, 1.5 * s, 1.5 * s)
    c, a = inner.center(), inner.width() * 0.24
    if assessment == "holds":
        path = QPainterPath(QPointF(c.x() - a * 1.1, c.y()))
        path.lineTo(c.x() - a * 0.3, c.y() + a * 0.85)
        path.lineTo(c.x() + a * 1.2, c.y() - a * 0.8)
        painter.drawPath(path)
    else:
        painter.drawLine(QPointF(c.x() - a, c.y() - a), QPointF(c.x() + a, c.y() + a))
        painter.drawLine(QPointF(c.x() - a, c.y() + a), QPointF(c.x() + a, c.y() - a))


def paint_note_mark(painter: QPainter, r: QRectF, color: str, s: float) -> None:
    painter.setPen(pen(color, 1.1 * s))
    painter.setBrush(NO_BRUSH)
    inner = r.adjusted(r.width() * 0.1, r.height() * 0.08, -r.width() * 0.1, -r.height() * 0.08)
    painter.drawRect(inner)
    for f in (0.35, 0.55, 0.75):
        y = inner.top() + inner.height() * f
        painter.drawLine(
            QPointF(inner.left() + inner.width() * 0.22, y),
            QPointF(inner.right() - inner.width() * 0.22, y),
        )


def paint_corner_badge(
    painter: QPainter, rect: QRectF, glyph: str, color: str, theme: Theme
) -> None:
    radius = corner_badge_radius(theme)
    c = QPointF(rect.left() - radius * 0.15, rect.top() - radius * 0.15)
    painter.setPen(pen(theme.background, 1.5 * scale_of(theme)))
    painter.setBrush(brush(color))
    painter.drawEllipse(c, radius, radius)
    fg = theme.background
    r = radius * 0.58
    if glyph == "bolt":
        bolt = QPolygonF(
            [
                QPointF(c.x() + 0.25 * r, c.y() - 1.05 * r),
                QPointF(c.x() - 0.65 * r, c.y() + 0.15 * r),
                QPointF(c.x() - 0.02 * r, c.y() + 0.15 * r),
                QPointF(c.x() - 0.3 * r, c.y() + 1.05 * r),
                QPointF(c.x() + 0.7 * r, c.y() - 0.2 * r),
                QPointF(c.x() + 0.05 * r, c.y() - 0.2 * r),
            ]
        )
        painter.setPen(NO_PEN)
        painter.setBrush(brush(fg))
        painter.drawPolygon(bolt)
    elif glyph == "cross":
        painter.setPen(pen(fg, 2.0 * scale_of(theme)))
        a = r * 0.7
        painter.drawLine(QPointF(c.x() - a, c.y() - a), QPointF(c.x() + a, c.y() + a))
        painter.drawLine(QPointF(c.x() - a, c.y() + a), QPointF(c.x() + a, c.y() - a))
    elif glyph == "link":
        painter.setPen(pen(fg, 1.4 * scale_of(theme)))
        painter.setBrush(NO_BRUSH)
        painter.drawEllipse(QPointF(c.x() - r * 0.38, c.y()), r * 0.55, r * 0.55)
        painter.drawEllipse(QPointF(c.x() + r * 0.38, c.y()), r * 0.55, r * 0.55)


def paint_kind_icon(
    painter: QPainter, kind: NodeKind, r: QRectF, color: str, behind: str, s: float
) -> None:
    """A small kind icon drawn with paths (no bitmaps)."""
    x, y, d = r.left(), r.top(), r.width()

    def p(fx: float, fy: float) -> QPointF:
        return QPointF(x + fx * d, y + fy * d)

    stroke = pen(color, max(1.0, 1.2 * s))
    painter.setPen(stroke)
    painter.setBrush(NO_BRUSH)
    if kind == NodeKind.THESIS:  # a star
        pts = []
        for i in range(10):
            rad = 0.5 if i % 2 == 0 else 0.21
            a = -math.pi / 2 + i * math.pi / 5
            pts.append(p(0.5 + rad * math.cos(a), 0.54 + rad * math.sin(a)))
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawPolygon(QPolygonF(pts))
    elif kind == NodeKind.PILLAR:  # a column
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawRect(QRectF(p(0.1, 0.08), p(0.9, 0.22)))
        painter.drawRect(QRectF(p(0.1, 0.8), p(0.9, 0.94)))
        for fx in (0.22, 0.44, 0.62):
            painter.drawRect(QRectF(p(fx, 0.26), p(fx + 0.14, 0.76)))
    elif kind == NodeKind.CLAIM:  # a speech bubble
        path = QPainterPath()
        path.addRoundedRect(QRectF(p(0.06, 0.1), p(0.94, 0.7)), 0.14 * d, 0.14 * d)
        tail = QPainterPath(p(0.26, 0.66))
        tail.lineTo(p(0.22, 0.92))
        tail.lineTo(p(0.5, 0.66))
        tail.closeSubpath()
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawPath(path.united(tail))
        painter.setBrush(brush(behind))
        for fx in (0.3, 0.5, 0.7):
            painter.drawEllipse(p(fx, 0.4), 0.07 * d, 0.07 * d)
    elif kind == NodeKind.REASON:  # therefore
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        for fx, fy in ((0.5, 0.22), (0.2, 0.78), (0.8, 0.78)):
            painter.drawEllipse(p(fx, fy), 0.12 * d, 0.12 * d)
    elif kind == NodeKind.EVIDENCE:  # a magnifying glass
        painter.setPen(pen(color, max(1.2, 1.5 * s)))
        painter.drawEllipse(QRectF(p(0.08, 0.06), p(0.66, 0.64)))
        painter.setPen(pen(color, max(1.8, 2.4 * s)))
        painter.drawLine(p(0.6, 0.6), p(0.9, 0.9))
    elif kind == NodeKind.ASSUMPTION:  # a question mark
        path = QPainterPath(p(0.26, 0.3))
        path.cubicTo(p(0.26, 0.0), p(0.78, 0.0), p(0.76, 0.3))
        path.cubicTo(p(0.74, 0.48), p(0.5, 0.46), p(0.5, 0.66))
        painter.setPen(pen(color, max(1.2, 1.6 * s)))
        painter.drawPath(path)
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawEllipse(p(0.5, 0.88), 0.09 * d, 0.09 * d)
    elif kind == NodeKind.RISK:  # a warning triangle
        tri = QPolygonF([p(0.5, 0.04), p(0.98, 0.92), p(0.02, 0.92)])
        painter.setPen(pen(color, max(1.0, 1.0 * s)))
        painter.setBrush(brush(color))
        painter.drawPolygon(tri)
        painter.setPen(pen(behind, max(1.2, 1.6 * s), cap=Qt.PenCapStyle.FlatCap))
        painter.drawLine(p(0.5, 0.34), p(0.5, 0.64))
        painter.setPen(NO_PEN)
        painter.setBrush(brush(behind))
        painter.drawEllipse(p(0.5, 0.78), 0.07 * d, 0.07 * d)
    elif kind == NodeKind.CONTENTION:  # a balance
        painter.drawLine(p(0.5, 0.1), p(0.5, 0.9))
        painter.drawLine(p(0.3, 0.9), p(0.7, 0.9))
        painter.drawLine(p(0.12, 0.22), p(0.88, 0.22))
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        for cx in (0.14, 0.86):
            pan = QPainterPath(p(cx - 0.14, 0.55))
            pan.lineTo(p(cx + 0.14, 0.55))
            pan.arcTo(QRectF(p(cx - 0.14, 0.4), p(cx + 0.14, 0.7)), 0, -180)
            painter.drawPath(pan)
        painter.setPen(pen(color, max(0.8, 0.8 * s)))
        for cx in (0.14, 0.86):
            painter.drawLine(p(cx, 0.22), p(cx - 0.13, 0.55))
            painter.drawLine(p(cx, 0.22), p(cx + 0.13, 0.55))
    elif kind == NodeKind.INDICATOR:  # a gauge
        painter.setPen(pen(color, max(1.2, 1.5 * s), cap=Qt.PenCapStyle.FlatCap))
        arc = QPainterPath(p(0.06, 0.78))
        arc.arcTo(QRectF(p(0.06, 0.3), p(0.94, 1.26)), 180, -180)
        painter.drawPath(arc)
        painter.setPen(pen(color, max(1.2, 1.5 * s)))
        painter.drawLine(p(0.5, 0.78), p(0.76, 0.4))
        painter.setPen(NO_PEN)
        painter.setBrush(brush(color))
        painter.drawEllipse(p(0.5, 0.78), 0.1 * d, 0.1 * d)
