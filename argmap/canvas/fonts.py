"""The bundled font (Inter, SIL OFL 1.1), so that screen and exports look alike everywhere.

``ensure_fonts()`` registers ``resources/fonts/*.otf`` with Qt once per process
and returns the family name to use. It needs a ``QGuiApplication``.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication

from argmap.resources_path import resource

#: The family the bundled files provide.
FAMILY = "Inter"
#: The font files bundled in ``resources/fonts/`` (their licence: ``LICENSE-Inter.txt``).
FONT_FILES = ("Inter-Regular.otf", "Inter-Italic.otf", "Inter-SemiBold.otf", "Inter-Bold.otf")
#: Used when the bundled files cannot be loaded (a broken install).
FALLBACK_FAMILY = "sans-serif"

_family: str | None = None


def ensure_fonts() -> str:
    """Register the bundled fonts (once) and return the family name to draw with."""
    global _family
    if _family is not None:
        return _family
    if QGuiApplication.instance() is None:
        raise RuntimeError("ensure_fonts() needs a QGuiApplication")
    families: list[str] = []
    for name in FONT_FILES:
        path = resource("fonts", name)
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _family = FAMILY if FAMILY in families else (families[0] if families else FALLBACK_FAMILY)
    return _family
