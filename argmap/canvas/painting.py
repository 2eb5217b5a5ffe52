"""How nodes and edges look: pure drawing functions over a ``QPainter``.

The scene's items delegate all drawing here, and so does image export, so the
screen, PNG, SVG and PDF look the same. Everything is drawn with pens, brushes
and paths (no bitmaps, no ``QGraphicsEffect``) so that SVG and PDF stay vector.
Every cue that carries meaning has a shape as well as a colour (kind icons,
ring patterns, badge glyphs), for colour-blind readers and black-and-white print.

Sizes are in scene pixels. Fonts use pixel sizes so that text keeps its size
relative to the boxes on every paint device (screen, QImage, PDF, SVG).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
)

from argmap.canvas.edge_painting import (
    edge_bounds,
    edge_label_rect,
    edge_path,
    paint_edge,
    set_edge_full_detail,
)
from argmap.canvas.glyphs import BADGE_GLYPHS as _BADGE_GLYPHS
from argmap.canvas.glyphs import NO_BRUSH as _NO_BRUSH
from argmap.canvas.glyphs import NO_PEN as _NO_PEN
from argmap.canvas.glyphs import brush as _brush
from argmap.canvas.glyphs import corner_badge_radius as _corner_badge_radius
from argmap.canvas.glyphs import paint_assessment_mark as _paint_assessment
from argmap.canvas.glyphs import paint_corner_badge as _paint_corner_badge
from argmap.canvas.glyphs import paint_kind_icon as _paint_icon
from argmap.canvas.glyphs import paint_note_mark as _paint_note_mark
from argmap.canvas.glyphs import paint_status_marker as _paint_status
from argmap.canvas.glyphs import pen as _pen
from argmap.canvas.glyphs import scale_of as _scale
from argmap.canvas.node_shapes import GEOM as _GEOM
from argmap.canvas.node_shapes import KindGeom as _KindGeom
from argmap.canvas.node_shapes import hatch_path as _hatch
from argmap.canvas.node_shapes import ring_path as _ring
from argmap.canvas.node_shapes import shape_path as _shape
from argmap.canvas.textlayout import MAX_LINES
from argmap.canvas.textlayout import FontSet as _FontSet
from argmap.canvas.textlayout import advance as _advance
from argmap.canvas.textlayout import theme_fonts as _fonts
from argmap.canvas.textlayout import wrap_text as _wrap_text
from argmap.canvas.theme import Theme
from argmap.model import NodeKind

__all__ = [
    "MAX_LINES",
    "SIMPLE_LOD",
    "NodeLook",
    "badge_rect",
    "edge_bounds",
    "edge_label_rect",
    "edge_path",
    "full_detail",
    "handle_rect",
    "node_margin",
    "node_size",
    "paint_edge",
    "paint_node",
]

Point = tuple[float, float]

#: Below this level of detail a node is a plain box (and an edge a plain line).
SIMPLE_LOD = 0.4


@dataclass(frozen=True)
class NodeLook:
    """Everything that changes how one node is drawn."""

    kind: NodeKind
    text: str
    selected: bool = False
    hovered: bool = False
    status: str | None = None  # "holds" | "fails" | "undecided" | None
    highlight: str | None = None  # None | "tripwire" | "cascade" | "flipped" | "fragile"
    strength: float = 0.0  # 0..1: halo strength, grows with cascade size
    hidden_count: int = 0  # > 0: collapsed, a "+N" badge
    dimmed: bool = False
    has_notes: bool = False
    belief: float | None = None
    assessment: str | None = None


class _Detail:
    full = False


_detail = _Detail()


@contextmanager
def full_detail() -> Iterator[None]:
    """Paint every node and edge in full, whatever the zoom (exports: a small PDF page
    or a narrow PNG still carries all the text)."""
    previous = _detail.full
    _detail.full = True
    set_edge_full_detail(True)
    try:
        yield
    finally:
        _detail.full = previous
        set_edge_full_detail(previous)


# -- per-kind geometry ----------------------------------------------------------------


_KIND_LABEL: dict[NodeKind, str] = {kind: kind.value.upper() for kind in NodeKind}


# -- colours, pens and fonts (cached) ---------------------------------------------------


# -- text layout ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    text_width: float
    width: float
    height: float
    line_height: float
    header_height: float


def _text_font(fonts: _FontSet, geom: _KindGeom) -> tuple[QFont, QFontMetricsF]:
    font = getattr(fonts, geom.font)
    fm = getattr(fonts, geom.font + "_fm")
    return font, fm


@dataclass(frozen=True)
class _KindMetrics:
    """What ``_layout`` needs of one kind in one theme, worked out once."""

    fm: QFontMetricsF
    limit: float
    line_height: float
    header_height: float
    min_width: float  # the widest of the minimum width and the header
    pad_x: float
    pad_y: float
    extra_x: float
    pillar: float


@lru_cache(maxsize=256)
def _kind_metrics(theme: Theme, kind: NodeKind) -> _KindMetrics:
    s = _scale(theme)
    geom = _GEOM[kind]
    fonts = _fonts(theme)
    _, fm = _text_font(fonts, geom)
    line_height = math.ceil(fm.height() * 1.18)
    header_height = math.ceil(fonts.label_fm.height() * 1.45) if geom.header else 0.0
    if geom.header:
        label_w = _advance(fonts.label_fm, _KIND_LABEL[kind])
        header_w = _icon_size(theme) * 1.5 + label_w + fonts.label_fm.height() * 4.5
    else:
        header_w = 0.0
    pad_x, pad_y = geom.pad_x * s, geom.pad_y * s
    return _KindMetrics(
        fm,
        geom.max_text * s,
        line_height,
        header_height,
        max(geom.min_width * s, header_w + 2 * pad_x),
        pad_x,
        pad_y,
        2 * geom.extra_x * s,
        _pillar_bar(theme) if kind == NodeKind.PILLAR else 0.0,
    )


@lru_cache(maxsize=65536)
def _layout(theme: Theme, kind: NodeKind, text: str) -> _Layout:
    m = _kind_metrics(theme, kind)
    wrapped = _wrap_text(text.strip(), m.fm, m.limit)
    lines = tuple([line for line, _ in wrapped])
    widths = tuple([width for _, width in wrapped])
    # A little slack: kerning across words and rounding never push text out.
    text_width = max(widths, default=0.0) * 1.01 + 2.0
    width = max(m.min_width, text_width + 2 * m.pad_x)
    width += m.extra_x
    height = 2 * m.pad_y + m.header_height + m.line_height * len(lines)
    height += m.pillar
    return _Layout(
        lines,
        widths,
        text_width,
        math.ceil(width),
        math.ceil(height),
        m.line_height,
        m.header_height,
    )


def box_size(kind: NodeKind, text: str, theme: Theme) -> tuple[float, float]:
    """``node_size`` for a ``NodeKind`` and its text, without argument juggling (map opening
    measures every node)."""
    layout = _layout(theme, kind, text)
    return (layout.width, layout.height)


def node_size(
    subject: NodeLook | tuple[NodeKind | str, str] | NodeKind | str,
    theme_or_text: Theme | str,
    theme: Theme | None = None,
) -> tuple[float, float]:
    """The box size of a node: ``node_size(look, theme)``, ``node_size((kind, text), theme)``
    or ``node_size(kind, text, theme)``. Text is wrapped to a readable width and the
    box always holds all of it. Cached by (theme, kind, text)."""
    th: object
    text: object
    if isinstance(subject, NodeLook):
        kind, text = subject.kind, subject.text
        th = theme_or_text
    elif isinstance(subject, tuple):
        kind, text = NodeKind(subject[0]), subject[1]
        th = theme_or_text
    else:
        kind, text = NodeKind(subject), theme_or_text
        th = theme
    if not isinstance(th, Theme) or not isinstance(text, str):
        raise TypeError(
            "node_size(look, theme), node_size((kind, text), theme) or (kind, text, theme)"
        )
    layout = _layout(th, NodeKind(kind), text)
    return (layout.width, layout.height)


def _pillar_bar(theme: Theme) -> float:
    return round(6 * _scale(theme))


def _icon_size(theme: Theme) -> float:
    return round(_fonts(theme).label_fm.height() * 1.05)


# -- margins, badge and handle ----------------------------------------------------------


def _halo_geometry(theme: Theme, strength: float) -> tuple[float, float]:
    """Gap between box and halo band, and the band's width, for a tripwire halo."""
    s = _scale(theme) * theme.halo_scale
    return 3.0 * s, (3.0 + 7.0 * max(0.0, min(1.0, strength))) * s


