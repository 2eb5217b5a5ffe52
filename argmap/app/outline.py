"""The Outline: the map as an indented tree, following the drawn spanning tree.

Each node hangs under its parent in ``argmap.layout.tree.spanning_forest`` (its
first target), so the outline reads like the canvas. The tree is a
``QStandardItemModel`` (its work stays in C++). The common keyboard edits
(a new child, sibling or pasted subtree, a renamed node) update it in place at
once; changes that can reshape the tree (deletes, re-links) move what they
touch at once and schedule one exact rebuild when the user pauses, and only
while the panel is shown. Selection is synced both ways with the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from argmap.app.icons import kind_icon
from argmap.editing import operations as ops
from argmap.editing.document import MapDocument
from argmap.layout.tree import spanning_forest
from argmap.model import Node, NodeKind

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Delay after the last reshaping change before the exact rebuild.
REBUILD_DELAY_MS = 400
#: Parents whose children follow kind rules (co-premises first, sides), not document order.
_ORDERED_PARENTS = frozenset({NodeKind.REASON, NodeKind.CONTENTION})


#: How long after being shown the outline fills itself (the canvas paints first).
FIRST_FILL_DELAY_MS = 60


#: Pixels per level of the tree, and what a row needs beside its indentation: the
#: branch mark, the icon and enough of its text to read (the rest is elided).
INDENT = 14
ROW_ROOM = 150

#: With more rows than this, the outline follows the canvas selection a moment later.
DEFER_SELECTION_ITEMS = 1000
SELECTION_DELAY_MS = 40


class OutlinePanel(QTreeView):
    """The outline dock's tree; ``selection_ids_changed`` reports picks made here."""

    selection_ids_changed = Signal(list)

    def __init__(self, doc: MapDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.doc = doc
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.items: dict[str, QStandardItem] = {}
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A deep map indents far: the column is as wide as its deepest row needs and
        # the view scrolls sideways, rather than eliding deep rows down to "c...".
        self.setIndentation(INDENT)
        self.header().setStretchLastSection(False)
        self._deepest = 0
        self._syncing = False
        self._dirty = False
        self._canvas_selection: list[str] = []
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(REBUILD_DELAY_MS)
        self._rebuild_timer.timeout.connect(self._rebuild_if_shown)
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(SELECTION_DELAY_MS)
        self._select_timer.timeout.connect(self._apply_selection)
        self.selectionModel().selectionChanged.connect(self._on_own_selection)
        self.model_.itemChanged.connect(self._on_item_edited)
        doc.node_added.connect(self._on_node_added)
        doc.node_removed.connect(self._on_node_removed)
        doc.edge_added.connect(self._on_edge_added)
        doc.edge_removed.connect(self._on_edge_removed)
        doc.edge_changed.connect(lambda _id, _fields: self._schedule())
        doc.node_changed.connect(self._on_node_changed)
        doc.map_reset.connect(self.rebuild)
        self._unplaced: dict[str, QStandardItem] = {}
        doc.undo_stack.indexChanged.connect(self._place_unplaced)
        # The first build waits for the first painted frame of the window, which
        # calls build_if_dirty() (10,000 rows take a few hundred milliseconds).
        self._dirty = True

    def build_if_dirty(self) -> None:
        self._rebuild_if_dirty()

    # -- building ----------------------------------------------------------------------------

    def _make_item(self, node: Node) -> QStandardItem:
        item = QStandardItem(kind_icon(node.kind), _label(node))
        item.setData(node.id, ID_ROLE)
        item.setToolTip(f"{node.kind.value}: {node.text}" if node.text else node.kind.value)
        item.setEditable(True)
        self.items[node.id] = item
        return item

    def rebuild(self) -> None:
        """Rebuild the whole tree from the spanning forest (open, revert, after reshaping)."""
        self._rebuild_timer.stop()
        self._dirty = False
        self._unplaced = {}
        forest = spanning_forest(self.doc.map)
        nodes = self.doc.map.nodes
        self._syncing = True
        self.setUpdatesEnabled(False)
        try:
            self.model_.clear()
            self.items = {}
            made = [self._make_item(node) for node in nodes]
            root = self.model_.invisibleRootItem()
            for v in [*forest.roots, *sorted(forest.isolated)]:
                root.appendRow(made[v])
            for v, kids in enumerate(forest.children):
                if kids:
                    made[v].appendRows([made[k] for k in kids])
            self.expandAll()
            for node in nodes:
                if node.collapsed:
                    self.collapse(self.items[node.id].index())
        finally:
            self.setUpdatesEnabled(True)
            self._syncing = False
        deepest = 0
        stack = [(v, 0) for v in forest.roots]
        while stack:
            v, depth = stack.pop()
            deepest = max(deepest, depth)
            stack.extend((k, depth + 1) for k in forest.children[v])
        self._deepest = deepest
        self._fit_column()
        self.select_ids(self._canvas_selection)

    def _fit_column(self) -> None:
        """Make the column as wide as the deepest row needs, or the view if wider."""
        wanted = (self._deepest + 1) * INDENT + ROW_ROOM
        width = max(wanted, self.viewport().width())
        if self.columnWidth(0) != width:
            self.setColumnWidth(0, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def _schedule(self) -> None:
        self._dirty = True
        self._rebuild_timer.start()

    def _rebuild_if_shown(self) -> None:
        if self.isVisible():
            self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            # Fill the tree once the window has painted: on a 10,000-node map the
            # rebuild costs a third of a second that the first frame need not wait for.
            QTimer.singleShot(FIRST_FILL_DELAY_MS, self._rebuild_if_dirty)

    def _rebuild_if_dirty(self) -> None:
        if self._dirty and self.isVisible():
            self.rebuild()

    # -- incremental updates ------------------------------------------------------------------

    def _on_node_added(self, node_id: str) -> None:
        # Held back until the end of the undo step: a new child's link usually
        # follows at once, and moving a row out of 10,000 top-level rows is slow.
        self._unplaced[node_id] = self._make_item(self.doc.node(node_id))

    def _place_unplaced(self, *_args: object) -> None:
        """Put new nodes that got no parent during their undo step at the top level."""
        for node_id in list(self._unplaced):
            self._place_top(node_id)

    def _place_top(self, node_id: str) -> None:
        item = self._unplaced.pop(node_id, None)
        if item is None:
            return
        self._syncing = True
        try:
            self.model_.invisibleRootItem().appendRow(item)
        finally:
            self._syncing = False

    def _on_edge_added(self, edge_id: str) -> None:
        edge = self.doc.edge(edge_id)
        item = self.items.get(edge.source)
        parent = self.items.get(edge.target)
        if item is None or parent is None:
            return
        if edge.target in self._unplaced and not _is_ancestor(item, parent):
            self._place_top(edge.target)  # new too (a paste): its own link may follow
        new = edge.source in self._unplaced
        if not new and (item.parent() is not None or len(self.doc.targets_of(edge.source)) != 1):
            self._schedule()  # a second link: the tree may stay or change
            return
        if _is_ancestor(item, parent) or self.doc.node(edge.source).kind is NodeKind.THESIS:
            self._place_top(edge.source)
            self._schedule()
            return
        self._unplaced.pop(edge.source, None)
        self._move(item, parent)
        if self.doc.node(edge.target).kind in _ORDERED_PARENTS:
            self._schedule()

    def _on_node_removed(self, node_id: str) -> None:
        item = self.items.pop(node_id, None)
        if item is None or self._unplaced.pop(node_id, None) is not None:
            return
        self._syncing = True
        try:
            root = self.model_.invisibleRootItem()
            while item.rowCount():
                root.appendRow(item.takeRow(0))
            holder = item.parent() or root
            holder.removeRow(item.row())
        finally:
            self._syncing = False
        self._schedule()

    def _on_edge_removed(self, _edge_id: str) -> None:
        self._schedule()

    def _move(self, item: QStandardItem, parent: QStandardItem) -> None:
        self._syncing = True
        try:
            if item.model() is not None:  # else new: in no row yet
                holder = item.parent() or self.model_.invisibleRootItem()
                item = holder.takeRow(item.row())[0]
            parent.appendRow(item)
            if not self.doc.node(parent.data(ID_ROLE)).collapsed:
                self.expand(parent.index())
            self.expand(item.index())
        finally:
            self._syncing = False
        depth = 0
        probe = item.parent()
        while probe is not None:
            depth += 1
            probe = probe.parent()
        if depth > self._deepest:
            self._deepest = depth
            self._fit_column()

    def _on_node_changed(self, node_id: str, fields: list[str]) -> None:
        item = self.items.get(node_id)
        if item is None:
            return
        node = self.doc.node(node_id)
        self._syncing = True
        try:
            if "text" in fields:
                item.setText(_label(node))
            if {"text", "kind"} & set(fields):
                item.setToolTip(f"{node.kind.value}: {node.text}" if node.text else node.kind.value)
            if "kind" in fields:
                item.setIcon(kind_icon(node.kind))
            if "collapsed" in fields:
                self.setExpanded(item.index(), not node.collapsed)
        finally:
            self._syncing = False

    def _on_item_edited(self, item: QStandardItem) -> None:
        if self._syncing:
            return
        node_id = item.data(ID_ROLE)
        if isinstance(node_id, str) and self.doc.has_node(node_id):
            ops.edit_node(self.doc, node_id, text=item.text().strip())

    # -- lookups ---------------------------------------------------------------------------

    def index_of(self, node_id: str) -> QModelIndex:
        item = self.items.get(node_id)
        return item.index() if item is not None else QModelIndex()

    def node_id(self, index: QModelIndex) -> str | None:
        value = index.data(ID_ROLE) if index.isValid() else None
        return value if isinstance(value, str) else None

    def children_ids(self, node_id: str | None) -> list[str]:
        item = self.items.get(node_id) if node_id else self.model_.invisibleRootItem()
        if item is None:
            return []
        return [item.child(r).data(ID_ROLE) for r in range(item.rowCount())]

    def parent_id(self, node_id: str) -> str | None:
        item = self.items.get(node_id)
        parent = item.parent() if item is not None else None
        return parent.data(ID_ROLE) if parent is not None else None

    # -- selection --------------------------------------------------------------------------

    def select_ids(self, ids: list[str]) -> None:
        """Follow the canvas selection (without echoing it back). On a large map a
        little later, after the canvas has painted: selecting among thousands of
        rows costs more than the whole frame."""
        self._canvas_selection = list(ids)
        if len(self.items) > DEFER_SELECTION_ITEMS:
            self._select_timer.start()
            return
        self._apply_selection()

    def _apply_selection(self) -> None:
        ids = self._canvas_selection
        if not self.items:
            return
        selection = QItemSelection()
        for node_id in ids:
            index = self.index_of(node_id)
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
            first = self.index_of(ids[0]) if ids else QModelIndex()
            if first.isValid():
                model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.scrollTo(first)
        finally:
            self._syncing = False

    def selected_ids(self) -> list[str]:
        picked = {self.node_id(i) for i in self.selectionModel().selectedRows()}
        return [n.id for n in self.doc.map.nodes if n.id in picked]

    def _on_own_selection(self, *_args: object) -> None:
        if self._syncing:
            return
        ids = self.selected_ids()
        self._canvas_selection = ids
        self.selection_ids_changed.emit(ids)


def _label(node: Node) -> str:
    return node.text.replace("\n", " ") or "(empty)"


def _is_ancestor(item: QStandardItem, other: QStandardItem) -> bool:
    """True when ``item`` is ``other`` or one of its ancestors."""
    probe: QStandardItem | None = other
    while probe is not None:
        if probe is item:
            return True
        probe = probe.parent()
    return False
