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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from argmap.canvas.fonts import ensure_fonts
from argmap.canvas.theme import Theme
from argmap.model import EdgeKind, NodeKind

Point = tuple[float, float]

#: Below this level of detail a node is a plain box (and an edge a plain line).
SIMPLE_LOD = 0.4
#: Long texts stop after this many lines, the last one ending in an ellipsis.
MAX_LINES = 12
_ELLIPSIS = "\u2026"


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


# -- per-kind geometry ----------------------------------------------------------------


@dataclass(frozen=True)
class _KindGeom:
    max_text: float  # widest text line before wrapping, at the base font size
    min_width: float
    pad_x: float
    pad_y: float
    radius: float
    font: str  # "body" | "bold" | "semibold" | "italic" | "small_body"
    align: str  # "left" | "center"
    header: bool = True
    extra_x: float = 0.0  # room for pointed ends (contention)


_GEOM: dict[NodeKind, _KindGeom] = {
    NodeKind.THESIS: _KindGeom(280, 180, 16, 12, 10, "bold", "center"),
    NodeKind.PILLAR: _KindGeom(230, 150, 14, 11, 4, "semibold", "left"),
    NodeKind.CLAIM: _KindGeom(210, 120, 12, 9, 8, "body", "left"),
    NodeKind.REASON: _KindGeom(180, 48, 14, 5, 0, "small_body", "center", header=False),
    NodeKind.EVIDENCE: _KindGeom(210, 120, 12, 9, 3, "body", "left"),
    NodeKind.ASSUMPTION: _KindGeom(210, 120, 12, 9, 8, "italic", "left"),
    NodeKind.RISK: _KindGeom(210, 120, 14, 9, 3, "body", "left"),
    NodeKind.CONTENTION: _KindGeom(220, 150, 12, 9, 0, "semibold", "center", extra_x=14),
    NodeKind.INDICATOR: _KindGeom(160, 96, 10, 7, 3, "small_body", "left"),
}

_KIND_LABEL: dict[NodeKind, str] = {kind: kind.value.upper() for kind in NodeKind}

_BASE_PX = 96.0 / 72.0 * 10.0  # the light theme's text size; geometry scales from it


def _scale(theme: Theme) -> float:
    return theme.font_px / _BASE_PX


# -- colours, pens and fonts (cached) ---------------------------------------------------


@lru_cache(maxsize=512)
def _color(spec: str, alpha: float = 1.0) -> QColor:
    color = QColor(spec)
    if alpha < 1.0:
        color.setAlphaF(color.alphaF() * alpha)
    return color


@lru_cache(maxsize=1024)
def _pen(
    spec: str,
    width: float,
    style: str = "solid",
    alpha: float = 1.0,
    cap: Qt.PenCapStyle = Qt.PenCapStyle.RoundCap,
) -> QPen:
    pen = QPen(_color(spec, alpha), width)
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
def _brush(spec: str, alpha: float = 1.0) -> QBrush:
    return QBrush(_color(spec, alpha))


_NO_PEN = QPen(Qt.PenStyle.NoPen)
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


@dataclass(frozen=True)
class _FontSet:
    body: QFont
    bold: QFont
    semibold: QFont
    italic: QFont
    small_body: QFont
    label: QFont  # kind labels, badges, edge labels
    body_fm: QFontMetricsF
    bold_fm: QFontMetricsF
    semibold_fm: QFontMetricsF
    italic_fm: QFontMetricsF
    small_body_fm: QFontMetricsF
    label_fm: QFontMetricsF


def _make_font(family: str, px: float, weight: QFont.Weight, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(px)))
    font.setWeight(weight)
    font.setItalic(italic)
    font.setKerning(True)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    # Vertical-only hinting keeps glyphs crisp on screen while horizontal advances
    # stay those of the design, so a line measured once fits at any zoom or DPI.
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    return font


_font_sets: dict[tuple[str, float], _FontSet] = {}


def _fonts(theme: Theme) -> _FontSet:
    key = (theme.font_family, theme.font_px)
    fonts = _font_sets.get(key)
    if fonts is None:
        bundled = ensure_fonts()
        family = theme.font_family if theme.font_family else bundled
        px = theme.font_px
        W = QFont.Weight
        body = _make_font(family, px, W.Normal)
        bold = _make_font(family, px * 1.2, W.Bold)
        semibold = _make_font(family, px, W.DemiBold)
        italic = _make_font(family, px, W.Normal, italic=True)
        small_body = _make_font(family, px * 0.9, W.Normal)
        label = _make_font(family, px * 0.72, W.DemiBold)
        fonts = _FontSet(
            body,
            bold,
            semibold,
            italic,
            small_body,
            label,
            *(QFontMetricsF(f) for f in (body, bold, semibold, italic, small_body, label)),
        )
        _font_sets[key] = fonts
    return fonts


