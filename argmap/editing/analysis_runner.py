"""Live analysis of a document: recomputed after every change, published as one signal.

Small maps are analysed at once, on the GUI thread, so ``document.analysis`` is
current as soon as an edit returns. Larger maps are analysed on a worker
thread from a snapshot of the map's lists; a result that an edit has overtaken
is dropped, so typing is never blocked and the panel never shows stale data
for long.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from argmap.analysis import Analysis, Finding, analyze, lint
from argmap.model import ArgumentMap

#: Maps with at most this many nodes are analysed synchronously...
SYNC_LIMIT = 300
#: ...as long as an analysis of this document took less than this (seconds).
SYNC_SECONDS = 0.04


class AnalysisResult:
    """One analysis of one version of the map, with its lint findings."""

    def __init__(self, generation: int, analysis: Analysis, findings: list[Finding]) -> None:
        self.generation = generation
        self.analysis = analysis
        self.findings = findings


def _snapshot(amap: ArgumentMap) -> ArgumentMap:
    """A cheap copy that later edits of the lists cannot disturb (nodes are shared)."""
    return ArgumentMap.model_construct(
        title=amap.title, nodes=list(amap.nodes), edges=list(amap.edges), view=amap.view
    )


def _compute(generation: int, amap: ArgumentMap) -> AnalysisResult:
    analysis = analyze(amap)
    return AnalysisResult(generation, analysis, lint(amap, analysis.sensitivity))


class AnalysisRunner(QObject):
    """Keeps an analysis of a map current; emits ``finished`` with each new result."""

    finished = Signal(object)  # AnalysisResult
    _delivered = Signal(object)  # from the worker thread, queued to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._last_seconds = 0.0
        self._pending_map: ArgumentMap | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._start_background)
        self._delivered.connect(self._on_delivered)

    @property
    def generation(self) -> int:
        return self._generation

    def request(self, amap: ArgumentMap) -> AnalysisResult | None:
        """Analyse ``amap``: now when it is small (and return the result), else soon."""
        self._generation += 1
        if len(amap.nodes) <= SYNC_LIMIT and self._last_seconds < SYNC_SECONDS:
            self._timer.stop()
            self._pending_map = None
            start = time.perf_counter()
            result = _compute(self._generation, amap)
            self._last_seconds = time.perf_counter() - start
            self.finished.emit(result)
            return result
        self._pending_map = amap
        self._timer.start()  # gathers a burst of edits into one analysis
        return None

    def _start_background(self) -> None:
        amap = self._pending_map
        if amap is None:
            return
        self._pending_map = None
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-analysis")
        future = self._executor.submit(_compute, self._generation, _snapshot(amap))
        future.add_done_callback(self._on_done)

    def _on_done(self, future: Future[AnalysisResult]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        self._delivered.emit(future.result())

    def _on_delivered(self, result: AnalysisResult) -> None:
        if result.generation == self._generation:
            self.finished.emit(result)

    def wait(self, timeout: float = 30.0) -> None:
        """Block until pending work is delivered (tests and benchmarks)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(int(timeout * 1000))
        self._timer.stop()
        self._start_background()
        if self._executor is not None:
            self._executor.submit(lambda: None).result(timeout)
        while not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if not self._timer.isActive() and self._pending_map is None:
                break

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
