"""Pictures of maps: PNG, SVG and PDF, painted by the same scene and items as the screen.

``export_map`` needs no display: without a running application it starts one on
Qt's offscreen platform. Files are written to a temporary file next to the target
and moved into place, so a failed export never leaves half a file behind.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from argmap.canvas import painting
from argmap.canvas.theme import THEME_NAMES, Theme, ThemeError, load_theme
from argmap.model import ArgumentMap
from argmap.storage import file_mode_for

if TYPE_CHECKING:
    from argmap.canvas.scene import MapScene

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
HIGHLIGHT_MODES: tuple[str, ...] = ("tripwires", "none")
PAPERS: dict[str, QPageSize.PageSizeId] = {
    "a4": QPageSize.PageSizeId.A4,
    "letter": QPageSize.PageSizeId.Letter,
}
#: Largest PNG we write: pixels per side and in all (an RGBA image of 100 MP takes 400 MB).
MAX_PNG_SIDE = 32_000
MAX_PNG_PIXELS = 100_000_000
#: Room around the map, in scene pixels.
MARGIN = 24.0
#: One scene pixel is 1/96 inch, i.e. 0.75 pt on paper at 100 %.
PT_PER_PX = 72.0 / 96.0
#: PDF readers cap a page side at 200 inches (14,400 pt); a fitted page stays below.
MAX_PDF_SIDE_PT = 14_400.0
PDF_RESOLUTION = 1200
MAX_PDF_PAGES = 500
#: Fonts to fall back on where an SVG is opened on a machine without Inter.
SVG_FONT_STACK = "Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif"

_app: Any = None  # the application we started, kept alive for the process


class ExportError(Exception):
    """An export that cannot be done; the message says why, in one line."""


def ensure_app() -> None:
    """Start a (headless) QApplication unless one is running."""
    global _app
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _app = QApplication(["argmap-export"])


def export_format(out: Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else the suffix of ``out``."""
    name = (fmt or out.suffix.lstrip(".")).lower()
    if name not in FORMATS:
        given = f"format {fmt!r}" if fmt else f"file suffix {out.suffix or '(none)'!r}"
        raise ExportError(f"unknown {given}; use png, svg or pdf (--format)")
    return name


def export_map(
    amap: ArgumentMap,
    out: Path | str,
    *,
    fmt: str | None = None,
    theme: str | Theme = "light",
    scale: float = 2.0,
    dpi: float | None = None,
    transparent: bool = False,
    select: Iterable[str] | str | None = None,
    thesis: str | None = None,
    highlight: str = "tripwires",
    width: float | None = None,
    paper: str | None = None,
) -> None:
    """Write a picture of ``amap`` to ``out``; raise :class:`ExportError` if it cannot be done.

    ``scale`` (PNG): pixels per scene pixel. ``dpi`` (PNG): resolution, which sets the
    scale to dpi/96 and is recorded in the file. ``width``: output width in pixels (PNG,
    overrides scale and dpi) or in user units (SVG). ``select``: node ids (a list or
    ``"a,b,c"``) to draw alone, with the edges between them. ``thesis``: whose tripwires
    to highlight (default: every thesis). ``paper`` (PDF): tile over A4 or Letter pages
    at natural size instead of one page fitted to the map.
    """
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a folder")
    kind = export_format(out, fmt)
    theme_obj = _theme(theme)
    if highlight not in HIGHLIGHT_MODES:
        raise ExportError(f"unknown highlight {highlight!r}; use tripwires or none")
    if not amap.nodes:
        raise ExportError("the map has no nodes: nothing to export")
    chosen = _selection(amap, select)
    if thesis is not None and thesis not in {n.id for n in amap.nodes}:
        raise ExportError(f"no node {thesis!r} to use as the thesis")
    if not math.isfinite(scale) or scale <= 0:
        raise ExportError(f"scale must be a positive number, not {scale}")
    if dpi is not None and (not math.isfinite(dpi) or dpi <= 0):
        raise ExportError(f"dpi must be a positive number, not {dpi}")
    if width is not None and (not math.isfinite(width) or width < 1):
        raise ExportError(f"width must be at least 1, not {width}")
    if paper is not None and paper.lower() not in PAPERS:
        raise ExportError(f"unknown paper {paper!r}; use a4 or letter")
    if paper is not None and kind != "pdf":
        raise ExportError("--paper applies to PDF only")

    ensure_app()
    with _drawn_scene(amap, theme_obj, highlight, thesis, chosen) as (scene, source):
        title = amap.title or out.name.split(".")[0]
        with _atomic(out) as tmp:
            if kind == "png":
                _write_png(scene, source, tmp, theme_obj, scale, dpi, width, transparent)
            elif kind == "svg":
                _write_svg(scene, source, tmp, theme_obj, width, transparent, title, amap)
            else:
                _write_pdf(scene, source, tmp, theme_obj, transparent, title, paper, width)


