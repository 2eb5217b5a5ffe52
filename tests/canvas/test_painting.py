"""Node and edge painting: every kind, highlight and theme draws inside its bounds."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from argmap.canvas import painting
from argmap.canvas.painting import (
    NodeLook,
    badge_rect,
    edge_bounds,
    edge_path,
    handle_rect,
    node_margin,
    node_size,
    paint_edge,
    paint_node,
)
from argmap.canvas.theme import HIGHLIGHTS, THEME_NAMES, Theme, load_theme
from argmap.model import EdgeKind, NodeKind

pytestmark = pytest.mark.usefixtures("qapp")

TEXT = "Security guarantees are credible to both sides of the framework"


def _canvas(w: int, h: int) -> QImage:
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    return image


def _ink(image: QImage, rect: QRectF | None = None) -> int:
    """Pixels with any paint, inside ``rect`` (or anywhere)."""
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    x0, y0, x1, y1 = 0, 0, image.width(), image.height()
    if rect is not None:
        x0, y0 = max(0, int(rect.left())), max(0, int(rect.top()))
        x1, y1 = min(x1, int(rect.right())), min(y1, int(rect.bottom()))
    bits = alpha.constBits()
    stride = alpha.bytesPerLine()
    data = bytes(bits)
    return sum(1 for y in range(y0, y1) for b in data[y * stride + x0 : y * stride + x1] if b)


def _draw_node(look: NodeLook, theme: Theme, lod: float = 1.0) -> tuple[QImage, QRectF, float]:
    w, h = node_size(look, theme)
    m = node_margin(theme)
    pad = 30
    image = _canvas(int(w + 2 * (m + pad)), int(h + 2 * (m + pad)))
    rect = QRectF(m + pad, m + pad, w, h)
    painter = QPainter(image)
    paint_node(painter, rect, look, theme, lod)
    painter.end()
    return image, rect, m


def _looks() -> Iterator[NodeLook]:
    for kind in NodeKind:
        yield NodeLook(kind=kind, text=TEXT)
        for highlight in HIGHLIGHTS:
            yield NodeLook(kind=kind, text=TEXT, highlight=highlight, strength=1.0)
    everything = dict(
        selected=True, hovered=True, status="undecided", highlight="tripwire", strength=1.0,
        hidden_count=1234, has_notes=True, belief=0.35, assessment="fails",
    )  # fmt: skip
    for kind in NodeKind:
        yield NodeLook(kind=kind, text="x", **everything)  # type: ignore[arg-type]


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_every_look_paints_inside_its_box_plus_margin(theme_name: str) -> None:
    theme = load_theme(theme_name)
    for look in _looks():
        image, rect, m = _draw_node(look, theme)
        assert _ink(image, rect) > rect.width() * rect.height() * 0.3, look
        outer = rect.adjusted(-m, -m, m, m)
        assert _ink(image) == _ink(image, outer), f"paint outside rect+margin: {look}"


@pytest.mark.parametrize("lod", [0.1, 0.3])
def test_low_detail_paints_a_simple_box_within_bounds(lod: float) -> None:
    theme = load_theme("light")
    for look in (
        NodeLook(kind=NodeKind.CLAIM, text=TEXT, highlight="tripwire", strength=1.0),
        NodeLook(kind=NodeKind.THESIS, text=TEXT, selected=True),
    ):
        image, rect, m = _draw_node(look, theme, lod)
        assert _ink(image, rect) > 0
        assert _ink(image) == _ink(image, rect.adjusted(-m, -m, m, m))


def test_dimmed_nodes_are_faint() -> None:
    theme = load_theme("light")
    image, rect, _ = _draw_node(NodeLook(kind=NodeKind.CLAIM, text=TEXT, dimmed=True), theme)
    center = image.pixelColor(int(rect.center().x()), int(rect.top() + 3))
    assert 0 < center.alpha() < 110


def test_node_size_forms_agree_and_are_cached() -> None:
    theme = load_theme("light")
    look = NodeLook(kind=NodeKind.CLAIM, text=TEXT, selected=True, status="holds")
    size = node_size(look, theme)
    assert node_size((NodeKind.CLAIM, TEXT), theme) == size
    assert node_size("claim", TEXT, theme) == size
    assert node_size(NodeLook(kind=NodeKind.CLAIM, text=TEXT), theme) == size
    with pytest.raises(TypeError):
        node_size(NodeKind.CLAIM, TEXT)  # no theme


def test_text_wraps_to_a_readable_width_and_never_overflows() -> None:
    theme = load_theme("light")
    short = node_size(NodeKind.CLAIM, "Yes", theme)
    long_text = " ".join(["argument"] * 60)
    wide = node_size(NodeKind.CLAIM, long_text, theme)
    assert wide[0] <= 260 and wide[1] > short[1] * 3
    assert node_size(NodeKind.THESIS, long_text, theme)[0] > wide[0]
    assert node_size(NodeKind.INDICATOR, long_text, theme)[0] < wide[0]
    reason = node_size(NodeKind.REASON, "because", theme)
    assert reason[1] < short[1]  # a slim pill
    for kind in NodeKind:
        for text in (
            long_text,
            "W" * 300,
            "Mixed: a Supercalifragilisticexpialidociouslylongword and more words",
            "line one\nline two\n\nline four",
            "",
        ):
            layout = painting._layout(theme, kind, text)
            w, h = node_size(kind, text, theme)
            geom = painting._GEOM[kind]
            room = w - 2 * geom.pad_x - 2 * geom.extra_x
            _, fm = painting._text_font(painting._fonts(theme), geom)
            real = max((fm.horizontalAdvance(line) for line in layout.lines), default=0)
            assert real <= room, (kind, text[:20])
            assert len(layout.lines) <= painting.MAX_LINES
            assert h >= layout.line_height * len(layout.lines)


def test_projector_text_is_larger() -> None:
    light, projector = load_theme("light"), load_theme("projector")
    a = node_size(NodeKind.CLAIM, TEXT, light)
    b = node_size(NodeKind.CLAIM, TEXT, projector)
    assert b[0] > a[0] and b[1] > a[1]


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_badge_and_handle_sit_on_the_box_within_the_margin(theme_name: str) -> None:
    theme = load_theme(theme_name)
    rect = QRectF(10, 20, 180, 70)
    m = node_margin(theme)
    outer = rect.adjusted(-m, -m, m, m)
    for r in (badge_rect(rect, theme), handle_rect(rect, theme)):
        assert outer.contains(r) and r.intersects(rect) and not rect.contains(r)
    assert not badge_rect(rect, theme).intersects(handle_rect(rect, theme))


def test_edge_path_polyline_and_bezier_chain() -> None:
    line = edge_path([(0, 0), (10, 0), (10, 10)], False)
    assert line.elementCount() == 3
    curve = edge_path([(0, 0), (0, 10), (10, 10), (10, 20), (10, 30), (20, 30), (20, 40)], True)
    assert curve.pointAtPercent(1.0).toTuple() == pytest.approx((20, 40))
    assert curve.length() > 40
    assert edge_path([], False).isEmpty()


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_every_edge_kind_paints_its_line_and_arrowhead(theme_name: str) -> None:
    theme = load_theme(theme_name)
    points = [(40.0, 200.0), (40.0, 140.0), (160.0, 100.0), (160.0, 40.0)]
    for kind in EdgeKind:
        for curved in (False, True):
            for highlight, selected in ((None, False), ("cascade", False), (None, True)):
                image = _canvas(240, 260)
                painter = QPainter(image)
                paint_edge(
                    painter, points, curved, kind, theme,
                    highlight=highlight, selected=selected, label="if both",
                )  # fmt: skip
                painter.end()
                bounds = edge_bounds(points, curved, theme, "if both")
                assert _ink(image) == _ink(image, bounds), (kind, curved)
                tip = QRectF(150, 36, 20, 20)  # around the target end
                assert _ink(image, tip) > 20, (kind, curved)
                start = QRectF(30, 185, 20, 20)
                assert _ink(image, start) > 5, (kind, curved)


def test_degenerate_edges_draw_nothing() -> None:
    theme = load_theme("light")
    image = _canvas(50, 50)
    painter = QPainter(image)
    paint_edge(painter, [(10, 10)], False, EdgeKind.SUPPORTS, theme)
    paint_edge(painter, [(10, 10), (10, 10)], False, EdgeKind.SUPPORTS, theme)
    painter.end()
    assert _ink(image) == 0


def test_sizing_and_painting_ten_thousand_nodes_is_fast() -> None:
    theme = load_theme("light")
    kinds = list(NodeKind)
    texts = [(kinds[i % len(kinds)], f"Node {i}: {TEXT[: 20 + i % 40]}") for i in range(10_000)]
    start = time.perf_counter()
    sizes = [node_size(kind, text, theme) for kind, text in texts]
    sizing = time.perf_counter() - start
    image = _canvas(400, 300)
    painter = QPainter(image)
    start = time.perf_counter()
    for (kind, text), (w, h) in zip(texts[:2000], sizes, strict=False):
        paint_node(painter, QRectF(20, 20, w, h), NodeLook(kind=kind, text=text), theme)
    painting_time = time.perf_counter() - start
    painter.end()
    assert sizing < 3.0, f"node_size x 10,000 took {sizing:.2f} s"
    assert painting_time < 4.0, f"paint_node x 2,000 took {painting_time:.2f} s"