def node_margin(theme: Theme) -> float:
    """How far halos, rings and badges reach outside a node's box."""
    gap, band = _halo_geometry(theme, 1.0)
    halo = gap + band + 2.5 * theme.halo_scale * _scale(theme)
    badge = 2 * _corner_badge_radius(theme)
    return math.ceil(max(halo, badge, 10.0 * _scale(theme)) + 2.0)


def badge_rect(rect: QRectF, theme: Theme) -> QRectF:
    """Where the collapse badge ("+N") sits: centred on the bottom edge."""
    fonts = _fonts(theme)
    h = math.ceil(fonts.label_fm.height() * 1.5)
    w = math.ceil(fonts.label_fm.horizontalAdvance("+888") + h)
    return QRectF(rect.center().x() - w / 2, rect.bottom() - h / 2, w, h)


def handle_rect(rect: QRectF, theme: Theme) -> QRectF:
    """The connect handle shown on hover: a small disc on the right edge."""
    d = math.ceil(12 * _scale(theme))
    return QRectF(rect.right() - d / 2, rect.center().y() - d / 2, d, d)


# -- node painting ----------------------------------------------------------------------


def paint_node(
    painter: QPainter, rect: QRectF, look: NodeLook, theme: Theme, lod: float = 1.0
) -> None:
    """Draw one node into ``rect`` (its box); halos and badges reach ``node_margin`` outside."""
    if _detail.full:
        lod = 1.0
    painter.save()
    try:
        if look.dimmed:
            painter.setOpacity(painter.opacity() * 0.28)
        if lod < SIMPLE_LOD:
            _paint_simple(painter, rect, look, theme, lod)
        else:
            _paint_full(painter, rect, look, theme)
    finally:
        painter.restore()