# -- preparing ------------------------------------------------------------------------------


def _theme(theme: str | Theme) -> Theme:
    if isinstance(theme, Theme):
        return theme
    try:
        return load_theme(theme)
    except ThemeError as exc:
        if theme in THEME_NAMES:
            raise ExportError(f"theme {theme!r} is broken: {exc}") from exc
        raise ExportError(str(exc)) from exc


def _selection(amap: ArgumentMap, select: Iterable[str] | str | None) -> set[str] | None:
    if select is None:
        return None
    ids = [s.strip() for s in select.split(",")] if isinstance(select, str) else list(select)
    ids = [s for s in ids if s]
    if not ids:
        raise ExportError("the selection is empty: give node ids, separated by commas")
    known = {n.id for n in amap.nodes}
    unknown = [s for s in ids if s not in known]
    if unknown:
        shown = ", ".join(repr(s) for s in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise ExportError(f"no node with id {shown} in the map (--select)")
    return set(ids)


@contextmanager
def _drawn_scene(
    amap: ArgumentMap, theme: Theme, highlight: str, thesis: str | None, chosen: set[str] | None
) -> Iterator[tuple[MapScene, QRectF]]:
    """The lead's scene in export mode, and the rectangle of what to draw."""
    from argmap.canvas.scene import MapScene
    from argmap.editing import MapDocument

    doc = MapDocument(amap, live_analysis=False)
    if highlight == "tripwires":
        # Halos need the tripwires only: no probabilities, no lint, and at once (a
        # live document would analyse a big map in the background, after the export).
        from argmap.analysis import analyze

        doc.set_analysis(analyze(amap, probabilities=False))
    scene = MapScene(doc, theme=theme)
    try:
        if hasattr(scene, "set_highlight_mode"):
            scene.set_highlight_mode(highlight)
        if hasattr(scene, "set_thesis"):
            scene.set_thesis(thesis)
        if hasattr(scene, "flush"):
            scene.flush()
        scene.clearSelection()
        scene.set_export_mode(True)
        scene.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))
        rect = _content_rect(scene, doc, chosen, theme)
        if rect.isEmpty():
            raise ExportError("nothing to draw: the selected nodes are hidden (collapsed)")
        yield scene, rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    finally:
        scene.detach()
        scene.clear()
        scene.deleteLater()
        doc.deleteLater()


def _content_rect(scene: MapScene, doc: Any, chosen: set[str] | None, theme: Theme) -> QRectF:
    """The drawn map, tightly: boxes (with room for halos and badges where there are
    some) and the true extent of each edge's curve, not its control points. With a
    selection, everything else is hidden first."""
    rect = QRectF()
    margin = painting.node_margin(theme)
    for item in scene.node_items():
        if chosen is not None:
            item.setVisible(item.node_id in chosen)
        if not item.isVisible():
            continue
        decorated = bool(getattr(item, "highlight", None) or getattr(item, "hidden_count", 0))
        pad = margin if decorated else 10.0
        rect = rect.united(item.scene_box().adjusted(-pad, -pad, pad, pad))
    for edge_item in scene.edge_items():
        edge = doc.edge(edge_item.edge_id)
        if chosen is not None:
            edge_item.setVisible(edge.source in chosen and edge.target in chosen)
        if not edge_item.isVisible() or not edge_item.points:
            continue
        points = [edge_item.mapToScene(x, y).toTuple() for x, y in edge_item.points]
        line = painting.edge_path(points, edge_item.curved).boundingRect()
        rect = rect.united(line.adjusted(-12, -12, 12, 12))
        if edge.label:
            label = painting.edge_label_rect(points, edge_item.curved, edge.label, theme)
            rect = rect.united(label.adjusted(-4, -4, 4, 4))
    return rect


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path next to ``out``, moved over it only when writing succeeded."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise ExportError(f"cannot write {out}: nothing was written")
        os.chmod(tmp, file_mode_for(out))
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _render(
    scene: MapScene, painter: QPainter, target: QRectF, source: QRectF, theme: Theme, fill: bool
) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    if fill:
        painter.fillRect(target, QColor(theme.background))
    with painting.full_detail():
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


