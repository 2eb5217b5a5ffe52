"""A child process that analyses maps for the editor: ``python -m argmap.analysis.worker``.

The editor analyses large maps here so that a long analysis never holds the
GUI process's interpreter lock. Requests and replies are frames on the pipes:
an 8-byte big-endian length, then a pickle.

- request: ``(generation, map_json)``, the map as file-format JSON text;
- reply: ``(generation, analysis, findings, error)``, with ``error`` None, or
  ``(generation, None, [], message)`` when the analysis failed.

The process serves requests one at a time until its standard input closes.
Started as a plain module (not by ``multiprocessing``), it never re-imports the
program that started it.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import IO, Any

from argmap.analysis.lint import lint
from argmap.analysis.result import analyze
from argmap.model import ArgumentMap

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


def handle(generation: int, map_json: str) -> tuple[int, Any, list[Any], str | None]:
    try:
        amap = ArgumentMap.model_validate_json(map_json)
        analysis = analyze(amap)
        return (generation, analysis, lint(amap, analysis.sensitivity), None)
    except Exception as exc:  # reported to the editor, which falls back to its own thread
        return (generation, None, [], f"{type(exc).__name__}: {exc}")


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    while True:
        try:
            generation, map_json = read_frame(inp)
        except EOFError:
            return
        write_frame(out, handle(generation, map_json))


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
