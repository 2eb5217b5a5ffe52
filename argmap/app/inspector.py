"""The Inspector: every field of the selected node, editable, each change one undo step.

Typing in the text or notes merges into one undo step per field (``merge=True``);
the panel follows ``node_changed`` so undo and edits from the canvas show at once.
With several nodes selected, kind and assessment apply to all of them.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from argmap.app.actions import KIND_ORDER
from argmap.app.icons import icon, kind_icon
from argmap.editing import operations as ops
from argmap.editing.commands import EditEdgeCommand
from argmap.editing.document import MapDocument
from argmap.model import Assessment, EdgeKind, NodeKind, Source

NO_BELIEF = -0.01


def split_tags(text: str) -> list[str]:
    tags: list[str] = []
    for part in text.split(","):
        tag = part.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class InspectorPanel(QScrollArea):
    """Fields of the selected node (or link)."""

    def __init__(
        self,
        doc: MapDocument,
        ask_source: Callable[[], tuple[str, str] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.doc = doc
        self.ask_source = ask_source
        self.node_ids: list[str] = []
        self.edge_id: str | None = None
        self._shown_sources: list[tuple[str, str]] | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        outer = QVBoxLayout(body)
        self.header = QLabel("Nothing selected", body)
        self.header.setWordWrap(True)
        self.header.setStyleSheet("color: palette(mid); font-style: italic;")
        outer.addWidget(self.header)

        self.form_widget = QWidget(body)
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.text = QPlainTextEdit(self.form_widget)
        self.text.setObjectName("inspector_text")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        self.kind = QComboBox(self.form_widget)
        for kind in KIND_ORDER:
            self.kind.addItem(kind_icon(kind), kind.value.capitalize(), kind.value)
        self.assessment = QComboBox(self.form_widget)
        self.assessment.addItem("Default", None)
        self.assessment.addItem("Holds", Assessment.HOLDS.value)
        self.assessment.addItem("Fails", Assessment.FAILS.value)
        self.belief = QDoubleSpinBox(self.form_widget)
        self.belief.setRange(NO_BELIEF, 1.0)
        self.belief.setSingleStep(0.05)
        self.belief.setDecimals(2)
        self.belief.setSpecialValueText("No belief")
        self.belief.setToolTip("P(the node holds on its own); lowest value: no belief")
        self.belief.setKeyboardTracking(False)
        self.clear_belief = QToolButton(self.form_widget)
        self.clear_belief.setIcon(icon("clear"))
        self.clear_belief.setToolTip("No belief")
        belief_row = QHBoxLayout()
        belief_row.addWidget(self.belief, 1)
        belief_row.addWidget(self.clear_belief)
        self.tags = QLineEdit(self.form_widget)
        self.tags.setPlaceholderText("tag, another tag")
        self.notes = QPlainTextEdit(self.form_widget)
        self.notes.setObjectName("inspector_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.sources_box = QVBoxLayout()
        self.sources_box.setSpacing(2)
        self.add_source_button = QPushButton(icon("add"), "Add source…", self.form_widget)
        sources = QVBoxLayout()
        sources.addLayout(self.sources_box)
        sources.addWidget(self.add_source_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("&Text", self.text)
        form.addRow("&Kind", self.kind)
        form.addRow("&Assessment", self.assessment)
        belief_label = QLabel("&Belief", self.form_widget)
        belief_label.setBuddy(self.belief)
        form.addRow(belief_label, belief_row)
        form.addRow("Ta&gs", self.tags)
        form.addRow("&Notes", self.notes)
        form.addRow("Sources", sources)
        outer.addWidget(self.form_widget)

        self.edge_widget = QWidget(body)
        edge_form = QFormLayout(self.edge_widget)
        edge_form.setContentsMargins(0, 0, 0, 0)
        self.edge_kind = QComboBox(self.edge_widget)
        for edge_kind in EdgeKind:
            self.edge_kind.addItem(edge_kind.value.capitalize(), edge_kind.value)
        self.edge_label = QLineEdit(self.edge_widget)
        self.edge_ends = QLabel(self.edge_widget)
        self.edge_ends.setWordWrap(True)
        edge_form.addRow("Link", self.edge_ends)
        edge_form.addRow("&Kind", self.edge_kind)
        edge_form.addRow("&Label", self.edge_label)
        outer.addWidget(self.edge_widget)
        outer.addStretch(1)

        self.text.textChanged.connect(self._text_edited)
        self.notes.textChanged.connect(self._notes_edited)
        self.kind.activated.connect(self._kind_chosen)
        self.assessment.activated.connect(self._assessment_chosen)
        self.belief.valueChanged.connect(self._belief_changed)
        self.clear_belief.clicked.connect(lambda: self.belief.setValue(NO_BELIEF))
        self.tags.editingFinished.connect(self._tags_edited)
        self.add_source_button.clicked.connect(self._add_source_clicked)
        self.edge_kind.activated.connect(self._edge_kind_chosen)
        self.edge_label.editingFinished.connect(self._edge_label_edited)
        doc.node_changed.connect(self._on_node_changed)
        doc.edge_changed.connect(self._on_edge_changed)
        doc.node_removed.connect(self._on_removed)
        doc.edge_removed.connect(self._on_removed)
        doc.map_reset.connect(lambda: self.show_selection([], []))
        self.show_selection([], [])

    # -- showing -------------------------------------------------------------------------

    def show_selection(self, node_ids: list[str], edge_ids: list[str] | None = None) -> None:
        self.node_ids = [n for n in node_ids if self.doc.has_node(n)]
        edges = [e for e in (edge_ids or []) if self.doc.has_edge(e)]
        self.edge_id = edges[0] if edges and not self.node_ids else None
        self.refresh()

    def refresh(self) -> None:
        ids = self.node_ids
        self.form_widget.setVisible(bool(ids))
        self.edge_widget.setVisible(self.edge_id is not None)
        if self.edge_id is not None:
            self._show_edge()
            return
        if not ids:
            self.header.setText("Select a node to see and edit its fields here.")
            self.header.show()
            return
        single = len(ids) == 1
        self.header.setVisible(not single)
        self.header.setText(f"{len(ids)} nodes selected: kind and assessment apply to all.")
        for widget in (self.text, self.belief, self.clear_belief, self.tags, self.notes):
            widget.setEnabled(single)
        self.add_source_button.setEnabled(single)
        node = self.doc.node(ids[0])
        with _Blocked(self.text, self.notes, self.kind, self.assessment, self.belief, self.tags):
            if self.text.toPlainText() != node.text:
                self.text.setPlainText(node.text)
            if self.notes.toPlainText() != node.notes:
                self.notes.setPlainText(node.notes)
            self.kind.setCurrentIndex(self.kind.findData(node.kind.value))
            value = node.assessment.value if node.assessment else None
            self.assessment.setCurrentIndex(self.assessment.findData(value))
            self.belief.setValue(NO_BELIEF if node.belief is None else node.belief)
            if split_tags(self.tags.text()) != node.tags:
                self.tags.setText(", ".join(node.tags))
        self._show_sources(node.sources if single else [])

    def _show_sources(self, sources: list[Source]) -> None:
        shown = [(s.title, s.url) for s in sources]
        if shown == self._shown_sources:
            return
        self._shown_sources = shown
        while self.sources_box.count():
            item = self.sources_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, source in enumerate(sources):
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            title = html.escape(source.title or source.url or "(untitled)")
            label = QLabel(row)
            label.setObjectName(f"source_{index}")
            label.setWordWrap(True)
            if source.url:
                label.setText(f'<a href="{html.escape(source.url, quote=True)}">{title}</a>')
                label.setToolTip(source.url)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
                label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
            else:
                label.setText(title)
            remove = QToolButton(row)
            remove.setIcon(icon("remove"))
            remove.setToolTip("Remove this source")
            remove.clicked.connect(lambda _c=False, i=index: self.remove_source(i))
            layout.addWidget(label, 1)
            layout.addWidget(remove)
            self.sources_box.addWidget(row)

    def _show_edge(self) -> None:
        self.header.hide()
        assert self.edge_id is not None
        edge = self.doc.edge(self.edge_id)
        source = self.doc.node(edge.source).text or edge.source
        target = self.doc.node(edge.target).text or edge.target
        self.edge_ends.setText(f"“{source}” → “{target}”")
        with _Blocked(self.edge_kind, self.edge_label):
            self.edge_kind.setCurrentIndex(self.edge_kind.findData(edge.kind.value))
            if self.edge_label.text() != edge.label:
                self.edge_label.setText(edge.label)

    # -- document signals ------------------------------------------------------------------

    def _on_node_changed(self, node_id: str, _fields: list[str]) -> None:
        if node_id in self.node_ids:
            self.refresh()

    def _on_edge_changed(self, edge_id: str, _fields: list[str]) -> None:
        if edge_id == self.edge_id:
            self.refresh()

    def _on_removed(self, ident: str) -> None:
        if ident in self.node_ids or ident == self.edge_id:
            self.show_selection(self.node_ids, [self.edge_id] if self.edge_id else [])

    # -- edits -------------------------------------------------------------------------------

    def _single(self) -> str | None:
        return self.node_ids[0] if len(self.node_ids) == 1 else None

    def _text_edited(self) -> None:
        node_id = self._single()
        if node_id is not None:
            ops.edit_node(self.doc, node_id, merge=True, text=self.text.toPlainText())

    def _notes_edited(self) -> None:
        node_id = self._single()
        if node_id is not None:
            ops.edit_node(self.doc, node_id, merge=True, notes=self.notes.toPlainText())

    def _kind_chosen(self, index: int) -> None:
        ops.set_kind(self.doc, self.node_ids, NodeKind(self.kind.itemData(index)))

    def _assessment_chosen(self, index: int) -> None:
        data = self.assessment.itemData(index)
        ops.set_assessment(self.doc, self.node_ids, Assessment(data) if data else None)

    def _belief_changed(self, value: float) -> None:
        node_id = self._single()
        if node_id is not None:
            belief = None if value <= NO_BELIEF / 2 else round(value, 4)
            ops.edit_node(self.doc, node_id, belief=belief)

    def _tags_edited(self) -> None:
        node_id = self._single()
        if node_id is not None:
            tags = split_tags(self.tags.text())
            ops.edit_node(self.doc, node_id, tags=tags)
            with _Blocked(self.tags):
                self.tags.setText(", ".join(tags))

    def _add_source_clicked(self) -> None:
        answer = self.ask_source()
        if answer is not None:
            self.add_source(*answer)

    def add_source(self, title: str, url: str) -> None:
        node_id = self._single()
        if node_id is None:
            return
        sources = [s.model_copy() for s in self.doc.node(node_id).sources]
        sources.append(Source(title=title, url=url))
        ops.edit_node(self.doc, node_id, sources=sources)

    def remove_source(self, index: int) -> None:
        node_id = self._single()
        if node_id is None:
            return
        sources = [s.model_copy() for s in self.doc.node(node_id).sources]
        if 0 <= index < len(sources):
            del sources[index]
            ops.edit_node(self.doc, node_id, sources=sources)

    def _edge_kind_chosen(self, index: int) -> None:
        if self.edge_id is not None:
            ops.set_edge_kind(self.doc, self.edge_id, EdgeKind(self.edge_kind.itemData(index)))

    def _edge_label_edited(self) -> None:
        if self.edge_id is not None and self.doc.has_edge(self.edge_id):
            edge = self.doc.edge(self.edge_id)
            if edge.label != self.edge_label.text():
                self.doc.undo_stack.push(
                    EditEdgeCommand(
                        self.doc, self.edge_id, {"label": self.edge_label.text()}, text="Label link"
                    )
                )


class _Blocked:
    """Block the signals of several widgets for the span of a ``with``."""

    def __init__(self, *widgets: QWidget) -> None:
        self.widgets = widgets
        self.blockers: list[QSignalBlocker] = []

    def __enter__(self) -> None:
        self.blockers = [QSignalBlocker(w) for w in self.widgets]

    def __exit__(self, *_exc: object) -> None:
        for blocker in self.blockers:
            blocker.unblock()
        self.blockers = []
