"""A child process that analyses maps for the editor: ``python -m argmap.analysis.worker``.

The editor analyses large maps here so that a long analysis never holds the
GUI process's interpreter lock. Messages on the pipes are frames: an 8-byte
big-endian length, then a pickle.

1. The editor sends ``(generation, snapshot)``, a ``compact`` snapshot of the map
   (just what the analysis reads: ids, kinds, texts, assessments, beliefs, links).
2. The worker replies with the quick part, ``Reply(final=False)``: statuses,
   cascades and tripwires, without fragile pairs, probabilities or lint, so the
   canvas can show the new tripwires soon after an edit.
3. The editor answers ``True`` to go on, or ``False`` when a newer edit has made
   the rest pointless.
4. On ``True`` the worker sends the full analysis with its lint findings,
   ``Reply(final=True)``.

Small maps skip step 2 and 3. The process serves requests until its input
closes. Started as a plain module (not by ``multiprocessing``), it never
re-imports the program that started it.
"""

from __future__ import annotations

import pickle
import struct
import sys
from dataclasses import dataclass
from typing import IO, Any

from argmap.analysis.lint import lint
from argmap.analysis.result import analyze
from argmap.model import ArgumentMap, Assessment, EdgeKind, NodeKind

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


#: Maps with more nodes get the quick reply first.
QUICK_FIRST_NODES = 1000

NodeRow = tuple[str, str, str, str | None, float | None]
EdgeRow = tuple[str, str, str, str]
Compact = tuple[str, list[NodeRow], list[EdgeRow]]


@dataclass(frozen=True)
class Reply:
    generation: int
    analysis: Any  # Analysis | None
    findings: list[Any]
    error: str | None
    final: bool


def compact(amap: ArgumentMap) -> Compact:
    """What the analysis and lint read of a map, as plain tuples (fast to pickle)."""
    return (
        amap.title,
        [
            (n.id, n.kind.value, n.text, n.assessment.value if n.assessment else None, n.belief)
            for n in amap.nodes
        ],
        [(e.id, e.kind.value, e.source, e.target) for e in amap.edges],
    )


class _Node:
    """The fields of a node the analysis and lint read; far cheaper to build than a model."""

    __slots__ = ("assessment", "belief", "id", "kind", "text")

    def __init__(
        self,
        id: str,
        kind: NodeKind,
        text: str,
        assessment: Assessment | None,
        belief: float | None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.text = text
        self.assessment = assessment
        self.belief = belief


class _Edge:
    __slots__ = ("id", "kind", "source", "target")

    def __init__(self, id: str, kind: EdgeKind, source: str, target: str) -> None:
        self.id = id
        self.kind = kind
        self.source = source
        self.target = target


def expand(snapshot: Compact) -> ArgumentMap:
    """The map again, for reading only: light node and edge objects, no validation
    (the snapshot came from a valid map)."""
    title, nodes, edges = snapshot
    kinds = {k.value: k for k in NodeKind}
    edge_kinds = {k.value: k for k in EdgeKind}
    assessments = {a.value: a for a in Assessment}
    light_nodes: list[Any] = [
        _Node(i, kinds[k], t, assessments[a] if a else None, b) for i, k, t, a, b in nodes
    ]
    light_edges: list[Any] = [_Edge(i, edge_kinds[k], s_, t) for i, k, s_, t in edges]
    return ArgumentMap.model_construct(title=title, nodes=light_nodes, edges=light_edges)


def quick(generation: int, amap: ArgumentMap) -> Reply:
    try:
        analysis = analyze(amap, pair_budget=0, probabilities=False)
    except Exception as exc:  # reported to the editor, which falls back to its own thread
        return Reply(generation, None, [], f"{type(exc).__name__}: {exc}", False)
    return Reply(generation, analysis, [], None, False)


def full(generation: int, amap: ArgumentMap) -> Reply:
    try:
        analysis = analyze(amap)
        return Reply(generation, analysis, lint(amap, analysis.sensitivity), None, True)
    except Exception as exc:
        return Reply(generation, None, [], f"{type(exc).__name__}: {exc}", True)


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    while True:
        try:
            generation, snapshot = read_frame(inp)
            amap = expand(snapshot)
            if len(amap.nodes) > QUICK_FIRST_NODES:
                write_frame(out, quick(generation, amap))
                if not read_frame(inp):  # a newer edit: skip the rest
                    continue
            write_frame(out, full(generation, amap))
        except EOFError:
            return


if __name__ == "__main__":
    # Serve from the module under its import name, so that replies pickle as
    # argmap.analysis.worker.Reply rather than __main__.Reply.
    from argmap.analysis.worker import serve as _serve

    _serve(sys.stdin.buffer, sys.stdout.buffer)