_word_widths: dict[tuple[int, str], float] = {}


def _advance(fm: QFontMetricsF, text: str) -> float:
    key = (id(fm), text)
    width = _word_widths.get(key)
    if width is None:
        if len(_word_widths) > 200_000:
            _word_widths.clear()
        width = fm.horizontalAdvance(text)
        _word_widths[key] = width
    return width


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


def _wrap(words: list[str], widths: list[float], space: float, limit: float) -> list[list[int]]:
    lines: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for i, w in enumerate(widths):
        if current and used + space + w > limit:
            lines.append(current)
            current, used = [i], w
        else:
            used = used + space + w if current else w
            current.append(i)
    if current:
        lines.append(current)
    return lines


def _split_long_word(word: str, fm: QFontMetricsF, limit: float) -> list[str]:
    parts: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if end - start > 1 and fm.horizontalAdvance(word[start:end]) > limit:
            parts.append(word[start : end - 1])
            start = end - 1
    parts.append(word[start:])
    return parts


def _wrap_text(text: str, fm: QFontMetricsF, limit: float) -> list[str]:
    """Greedy word wrap, then narrowed so the lines come out balanced."""
    paragraphs = text.split("\n") if text else [""]
    out: list[str] = []
    space = _advance(fm, " ")
    for paragraph in paragraphs:
        words: list[str] = []
        for word in paragraph.split():
            if _advance(fm, word) > limit:
                words.extend(_split_long_word(word, fm, limit))
            else:
                words.append(word)
        if not words:
            out.append("")
            continue
        widths = [_advance(fm, w) for w in words]
        lines = _wrap(words, widths, space, limit)
        if len(lines) > 1:  # balance: the narrowest width that needs no extra line
            lo, hi = max(widths), limit
            for _ in range(7):
                mid = (lo + hi) / 2
                if len(_wrap(words, widths, space, mid)) <= len(lines):
                    hi = mid
                else:
                    lo = mid
            lines = _wrap(words, widths, space, hi)
        out.extend(" ".join(words[i] for i in line) for line in lines)
    if len(out) > MAX_LINES:
        last = out[MAX_LINES - 1]
        while last and fm.horizontalAdvance(last + _ELLIPSIS) > limit:
            last = last[:-1]
        out = [*out[: MAX_LINES - 1], last.rstrip() + _ELLIPSIS]
    return out


def _text_font(fonts: _FontSet, geom: _KindGeom) -> tuple[QFont, QFontMetricsF]:
    font = getattr(fonts, geom.font)
    fm = getattr(fonts, geom.font + "_fm")
    return font, fm


@lru_cache(maxsize=65536)
def _layout(theme: Theme, kind: NodeKind, text: str) -> _Layout:
    s = _scale(theme)
    geom = _GEOM[kind]
    fonts = _fonts(theme)
    _, fm = _text_font(fonts, geom)
    limit = geom.max_text * s
    lines = _wrap_text(text.strip(), fm, limit)
    widths = tuple(fm.horizontalAdvance(line) for line in lines)
    # A little slack: kerning across words and rounding never push text out.
    text_width = max(widths, default=0.0) + 2.0
    line_height = math.ceil(fm.height() * 1.18)
    header_height = math.ceil(fonts.label_fm.height() * 1.45) if geom.header else 0.0
    if geom.header:
        label_w = fonts.label_fm.horizontalAdvance(_KIND_LABEL[kind])
        header_w = _icon_size(theme) * 1.5 + label_w + fonts.label_fm.height() * 4.5
    else:
        header_w = 0.0
    pad_x, pad_y = geom.pad_x * s, geom.pad_y * s
    width = max(geom.min_width * s, text_width + 2 * pad_x, header_w + 2 * pad_x)
    width += 2 * geom.extra_x * s
    height = 2 * pad_y + header_height + line_height * len(lines)
    if kind == NodeKind.PILLAR:
        height += _pillar_bar(theme)
    return _Layout(
        tuple(lines),
        widths,
        text_width,
        math.ceil(width),
        math.ceil(height),
        line_height,
        header_height,
    )


def node_size(
    subject: NodeLook | tuple[NodeKind | str, str] | NodeKind | str,
    theme_or_text: Theme | str,
    theme: Theme | None = None,
) -> tuple[float, float]:
    """The box size of a node: ``node_size(look, theme)``, ``node_size((kind, text), theme)``
    or ``node_size(kind, text, theme)``. Text is wrapped to a readable width and the
    box always holds all of it. Cached by (theme, kind, text)."""
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


def _corner_badge_radius(theme: Theme) -> float:
    return 8.5 * _scale(theme)


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


# -- node shapes ------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _shape(kind: NodeKind, w: float, h: float, s: float) -> QPainterPath:
    """The outline of a node's box at the origin."""
    path = QPainterPath()
    geom = _GEOM[kind]
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


