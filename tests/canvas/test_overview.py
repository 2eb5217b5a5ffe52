"""Zoomed far out on a large map, the view paints from one cached picture."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from argmap.canvas import view as view_module
from argmap.canvas.scene import MapScene
from argmap.canvas.view import MapView
from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.model import NodeKind
from argmap.resources_path import resource
from argmap.storage import load_map


def _ink(image: QImage, background: QColor) -> int:
    """How many sampled pixels differ from the background."""
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if image.pixelColor(x, y).rgb() != background.rgb():
                count += 1
    return count


@pytest.fixture
def far_view(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MapView:
    monkeypatch.setattr(view_module, "OVERVIEW_MIN_NODES", 10)  # the demo map counts as large
    scene = MapScene(MapDocument(load_map(resource("examples", "peace-framework.argmap.json"))))
    view = MapView(scene)
    view.resize(900, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(0.1)
    view.centerOn(scene.map_rect().center())
    return view


def test_overview_paints_the_same_map_and_is_reused(far_view: MapView) -> None:
    assert far_view.uses_overview()
    background = QColor(far_view.map_scene.theme.background)
    cached = far_view.viewport().grab().toImage()
    assert far_view._overview is not None
    picture = far_view._overview
    again = far_view.viewport().grab().toImage()
    assert far_view._overview is picture  # no change, no new picture
    assert again == cached
    view_module.OVERVIEW_ZOOM = 0.0  # the same frame painted by the items themselves
    try:
        direct = far_view.viewport().grab().toImage()
    finally:
        view_module.OVERVIEW_ZOOM = 0.15
    assert abs(_ink(cached, background) - _ink(direct, background)) <= 0.1 * _ink(
        direct, background
    )


def test_an_edit_repaints_what_it_changed_in_the_picture(far_view: MapView, qtbot: QtBot) -> None:
    far_view.viewport().grab()
    picture = far_view._overview
    assert picture is not None
    ops.set_kind(far_view.map_scene.document, ["kyiv-accepts"], NodeKind.RISK)
    qtbot.wait(50)  # the scene reports its change on the next turn of the event loop
    patched = far_view.viewport().grab().toImage()
    assert far_view._overview is picture and not far_view._overview_dirty  # painted over
    far_view._invalidate_overview()
    redrawn = far_view.viewport().grab().toImage()
    assert far_view._overview is not picture
    differing = sum(
        patched.pixel(x, y) != redrawn.pixel(x, y)
        for y in range(0, patched.height(), 2)
        for x in range(0, patched.width(), 2)
    )
    assert differing <= 0.002 * (patched.width() * patched.height() / 4)


def test_a_large_change_redraws_the_whole_picture(far_view: MapView, qtbot: QtBot) -> None:
    far_view.viewport().grab()
    picture = far_view._overview
    far_view.map_scene.set_theme("dark")
    qtbot.wait(50)
    far_view.viewport().grab()
    assert far_view._overview is not None and far_view._overview is not picture


def test_close_up_and_rubber_band_paint_items(far_view: MapView) -> None:
    far_view.set_zoom(0.5)
    assert not far_view.uses_overview()
