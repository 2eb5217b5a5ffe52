"""Live analysis of a document: recomputed after every change, published as one signal.

Small maps are analysed at once, on the GUI thread, so ``document.analysis`` is
current as soon as an edit returns. Larger maps are analysed in a worker
process from a JSON snapshot of the map; a result that an edit has overtaken
is dropped, so typing is never blocked and the panel never shows stale data
for long.

A process rather than a thread: the analysis is pure Python, and a thread
holding the interpreter lock for seconds on a 10,000-node map made every paint
and edit on the GUI thread wait for it. The process is ``python -m
argmap.analysis.worker`` started with ``subprocess`` (not ``multiprocessing``,
whose "spawn" re-imports the caller's ``__main__`` and fails in any script
without a ``__main__`` guard). One is shared by every document, started on
first use and ended with the program; if it cannot start or dies, the analysis
runs on a thread instead.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

import argmap
from argmap.analysis import Analysis, Finding, analyze, lint
from argmap.analysis.worker import Compact, Reply, compact, expand, full, read_frame, write_frame
from argmap.model import ArgumentMap

#: Maps with at most this many nodes are analysed synchronously...
SYNC_LIMIT = 300
#: ...as long as an analysis of this document took less than this (seconds).
SYNC_SECONDS = 0.04


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


class _WorkerProcess:
    """The analysis child process, shared by every document; one request at a time."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._failed = False

    def analyse(
        self,
        generation: int,
        snapshot: Compact,
        deliver: Callable[[Reply], None],
        wanted: Callable[[], bool],
    ) -> None:
        """On an I/O thread: run one request, handing each reply to ``deliver``.

        After the quick reply, ``wanted()`` says whether the full analysis is
        still worth computing. Falls back to this thread if the process is unusable.
        """
        with self._lock:
            for _attempt in range(2):
                proc = self._ensure()
                if proc is None or proc.stdin is None or proc.stdout is None:
                    break
                try:
                    write_frame(proc.stdin, (generation, snapshot))
                    while True:
                        reply: Reply = read_frame(proc.stdout)
                        if reply.error is not None:
                            break  # try here, where errors surface
                        deliver(reply)
                        if reply.final:
                            return
                        go_on = wanted()
                        write_frame(proc.stdin, go_on)
                        if not go_on:
                            return
                except Exception:  # died, or sent what cannot be read: a fresh one, once
                    self._kill()
                    continue
                break
        deliver(full(generation, expand(snapshot)))

    def _ensure(self) -> subprocess.Popen[bytes] | None:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if self._failed or getattr(sys, "frozen", False):
            return None
        env = dict(os.environ)
        root = str(Path(argmap.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "argmap.analysis.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            self._failed = True
            return None
        return self._proc

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                proc.wait(timeout=2)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()  # the worker ends at end of input
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()


_worker: _WorkerProcess | None = None
_worker_lock = threading.Lock()


def _shared_worker() -> _WorkerProcess:
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = _WorkerProcess()
            atexit.register(_worker.stop)
        return _worker


class AnalysisRunner(QObject):
    """Keeps an analysis of a map current; emits ``finished`` with each new result."""

    finished = Signal(object)  # AnalysisResult
    _delivered = Signal(object)  # from the I/O thread, queued to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._last_seconds = 0.0
        self._pending_map: ArgumentMap | None = None
        self._lock = threading.Lock()
        self._busy = False  # an analysis of this document is running in the worker
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
        thread = threading.Thread(
            target=self._run_job,
            args=(self._generation, amap.snapshot()),
            name="argmap-analysis-io",
            daemon=True,
        )
        thread.start()

    def _run_job(self, generation: int, snapshot: ArgumentMap) -> None:
        """On an I/O thread: hand a compact snapshot to the worker, deliver its replies."""
        with contextlib.suppress(Exception):  # a failed analysis never takes the editor down
            _shared_worker().analyse(
                generation, compact(snapshot), self._deliver, lambda: self._wants(generation)
            )
        with contextlib.suppress(RuntimeError):  # the runner was deleted meanwhile
            self._delivered.emit((None, True))  # this request is over

    def _deliver(self, reply: Reply) -> None:
        result = None
        if reply.error is None and reply.analysis is not None:
            result = AnalysisResult(
                reply.generation, reply.analysis, reply.findings, partial=not reply.final
            )
        with contextlib.suppress(RuntimeError):
            self._delivered.emit((result, False))

    def _wants(self, generation: int) -> bool:
        """Read from the I/O thread: is the full analysis of ``generation`` still wanted?"""
        return generation == self._generation and self._pending_map is None

    def _on_delivered(self, item: tuple[AnalysisResult | None, bool]) -> None:
        result, over = item
        if result is not None and result.generation == self._generation:
            self.finished.emit(result)
        if not over:
            return
        with self._lock:
            self._busy = False
        if self._pending_map is not None and not self._timer.isActive():
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
