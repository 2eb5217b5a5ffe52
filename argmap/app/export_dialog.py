"""File > Export: the export options of ``argmap export`` in a dialog, with a live preview.

The preview is drawn by the same ``export_map`` that writes the file (into a
small temporary PNG), so what the user sees is what the file will hold.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from argmap.app.icons import icon
from argmap.canvas.export import ExportError, export_map
from argmap.canvas.theme import THEME_NAMES, load_theme

if TYPE_CHECKING:
    from argmap.app.main_window import MainWindow

FORMATS = (("png", "PNG image"), ("svg", "SVG vector drawing"), ("pdf", "PDF document"))
PAPERS: tuple[tuple[str | None, str], ...] = (
    (None, "One page, fitted to the map"),
    ("a4", "A4 pages"),
    ("letter", "Letter pages"),
)
PREVIEW_WIDTH = 520


class ExportDialog(QDialog):
    """Choose format, theme, scope and size; see a preview; write the file."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Export Map")
        self.setObjectName("export_dialog")
        doc = window.document
        self._selection = window.scene.selected_node_ids()
        self._preview_dir = tempfile.TemporaryDirectory(prefix="argmap-preview-")

        self.format = QComboBox(self)
        for key, label in FORMATS:
            self.format.addItem(label, key)
        self.theme = QComboBox(self)
        for name in THEME_NAMES:
            self.theme.addItem(load_theme(name).label, name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(window.scene.theme.name)))
        self.whole = QRadioButton("Whole map", self)
        self.selected = QRadioButton(f"Selection ({len(self._selection)} nodes)", self)
        self.selected.setEnabled(bool(self._selection))
        scope = QButtonGroup(self)
        scope.addButton(self.whole)
        scope.addButton(self.selected)
        self.whole.setChecked(True)
        self.highlight = QCheckBox("Highlight tripwires", self)
        self.highlight.setChecked(window.scene.highlights.mode == "tripwires")
        self.scale = QDoubleSpinBox(self)
        self.scale.setRange(0.5, 8.0)
        self.scale.setSingleStep(0.5)
        self.scale.setValue(2.0)
        self.scale.setSuffix("×")
        self.scale.setToolTip(
            "Pixels per map pixel: 2× is crisp on slides and high-density screens"
        )
        self.transparent = QCheckBox("Transparent background", self)
        self.paper = QComboBox(self)
        for paper, label in PAPERS:
            self.paper.addItem(label, paper)
        self.path = QLineEdit(self)
        stem = (
            doc.path.name.removesuffix(".argmap.json").removesuffix(".json") if doc.path else "map"
        )
        folder = doc.path.parent if doc.path else Path.home()
        self.path.setText(str(folder / f"{stem}.png"))
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)

        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Theme:", self.theme)
        scope_row = QVBoxLayout()
        scope_row.addWidget(self.whole)
        scope_row.addWidget(self.selected)
        form.addRow("Export:", scope_row)
        form.addRow("", self.highlight)
        form.addRow("Scale (PNG):", self.scale)
        form.addRow("", self.transparent)
        form.addRow("Pages (PDF):", self.paper)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("File:", path_row)

        self.preview = QLabel(self)
        self.preview.setObjectName("export_preview")
        self.preview.setMinimumSize(PREVIEW_WIDTH, 300)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet(
            "QLabel#export_preview { background: #e5e7eb; border: 1px solid #c0c4cc; }"
        )
        self.info = QLabel(self)
        self.info.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export")
        buttons.accepted.connect(self._export_clicked)
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        left = QWidget(self)
        left.setLayout(form)
        body.addWidget(left)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.info)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_preview)
        for signal in (
            self.theme.currentIndexChanged,
            self.whole.toggled,
            self.highlight.toggled,
            self.transparent.toggled,
        ):
            signal.connect(self._timer.start)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.update_preview()

    # -- options ----------------------------------------------------------------------

    def options(self) -> dict[str, object]:
        fmt = self.format.currentData()
        return {
            "fmt": fmt,
            "theme": self.theme.currentData(),
            "select": self._selection if self.selected.isChecked() else None,
            "highlight": "tripwires" if self.highlight.isChecked() else "none",
            "scale": self.scale.value(),
            "transparent": self.transparent.isChecked() and fmt == "png",
            "paper": self.paper.currentData() if fmt == "pdf" else None,
            "thesis": self.window_.scene.highlights.thesis,
        }

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.scale.setEnabled(fmt == "png")
        self.transparent.setEnabled(fmt == "png")
        self.paper.setEnabled(fmt == "pdf")
        text = self.path.text()
        if text:
            path = Path(text)
            self.path.setText(str(path.with_name(_stem(path.name) + "." + fmt)))
        self._timer.start()

    def _browse(self) -> None:
        fmt = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export Map", self.path.text(), f"{fmt.upper()} files (*.{fmt})"
        )
        if name:
            if not name.lower().endswith("." + fmt):
                name += "." + fmt
            self.path.setText(name)

    # -- preview and export -------------------------------------------------------------

    def update_preview(self) -> None:
        opts = self.options()
        target = Path(self._preview_dir.name) / "preview.png"
        try:
            export_map(
                self.window_.document.map,
                target,
                fmt="png",
                theme=str(opts["theme"]),
                select=opts["select"],  # type: ignore[arg-type]
                highlight=str(opts["highlight"]),
                thesis=opts["thesis"],  # type: ignore[arg-type]
                transparent=bool(opts["transparent"]),
                width=PREVIEW_WIDTH * self.devicePixelRatioF(),
            )
        except ExportError as exc:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(str(exc))
            return
        pixmap = QPixmap(str(target))
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        if pixmap.height() / pixmap.devicePixelRatio() > 420:
            pixmap = pixmap.scaledToHeight(
                int(420 * pixmap.devicePixelRatio()), Qt.TransformationMode.SmoothTransformation
            )
        self.preview.setPixmap(pixmap)
        nodes = len(opts["select"]) if opts["select"] else len(self.window_.document.map.nodes)  # type: ignore[arg-type]
        self.info.setText(f"Preview of {nodes} nodes in the {opts['theme']} theme.")

    def export_to(self, path: str | Path) -> bool:
        """Write the file with the chosen options; shows the error and returns False if it fails."""
        opts = self.options()
        try:
            export_map(
                self.window_.document.map,
                Path(path),
                fmt=str(opts["fmt"]),
                theme=str(opts["theme"]),
                scale=float(opts["scale"]),  # type: ignore[arg-type]
                transparent=bool(opts["transparent"]),
                select=opts["select"],  # type: ignore[arg-type]
                thesis=opts["thesis"],  # type: ignore[arg-type]
                highlight=str(opts["highlight"]),
                paper=opts["paper"],  # type: ignore[arg-type]
            )
        except ExportError as exc:
            self.window_.prompts.error("Export failed", str(exc))
            return False
        self.window_.statusBar().showMessage(f"Exported to {path}", 8000)
        return True

    def _export_clicked(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.window_.prompts.error("Export failed", "Choose a file to export to.")
            return
        if self.export_to(text):
            self.accept()

    def done(self, result: int) -> None:
        self._preview_dir.cleanup()
        super().done(result)


def _stem(name: str) -> str:
    for suffix in (".png", ".svg", ".pdf"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def install(window: MainWindow) -> QAction:
    """Add File > Export… (Ctrl+E) to the window."""
    action = QAction(icon("export"), "&Export…", window)
    action.setObjectName("export_action")
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setToolTip("Export the map or the selection as PNG, SVG or PDF (Ctrl+E)")
    action.triggered.connect(lambda: ExportDialog(window).exec())
    file_menu = next(
        m for m in window.menuBar().findChildren(type(window.recent_menu)) if m.title() == "&File"
    )
    before = window.action_set["close"]
    file_menu.insertAction(before, action)
    file_menu.insertSeparator(before)
    return action
