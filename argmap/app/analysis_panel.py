"""The Analysis dock: tripwires, fragile pairs, P(thesis holds), importance and lint.

Every row names the node(s) it is about; clicking a row selects and centres them
on the canvas. The panel follows ``MapDocument.analysis_changed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
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
MORE_ROWS = Qt.ItemDataRole.UserRole + 2
IMPORTANCE_ROWS = 12
#: Rows a section shows at first; a "Show more" row adds as many again.
ROW_CHUNK = 200
#: Maps with more nodes refresh the panel after the canvas has painted, and only
#: while the panel is shown (a refresh lists thousands of rows).
DEFER_NODES = 1000


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
        self._stale = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        doc.analysis_changed.connect(self._on_analysis_changed)
        doc.map_reset.connect(self.refresh)
        self.refresh()

    def _on_analysis_changed(self) -> None:
        if len(self.document.map.nodes) <= DEFER_NODES:
            self.refresh()
            return
        self._stale = True
        self._refresh_timer.start()  # after the canvas's frame; a burst refreshes once

    def _refresh_if_shown(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh_timer.start()

    # -- filling -----------------------------------------------------------------------

    def chosen_thesis(self) -> str | None:
        return self.thesis_picker.currentData()

    def refresh(self) -> None:
        doc = self.document
        analysis = doc.analysis
        self._stale = False
        self._fill_thesis_picker()
        self.tree.clear()
        self._pending: dict[int, list[tuple[str, str, list[str], str | None]]] = {}
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
        self._add_rows(
            trip,
            (
                (f"⚡ {analysis.cascade_size(n)}", _short(doc.node(n).text), [n], None)
                for n in result.tripwires
                if doc.has_node(n)
            ),
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
        self._add_rows(
            pairs,
            (
                (
                    "◇ 2",
                    f"{_short(doc.node(a).text, 34)}  +  {_short(doc.node(b).text, 34)}",
                    [a, b],
                    None,
                )
                for a, b in result.fragile_pairs
                if doc.has_node(a) and doc.has_node(b)
            ),
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
        icons = {Severity.ERROR: "✘", Severity.WARNING: "⚠"}
        self._add_rows(
            section,
            (
                (
                    icons.get(f.severity, "ℹ"),
                    f.message,
                    list(f.node_ids),
                    None if f.severity is Severity.INFO else "#b45309",
                )
                for f in findings
            ),
        )

    def _add_rows(
        self,
        section: QTreeWidgetItem,
        rows: Iterable[tuple[str, str, list[str], str | None]],
    ) -> None:
        """The first ``ROW_CHUNK`` rows now; the rest behind a "Show more" row."""
        pending = list(rows) if not isinstance(rows, list) else rows
        shown, rest = pending[:ROW_CHUNK], pending[ROW_CHUNK:]
        for first, second, ids, color in shown:
            row = self._row(section, first, second, ids)
            if row is not None and color is not None:
                row.setForeground(0, QBrush(QColor(color)))
        if rest:
            more = QTreeWidgetItem(
                section, ["…", f"Show {min(ROW_CHUNK, len(rest))} more of {len(rest)}"]
            )
            key = len(self._pending) + 1
            more.setData(0, MORE_ROWS, key)
            more.setToolTip(1, "The list is long: it is shown a part at a time")
            self._pending[key] = rest

    # -- interaction ---------------------------------------------------------------------

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, MORE_ROWS)
        section = item.parent()
        if key and section is not None:
            rest = self._pending.pop(key, [])
            section.removeChild(item)
            self._add_rows(section, rest)
            return
        ids = item.data(0, NODE_IDS)
        if ids:
            self._on_pick([i for i in ids if self.document.has_node(i)])

    def _thesis_picked(self, _index: int) -> None:
        self._on_thesis(self.chosen_thesis())
        self.refresh()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