# -- PNG -------------------------------------------------------------------------------------


def _write_png(
    scene: MapScene,
    source: QRectF,
    tmp: Path,
    theme: Theme,
    scale: float,
    dpi: float | None,
    width: float | None,
    transparent: bool,
) -> None:
    if width is not None:
        scale = width / source.width()
    elif dpi is not None:
        scale = dpi / 96.0
    w = max(1, round(source.width() * scale))
    h = max(1, round(source.height() * scale))
    if w > MAX_PNG_SIDE or h > MAX_PNG_SIDE or w * h > MAX_PNG_PIXELS:
        raise ExportError(
            f"the PNG would be {w} x {h} pixels, over the limit of {MAX_PNG_SIDE} pixels a side "
            f"and {MAX_PNG_PIXELS // 1_000_000} million in all; lower --scale or set --width, "
            "or export SVG or PDF"
        )
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"not enough memory for a {w} x {h} image; lower --scale")
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor(theme.background))
    resolution = dpi if dpi is not None else 96.0 * scale
    dots_per_meter = round(resolution / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, w, h), source, theme, fill=False)
    finally:
        painter.end()
    # The stubs say bytes, but PySide6 6.11 accepts only str here.
    if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]
        raise ExportError(f"cannot write the PNG to {tmp.parent}")


# -- SVG -------------------------------------------------------------------------------------


def _write_svg(
    scene: MapScene,
    source: QRectF,
    tmp: Path,
    theme: Theme,
    width: float | None,
    transparent: bool,
    title: str,
    amap: ArgumentMap,
) -> None:
    from PySide6.QtSvg import QSvgGenerator

    k = width / source.width() if width is not None else 1.0
    w, h = source.width() * k, source.height() * k
    generator = QSvgGenerator()
    generator.setFileName(str(tmp))
    generator.setSize(QSize(math.ceil(w), math.ceil(h)))
    generator.setViewBox(QRectF(0, 0, w, h))
    generator.setResolution(96)
    generator.setTitle(title)
    generator.setDescription("Argument map drawn by Argmap")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write the SVG to {tmp.parent}")
    try:
        _render(scene, painter, QRectF(0, 0, w, h), source, theme, fill=not transparent)
    finally:
        painter.end()
    _finish_svg(scene, tmp, source, k, amap, w, h)


def _finish_svg(
    scene: MapScene,
    tmp: Path,
    source: QRectF,
    k: float,
    amap: ArgumentMap,
    width_px: float,
    height_px: float,
) -> None:
    """Give every drawn node a ``<title>`` (its full text: a tooltip in browsers and
    Inkscape) on an invisible box over it, and widen the font to a fallback stack."""
    nodes = amap.node_index()
    boxes: list[str] = []
    for item in scene.node_items():
        if not item.isVisible():
            continue
        node = nodes.get(item.node_id)
        if node is None:
            continue
        box = item.scene_box()
        x, y = (box.left() - source.left()) * k, (box.top() - source.top()) * k
        boxes.append(
            f'<rect id={quoteattr("node-" + node.id)} class="argmap-node" '
            f'data-kind="{node.kind.value}" x="{x:.2f}" y="{y:.2f}" '
            f'width="{box.width() * k:.2f}" height="{box.height() * k:.2f}" '
            f'fill="#000000" fill-opacity="0" stroke="none">'
            f"<title>{escape(node.text)}</title></rect>"
        )
    text = tmp.read_text(encoding="utf-8")
    text = re.sub(r'font-family="[^"]*"', f'font-family="{SVG_FONT_STACK}"', text)
    # sizes in pixels rather than the generator's millimetres
    text = re.sub(
        r'<svg width="[^"]*" height="[^"]*"',
        f'<svg width="{width_px:.2f}px" height="{height_px:.2f}px"',
        text,
        count=1,
    )
    overlay = '<g id="argmap-node-titles">\n' + "\n".join(boxes) + "\n</g>\n"
    end = text.rfind("</svg>")
    if end < 0:
        raise ExportError("the SVG writer produced an incomplete file")
    tmp.write_text(text[:end] + overlay + text[end:], encoding="utf-8")


