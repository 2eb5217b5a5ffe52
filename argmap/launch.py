"""Start the editor window, or explain in one clear message why Qt cannot start here."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Libraries Qt's X11 (xcb) platform plugin loads, with the Debian packages that hold them.
#: Since Qt 6.5 the first two are missing on many desktops; the rest on minimal systems.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _xcb_plugin_files() -> list[Path]:
    try:
        import PySide6
    except ImportError:
        return []
    qt = Path(PySide6.__file__).parent / "Qt"
    candidates = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *sorted((qt / "lib").glob("libQt6XcbQpa.so*")),
    ]
    return [c for c in candidates if c.exists()]


def _unresolved(binary: Path) -> list[str]:
    """Shared libraries ``binary`` needs that the dynamic loader cannot find."""
    if shutil.which("ldd"):
        result = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False)
        return [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
    try:
        ctypes.CDLL(str(binary))
    except OSError as exc:  # names the first missing library only
        return [str(exc).split(":")[0].strip()]
    return []


def missing_xcb_packages() -> list[str]:
    """Debian packages (or library names) Qt's X11 plugin needs but cannot load here.

    Qt looks for libxcb-cursor itself at start-up (since 6.5); the rest are what
    the plugin's own files link against.
    """
    missing: dict[str, None] = {}
    try:
        ctypes.CDLL("libxcb-cursor.so.0")
    except OSError:
        missing["libxcb-cursor0"] = None
    for binary in _xcb_plugin_files():
        for library in _unresolved(binary):
            missing[XCB_LIBRARIES.get(library, library)] = None
    return list(missing)


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
