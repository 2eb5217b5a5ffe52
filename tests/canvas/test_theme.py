"""Themes: every shipped file loads, stays readable (WCAG contrast), and bad files fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.canvas.theme import (
    HIGHLIGHTS,
    STATUSES,
    THEME_NAMES,
    Theme,
    ThemeError,
    composite,
    contrast_ratio,
    load_theme,
    load_theme_file,
    theme_path,
)
from argmap.model import EdgeKind, NodeKind

TEXT_CONTRAST = 4.5  # WCAG AA for normal text
MARK_CONTRAST = 3.0  # WCAG AA for graphical objects (status markers, borders of icons)


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert composite("#80000000", "#ffffff") in ("#7f7f7f", "#808080")


@pytest.mark.parametrize("name", THEME_NAMES)
def test_shipped_theme_loads_completely(name: str) -> None:
    theme = load_theme(name)
    assert isinstance(theme, Theme)
    assert theme.name == name and theme.label
    assert set(theme.nodes) == set(NodeKind)
    assert set(theme.edges) == set(EdgeKind)
    assert set(theme.status) == set(STATUSES)
    assert set(theme.highlights) == set(HIGHLIGHTS)
    assert theme.font_family == "Inter" and theme.font_px > 0
    assert load_theme(name) is theme  # cached
    assert hash(theme) == hash(load_theme_file(theme_path(name)))
    assert theme == load_theme_file(theme_path(name))


@pytest.mark.parametrize("name", THEME_NAMES)
def test_node_text_contrast_is_at_least_aa(name: str) -> None:
    theme = load_theme(name)
    for kind, style in theme.nodes.items():
        backgrounds = [style.fill]
        if style.pattern != "none":  # text may sit on a hatching line
            backgrounds.append(composite(style.pattern_color, style.fill))
        for bg in backgrounds:
            for role, color in (("text", style.text), ("kind label", style.accent)):
                ratio = contrast_ratio(color, bg)
                assert ratio >= TEXT_CONTRAST, f"{name}/{kind}: {role} {color} on {bg}: {ratio:.2f}"


@pytest.mark.parametrize("name", THEME_NAMES)
def test_other_text_and_marks_are_readable(name: str) -> None:
    theme = load_theme(name)
    bg = theme.background
    assert contrast_ratio(theme.text, bg) >= TEXT_CONTRAST
    assert contrast_ratio(theme.muted_text, theme.label_background) >= TEXT_CONTRAST
    assert contrast_ratio(theme.badge_text, theme.badge_fill) >= TEXT_CONTRAST
    for status, color in theme.status.items():
        for kind, style in theme.nodes.items():
            ratio = contrast_ratio(color, style.fill)
            assert ratio >= MARK_CONTRAST, f"{name}: {status} marker on {kind}: {ratio:.2f}"
    for edge_kind, style in theme.edges.items():
        ratio = contrast_ratio(style.color, bg)
        assert ratio >= MARK_CONTRAST, f"{name}: {edge_kind} edge on background: {ratio:.2f}"
    for highlight, color in theme.highlights.items():
        if highlight != "cascade":  # cascade is a translucent band plus a dashed ring
            assert contrast_ratio(color, bg) >= MARK_CONTRAST, f"{name}: {highlight}"


def test_print_theme_is_black_and_white_with_patterns() -> None:
    theme = load_theme("print")
    for style in theme.nodes.values():
        assert style.fill == "#ffffff" and style.text == "#000000"
    assert {s.pattern for s in theme.nodes.values()} - {"none"}, "print uses patterns"
    assert len({(s.pattern, s.border_width) for s in theme.nodes.values()}) >= 4


def test_projector_is_larger_and_thicker_than_light() -> None:
    light, projector = load_theme("light"), load_theme("projector")
    assert projector.font_px > light.font_px * 1.2
    assert projector.line_scale > light.line_scale
    for kind in NodeKind:
        assert projector.nodes[kind].border_width >= light.nodes[kind].border_width


def test_edge_styles_follow_the_design() -> None:
    for name in THEME_NAMES:
        theme = load_theme(name)
        edges = theme.edges
        assert edges[EdgeKind.SUPPORTS].style == "solid"
        assert edges[EdgeKind.REQUIRES].style == "solid"
        assert edges[EdgeKind.REQUIRES].width > edges[EdgeKind.SUPPORTS].width
        assert edges[EdgeKind.OPPOSES].style == "dash"
        assert edges[EdgeKind.WATCHES].style == "dot"
        assert edges[EdgeKind.WATCHES].width < edges[EdgeKind.SUPPORTS].width


def test_unknown_theme_names_the_choices() -> None:
    with pytest.raises(ThemeError, match=r"unknown theme 'neon'.*light, dark, print, projector"):
        load_theme("neon")
    with pytest.raises(ThemeError, match="unknown theme"):
        load_theme("../schema/argmap-1.schema")


def _light_data() -> dict:
    return json.loads(theme_path("light").read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("background"), r"background: missing"),
        (lambda d: d.__setitem__("background", "white"), r"background: 'white' is not a colour"),
        (lambda d: d["nodes"].pop("risk"), r"nodes\.risk: missing"),
        (lambda d: d["nodes"]["claim"].__setitem__("fill", 3), r"nodes\.claim\.fill"),
        (lambda d: d["nodes"].__setitem__("rumour", {}), r"unknown node kind 'rumour'"),
        (lambda d: d["edges"]["opposes"].__setitem__("style", "wavy"), r"'wavy' is not one of"),
        (lambda d: d["font"].__setitem__("size", -2), r"font\.size"),
        (lambda d: d["highlights"].pop("tripwire"), r"highlights\.tripwire: missing"),
        (lambda d: d.__setitem__("nodes", []), r"nodes: expected an object"),
    ],
)
def test_bad_theme_file_gives_a_clear_theme_error(
    tmp_path: Path, mutate: object, message: str
) -> None:
    data = _light_data()
    mutate(data)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ThemeError, match=message) as info:
        load_theme_file(path)
    assert str(path) in str(info.value)


def test_theme_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",')
    with pytest.raises(ThemeError, match=r"not valid JSON \(line 1"):
        load_theme_file(path)
    with pytest.raises(ThemeError, match="cannot read"):
        load_theme_file(tmp_path / "missing.json")
