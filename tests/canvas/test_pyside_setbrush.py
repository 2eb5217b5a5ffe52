"""Regression guard for the PySide6 pin in pyproject.toml.

PySide6 6.12.0 on Python 3.11 aborts the interpreter ("deallocating None")
after a few thousand ``QGraphicsItem.setBrush`` calls. This runs that pattern in
a child process, so a bad release fails this test instead of killing pytest.
Lift the ``<6.12`` pin only with this test passing on the new release.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene
app = QApplication([])
scene = QGraphicsScene()
items = [scene.addRect(0, 0, 10, 10) for _ in range(50)]
colours = [QColor(r, 80, 160) for r in range(0, 250, 10)]
for i in range(20000):
    items[i % 50].setBrush(QBrush(colours[i % len(colours)]))
    items[(i + 7) % 50].setBrush(colours[i % len(colours)])
print("ok")
"""


def test_many_setbrush_calls_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