# -- PDF -------------------------------------------------------------------------------------


def _write_pdf(
    scene: MapScene,
    source: QRectF,
    tmp: Path,
    theme: Theme,
    transparent: bool,
    title: str,
    paper: str | None,
    width: float | None,
) -> None:
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title)
    writer.setCreator("Argmap")
    writer.setResolution(PDF_RESOLUTION)
    fill = not transparent
    if paper is None:
        _pdf_fitted(writer, scene, source, theme, fill, width)
    else:
        _pdf_tiled(writer, scene, source, theme, fill, PAPERS[paper.lower()])


def _pdf_fitted(
    writer: QPdfWriter,
    scene: MapScene,
    source: QRectF,
    theme: Theme,
    fill: bool,
    width: float | None,
) -> None:
    pt_w, pt_h = source.width() * PT_PER_PX, source.height() * PT_PER_PX
    shrink = min(1.0, MAX_PDF_SIDE_PT / pt_w, MAX_PDF_SIDE_PT / pt_h)
    if width is not None:  # page width in points
        shrink = min(width / pt_w, MAX_PDF_SIDE_PT / pt_h, MAX_PDF_SIDE_PT / pt_w)
    size = QPageSize(QSizeF(pt_w * shrink, pt_h * shrink), QPageSize.Unit.Point, "Argmap")
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("cannot start the PDF writer")
    try:
        target = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        _render(scene, painter, target, source, theme, fill)
    finally:
        painter.end()


def _pdf_tiled(
    writer: QPdfWriter,
    scene: MapScene,
    source: QRectF,
    theme: Theme,
    fill: bool,
    paper: QPageSize.PageSizeId,
) -> None:
    margin_pt = 36.0
    page = QPageSize(paper)
    best: tuple[int, QPageLayout.Orientation, int, int] | None = None
    for orientation in (QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape):
        full = page.size(QPageSize.Unit.Point)
        if orientation == QPageLayout.Orientation.Landscape:
            full = full.transposed()
        cols = math.ceil(source.width() * PT_PER_PX / (full.width() - 2 * margin_pt))
        rows = math.ceil(source.height() * PT_PER_PX / (full.height() - 2 * margin_pt))
        if best is None or cols * rows < best[0]:
            best = (cols * rows, orientation, cols, rows)
    assert best is not None
    pages, orientation, cols, rows = best
    if pages > MAX_PDF_PAGES:
        raise ExportError(
            f"the map needs {pages} pages at full size, over the limit of {MAX_PDF_PAGES}; "
            "leave out --paper to fit it on one page"
        )
    writer.setPageLayout(
        QPageLayout(
            page,
            orientation,
            QMarginsF(margin_pt, margin_pt, margin_pt, margin_pt),
            QPageLayout.Unit.Point,
        )
    )
    paint = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    # scene px per device px, at natural size (1 px = 0.75 pt)
    per_device = 72.0 / (PT_PER_PX * writer.resolution())
    tile_w, tile_h = paint.width() * per_device, paint.height() * per_device
    # centre the map on the whole spread of pages
    left = source.center().x() - cols * tile_w / 2
    top = source.center().y() - rows * tile_h / 2
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("cannot start the PDF writer")
    try:
        first = True
        for row in range(rows):
            for col in range(cols):
                if not first:
                    writer.newPage()
                first = False
                tile = QRectF(left + col * tile_w, top + row * tile_h, tile_w, tile_h)
                target = QRectF(0, 0, paint.width(), paint.height())
                painter.save()
                painter.setClipRect(target)
                _render(scene, painter, target, tile, theme, fill)
                painter.restore()
    finally:
        painter.end()
