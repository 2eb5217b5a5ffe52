"""The Analysis dock: tripwires, fragile pairs, P(thesis holds), importance and lint.

Every row names the node(s) it is about; clicking a row selects and centres them
on the canvas. The panel follows ``MapDocument.analysis_changed``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from argmap.analysis import Severity, Status
from argmap.editing.document import MapDocument

NODE_IDS = Qt.ItemDataRole.UserRole + 1
IMPORTANCE_ROWS = 12


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnalysisPanel(QWidget):
    """What the analysis found for the chosen thesis (or every thesis)."""

    def __init__(
        self,
        doc: MapDocument,
        on_pick: Callable[[list[str]], None],
        on_thesis: Callable[[str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("analysis_panel")
        self.document = doc
        self._on_pick = on_pick
        self._on_thesis = on_thesis
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel("Thesis:"))
        self.thesis_picker = QComboBox(self)
        self.thesis_picker.setObjectName("thesis_picker")
        self.thesis_picker.setToolTip("Whose tripwires to show on the map")
        self.thesis_picker.currentIndexChanged.connect(self._thesis_picked)
        row.addWidget(self.thesis_picker, 1)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("analysis_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("analysis_tree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["", "Node"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        layout.addWidget(self.tree, 1)
        doc.analysis_changed.connect(self.refresh)
        doc.map_reset.connect(self.refresh)
        self.refresh()

    # -- filling -----------------------------------------------------------------------

    def chosen_thesis(self) -> str | None:
        return self.thesis_picker.currentData()

    def refresh(self) -> None:
        doc = self.document
        analysis = doc.analysis
        self._fill_thesis_picker()
        self.tree.clear()
        if analysis is None:
            self.summary.setText("Analysing…")
            return
        # A large map's analysis may be a step behind the document: skip ids it no longer has.
        theses = [
            t for t in analysis.theses if self.chosen_thesis() in (None, t) and doc.has_node(t)
        ]
        if not theses:
            self.summary.setText("This map has no thesis yet: add one (key 1 sets a node's kind).")
        lines = []
        for thesis_id in theses:
            result = analysis.theses[thesis_id]
            text = _short(doc.node(thesis_id).text, 60) or thesis_id
            mark = {"holds": "✔ holds", "fails": "✘ fails", "undecided": "? undecided"}[
                result.status.value
            ]
            line = f"<b>{_escape(text)}</b>: {mark}"
            if doc.analysis_partial:
                line += "; probability and fragile pairs: computing…"
            elif result.probability is not None:
                if result.probability_method == "exact":
                    line += f"; P(holds) = {result.probability:.3f} (exact)"
                else:
                    line += (
                        f"; P(holds) ≈ {result.probability:.3f} ± {result.probability_stderr or 0:.3f}"
                        f" (Monte Carlo, {result.probability_samples} samples, seed {result.probability_seed})"
                    )
            lines.append(line)
        self.summary.setText("<br>".join(lines))
        for thesis_id in theses:
            self._add_thesis(thesis_id, multiple=len(theses) > 1)
        self._add_lint()
        self.tree.expandAll()

    def _fill_thesis_picker(self) -> None:
        analysis = self.document.analysis
        wanted = [None, *(analysis.theses if analysis else [])]
        current = [self.thesis_picker.itemData(i) for i in range(self.thesis_picker.count())]
        if wanted == current:
            return
        chosen = self.chosen_thesis()
        self.thesis_picker.blockSignals(True)
        self.thesis_picker.clear()
        self.thesis_picker.addItem("Every thesis", None)
        for thesis_id in wanted[1:]:
            if thesis_id is not None and self.document.has_node(thesis_id):
                self.thesis_picker.addItem(
                    _short(self.document.node(thesis_id).text, 40), thesis_id
                )
        index = self.thesis_picker.findData(chosen)
        self.thesis_picker.setCurrentIndex(max(index, 0))
        self.thesis_picker.blockSignals(False)

    def _section(self, title: str, count: int | None, tip: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title if count is None else f"{title} ({count})", ""])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setToolTip(0, tip)
        item.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def _row(
        self, parent: QTreeWidgetItem, first: str, second: str, ids: list[str]
    ) -> QTreeWidgetItem | None:
        if not all(self.document.has_node(i) for i in ids):
            return None
        row = QTreeWidgetItem(parent, [first, second])
        row.setData(0, NODE_IDS, ids)
        row.setToolTip(1, "\n".join(self.document.node(i).text for i in ids))
        return row

    def _add_thesis(self, thesis_id: str, multiple: bool) -> None:
        doc = self.document
        analysis = doc.analysis
        assert analysis is not None
        result = analysis.theses[thesis_id]
        prefix = f"{_short(doc.node(thesis_id).text, 30)}: " if multiple else ""
        if result.status is not Status.HOLDS:
            item = self._section(
                f"{prefix}Thesis does not hold", 0, "Tripwires exist only for a thesis that holds"
            )
            self._row(item, "", "Find what fails: nodes marked ✘ on the map", [thesis_id])
            return
        trip = self._section(
            f"{prefix}Tripwires",
            len(result.tripwires),
            "Nodes whose failure alone brings the thesis down, biggest cascade first",
        )
        for node_id in result.tripwires:
            self._row(
                trip,
                f"⚡ {analysis.cascade_size(node_id)}",
                _short(doc.node(node_id).text),
                [node_id],
            )
        if doc.analysis_partial:
            self._section(f"{prefix}Fragile pairs: computing…", None, "The full analysis follows")
            return
        pairs = self._section(
            f"{prefix}Fragile pairs",
            len(result.fragile_pairs),
            "Two nodes, harmless alone, that bring the thesis down together",
        )
        if not result.fragile_pairs_complete:
            pairs.setText(0, pairs.text(0) + " — search stopped early")
        for a, b in result.fragile_pairs:
            if not (doc.has_node(a) and doc.has_node(b)):
                continue
            self._row(
                pairs,
                "◇ 2",
                f"{_short(doc.node(a).text, 34)}  +  {_short(doc.node(b).text, 34)}",
                [a, b],
            )
        if result.importance:
            imp = self._section(
                f"{prefix}Importance",
                min(IMPORTANCE_ROWS, len(result.importance)),
                "Birnbaum importance: how much P(thesis) moves with the node (negative: an attacker)",
            )
            for node_id, measure in list(result.importance.items())[:IMPORTANCE_ROWS]:
                if not doc.has_node(node_id):
                    continue
                row = self._row(
                    imp, f"{measure.birnbaum:+.3f}", _short(doc.node(node_id).text), [node_id]
                )
                assert row is not None
                row.setToolTip(
                    0,
                    f"Birnbaum {measure.birnbaum:+.3f}, criticality {measure.criticality:+.3f}, "
                    f"risk achievement worth {measure.raw:.2f}, risk reduction worth {measure.rrw:.2f}",
                )

    def _add_lint(self) -> None:
        findings = self.document.findings
        if not findings:
            return
        section = self._section("Checks", len(findings), "Structural problems the map may have")
        for finding in findings:
            icon = {Severity.ERROR: "✘", Severity.WARNING: "⚠"}.get(finding.severity, "ℹ")
            row = self._row(section, icon, finding.message, list(finding.node_ids))
            if row is not None and finding.severity is not Severity.INFO:
                row.setForeground(0, QBrush(QColor("#b45309")))

    # -- interaction ---------------------------------------------------------------------

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ids = item.data(0, NODE_IDS)
        if ids:
            self._on_pick([i for i in ids if self.document.has_node(i)])

    def _thesis_picked(self, _index: int) -> None:
        self._on_thesis(self.chosen_thesis())
        self.refresh()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
