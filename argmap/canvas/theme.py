"""Themes: the colours, fonts and line styles of the canvas and of exports.

A theme is a small JSON file in ``resources/themes/`` (``light``, ``dark``, ``print``,
``projector``). ``load_theme(name)`` reads one into a frozen :class:`Theme`; colours
stay strings (``#rrggbb`` or ``#aarrggbb``, Qt's order) so a theme is plain, hashable
data and the painters turn them into ``QColor`` once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from argmap.model import EdgeKind, NodeKind
from argmap.resources_path import resource

#: The themes Argmap ships, in menu order.
THEME_NAMES: tuple[str, ...] = ("light", "dark", "print", "projector")
#: Status markers a node may show.
STATUSES: tuple[str, ...] = ("holds", "fails", "undecided")
#: Highlights a node may carry (issue 6).
HIGHLIGHTS: tuple[str, ...] = ("tripwire", "cascade", "flipped", "fragile")
#: Fill patterns for themes without colour (print); drawn as vector hatching.
PATTERNS: tuple[str, ...] = (
    "none",
    "hatch",
    "backhatch",
    "crosshatch",
    "horizontal",
    "vertical",
    "dots",
)
#: Line styles of edges.
LINE_STYLES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot")

_PT_TO_PX = 96.0 / 72.0


class ThemeError(ValueError):
    """A theme file is missing, unreadable or wrong; the message says which and why."""


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of node is drawn."""

    fill: str
    border: str
    text: str
    #: Colour of the small kind label and icon (text: keep it readable on ``fill``).
    accent: str
    border_width: float
    pattern: str = "none"
    pattern_color: str = "#00000000"


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge is drawn."""

    color: str
    width: float
    style: str  # one of LINE_STYLES


@dataclass(frozen=True)
class Theme:
    """Everything the painters need to know about a look. Compare and hash by value."""

    name: str
    label: str
    background: str
    font_family: str
    #: Base text size in points (1 pt = 96/72 scene pixels at 100 % zoom).
    font_size: float
    text: str
    muted_text: str
    selection: str
    line_scale: float
    nodes: Mapping[NodeKind, NodeStyle]
    edges: Mapping[EdgeKind, EdgeStyle]
    status: Mapping[str, str]
    highlights: Mapping[str, str]
    badge_fill: str
    badge_text: str
    #: Colour behind an edge label (usually the background).
    label_background: str
    #: Halo strength multiplier (projector: stronger).
    halo_scale: float = 1.0

    def __hash__(self) -> int:
        return hash((self.name, self.background, self.font_size, self.line_scale))

    @property
    def font_px(self) -> float:
        """Base text size in scene pixels."""
        return self.font_size * _PT_TO_PX

    def node_style(self, kind: NodeKind | str) -> NodeStyle:
        return self.nodes[NodeKind(kind)]

    def edge_style(self, kind: EdgeKind | str) -> EdgeStyle:
        return self.edges[EdgeKind(kind)]


def theme_path(name: str) -> Path:
    return resource("themes", f"{name}.json")


def load_theme(name: str) -> Theme:
    """The theme called ``name`` (one of :data:`THEME_NAMES`, or any file in the folder).

    Raises :class:`ThemeError` for an unknown name or a broken file.
    """
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name[0] == ".":
        raise ThemeError(f"unknown theme {name!r}; choose one of {', '.join(THEME_NAMES)}")
    path = theme_path(name)
    if not path.is_file():
        raise ThemeError(f"unknown theme {name!r}; choose one of {', '.join(THEME_NAMES)}")
    return _load_cached(str(path), path.stat().st_mtime_ns)


def load_theme_file(path: str | Path) -> Theme:
    """A theme read from any JSON file; :class:`ThemeError` says what is wrong with it."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ThemeError(f"{path}: cannot read theme file: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ThemeError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc
    return theme_from_data(data, source=str(path))


@lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int) -> Theme:
    return load_theme_file(path)


# -- parsing -----------------------------------------------------------------


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> ThemeError:
        return ThemeError(f"{self.source}: {where}: {message}")

    def obj(self, data: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object")
        return data

    def get(self, data: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in data:
            raise self.fail(f"{where}.{key}" if where else key, "missing")
        return data[key]

    def color(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.get(data, key, where)
        if not _is_color(value):
            raise self.fail(
                f"{where}.{key}" if where else key,
                f"{value!r} is not a colour (#rrggbb or #aarrggbb)",
            )
        return str(value).lower()

    def number(self, data: Mapping[str, Any], key: str, where: str, lo: float, hi: float) -> float:
        value = self.get(data, key, where)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise self.fail(
                f"{where}.{key}" if where else key, f"{value!r} is not a number in [{lo}, {hi}]"
            )
        return float(value)

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.get(data, key, where)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}" if where else key, "expected a non-empty string")
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, where: str, choices: tuple[str, ...], default: str
    ) -> str:
        value = data.get(key, default)
        if value not in choices:
            raise self.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(choices)}")
        return str(value)


