"""Live analysis of a document: recomputed after every change, published as one signal.

Small maps are analysed at once, on the GUI thread, so ``document.analysis`` is
current as soon as an edit returns. Larger maps are analysed in a worker
process from a JSON snapshot of the map; a result that an edit has overtaken
is dropped, so typing is never blocked and the panel never shows stale data
for long.

A process rather than a thread: the analysis is pure Python, and a thread
holding the GIL for tens of seconds on a 10,000-node map made every paint and
edit on the GUI thread wait for it (a Tab on such a map took 6 s instead of
0.6 s). One process is started on first use (``spawn``: no fork of a threaded
Qt process), shared by every document and terminated when the program exits.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import threading
import time
from multiprocessing.pool import Pool

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


def _compute_json(generation: int, data: str) -> AnalysisResult:
    """In the worker process: the map arrives as JSON (cheaper to send than a pickle)."""
    return _compute(generation, ArgumentMap.model_validate_json(data))


_pool: Pool | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> Pool:
    """The one worker process for background analyses, started on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = multiprocessing.get_context("spawn").Pool(processes=1)
            atexit.register(_stop_pool)
        return _pool


def _stop_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.terminate()


class AnalysisRunner(QObject):
    """Keeps an analysis of a map current; emits ``finished`` with each new result."""

    finished = Signal(object)  # AnalysisResult
    _delivered = Signal(object)  # from the pool's result thread, queued to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._last_seconds = 0.0
        self._pending_map: ArgumentMap | None = None
        self._lock = threading.Lock()
        self._busy = False  # an analysis of this document is running in the worker
        self._job: object = None
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
        with self._lock:
            if self._busy:  # one analysis at a time; the newest request waits its turn
                return
            self._busy = True
        self._pending_map = None
        data = _snapshot(amap).model_dump_json()
        self._job = _shared_pool().apply_async(
            _compute_json,
            (self._generation, data),
            callback=self._on_done,
            error_callback=self._on_error,
        )

    def _on_done(self, result: AnalysisResult) -> None:
        # On the pool's result thread: hand over to the GUI thread.
        with contextlib.suppress(RuntimeError):  # the runner was deleted meanwhile
            self._delivered.emit(result)

    def _on_error(self, _error: BaseException) -> None:
        with contextlib.suppress(RuntimeError):
            self._delivered.emit(None)

    def _on_delivered(self, result: AnalysisResult | None) -> None:
        with self._lock:
            self._busy = False
        if result is not None and result.generation == self._generation:
            self.finished.emit(result)
        elif self._pending_map is not None and not self._timer.isActive():
            self._start_background()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until pending work is delivered (tests and benchmarks)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(int(timeout * 1000))
        self._timer.stop()
        self._start_background()
        while not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self._pending_map is None and not self._busy:
                return
            if self._pending_map is not None and not self._busy:
                self._start_background()
            time.sleep(0.002)
        raise TimeoutError(f"no analysis within {timeout} s")

    def shutdown(self) -> None:
        """Forget pending work; a running analysis finishes and is dropped."""
        self._timer.stop()
        self._pending_map = None
        self._generation += 1
