"""The Outline: the map as an indented tree, following the drawn spanning tree.

Each node hangs under its parent in ``argmap.layout.tree.spanning_forest`` (its
first target), so the outline reads like the canvas. The model is a thin
``QAbstractItemModel`` over the forest's lists, rebuilt once per burst of
structural changes; the view only asks for the rows it shows, so a
10,000-node map stays quick. Selection is synced both ways with the canvas.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from argmap.app.icons import kind_icon
from argmap.editing import operations as ops
from argmap.editing.document import MapDocument
from argmap.layout.tree import spanning_forest

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = -1


class OutlineModel(QAbstractItemModel):
    """Rows are nodes; a row's children are the nodes that hang under it."""

    def __init__(self, doc: MapDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.ids: list[str] = []
        self.number: dict[str, int] = {}
        self.parent_of: list[int] = []
        self.children: list[list[int]] = []
        self.top: list[int] = []
        self.row_of: list[int] = []
        self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        forest = spanning_forest(self.doc.map)
        self.ids = forest.ids
        self.number = forest.index
        self.parent_of = forest.parent
        self.children = forest.children
        self.top = list(forest.roots) + sorted(forest.isolated)
        row_of = [0] * len(self.ids)
        for row, v in enumerate(self.top):
            row_of[v] = row
        for kids in self.children:
            for row, v in enumerate(kids):
                row_of[v] = row
        self.row_of = row_of
        self.endResetModel()

    # -- lookups ---------------------------------------------------------------------------

    def node_id(self, index: Index) -> str | None:
        if not index.isValid():
            return None
        return self.ids[index.internalId()]

    def index_of(self, node_id: str) -> QModelIndex:
        v = self.number.get(node_id)
        if v is None:
            return QModelIndex()
        return self.createIndex(self.row_of[v], 0, v)

    # -- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        rows = self.children[parent.internalId()] if parent.isValid() else self.top
        if column != 0 or not 0 <= row < len(rows):
            return QModelIndex()
        return self.createIndex(row, 0, rows[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        p = self.parent_of[index.internalId()]
        if p == NO_PARENT:
            return QModelIndex()
        return self.createIndex(self.row_of[p], 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self.children[parent.internalId()]) if parent.isValid() else len(self.top)

    def columnCount(self, _parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return bool(self.children[parent.internalId()]) if parent.isValid() else bool(self.top)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node_id = self.ids[index.internalId()]
        if not self.doc.has_node(node_id):
            return None
        node = self.doc.node(node_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return node.text.replace("\n", " ") or "(empty)"
            return node.text
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(node.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.kind.value}: {node.text}" if node.text else node.kind.value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node_id = self.node_id(index)
        if node_id is None or role != Qt.ItemDataRole.EditRole:
            return False
        ops.edit_node(self.doc, node_id, text=str(value))
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def refresh_node(self, node_id: str) -> None:
        index = self.index_of(node_id)
        if index.isValid():
            self.dataChanged.emit(index, index)


class OutlinePanel(QTreeView):
    """The outline dock's tree; ``selection_ids_changed`` reports picks made here."""

    selection_ids_changed = Signal(list)

    def __init__(self, doc: MapDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.doc = doc
        self.outline = OutlineModel(doc, self)
        self.setModel(self.outline)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._syncing = False
        self._canvas_selection: list[str] = []
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self.selectionModel().selectionChanged.connect(self._on_own_selection)
        doc.structure_changed.connect(self._rebuild_timer.start)
        doc.map_reset.connect(self._rebuild_timer.start)
        doc.node_changed.connect(self._on_node_changed)
        self.rebuild()

    def rebuild(self) -> None:
        self._rebuild_timer.stop()
        self._syncing = True
        try:
            self.outline.rebuild()
            self.expandAll()
            for node in self.doc.map.nodes:
                if node.collapsed:
                    self.collapse(self.outline.index_of(node.id))
        finally:
            self._syncing = False
        self.select_ids(self._canvas_selection)

    def _on_node_changed(self, node_id: str, fields: list[str]) -> None:
        if self._rebuild_timer.isActive():
            return
        if "collapsed" in fields:
            index = self.outline.index_of(node_id)
            self.setExpanded(index, not self.doc.node(node_id).collapsed)
        if {"text", "kind"} & set(fields):
            self.outline.refresh_node(node_id)

    def select_ids(self, ids: list[str]) -> None:
        """Follow the canvas selection (without echoing it back)."""
        self._canvas_selection = list(ids)
        if self._rebuild_timer.isActive():
            return
        selection = QItemSelection()
        for node_id in ids:
            index = self.outline.index_of(node_id)
            if index.isValid():
                selection.select(index, index)
        self._syncing = True
        try:
            model = self.selectionModel()
            model.select(
                selection,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            if ids:
                first = self.outline.index_of(ids[0])
                if first.isValid():
                    model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                    self.scrollTo(first)
        finally:
            self._syncing = False

    def selected_ids(self) -> list[str]:
        picked = {self.outline.node_id(i) for i in self.selectionModel().selectedRows()}
        return [n.id for n in self.doc.map.nodes if n.id in picked]

    def _on_own_selection(self, *_args: object) -> None:
        if self._syncing:
            return
        ids = self.selected_ids()
        self._canvas_selection = ids
        self.selection_ids_changed.emit(ids)
