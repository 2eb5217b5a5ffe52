"""Text for the canvas: the theme's fonts (pixel-sized, cached) and word wrapping.

Fonts use pixel sizes so that text keeps its size relative to the boxes on every
paint device (screen, QImage, PDF, SVG); widths of words are cached, because a map
opening measures every node's text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF

from argmap.canvas.fonts import ensure_fonts
from argmap.canvas.theme import Theme

#: Long texts stop after this many lines, the last one ending in an ellipsis.
MAX_LINES = 12
_ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class FontSet:
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


def make_font(family: str, px: float, weight: QFont.Weight, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(px)))
    font.setWeight(weight)
    font.setItalic(italic)
    font.setKerning(True)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    # Vertical-only hinting keeps glyphs crisp on screen while horizontal advances
    # stay those of the design, so a line measured once fits at any zoom or DPI.
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    # Contextual alternates and ligatures swap in glyphs that have no character of
    # their own (Inter's raised hyphen in "US-Russia"); in a PDF those come out of
    # copy, search and pdftotext as nothing. Plain glyphs keep exported text exact.
    for feature in ("calt", "liga"):
        font.setFeature(QFont.Tag(feature), 0)
    return font


_font_sets: dict[tuple[str, float], FontSet] = {}


def theme_fonts(theme: Theme) -> FontSet:
    key = (theme.font_family, theme.font_px)
    fonts = _font_sets.get(key)
    if fonts is None:
        bundled = ensure_fonts()
        family = theme.font_family if theme.font_family else bundled
        px = theme.font_px
        W = QFont.Weight
        body = make_font(family, px, W.Normal)
        bold = make_font(family, px * 1.2, W.Bold)
        semibold = make_font(family, px, W.DemiBold)
        italic = make_font(family, px, W.Normal, italic=True)
        small_body = make_font(family, px * 0.9, W.Normal)
        label = make_font(family, px * 0.72, W.DemiBold)
        fonts = FontSet(
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


_word_widths: dict[int, dict[str, float]] = {}  # id(metrics) -> text -> width
_cached_words = 0


def _widths_for(fm: QFontMetricsF) -> dict[str, float]:
    """The width cache of one font's metrics (metrics live as long as their FontSet)."""
    global _cached_words
    cache = _word_widths.get(id(fm))
    if cache is None:
        cache = _word_widths[id(fm)] = {}
    elif _cached_words > 200_000:
        for other in _word_widths.values():
            other.clear()
        _cached_words = 0
    return cache


def advance(fm: QFontMetricsF, text: str) -> float:
    global _cached_words
    cache = _widths_for(fm)
    width = cache.get(text)
    if width is None:
        width = cache[text] = fm.horizontalAdvance(text)
        _cached_words += 1
    return width


def _wrap(widths: list[float], space: float, limit: float) -> list[int]:
    """Greedy wrap: the index of the first word of each line."""
    starts = [0]
    used = widths[0]
    for i in range(1, len(widths)):
        w = widths[i]
        if used + space + w > limit:
            starts.append(i)
            used = w
        else:
            used += space + w
    return starts


def _count_lines(widths: list[float], space: float, limit: float) -> int:
    count = 1
    used = widths[0]
    for w in widths[1:]:
        if used + space + w > limit:
            count += 1
            used = w
        else:
            used += space + w
    return count


def _split_long_word(word: str, fm: QFontMetricsF, limit: float) -> list[str]:
    parts: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if end - start > 1 and fm.horizontalAdvance(word[start:end]) > limit:
            parts.append(word[start : end - 1])
            start = end - 1
    parts.append(word[start:])
    return parts


def wrap_text(text: str, fm: QFontMetricsF, limit: float) -> list[tuple[str, float]]:
    """Greedy word wrap at ``limit``, then narrowed so the lines come out balanced.

    Returns each line with its width, summed from cached word widths (kerning
    across a space is negligible; callers leave a pixel or two of slack).
    """
    global _cached_words
    paragraphs = text.split("\n") if text else [""]
    out: list[tuple[str, float]] = []
    cache = _widths_for(fm)
    space = advance(fm, " ")
    for paragraph in paragraphs:
        words: list[str] = []
        widths: list[float] = []
        for word in paragraph.split():
            w = cache.get(word)
            if w is None:
                w = cache[word] = fm.horizontalAdvance(word)
                _cached_words += 1
            if w > limit:
                for part in _split_long_word(word, fm, limit):
                    words.append(part)
                    widths.append(advance(fm, part))
            else:
                words.append(word)
                widths.append(w)
        if not words:
            out.append(("", 0.0))
            continue
        n = _count_lines(widths, space, limit)
        if n == 1:  # one line: nothing to balance
            out.append((" ".join(words), sum(widths) + space * (len(words) - 1)))
            continue
        hi = limit
        if n > 1:  # balance: the narrowest width that needs no extra line
            lo = max(widths)
            for _ in range(5):
                mid = (lo + hi) / 2
                if _count_lines(widths, space, mid) <= n:
                    hi = mid
                else:
                    lo = mid
        starts = [*_wrap(widths, space, hi), len(words)]
        for a, b in itertools.pairwise(starts):
            out.append((" ".join(words[a:b]), sum(widths[a:b]) + space * (b - a - 1)))
    if len(out) > MAX_LINES:
        last = out[MAX_LINES - 1][0]
        while last and fm.horizontalAdvance(last + _ELLIPSIS) > limit:
            last = last[:-1]
        last = last.rstrip() + _ELLIPSIS
        out = [*out[: MAX_LINES - 1], (last, fm.horizontalAdvance(last))]
    return out
