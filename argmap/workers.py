"""Child processes that work for the editor: the analysis and layout workers.

The editor hands long pure-Python work on large maps (a layout, the fragile-pair
search) to a child process rather than a thread: a thread would hold the
interpreter lock for hundreds of milliseconds and every paint and keystroke
on the GUI thread would wait for it. A worker is a module run as ``python -m
<module>`` with ``subprocess`` (not ``multiprocessing``, whose "spawn"
re-imports the caller's ``__main__`` and fails in any script without a
``__main__`` guard). Messages on its pipes are frames: an 8-byte big-endian
length, then a pickle. A worker answers each request with one reply, and ends
when its input closes.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["WorkerProcess", "read_frame", "serve", "shared_worker", "write_frame"]

_HEADER = struct.Struct(">Q")


def write_frame(stream: IO[bytes], payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The next frame's object; ``EOFError`` when the stream has ended."""
    header = _read_exactly(stream, _HEADER.size)
    (size,) = _HEADER.unpack(header)
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the stream ended")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def serve(handle: Callable[[Any], Any], inp: IO[bytes], out: IO[bytes]) -> None:
    """A worker's main loop: one reply per request until the input ends."""
    while True:
        try:
            request = read_frame(inp)
        except EOFError:
            return
        write_frame(out, handle(request))


class WorkerProcess:
    """One child process running ``python -m <module>``; one request at a time."""

    def __init__(self, module: str) -> None:
        self.module = module
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.failed = False  # it could not be started: callers work without it

    def start(self) -> None:
        """Start the process now (it imports its modules while the caller goes on)."""
        with self._lock:
            self._ensure()

    def call(self, request: Any) -> Any | None:
        """The reply to ``request`` (on the caller's thread, which waits), or None when
        no process can answer (it cannot start, or died twice in a row)."""
        with self._lock:
            for _attempt in range(2):
                proc = self._ensure()
                if proc is None or proc.stdin is None or proc.stdout is None:
                    return None
                try:
                    write_frame(proc.stdin, request)
                    return read_frame(proc.stdout)
                except Exception:  # died, or sent what cannot be read: a fresh one, once
                    self._kill()
            return None

    def _ensure(self) -> subprocess.Popen[bytes] | None:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if self.failed or getattr(sys, "frozen", False):
            return None
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", self.module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            self.failed = True
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


_shared: dict[str, WorkerProcess] = {}
_shared_lock = threading.Lock()


def shared_worker(module: str) -> WorkerProcess:
    """The one process of ``module`` that every document uses, started on first use
    and stopped when the program ends."""
    with _shared_lock:
        worker = _shared.get(module)
        if worker is None:
            worker = _shared[module] = WorkerProcess(module)
            atexit.register(worker.stop)
        return worker
