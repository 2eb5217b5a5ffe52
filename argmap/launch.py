"""Start the editor window, or explain in one clear message why Qt cannot start here."""

from __future__ import annotations

import ctypes
import os
import sys

#: Libraries Qt's xcb platform plugin loads since Qt 6.5, with the Debian packages that hold them.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_xcb_packages() -> list[str]:
    """Debian packages whose libraries Qt's X11 plugin needs but cannot load here."""
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """A message when a Qt window cannot open here, or None when it probably can."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # wayland, offscreen, ...: Qt speaks for itself
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "argmap: no display to open a window on (DISPLAY is not set).\n"
            "On a machine without a screen, export pictures instead:\n"
            "  argmap export MAP.argmap.json -o map.png"
        )
    if platform.startswith("xcb") or not env.get("WAYLAND_DISPLAY"):
        missing = missing_xcb_packages()
        if missing:
            return (
                "argmap: Qt cannot open a window on X11 because these libraries are missing: "
                + ", ".join(missing)
                + ".\nOn Debian or Ubuntu install them with:\n"
                "  sudo apt-get install " + " ".join(missing)
            )
    return None


def launch_gui(path: str | None = None) -> int:
    """Open the editor on ``path`` (or the last map, or the demo map)."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from argmap.app.main import run_app

    return run_app(path)
