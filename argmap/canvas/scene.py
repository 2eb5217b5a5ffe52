"""MapScene: the graphics scene of one document, following its signals.

The scene owns one ``NodeItem`` per visible node and one ``EdgeItem`` per
visible edge, places them with ``argmap.layout`` and keeps them current as the
document changes. Changes are gathered and applied once per undo step (or on
the next turn of the event loop), so a paste of a hundred nodes lays the map
out once, not a hundred times.

A map of more than ``ASYNC_LAYOUT_NODES`` nodes is laid out by the layout
worker process (``argmap.layout.worker``), from a thread that waits for it:
the edit shows at once (a new node next to its siblings, a resized box in
place) and the items move to the new layout when it is ready, a few hundred
milliseconds later on a 10,000-node map, while typing goes on.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSceneMouseEvent

from argmap.canvas import painting
from argmap.canvas.edge_item import EdgeItem
from argmap.canvas.fonts import ensure_fonts
from argmap.canvas.highlights import Highlights
from argmap.canvas.node_item import NodeItem
from argmap.canvas.theme import Theme, load_theme
from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.editing.background import start_thread
from argmap.editing.commands import MoveCommand
from argmap.layout.layout import layout
from argmap.layout.options import LayoutOptions
from argmap.layout.result import Layout
from argmap.layout.worker import apply_diff, compact
from argmap.model import ArgumentMap, Direction, Position
from argmap.workers import shared_worker

#: Extra room around the map in the scene rect, so the map can be panned past its edge.
SCENE_MARGIN = 400.0
#: Maps with more nodes than this are laid out in the layout worker process, from a
#: thread that waits for it (see the module docstring).
ASYNC_LAYOUT_NODES = 2000
LAYOUT_WORKER = "argmap.layout.worker"
_LAYOUT_KEYS = itertools.count(1)
#: ...starting this long after the edit, once its frame is painted (the thread
#: takes a compact copy of the map first, which would slow that frame).
ASYNC_LAYOUT_DELAY_MS = 25


class MapScene(QGraphicsScene):
    """The drawn map of one ``MapDocument``."""

    selection_ids_changed = Signal(list)
    layout_changed = Signal()
    hovered_node_changed = Signal(object)  # node id or None
    connect_requested = Signal(str, str, QPointF)  # source, target, scene position of the drop
    _layout_done = Signal(object)  # from the layout thread: (generation, changed, result)

    def __init__(
        self, doc: MapDocument, theme: str | Theme = "light", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        ensure_fonts()
        self.document = doc
        self.theme: Theme = load_theme(theme) if isinstance(theme, str) else theme
        self.export_mode = False
        self.layout_result: Layout | None = None
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[str, EdgeItem] = {}
        self._edges_at: dict[str, list[str]] | None = None  # None: to rebuild when needed
        self._placing = False  # items are being placed by the layout: no hand re-routing
        self._node_margin = painting.node_margin(self.theme)
        # What the items were last given, to touch only what a new layout changes.
        self._placed: dict[str, tuple[float, float]] = {}
        self._routes: dict[str, object] = {}
        self._hidden: dict[str, int] = {}
        self._resized: set[str] = set()
        self._sizes: dict[str, tuple[float, float]] = {}
        self._filter: set[str] | None = None
        self._dirty_layout = False
        self._changed: set[str] = set()
        self._drag_start: dict[str, QPointF] = {}
        self._raised: set[str] = set()  # selected nodes, drawn above the others
        self._connect_from: str | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self.flush)
        #: Maps with more nodes are laid out in the background (tests lower it).
        self.async_layout_nodes = ASYNC_LAYOUT_NODES
        self._layout_generation = 0
        self._layout_running = False
        self._unapplied: set[str] = set()  # changed ids the applied layout has not seen
        # Nodes and edges added since the last provisional placement (in order), and
        # the children of each node in the last layout's tree (with those placed since).
        self._added_nodes: dict[str, None] = {}
        self._added_edges: dict[str, None] = {}
        self._kids: tuple[Layout, dict[str, list[str]]] | None = None
        self._layout_key = 0  # names layout_result to the layout worker
        self._layout_done.connect(self._on_layout_done)
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(ASYNC_LAYOUT_DELAY_MS)
        self._layout_timer.timeout.connect(self._start_layout_job)

        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.highlights = Highlights(self)
        self._connect_document(doc)
        self.selectionChanged.connect(self._on_selection_changed)
        self._measure_all()
        self.relayout()
        self.highlights.apply()

    def prepare_background(self) -> None:
        """Start the layout worker of a large map now (after the first frame, say),
        so that it is ready by the first edit."""
        if len(self.document.map.nodes) > self.async_layout_nodes:
            shared_worker(LAYOUT_WORKER).start()

    # -- document signals ---------------------------------------------------------------

    def _connect_document(self, doc: MapDocument) -> None:
        # Through plain functions holding a weak reference: a scene deleted before
        # its document (a test's, or an export's) is then never called, even by the
        # last index change a dying undo stack announces.
        self._connections = [
            (signal, _relay(self, name))
            for signal, name in (
                (doc.node_added, "_on_node_added"),
                (doc.node_removed, "_on_node_removed"),
                (doc.node_changed, "_on_node_changed"),
                (doc.edge_added, "_on_structure"),
                (doc.edge_removed, "_on_edge_removed"),
                (doc.edge_changed, "_on_edge_changed"),
                (doc.map_changed, "_on_map_changed"),
                (doc.map_reset, "_on_reset"),
                (doc.undo_stack.indexChanged, "_on_undo_index_changed"),
            )
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    def detach(self) -> None:
        """Stop following the document (before deleting a scene whose document lives on,
        or dies later: a dying undo stack still announces its last index change)."""
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        self._connections = []
        self.highlights.detach()
        self._flush_timer.stop()
        self._layout_timer.stop()
        self._layout_generation += 1  # a layout still running on a thread is dropped

    def _on_undo_index_changed(self, _index: int) -> None:
        self.flush()

    def _schedule(self) -> None:
        self._dirty_layout = True
        self._flush_timer.start()

    def _on_node_added(self, node_id: str) -> None:
        self._sizes[node_id] = self._measure(node_id)
        self._changed.add(node_id)
        self._added_nodes[node_id] = None
        self._schedule()

    def _on_node_removed(self, node_id: str) -> None:
        self._sizes.pop(node_id, None)
        self._placed.pop(node_id, None)
        item = self._nodes.pop(node_id, None)
        if item is not None:
            self.removeItem(item)
        self._schedule()

    def _on_structure(self, ident: str = "") -> None:
        self._edges_at = None
        if ident and self.document.has_edge(ident):
            edge = self.document.edge(ident)
            self._changed.update((edge.source, edge.target))
            self._added_edges[ident] = None
        self._schedule()

    def _on_edge_removed(self, edge_id: str) -> None:
        self._edges_at = None
        item = self._edges.pop(edge_id, None)
        self._routes.pop(edge_id, None)
        if item is not None:
            self.removeItem(item)
        self._schedule()

    def _on_edge_changed(self, edge_id: str, fields: list[str]) -> None:
        if {"source", "target", "kind"} & set(fields):
            self._on_structure(edge_id)
        item = self._edges.get(edge_id)
        if item is not None:
            item.update()

    def _on_node_changed(self, node_id: str, fields: list[str]) -> None:
        item = self._nodes.get(node_id)
        changed = set(fields)
        if changed & {"text", "kind"}:
            size = self._measure(node_id)
            if size != self._sizes.get(node_id):
                self._sizes[node_id] = size
                self._resized.add(node_id)
                self._changed.add(node_id)
                self._schedule()
        if "collapsed" in changed:
            self._changed.add(node_id)
            self._schedule()
        if "position" in changed:
            position = self.document.node(node_id).position
            if position is None:
                self._changed.add(node_id)
                self._schedule()
            elif item is not None:
                item.setPos(position.x, position.y)
                self.node_moved(node_id)
        if item is not None:
            item.invalidate()

    def _on_map_changed(self, fields: list[str]) -> None:
        if "view" in fields:
            self._schedule()

    def _on_reset(self) -> None:
        for item in list(self._nodes.values()) + list(self._edges.values()):
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()
        self._placed.clear()
        self._routes.clear()
        self._hidden.clear()
        self._edges_at = None
        self.layout_result = None
        self._measure_all()
        self.relayout()
        self.highlights.apply()

    # -- layout ------------------------------------------------------------------------------

    def flush(self) -> None:
        """Apply pending changes now (called after each undo step and on the next idle turn)."""
        self._flush_timer.stop()
        if not self._dirty_layout:
            return
        if (
            len(self.document.map.nodes) > self.async_layout_nodes
            and self.layout_result is not None
        ):
            self._relayout_async()
        else:
            self.relayout(changed=self._changed)

    def relayout(self, changed: Iterable[str] | None = None) -> None:
        """Lay the map out now and bring every item to its place."""
        self._dirty_layout = False
        changed_ids = set(changed) | self._unapplied if changed is not None else None
        self._changed = set()
        self._unapplied = set()
        self._layout_generation += 1  # a layout still running on a thread is out of date
        self._layout_timer.stop()
        self._added_nodes, self._added_edges = {}, {}
        doc = self.document
        result = layout(
            doc.map,
            self._sizes,
            previous=self.layout_result if changed_ids is not None else None,
            changed=changed_ids,
        )
        self._apply_layout(result)

    def _apply_layout(self, result: Layout, key: int | None = None) -> None:
        self.layout_result = result
        self._layout_key = next(_LAYOUT_KEYS) if key is None else key
        new_nodes, new_edges = self._sync_items(result)
        x, y, w, h = result.bounds
        m = self._node_margin + SCENE_MARGIN  # halos reach past the boxes
        self.setSceneRect(QRectF(x - m, y - m, w + 2 * m, h + 2 * m))
        self.highlights.style_items(new_nodes)
        self.highlights.style_edges(new_edges)
        self.layout_changed.emit()

    # -- layout in the background (large maps) ----------------------------------------------------

    @property
    def layout_pending(self) -> bool:
        """True while the items show an edit that the layout has not placed yet."""
        return (
            self._dirty_layout
            or self._layout_running
            or self._layout_timer.isActive()
            or bool(self._unapplied)
        )

    def wait_for_layout(self, timeout: float = 30.0) -> None:
        """Block until a layout running in the background has been applied (tests, benchmarks)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(int(timeout * 1000))
        self.flush()
        while self.layout_pending:
            if deadline.hasExpired():
                raise TimeoutError(f"no layout within {timeout} s")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            self.flush()

    def _relayout_async(self) -> None:
        self._dirty_layout = False
        self._unapplied |= self._changed
        self._changed = set()
        self._place_provisionally()
        self._layout_generation += 1
        if not self._layout_running:
            self._layout_timer.start()

    def _start_layout_job(self) -> None:
        self._layout_timer.stop()
        if self._layout_running:
            return  # the running job starts the next one when it ends
        generation = self._layout_generation
        job_changed = set(self._unapplied)
        amap = self.document.map.snapshot()  # its own lists: edits may go on meanwhile
        sizes = dict(self._sizes)
        previous, base_key, key = self.layout_result, self._layout_key, next(_LAYOUT_KEYS)
        done = self._layout_done

        def run() -> None:
            result = _layout_in_worker(key, amap, sizes, base_key, previous, job_changed)
            with contextlib.suppress(RuntimeError):  # the scene is gone
                done.emit((generation, job_changed, result, key))

        self._layout_running = True
        start_thread(run, name="argmap-layout")

    def _on_layout_done(self, item: tuple[int, set[str], Layout | Exception, int]) -> None:
        generation, job_changed, result, key = item
        self._layout_running = False
        if generation != self._layout_generation:
            if self._unapplied and not self._dirty_layout:
                self._start_layout_job()  # the map changed meanwhile: lay out the newest
            return
        if isinstance(result, Exception):
            self.relayout(changed=set())  # on this thread, where an error surfaces
            return
        self._unapplied -= job_changed
        self._apply_layout(result, key)

    def _place_provisionally(self) -> None:
        """Show new nodes and edges, and new box sizes, before the layout places them:
        a new node beside its last sibling (or one level past its parent)."""
        doc, nodes, sizes = self.document, self._nodes, self._sizes
        for node_id in self._resized:
            item = nodes.get(node_id)
            if item is not None:
                item.set_size(sizes[node_id])
        added_nodes, self._added_nodes = self._added_nodes, {}
        added_edges, self._added_edges = self._added_edges, {}
        fresh = [i for i in added_nodes if doc.has_node(i) and i not in nodes]
        previous = self.layout_result
        if fresh and previous is not None:
            if len(fresh) > 1:  # document order (a paste): parents before children
                wanted = set(fresh)
                fresh = [n.id for n in doc.map.nodes if n.id in wanted]
            parent_of: dict[str, str] = {}
            for edge_id in added_edges:
                if doc.has_edge(edge_id):
                    edge = doc.edge(edge_id)
                    parent_of.setdefault(edge.source, edge.target)
            if self._kids is None or self._kids[0] is not previous:
                kids: dict[str, list[str]] = {}
                for child, parent in previous.tree_parent.items():
                    if parent is not None:
                        kids.setdefault(parent, []).append(child)
                self._kids = (previous, kids)
            created = self._place_new(fresh, parent_of, self._kids[1], previous.direction)
            self.highlights.style_items(created)
        new_edges = [
            doc.edge(e)
            for e in added_edges
            if doc.has_edge(e)
            and e not in self._edges
            and doc.edge(e).source in nodes
            and doc.edge(e).target in nodes
        ]
        for edge in new_edges:
            edge_item = EdgeItem(edge.id)
            edge_item.route_between(nodes[edge.source].scene_box(), nodes[edge.target].scene_box())
            self._edges[edge.id] = edge_item
            self.addItem(edge_item)
        if new_edges:
            self._edges_at = None
            self.highlights.style_edges(e.id for e in new_edges)

    def _place_new(
        self,
        new: list[str],
        parent_of: dict[str, str],
        kids: dict[str, list[str]],
        direction: Direction,
    ) -> list[str]:
        doc, nodes, placed, sizes = self.document, self._nodes, self._placed, self._sizes
        opts = LayoutOptions()
        # (along, across) unit axes: siblings side by side along, levels across
        horizontal = direction in (Direction.RIGHT, Direction.LEFT)
        sign = -1.0 if direction in (Direction.UP, Direction.LEFT) else 1.0

        def split(xy: tuple[float, float], wh: tuple[float, float]) -> tuple[float, ...]:
            if horizontal:
                return xy[1], xy[0], wh[1] / 2, wh[0] / 2
            return xy[0], xy[1], wh[0] / 2, wh[1] / 2

        created: list[str] = []
        pending = list(new)
        for _round in range(len(pending) + 1):  # parents first (a pasted subtree)
            if not pending:
                break
            waiting = []
            for node_id in pending:
                parent = parent_of.get(node_id)
                size = sizes.get(node_id, opts.default_size)
                node = doc.node(node_id)
                if parent is not None and parent not in nodes:
                    if parent in pending:
                        waiting.append(node_id)
                    continue  # else under a collapsed node: hidden, the layout knows
                if parent is not None and doc.node(parent).collapsed:
                    continue
                if parent is not None:
                    siblings = [k for k in kids.get(parent, []) if k in nodes]
                    if siblings:
                        last = max(siblings, key=lambda k: split(placed[k], sizes[k])[0])
                        a, c, ha, _hc = split(placed[last], sizes[last])
                        half = split((0, 0), size)[2]
                        along, across = a + ha + opts.sibling_gap + half, c
                    else:
                        pa, pc, _pha, phc = split(placed[parent], sizes[parent])
                        half = split((0, 0), size)[3]
                        along, across = pa, pc + sign * (phc + opts.level_gap + half)
                    xy = (across, along) if horizontal else (along, across)
                    kids.setdefault(parent, []).append(node_id)
                elif node.position is not None:
                    xy = (node.position.x, node.position.y)
                else:
                    r = self.sceneRect()
                    xy = (
                        r.right() - SCENE_MARGIN + opts.tree_gap + size[0] / 2,
                        r.top() + SCENE_MARGIN,
                    )
                item = NodeItem(node_id, size, self._node_margin, xy)
                item.dimmed = self._filter is not None and node_id not in self._filter
                nodes[node_id] = item
                placed[node_id] = xy
                self.addItem(item)
                created.append(node_id)
            if len(waiting) == len(pending):
                break
            pending = waiting
        return created

    def _sync_items(self, result: Layout) -> tuple[set[str], set[str]]:
        """Bring items in line with a layout, touching only what changed; returns the
        ids of the node and edge items it created.

        ``_placed`` and ``_routes`` remember what each item was last given, so an
        edit that moves three nodes costs three ``setPos`` calls, not ten thousand.
        """
        doc = self.document
        positions = result.positions
        nodes = self._nodes
        sizes = self._sizes
        placed = self._placed
        for node_id in [n for n in nodes if n not in positions]:
            self.removeItem(nodes.pop(node_id))
            placed.pop(node_id, None)
        new_nodes = positions.keys() - nodes.keys()
        hidden = result.hidden_count
        old_hidden = self._hidden
        self._hidden = dict(hidden)
        recount = {
            n for n in hidden.keys() | old_hidden.keys() if hidden.get(n) != old_hidden.get(n)
        }
        resized, self._resized = self._resized, set()
        self._placing = True
        try:
            if new_nodes:
                margin = self._node_margin
                flt = self._filter
                for node in doc.map.nodes:  # document order: the stacking order of equals
                    node_id = node.id
                    if node_id in new_nodes:
                        xy = positions[node_id]
                        item = NodeItem(node_id, sizes[node_id], margin, xy)
                        item.hidden_count = hidden.get(node_id, 0)
                        item.dimmed = flt is not None and node_id not in flt
                        nodes[node_id] = item
                        placed[node_id] = xy
                        self.addItem(item)
            for node_id in resized:
                known = nodes.get(node_id)
                if known is not None and node_id not in new_nodes:
                    known.set_size(sizes[node_id])
            for node_id in recount:
                known = nodes.get(node_id)
                if known is not None and node_id not in new_nodes:
                    known.hidden_count = hidden.get(node_id, 0)
                    known.invalidate()
            get = placed.get
            for node_id in [n for n, xy in positions.items() if get(n) != xy]:
                xy = positions[node_id]
                nodes[node_id].setPos(xy[0], xy[1])
                placed[node_id] = xy
        finally:
            self._placing = False
        routes = result.routes
        edges = self._edges
        last = self._routes
        gone = [e for e in edges if e not in routes]
        for edge_id in gone:
            self.removeItem(edges.pop(edge_id))
            last.pop(edge_id, None)
        new_edges = routes.keys() - edges.keys()
        if new_edges:
            for edge in doc.map.edges:
                if edge.id in new_edges:
                    route = routes[edge.id]
                    edge_item = EdgeItem(edge.id)
                    edge_item.set_route(route.points, route.curved)
                    edges[edge.id] = edge_item
                    last[edge.id] = route
                    self.addItem(edge_item)
        get_route = last.get
        for edge_id in [
            e for e, r in routes.items() if get_route(e) is not r and get_route(e) != r
        ]:
            route = routes[edge_id]
            edges[edge_id].set_route(route.points, route.curved)
            last[edge_id] = route
        if gone or new_edges:
            self._edges_at = None
        return set(new_nodes), set(new_edges)

    def _edges_by_node(self) -> dict[str, list[str]]:
        """Drawn edges by the nodes they touch (rebuilt after structure changes)."""
        if self._edges_at is None:
            edges_at: dict[str, list[str]] = {}
            drawn = self._edges
            for edge in self.document.map.edges:
                if edge.id in drawn:
                    edges_at.setdefault(edge.source, []).append(edge.id)
                    edges_at.setdefault(edge.target, []).append(edge.id)
            self._edges_at = edges_at
        return self._edges_at

    def node_moved(self, node_id: str) -> None:
        """A node item moved (drag, or a stored position applied): re-route its edges."""
        if self._placing:  # the layout brings the routes too
            return
        item = self._nodes.get(node_id)
        if item is not None:
            pos = item.pos()
            self._placed[node_id] = (pos.x(), pos.y())
        for edge_id in self._edges_by_node().get(node_id, ()):
            edge_item = self._edges.get(edge_id)
            if edge_item is None:
                continue
            self._routes.pop(edge_id, None)  # routed by hand: the next layout re-applies its own
            edge = self.document.edge(edge_id)
            source, target = self._nodes.get(edge.source), self._nodes.get(edge.target)
            if source is not None and target is not None:
                edge_item.route_between(source.scene_box(), target.scene_box())

    # -- measuring -----------------------------------------------------------------------------

    def _measure(self, node_id: str) -> tuple[float, float]:
        node = self.document.node(node_id)
        return painting.box_size(node.kind, node.text, self.theme)

    def _measure_all(self) -> None:
        size, theme = painting.box_size, self.theme
        self._sizes = {n.id: size(n.kind, n.text, theme) for n in self.document.map.nodes}

    # -- public API -----------------------------------------------------------------------------

    def item_for(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def edge_item_for(self, edge_id: str) -> EdgeItem | None:
        return self._edges.get(edge_id)

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def selected_node_ids(self) -> list[str]:
        selected = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n.id for n in self.document.map.nodes if n.id in selected]

    def selected_edge_ids(self) -> list[str]:
        selected = {i.edge_id for i in self.selectedItems() if isinstance(i, EdgeItem)}
        return [e.id for e in self.document.map.edges if e.id in selected]

    def select_nodes(self, ids: Iterable[str], clear: bool = True) -> None:
        self.flush()
        self.blockSignals(True)
        try:
            if clear:
                self.clearSelection()
            for node_id in ids:
                item = self._nodes.get(node_id)
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self._on_selection_changed()

    def set_theme(self, theme: str | Theme) -> None:
        self.theme = load_theme(theme) if isinstance(theme, str) else theme
        self._node_margin = painting.node_margin(self.theme)
        self._measure_all()
        for item in self._nodes.values():
            item.set_margin(self._node_margin)
        self._resized.update(self._nodes)
        self.relayout()
        self.update()

    def set_export_mode(self, on: bool) -> None:
        self.export_mode = on
        for item in self._nodes.values():
            item.invalidate()
        for edge_item in self._edges.values():
            edge_item.update()

    def set_filter(self, ids: set[str] | None) -> None:
        """Dim every node outside ``ids``; None shows all nodes plainly."""
        self._filter = set(ids) if ids is not None else None
        for node_id, item in self._nodes.items():
            dimmed = self._filter is not None and node_id not in self._filter
            if item.dimmed != dimmed:
                item.dimmed = dimmed
                item.invalidate()

    def map_rect(self) -> QRectF:
        """Bounding rect of every drawn node and edge (halos included)."""
        # In Python numbers rather than QRectF.united: 20,000 Qt calls cost ~0.1 s.
        placed = self._placed
        left, top, right, bottom = math.inf, math.inf, -math.inf, -math.inf
        for node_id, item in self._nodes.items():
            x, y = placed[node_id]
            w, h = item._size
            m = item._margin
            hw, hh = w / 2 + m, h / 2 + m
            if x - hw < left:
                left = x - hw
            if x + hw > right:
                right = x + hw
            if y - hh < top:
                top = y - hh
            if y + hh > bottom:
                bottom = y + hh
        for edge_item in self._edges.values():
            extent = edge_item.extent
            if extent is None:
                continue
            # edges never move: their bounds are scene bounds
            if extent[0] < left:
                left = extent[0]
            if extent[1] < top:
                top = extent[1]
            if extent[2] > right:
                right = extent[2]
            if extent[3] > bottom:
                bottom = extent[3]
        if left > right:
            return QRectF()
        return QRectF(left, top, right - left, bottom - top)

    def toggle_collapse(self, node_id: str) -> None:
        ops.set_collapsed(self.document, [node_id])

    def node_hovered(self, node_id: str, entered: bool) -> None:
        self.hovered_node_changed.emit(node_id if entered else None)
        if not self.highlights.what_if_active:
            selected = self.selected_node_ids()
            fallback = selected[0] if len(selected) == 1 else None
            self.highlights.set_preview(node_id if entered else fallback)

    def set_highlight_mode(self, mode: str) -> None:
        """ "tripwires" (halos on the tripwires) or "none"."""
        self.highlights.set_mode(mode)

    def set_thesis(self, thesis: str | None) -> None:
        """Highlight the tripwires of one thesis (None: of every thesis)."""
        self.highlights.set_thesis(thesis)

    def navigate(self, node_id: str, direction: str) -> str | None:
        """The neighbour of ``node_id`` in the drawn tree, by arrow direction (Alt+arrows).

        Towards the theses goes to the node it hangs under; away from them, to its
        middle child; across, to the previous or next node of its level.
        """
        result = self.layout_result
        origin = self._nodes.get(node_id)
        if result is None or origin is None:
            return None
        towards_root = {"down": "up", "up": "down", "right": "left", "left": "right"}[
            result.direction.value
        ]
        away = {"up": "down", "down": "up", "left": "right", "right": "left"}[towards_root]
        if direction == towards_root:
            return result.tree_parent.get(node_id)
        children = [n for n, p in result.tree_parent.items() if p == node_id and n in self._nodes]
        across_axis = 0 if towards_root in ("up", "down") else 1

        def along(n: str) -> float:
            pos = self._nodes[n].pos()
            return pos.x() if across_axis == 0 else pos.y()

        if direction == away:
            if not children:
                return None
            children.sort(key=along)
            return children[len(children) // 2]
        # Across: the nearest node of the same level on that side.
        level = (
            self._nodes[node_id].pos().y() if across_axis == 0 else self._nodes[node_id].pos().x()
        )
        here = along(node_id)
        sign = -1.0 if direction in ("left", "up") else 1.0
        best: tuple[float, str] | None = None
        for other_id, item in self._nodes.items():
            other_level = item.pos().y() if across_axis == 0 else item.pos().x()
            if other_id == node_id or abs(other_level - level) > 1.0:
                continue
            gap = (along(other_id) - here) * sign
            if gap > 0 and (best is None or gap < best[0]):
                best = (gap, other_id)
        return best[1] if best else None

    # -- selection ------------------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        selected = self.selected_node_ids()
        now = set(selected)
        for node_id in now ^ self._raised:
            item = self._nodes.get(node_id)
            if item is not None:
                item.set_raised(node_id in now)
        self._raised = now
        if not self.highlights.what_if_active:
            self.highlights.set_preview(selected[0] if len(selected) == 1 else None)
        self.selection_ids_changed.emit(selected)

    # -- mouse: moves and connect drags ----------------------------------------------------------

    def _node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        item = self._node_at(event.scenePos())
        if (
            self.highlights.what_if_active
            and item is not None
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self.highlights.toggle_flip(item.node_id)  # a what-if flip, never an edit
            event.accept()
            return
        if (
            event.button() == Qt.MouseButton.LeftButton
            and item is not None
            and item.is_on_handle(event.scenePos())
            and not item.is_on_badge(event.scenePos())
        ):
            self._connect_from = item.node_id
            pen = QPen(QColor(self.theme.selection), 2.0, Qt.PenStyle.DashLine)
            self._connect_line = self.addLine(QLineF(item.pos(), event.scenePos()), pen)
            self._connect_line.setZValue(100)
            event.accept()
            return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = {
                i.node_id: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)
            }

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_line is not None and self._connect_from is not None:
            start = self._nodes[self._connect_from].pos()
            self._connect_line.setLine(QLineF(start, event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)
        placed = self._placed
        for node_id in self._drag_start:  # the items a drag moves: their edges follow
            item = self._nodes.get(node_id)
            if item is not None:
                pos = item.pos()
                if placed.get(node_id) != (pos.x(), pos.y()):
                    self.node_moved(node_id)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_from is not None:
            source = self._connect_from
            self._connect_from = None
            if self._connect_line is not None:
                self.removeItem(self._connect_line)
                self._connect_line = None
            target = self._node_at(event.scenePos())
            if target is not None and target.node_id != source:
                self.connect_requested.emit(source, target.node_id, event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._finish_drag()

    def _finish_drag(self) -> None:
        moved = {}
        for node_id, start in self._drag_start.items():
            item = self._nodes.get(node_id)
            if item is not None and item.pos() != start:
                moved[node_id] = (item.pos().x(), item.pos().y())
        self._drag_start = {}
        if not moved:
            return
        # Items already sit at their new places; the command records old and new.
        old = {n: self.document.node(n).position for n in moved}
        new = {n: Position(x=x, y=y) for n, (x, y) in moved.items()}
        self.document.undo_stack.push(
            MoveCommand(
                self.document, new, old, text=f"Move {len(moved)} node{'s' * (len(moved) > 1)}"
            )
        )


def _relay(scene: MapScene, name: str) -> Callable[..., None]:
    """A slot calling ``scene.<name>`` while the scene (and its C++ object) lives."""
    ref = weakref.ref(scene)

    def call(*args: object) -> None:
        target = ref()
        if target is not None and shiboken6.isValid(target):
            getattr(target, name)(*args)

    return call


def _layout_in_worker(
    key: int,
    amap: ArgumentMap,
    sizes: dict[str, tuple[float, float]],
    base_key: int,
    previous: Layout | None,
    changed: set[str],
) -> Layout | Exception:
    """On a thread: the layout from the worker process (which anchors on the layout
    ``base_key`` names, sent along if it does not have it), else computed here."""
    snapshot = compact(amap)
    worker = shared_worker(LAYOUT_WORKER)
    named = base_key if previous is not None else None
    reply = worker.call((key, snapshot, sizes, named, None, changed))
    if reply is not None and reply[0] == "missing":
        reply = worker.call((key, snapshot, sizes, named, previous, changed))
    if reply is not None:
        kind, body = reply
        if kind == "diff" and previous is not None:
            return apply_diff(previous, body)
        if kind == "full":
            return body
    try:  # no worker, or it failed: lay out here, where an error surfaces
        return layout(amap, sizes, previous=previous, changed=changed)
    except Exception as exc:  # e.g. a node edited in place mid-layout; redone by the scene
        return exc