def _paint_simple(
    painter: QPainter, rect: QRectF, look: NodeLook, theme: Theme, lod: float
) -> None:
    style = theme.node_style(look.kind)
    s = _scale(theme)
    if look.highlight is not None:
        color = theme.highlights[look.highlight]
        gap, band = _halo_geometry(theme, look.strength if look.highlight == "tripwire" else 0.4)
        painter.setPen(_pen(color, band * 1.6, alpha=0.8))
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(
            rect.adjusted(-gap - band / 2, -gap - band / 2, gap + band / 2, gap + band / 2)
        )
    if look.selected:
        painter.setPen(_pen(theme.selection, 4 * s))
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(rect.adjusted(-4 * s, -4 * s, 4 * s, 4 * s))
    painter.setPen(_pen(style.border, max(style.border_width, 1.0 / max(lod, 0.05))))
    painter.setBrush(_brush(style.fill))
    painter.drawRect(rect)
    if lod >= 0.15 and look.kind != NodeKind.REASON:  # a few bars for text
        bar = max(2.0, rect.height() / 9)
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(style.border, 0.35))
        y = rect.top() + rect.height() * 0.35
        for fraction in (0.7, 0.45):
            painter.drawRect(
                QRectF(rect.left() + rect.width() * 0.12, y, rect.width() * fraction, bar)
            )
            y += bar * 2


