"""The find bar (Ctrl+F): incremental search over text, notes and tags, and a canvas filter.

Typing searches at once; Enter and Shift+Enter (or F3 and Shift+F3) step through
the hits, each selected and centred. The filter box dims every node that is
not of a kind, not carrying a tag, or not a search hit (``scene.set_filter``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from argmap.app.actions import KIND_ORDER
from argmap.app.icons import icon, kind_icon
from argmap.editing.document import MapDocument
from argmap.model import Node, NodeKind

FILTER_NONE = ""
FILTER_HITS = "hits"


def matches(node: Node, needle: str) -> bool:
    """Case-insensitive match in the node's text, notes or tags."""
    if not needle:
        return False
    return (
        needle in node.text.casefold()
        or needle in node.notes.casefold()
        or any(needle in tag.casefold() for tag in node.tags)
    )


class FindBar(QWidget):
    """A bar above the canvas; ``hit_chosen`` asks the window to select and centre a node."""

    hit_chosen = Signal(str)
    filter_changed = Signal(object)  # set of ids to keep bright, or None
    closed = Signal()

    def __init__(self, doc: MapDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.doc = doc
        self.hits: list[str] = []
        self.current = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.field = QLineEdit(self)
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText("Find in text, notes and tags")
        self.field.setClearButtonEnabled(True)
        self.field.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.field.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setMinimumWidth(90)
        self.previous_button = self._button("find-previous", "Previous hit (Shift+Enter)")
        self.next_button = self._button("find-next", "Next hit (Enter)")
        self.filter = QComboBox(self)
        self.filter.setObjectName("find_filter")
        self.filter.setToolTip("Dim every node but these")
        self.close_button = self._button("clear", "Close the find bar (Esc)")
        layout.addWidget(self.field, 3)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Filter:", self))
        layout.addWidget(self.filter, 1)
        layout.addWidget(self.close_button)
        self.field.textChanged.connect(self.search)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.filter.activated.connect(lambda _i: self.apply_filter())
        self.close_button.clicked.connect(self.close_bar)
        doc.structure_changed.connect(self._refresh_later)
        doc.node_changed.connect(lambda _id, fields: self._on_node_changed(fields))
        self._stale = False
        self.fill_filters()

    def _button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # -- showing -------------------------------------------------------------------------

    def open_bar(self) -> None:
        self.fill_filters()
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self.search(self.field.text())

    def close_bar(self) -> None:
        self.filter.setCurrentIndex(0)
        self.apply_filter()
        self.hide()
        self.closed.emit()

    def fill_filters(self) -> None:
        """Kinds and tags present in the map, to pick from."""
        chosen = self.filter.currentData()
        self.filter.clear()
        self.filter.addItem("None", FILTER_NONE)
        self.filter.addItem(icon("find"), "Search hits", FILTER_HITS)
        present = {n.kind for n in self.doc.map.nodes}
        for kind in KIND_ORDER:
            if kind in present:
                self.filter.addItem(kind_icon(kind), f"Kind: {kind.value}", f"kind:{kind.value}")
        tags = sorted({t for n in self.doc.map.nodes for t in n.tags}, key=str.casefold)
        for tag in tags:
            self.filter.addItem(f"Tag: {tag}", f"tag:{tag}")
        index = self.filter.findData(chosen)
        self.filter.setCurrentIndex(max(index, 0))

    # -- searching ------------------------------------------------------------------------

    def search(self, text: str | None = None) -> None:
        needle = (self.field.text() if text is None else text).strip().casefold()
        self.hits = [n.id for n in self.doc.map.nodes if matches(n, needle)]
        self.current = -1
        self._stale = False
        if self.hits:
            self.step(1)
        self._show_count()
        if self.filter.currentData() == FILTER_HITS:
            self.apply_filter()

    def step(self, delta: int) -> None:
        if self._stale:
            keep = self.hits[self.current] if 0 <= self.current < len(self.hits) else None
            self.search()
            if keep in self.hits:
                self.current = self.hits.index(keep)
                self._show_count()
                return
        if not self.hits:
            return
        self.current = (self.current + delta) % len(self.hits)
        self._show_count()
        self.hit_chosen.emit(self.hits[self.current])

    def find_next(self) -> None:
        if self.isHidden():
            self.open_bar()
            return
        self.step(1)

    def find_previous(self) -> None:
        if self.isHidden():
            self.open_bar()
            return
        self.step(-1)

    def _show_count(self) -> None:
        if not self.field.text().strip():
            self.count.setText("")
            self.field.setStyleSheet("")
        elif not self.hits:
            self.count.setText("No match")
            self.field.setStyleSheet("QLineEdit { background: #fbe3dc; }")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.hits)}")
            self.field.setStyleSheet("")

    def _refresh_later(self) -> None:
        self._stale = True
        if self.isVisible():
            self.fill_filters()

    def _on_node_changed(self, fields: list[str]) -> None:
        if {"text", "notes", "tags", "kind"} & set(fields):
            self._stale = True

    # -- filtering --------------------------------------------------------------------------

    def filter_ids(self) -> set[str] | None:
        choice = self.filter.currentData() or FILTER_NONE
        nodes = self.doc.map.nodes
        if choice == FILTER_NONE:
            return None
        if choice == FILTER_HITS:
            return set(self.hits)
        what, _, value = str(choice).partition(":")
        if what == "kind":
            return {n.id for n in nodes if n.kind is NodeKind(value)}
        return {n.id for n in nodes if value in n.tags}

    def apply_filter(self) -> None:
        self.filter_changed.emit(self.filter_ids())

    # -- keys -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if shift else 1)
                return True
            if key == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Cancel):
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