def _ring(rect: QRectF, kind: NodeKind, offset: float, s: float) -> QPainterPath:
    """A rounded outline ``offset`` outside the box (halos follow it, not every notch)."""
    geom = _GEOM[kind]
    r = (rect.height() / 2 if kind == NodeKind.REASON else geom.radius * s) + offset
    path = QPainterPath()
    path.addRoundedRect(rect.adjusted(-offset, -offset, offset, offset), r, r)
    return path


@lru_cache(maxsize=4096)
def _hatch(pattern: str, w: float, h: float, spacing: float) -> QPainterPath:
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


# -- node painting ----------------------------------------------------------------------


def paint_node(
    painter: QPainter, rect: QRectF, look: NodeLook, theme: Theme, lod: float = 1.0
) -> None:
    """Draw one node into ``rect`` (its box); halos and badges reach ``node_margin`` outside."""
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


def _paint_status(painter: QPainter, r: QRectF, status: str, theme: Theme, behind: str) -> None:
    color = theme.status.get(status, theme.muted_text)
    s = r.width() / 12
    inner = r.adjusted(s, s, -s, -s)
    if status == "undecided":
        painter.setPen(_pen(color, 1.4 * s))
        painter.setBrush(_brush(behind))
        painter.drawEllipse(inner)
        half = QPainterPath()
        half.moveTo(inner.center())
        half.arcTo(inner, 90, 180)
        half.closeSubpath()
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        painter.drawPath(half)
        return
    painter.setPen(_NO_PEN)
    painter.setBrush(_brush(color))
    painter.drawEllipse(inner)
    painter.setPen(_pen(behind, 1.6 * s))
    c, a = inner.center(), inner.width() * 0.22
    if status == "holds":
        path = QPainterPath(QPointF(c.x() - a * 1.1, c.y() + a * 0.05))
        path.lineTo(c.x() - a * 0.25, c.y() + a * 0.9)
        path.lineTo(c.x() + a * 1.2, c.y() - a * 0.8)
        painter.setBrush(_NO_BRUSH)
        painter.drawPath(path)
    else:
        painter.drawLine(QPointF(c.x() - a, c.y() - a), QPointF(c.x() + a, c.y() + a))
        painter.drawLine(QPointF(c.x() - a, c.y() + a), QPointF(c.x() + a, c.y() - a))


def _paint_assessment(painter: QPainter, r: QRectF, assessment: str, color: str, s: float) -> None:
    """The user's own judgement: a small square (status, computed, is a circle)."""
    inner = r.adjusted(r.width() * 0.12, r.width() * 0.12, -r.width() * 0.12, -r.width() * 0.12)
    painter.setPen(_pen(color, 1.2 * s))
    painter.setBrush(_NO_BRUSH)
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


def _paint_note_mark(painter: QPainter, r: QRectF, color: str, s: float) -> None:
    painter.setPen(_pen(color, 1.1 * s))
    painter.setBrush(_NO_BRUSH)
    inner = r.adjusted(r.width() * 0.1, r.height() * 0.08, -r.width() * 0.1, -r.height() * 0.08)
    painter.drawRect(inner)
    for f in (0.35, 0.55, 0.75):
        y = inner.top() + inner.height() * f
        painter.drawLine(
            QPointF(inner.left() + inner.width() * 0.22, y),
            QPointF(inner.right() - inner.width() * 0.22, y),
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


_BADGE_GLYPHS = {"tripwire": "bolt", "flipped": "cross", "fragile": "link"}


def _paint_corner_badge(
    painter: QPainter, rect: QRectF, glyph: str, color: str, theme: Theme
) -> None:
    radius = _corner_badge_radius(theme)
    c = QPointF(rect.left() - radius * 0.15, rect.top() - radius * 0.15)
    painter.setPen(_pen(theme.background, 1.5 * _scale(theme)))
    painter.setBrush(_brush(color))
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
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(fg))
        painter.drawPolygon(bolt)
    elif glyph == "cross":
        painter.setPen(_pen(fg, 2.0 * _scale(theme)))
        a = r * 0.7
        painter.drawLine(QPointF(c.x() - a, c.y() - a), QPointF(c.x() + a, c.y() + a))
        painter.drawLine(QPointF(c.x() - a, c.y() + a), QPointF(c.x() + a, c.y() - a))
    elif glyph == "link":
        painter.setPen(_pen(fg, 1.4 * _scale(theme)))
        painter.setBrush(_NO_BRUSH)
        painter.drawEllipse(QPointF(c.x() - r * 0.38, c.y()), r * 0.55, r * 0.55)
        painter.drawEllipse(QPointF(c.x() + r * 0.38, c.y()), r * 0.55, r * 0.55)


# -- icons ----------------------------------------------------------------------------------