def _paint_full(painter: QPainter, rect: QRectF, look: NodeLook, theme: Theme) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    kind = look.kind
    style = theme.node_style(kind)
    s = _scale(theme)
    w, h = rect.width(), rect.height()

    if look.highlight is not None:
        _paint_halo(painter, rect, look, theme)
    if look.selected or look.hovered:
        offset = (3.0 if look.selected else 2.0) * s
        color = theme.selection
        painter.setPen(
            _pen(color, (2.4 if look.selected else 1.6) * s, alpha=1.0 if look.selected else 0.55)
        )
        painter.setBrush(_NO_BRUSH)
        painter.drawPath(_ring(rect, kind, offset, s))

    painter.translate(rect.topLeft())
    shape = _shape(kind, w, h, s)
    if look.hidden_count > 0:  # a stack of cards behind the box
        painter.setPen(_pen(style.border, max(1.0, style.border_width * 0.8)))
        painter.setBrush(_brush(style.fill))
        for step in (2, 1) if look.hidden_count > 1 else (1,):
            painter.drawPath(shape.translated(4 * s * step, 4 * s * step))

    # the box
    painter.setPen(_NO_PEN)
    painter.setBrush(_brush(style.fill))
    painter.drawPath(shape)
    if style.pattern != "none":
        painter.setPen(_pen(style.pattern_color, 0.8, cap=Qt.PenCapStyle.FlatCap))
        painter.setBrush(_brush(style.pattern_color) if style.pattern == "dots" else _NO_BRUSH)
        painter.drawPath(_hatch(style.pattern, round(w), round(h), round(7 * s)))
    border_style = "dash" if kind == NodeKind.ASSUMPTION else "solid"
    painter.setPen(
        _pen(
            style.border,
            style.border_width * theme.line_scale**0.5,
            border_style,
            cap=Qt.PenCapStyle.FlatCap,
        )
    )
    painter.setBrush(_NO_BRUSH)
    painter.drawPath(shape)
    if kind == NodeKind.PILLAR:  # the heavy top bar
        bar = _pillar_bar(theme)
        r = _GEOM[kind].radius * s
        top = QPainterPath()
        top.addRoundedRect(QRectF(0, 0, w, bar + r), r, r)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, w, bar))
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(style.border))
        painter.drawPath(top.intersected(clip))
    elif kind == NodeKind.EVIDENCE:  # the folded corner
        fold = 12 * s
        flap = QPainterPath()
        flap.moveTo(w - fold, 0)
        flap.lineTo(w - fold, fold)
        flap.lineTo(w, fold)
        flap.closeSubpath()
        painter.setPen(_pen(style.border, style.border_width, cap=Qt.PenCapStyle.FlatCap))
        painter.setBrush(_brush(style.border, 0.35))
        painter.drawPath(flap)

    _paint_contents(painter, w, h, look, theme)

    if look.hidden_count > 0:
        _paint_collapse_badge(painter, QRectF(0, 0, w, h), look.hidden_count, theme)
    if look.hovered:
        hr = handle_rect(QRectF(0, 0, w, h), theme)
        painter.setPen(_pen(theme.background, 1.5 * s))
        painter.setBrush(_brush(theme.selection))
        painter.drawEllipse(hr)
        c, arm = hr.center(), hr.width() * 0.26
        painter.setPen(_pen(theme.background, 1.6 * s))
        painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
        painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))
    glyph = _BADGE_GLYPHS.get(look.highlight or "")
    if glyph is not None:
        color = theme.highlights[look.highlight or ""]
        _paint_corner_badge(painter, QRectF(0, 0, w, h), glyph, color, theme)


