"""Test-wide settings: headless Qt, and no test touches a real user's files."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: run headless, whatever the machine has.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

# platformdirs follows the XDG variables on Linux: point them at a throwaway folder
# so settings, recent files and autosaves written by tests never reach a real home.
_home = tempfile.mkdtemp(prefix="argmap-tests-")
for _name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_home, _name.lower())