def _paint_icon(
    painter: QPainter, kind: NodeKind, r: QRectF, color: str, behind: str, s: float
) -> None:
    """A small kind icon drawn with paths (no bitmaps)."""
    x, y, d = r.left(), r.top(), r.width()

    def p(fx: float, fy: float) -> QPointF:
        return QPointF(x + fx * d, y + fy * d)

    stroke = _pen(color, max(1.0, 1.2 * s))
    painter.setPen(stroke)
    painter.setBrush(_NO_BRUSH)
    if kind == NodeKind.THESIS:  # a star
        pts = []
        for i in range(10):
            rad = 0.5 if i % 2 == 0 else 0.21
            a = -math.pi / 2 + i * math.pi / 5
            pts.append(p(0.5 + rad * math.cos(a), 0.54 + rad * math.sin(a)))
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        painter.drawPolygon(QPolygonF(pts))
    elif kind == NodeKind.PILLAR:  # a column
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
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
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        painter.drawPath(path.united(tail))
        painter.setBrush(_brush(behind))
        for fx in (0.3, 0.5, 0.7):
            painter.drawEllipse(p(fx, 0.4), 0.07 * d, 0.07 * d)
    elif kind == NodeKind.REASON:  # therefore
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        for fx, fy in ((0.5, 0.22), (0.2, 0.78), (0.8, 0.78)):
            painter.drawEllipse(p(fx, fy), 0.12 * d, 0.12 * d)
    elif kind == NodeKind.EVIDENCE:  # a magnifying glass
        painter.setPen(_pen(color, max(1.2, 1.5 * s)))
        painter.drawEllipse(QRectF(p(0.08, 0.06), p(0.66, 0.64)))
        painter.setPen(_pen(color, max(1.8, 2.4 * s)))
        painter.drawLine(p(0.6, 0.6), p(0.9, 0.9))
    elif kind == NodeKind.ASSUMPTION:  # a question mark
        path = QPainterPath(p(0.26, 0.3))
        path.cubicTo(p(0.26, 0.0), p(0.78, 0.0), p(0.76, 0.3))
        path.cubicTo(p(0.74, 0.48), p(0.5, 0.46), p(0.5, 0.66))
        painter.setPen(_pen(color, max(1.2, 1.6 * s)))
        painter.drawPath(path)
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        painter.drawEllipse(p(0.5, 0.88), 0.09 * d, 0.09 * d)
    elif kind == NodeKind.RISK:  # a warning triangle
        tri = QPolygonF([p(0.5, 0.04), p(0.98, 0.92), p(0.02, 0.92)])
        painter.setPen(_pen(color, max(1.0, 1.0 * s)))
        painter.setBrush(_brush(color))
        painter.drawPolygon(tri)
        painter.setPen(_pen(behind, max(1.2, 1.6 * s), cap=Qt.PenCapStyle.FlatCap))
        painter.drawLine(p(0.5, 0.34), p(0.5, 0.64))
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(behind))
        painter.drawEllipse(p(0.5, 0.78), 0.07 * d, 0.07 * d)
    elif kind == NodeKind.CONTENTION:  # a balance
        painter.drawLine(p(0.5, 0.1), p(0.5, 0.9))
        painter.drawLine(p(0.3, 0.9), p(0.7, 0.9))
        painter.drawLine(p(0.12, 0.22), p(0.88, 0.22))
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        for cx in (0.14, 0.86):
            pan = QPainterPath(p(cx - 0.14, 0.55))
            pan.lineTo(p(cx + 0.14, 0.55))
            pan.arcTo(QRectF(p(cx - 0.14, 0.4), p(cx + 0.14, 0.7)), 0, -180)
            painter.drawPath(pan)
        painter.setPen(_pen(color, max(0.8, 0.8 * s)))
        for cx in (0.14, 0.86):
            painter.drawLine(p(cx, 0.22), p(cx - 0.13, 0.55))
            painter.drawLine(p(cx, 0.22), p(cx + 0.13, 0.55))
    elif kind == NodeKind.INDICATOR:  # a gauge
        painter.setPen(_pen(color, max(1.2, 1.5 * s), cap=Qt.PenCapStyle.FlatCap))
        arc = QPainterPath(p(0.06, 0.78))
        arc.arcTo(QRectF(p(0.06, 0.3), p(0.94, 1.26)), 180, -180)
        painter.drawPath(arc)
        painter.setPen(_pen(color, max(1.2, 1.5 * s)))
        painter.drawLine(p(0.5, 0.78), p(0.76, 0.4))
        painter.setPen(_NO_PEN)
        painter.setBrush(_brush(color))
        painter.drawEllipse(p(0.5, 0.78), 0.1 * d, 0.1 * d)


# -- edges ----------------------------------------------------------------------------------


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
        simple = lod < SIMPLE_LOD
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
        elif highlight in theme.highlights:
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