def _is_color(value: Any) -> bool:
    if not isinstance(value, str) or not value.startswith("#") or len(value) not in (7, 9):
        return False
    try:
        int(value[1:], 16)
    except ValueError:
        return False
    return True


def theme_from_data(data: Any, *, source: str = "<theme>") -> Theme:
    """Build a :class:`Theme` from parsed JSON; :class:`ThemeError` on any problem."""
    r = _Reader(source)
    top = r.obj(data, "theme")
    font = r.obj(r.get(top, "font", ""), "font")
    nodes_data = r.obj(r.get(top, "nodes", ""), "nodes")
    edges_data = r.obj(r.get(top, "edges", ""), "edges")
    nodes: dict[NodeKind, NodeStyle] = {}
    for kind in NodeKind:
        where = f"nodes.{kind.value}"
        item = r.obj(r.get(nodes_data, kind.value, "nodes"), where)
        border = r.color(item, "border", where)
        nodes[kind] = NodeStyle(
            fill=r.color(item, "fill", where),
            border=border,
            text=r.color(item, "text", where),
            accent=r.color(item, "accent", where) if "accent" in item else border,
            border_width=r.number(item, "border_width", where, 0.0, 12.0),
            pattern=r.choice(item, "pattern", where, PATTERNS, "none"),
            pattern_color=(
                r.color(item, "pattern_color", where) if "pattern_color" in item else "#00000000"
            ),
        )
    unknown = sorted(set(nodes_data) - {k.value for k in NodeKind})
    if unknown:
        raise r.fail("nodes", f"unknown node kind {unknown[0]!r}")
    edges: dict[EdgeKind, EdgeStyle] = {}
    for ekind in EdgeKind:
        where = f"edges.{ekind.value}"
        item = r.obj(r.get(edges_data, ekind.value, "edges"), where)
        edges[ekind] = EdgeStyle(
            color=r.color(item, "color", where),
            width=r.number(item, "width", where, 0.1, 20.0),
            style=r.choice(item, "style", where, LINE_STYLES, "solid"),
        )
    unknown = sorted(set(edges_data) - {k.value for k in EdgeKind})
    if unknown:
        raise r.fail("edges", f"unknown edge kind {unknown[0]!r}")
    status_data = r.obj(r.get(top, "status", ""), "status")
    highlight_data = r.obj(r.get(top, "highlights", ""), "highlights")
    return Theme(
        name=r.text(top, "name", ""),
        label=r.text(top, "label", ""),
        background=r.color(top, "background", ""),
        font_family=r.text(font, "family", "font"),
        font_size=r.number(font, "size", "font", 4.0, 72.0),
        text=r.color(top, "text", ""),
        muted_text=r.color(top, "muted_text", ""),
        selection=r.color(top, "selection", ""),
        line_scale=r.number(top, "line_scale", "", 0.1, 10.0),
        nodes=MappingProxyType(nodes),
        edges=MappingProxyType(edges),
        status=MappingProxyType({s: r.color(status_data, s, "status") for s in STATUSES}),
        highlights=MappingProxyType(
            {h: r.color(highlight_data, h, "highlights") for h in HIGHLIGHTS}
        ),
        badge_fill=r.color(top, "badge_fill", ""),
        badge_text=r.color(top, "badge_text", ""),
        label_background=r.color(top, "label_background", ""),
        halo_scale=r.number(top, "halo_scale", "", 0.1, 10.0) if "halo_scale" in top else 1.0,
    )


# -- colour maths (WCAG 2.x) ---------------------------------------------------


def parse_rgba(color: str) -> tuple[int, int, int, int]:
    """``#rrggbb`` or ``#aarrggbb`` (Qt's order) as (r, g, b, a)."""
    digits = color.lstrip("#")
    if len(digits) == 6:
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 255
    return int(digits[2:4], 16), int(digits[4:6], 16), int(digits[6:8], 16), int(digits[0:2], 16)


def relative_luminance(color: str) -> float:
    r, g, b, _ = parse_rgba(color)

    def channel(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two opaque colours, from 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def composite(top: str, bottom: str) -> str:
    """``top`` (maybe translucent) laid over opaque ``bottom``, as ``#rrggbb``."""
    tr, tg, tb, ta = parse_rgba(top)
    br, bg, bb, _ = parse_rgba(bottom)
    a = ta / 255.0
    mix = [round(t * a + u * (1 - a)) for t, u in ((tr, br), (tg, bg), (tb, bb))]
    return "#{:02x}{:02x}{:02x}".format(*mix)
