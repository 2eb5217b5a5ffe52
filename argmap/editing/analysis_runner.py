"""Live analysis of a document: recomputed after every change, published as one signal.

Small maps are analysed at once, on the GUI thread, so ``document.analysis`` is
current as soon as an edit returns. Larger maps are analysed in two parts that
run side by side, from one compact snapshot of the map taken on the GUI thread:

- the *quick* part (statuses, cascades, tripwires: what the canvas shows) on a
  thread of this process, so its result needs no copying and reaches the
  canvas soon after an edit;
- the *slow* part (fragile pairs, probabilities, importance, lint) in a worker
  process, ``python -m argmap.analysis.worker``: a thread holding the
  interpreter lock for seconds on a 10,000-node map would make every paint and
  edit on the GUI thread wait. Only its small answer comes back, and is laid
  over the quick analysis of the same generation.

A result that an edit has overtaken is dropped, so the panel never shows stale
data for long. The worker is started with ``subprocess`` (not
``multiprocessing``, whose "spawn" re-imports the caller's ``__main__`` and
fails in any script without a ``__main__`` guard). One is shared by every
document, started on first use and ended with the program; if it cannot start
or dies, the slow part runs on a thread instead.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from argmap.analysis import Analysis, Finding, analyze, lint
from argmap.analysis.incremental import reanalyze
from argmap.analysis.worker import Compact, Reply, compact, expand, full, merge, quick
from argmap.editing.background import start_thread
from argmap.model import ArgumentMap
from argmap.workers import WorkerProcess, shared_worker

#: Maps with at most this many nodes are analysed synchronously...
SYNC_LIMIT = 300
#: ...as long as an analysis of this document took less than this (seconds)...
SYNC_SECONDS = 0.04
#: ...and maps this small always (a busy machine must not make them asynchronous).
ALWAYS_SYNC = 100
#: Milliseconds a background analysis waits for more edits before it starts...
QUICK_DELAY_MS = 10
#: ...and the slow part after a quick analysis recomputed in place: it can wait,
#: and its thread would slow the next keystrokes of a burst of edits.
SLOW_AFTER_EDIT_MS = 200


class AnalysisResult:
    """One analysis of one version of the map, with its lint findings."""

    def __init__(
        self,
        generation: int,
        analysis: Analysis,
        findings: list[Finding],
        partial: bool = False,
    ) -> None:
        self.generation = generation
        self.analysis = analysis
        self.findings = findings
        #: True for the quick first answer on a large map: no fragile pairs,
        #: probabilities or lint yet; the full result follows.
        self.partial = partial


def _compute(generation: int, amap: ArgumentMap) -> AnalysisResult:
    analysis = analyze(amap)
    return AnalysisResult(generation, analysis, lint(amap, analysis.sensitivity))


#: The module of the analysis worker process.
WORKER_MODULE = "argmap.analysis.worker"


def _shared_worker() -> WorkerProcess:
    return shared_worker(WORKER_MODULE)


def _slow_part(generation: int, snapshot: Compact) -> Reply:
    """On an I/O thread: the slow part of one analysis, from the worker process if
    it is usable, else computed on this thread (where errors surface)."""
    reply = _shared_worker().call((generation, snapshot))
    if isinstance(reply, Reply) and reply.error is None:
        return reply
    return full(generation, expand(snapshot))


class AnalysisRunner(QObject):
    """Keeps an analysis of a map current; emits ``finished`` with each new result."""

    finished = Signal(object)  # AnalysisResult
    #: From worker threads, queued to the GUI thread: (part, generation, payload).
    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._last_seconds = 0.0
        self._pending_map: ArgumentMap | None = None
        #: The newest snapshot handed to the background, and its generation.
        self._latest: tuple[int, ArgumentMap] | None = None
        self._busy = {"quick": False, "slow": False}
        self._done = {"quick": 0, "slow": 0}  # newest generation each part has finished
        self._quick: tuple[int, Analysis] | None = None
        self._slow: tuple[int, Reply] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUICK_DELAY_MS)
        self._timer.timeout.connect(self._start_background)
        self._delivered.connect(self._on_delivered)
        self._held = False
        #: The quick analysis of the map as of the newest request, once published.
        self._base: Analysis | None = None

    def hold(self) -> None:
        """Start no background work until :meth:`release` (a window's first frame)."""
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._timer.start(QUICK_DELAY_MS)

    @property
    def generation(self) -> int:
        return self._generation

    def invalidate(self) -> None:
        """The map is about to change: drop any result that is on its way."""
        self._generation += 1

    def request(self, amap: ArgumentMap, edited: set[str] | None = None) -> AnalysisResult | None:
        """Analyse ``amap``: now when it is small (and return the result), else soon.

        ``edited``: the nodes whose kind, assessment or belief changed since the
        previous request, when nothing else did. Then a large map's quick analysis
        is recomputed from the previous one at once, downstream of those nodes only
        (:func:`~argmap.analysis.incremental.reanalyze`), and published before the
        slow part starts in the background.
        """
        self._generation += 1
        # The last quick analysis describes the map before this request only if no
        # other request came between: every request takes it, and only a quick
        # analysis of the newest generation gives it back.
        base, self._base = self._base, None
        size = len(amap.nodes)
        if size <= ALWAYS_SYNC or (size <= SYNC_LIMIT and self._last_seconds < SYNC_SECONDS):
            self._timer.stop()
            self._pending_map = None
            start = time.perf_counter()
            result = _compute(self._generation, amap)
            self._last_seconds = time.perf_counter() - start
            self.finished.emit(result)
            return result
        if edited is not None and base is not None:
            updated = None
            with contextlib.suppress(Exception):  # never worse than a fresh analysis
                updated = reanalyze(base, amap, edited, max_region=len(amap.nodes) // 5)
            if updated is not None:
                generation = self._generation
                self._quick = (generation, updated)
                self._base = updated
                self._done["quick"] = generation
                self._latest = (generation, amap.snapshot())
                self._pending_map = None
                self.finished.emit(AnalysisResult(generation, updated, [], partial=True))
                self._timer.start(SLOW_AFTER_EDIT_MS)  # the slow part, after a burst of edits
                return None
        self._pending_map = amap
        self._timer.start(QUICK_DELAY_MS)  # gathers a burst of edits into one analysis
        return None

    def _start_background(self) -> None:
        if self._held:
            return
        amap = self._pending_map
        if amap is not None:
            self._pending_map = None
            # Its own node and edge lists; the nodes themselves are edited in place,
            # but every such edit calls invalidate() first, so a result read from a
            # node mid-edit is never published.
            self._latest = (self._generation, amap.snapshot())
        self._kick("quick")
        self._kick("slow")

    def _kick(self, part: str) -> None:
        """Start ``part`` on the newest snapshot unless it is running or has done it."""
        latest = self._latest
        if latest is None or self._busy[part] or self._done[part] >= latest[0]:
            return
        self._busy[part] = True
        target = self._run_quick if part == "quick" else self._run_slow
        start_thread(target, *latest, name=f"argmap-analysis-{part}")

    def _run_quick(self, generation: int, snapshot: ArgumentMap) -> None:
        payload: Analysis | None = None
        with contextlib.suppress(Exception):  # a failed analysis never takes the editor down
            payload = quick(snapshot)
        self._emit(("quick", generation, payload))

    def _run_slow(self, generation: int, snapshot: ArgumentMap) -> None:
        payload: Reply | None = None
        with contextlib.suppress(Exception):
            payload = _slow_part(generation, compact(snapshot))
        self._emit(("slow", generation, payload))

    def _emit(self, item: tuple[str, int, object]) -> None:
        with contextlib.suppress(RuntimeError):  # the runner was deleted meanwhile
            self._delivered.emit(item)

    def _on_delivered(self, item: tuple[str, int, Any]) -> None:
        part, generation, payload = item
        self._busy[part] = False
        self._done[part] = max(self._done[part], generation)
        if generation == self._generation:
            if part == "quick":
                if payload is not None:
                    self._quick = (generation, payload)
                    self._base = payload
            else:
                if payload is None or payload.error is not None:
                    # The slow part failed: publish the quick part as all there is.
                    payload = Reply(generation, {}, [], None)
                self._slow = (generation, payload)
            self._publish(generation)
        if not self._timer.isActive():
            self._start_background()

    def _publish(self, generation: int) -> None:
        quick_part = self._quick if self._quick and self._quick[0] == generation else None
        slow_part = self._slow if self._slow and self._slow[0] == generation else None
        if quick_part is None:
            return  # the slow part waits for its quick analysis
        analysis = quick_part[1]
        if slow_part is None:
            self.finished.emit(AnalysisResult(generation, analysis, [], partial=True))
            return
        reply = slow_part[1]
        assert reply.extras is not None
        merged = merge(analysis, reply.extras)
        self._quick = self._slow = None
        self.finished.emit(AnalysisResult(generation, merged, reply.findings))

    def _settled(self) -> bool:
        return (
            self._pending_map is None
            and not any(self._busy.values())
            and (self._latest is None or min(self._done.values()) >= self._latest[0])
        )

    def wait(self, timeout: float = 30.0) -> None:
        """Block until pending work is delivered (tests and benchmarks)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(int(timeout * 1000))
        self._timer.stop()
        self._held = False
        self._start_background()
        while not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self._settled():
                return
            if not self._timer.isActive():
                self._start_background()
            time.sleep(0.002)
        raise TimeoutError(f"no analysis within {timeout} s")