def _paint_contents(painter: QPainter, w: float, h: float, look: NodeLook, theme: Theme) -> None:
    kind = look.kind
    style = theme.node_style(kind)
    geom = _GEOM[kind]
    s = _scale(theme)
    fonts = _fonts(theme)
    layout = _layout(theme, kind, look.text)
    pad_x, pad_y = geom.pad_x * s, geom.pad_y * s
    left = pad_x + geom.extra_x * s
    right = w - pad_x - geom.extra_x * s
    top = pad_y + (_pillar_bar(theme) if kind == NodeKind.PILLAR else 0.0)
    accent = style.accent

    if geom.header:
        icon = _icon_size(theme)
        hh = layout.header_height
        cy = top + hh / 2 - 1 * s
        hx = left
        _paint_icon(painter, kind, QRectF(hx, cy - icon / 2, icon, icon), accent, style.fill, s)
        painter.setFont(fonts.label)
        painter.setPen(_pen(accent, 1.0))
        base = cy + (fonts.label_fm.ascent() - fonts.label_fm.descent()) / 2
        # right side: status, assessment, belief, notes
        x = right
        marker = icon * 0.95
        if look.status is not None:
            _paint_status(
                painter,
                QRectF(x - marker, cy - marker / 2, marker, marker),
                look.status,
                theme,
                style.fill,
            )
            x -= marker + 5 * s
        if look.assessment is not None:
            _paint_assessment(
                painter,
                QRectF(x - marker, cy - marker / 2, marker, marker),
                look.assessment,
                accent,
                s,
            )
            x -= marker + 5 * s
        if look.belief is not None:
            text = f"{round(look.belief * 100)}%"
            tw = fonts.label_fm.horizontalAdvance(text)
            painter.setFont(fonts.label)
            painter.setPen(_pen(accent, 1.0))
            painter.drawText(QPointF(x - tw, base), text)
            x -= tw + 5 * s
        if look.has_notes:
            _paint_note_mark(
                painter, QRectF(x - marker * 0.8, cy - marker / 2, marker * 0.8, marker), accent, s
            )
            x -= marker * 0.8 + 5 * s
        label = _KIND_LABEL[kind]
        label_x = hx + icon + 5 * s
        if label_x + fonts.label_fm.horizontalAdvance(label) <= x - 3 * s:  # drop it when crowded
            painter.setFont(fonts.label)
            painter.setPen(_pen(accent, 1.0))
            painter.drawText(QPointF(label_x, base), label)
        top += hh

    # the text, centred vertically in what is left of the box
    font, fm = _text_font(fonts, geom)
    body = h - top - pad_y
    block = layout.line_height * len(layout.lines)
    y = top + max(0.0, (body - block) / 2)
    painter.setFont(font)
    painter.setPen(_pen(style.text, 1.0))
    ascent_pad = (layout.line_height - fm.height()) / 2 + fm.ascent()
    for line, lw in zip(layout.lines, layout.widths, strict=True):
        x = left if geom.align == "left" else (left + right - lw) / 2
        painter.drawText(QPointF(x, y + ascent_pad), line)
        y += layout.line_height

    if not geom.header and look.status is not None:  # reason: a small marker at its right end
        m = fonts.label_fm.height() * 0.9
        _paint_status(
            painter, QRectF(w - m * 0.7, -m * 0.3, m, m), look.status, theme, theme.background
        )


def _paint_collapse_badge(painter: QPainter, rect: QRectF, count: int, theme: Theme) -> None:
    r = badge_rect(rect, theme)
    fonts = _fonts(theme)
    painter.setPen(_pen(theme.background, 1.5 * _scale(theme)))
    painter.setBrush(_brush(theme.badge_fill))
    painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
    text = f"+{count}" if count < 1000 else "999+"
    painter.setFont(fonts.label)
    painter.setPen(_pen(theme.badge_text, 1.0))
    tw = fonts.label_fm.horizontalAdvance(text)
    fm = fonts.label_fm
    painter.drawText(
        QPointF(r.center().x() - tw / 2, r.center().y() + (fm.ascent() - fm.descent()) / 2), text
    )


# -- highlights ---------------------------------------------------------------------------


def _paint_halo(painter: QPainter, rect: QRectF, look: NodeLook, theme: Theme) -> None:
    kind, highlight = look.kind, look.highlight or ""
    color = theme.highlights.get(highlight, theme.selection)
    s = _scale(theme) * theme.halo_scale
    painter.setBrush(_NO_BRUSH)
    if highlight == "tripwire":
        gap, band = _halo_geometry(theme, look.strength)
        alpha = 0.16 + 0.24 * max(0.0, min(1.0, look.strength))
        painter.setPen(_pen(color, band, alpha=alpha))
        painter.drawPath(_ring(rect, kind, gap + band / 2, _scale(theme)))
        painter.setPen(_pen(color, 1.6 * s))  # double ring: inner and outer
        painter.drawPath(_ring(rect, kind, gap * 0.6, _scale(theme)))
        painter.drawPath(_ring(rect, kind, gap + band, _scale(theme)))
    elif highlight == "cascade":
        painter.setPen(_pen(color, 5.0 * s, alpha=0.28))
        painter.drawPath(_ring(rect, kind, 5.0 * s, _scale(theme)))
        pen = _pen(color, 2.2 * s, "dash", cap=Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawPath(_ring(rect, kind, 5.0 * s, _scale(theme)))
    elif highlight == "flipped":
        painter.setPen(_pen(color, 2.6 * s))
        painter.drawPath(_ring(rect, kind, 4.0 * s, _scale(theme)))
    elif highlight == "fragile":
        painter.setPen(_pen(color, 2.6 * s, "dot"))
        painter.drawPath(_ring(rect, kind, 5.0 * s, _scale(theme)))
