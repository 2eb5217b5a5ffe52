"""A child process that analyses maps for the editor: ``python -m argmap.analysis.worker``.

The editor runs the quick part of a large map's analysis (statuses, cascades,
tripwires) itself, on a thread, and asks this process for the slow part:
fragile pairs, probabilities, importance and lint. A long analysis then never
holds the GUI process's interpreter lock, and only that slow part's small
answer crosses the pipe (pickling a whole ``Analysis`` of a 10,000-node map
both ways cost a quarter of a second). Messages are frames: an 8-byte
big-endian length, then a pickle.

1. The editor sends ``(generation, snapshot)``, a ``compact`` snapshot of the map
   (just what the analysis reads: ids, kinds, texts, assessments, beliefs, links).
2. The worker replies ``Reply(generation, extras, findings, error)``: per
   thesis, the fields of :class:`ThesisAnalysis` the quick part leaves out
   (see :func:`extras`), and the lint findings. The editor lays them over its
   own quick analysis of the same generation (:func:`merge`).

The process serves requests until its input closes. Started as a plain module
(not by ``multiprocessing``), it never re-imports the program that started it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import Any

from argmap.analysis.lint import lint
from argmap.analysis.result import Analysis, analyze
from argmap.model import ArgumentMap, Assessment, EdgeKind, NodeKind
from argmap.workers import serve

__all__ = ["Reply", "compact", "expand", "extras", "full", "handle", "merge", "quick"]

NodeRow = tuple[str, str, str, str | None, float | None]
EdgeRow = tuple[str, str, str, str]
Compact = tuple[str, list[NodeRow], list[EdgeRow]]


#: Per thesis id, the slow fields of its ThesisAnalysis, by name.
Extras = dict[str, dict[str, Any]]

#: The fields of ThesisAnalysis that the quick part leaves out.
SLOW_FIELDS = (
    "fragile_pairs",
    "fragile_pairs_complete",
    "probability",
    "probability_method",
    "probability_stderr",
    "probability_samples",
    "probability_seed",
    "importance",
)


@dataclass(frozen=True)
class Reply:
    generation: int
    extras: Extras | None
    findings: list[Any]
    error: str | None


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


def quick(amap: ArgumentMap) -> Analysis:
    """Statuses, cascades and tripwires: everything but the slow fields."""
    return analyze(amap, pair_budget=0, probabilities=False)


def extras(analysis: Analysis) -> Extras:
    """The slow fields of every thesis of a full analysis."""
    return {
        tid: {name: getattr(ta, name) for name in SLOW_FIELDS}
        for tid, ta in analysis.theses.items()
    }


def merge(analysis: Analysis, slow: Extras) -> Analysis:
    """A quick analysis completed with the slow fields of a full one of the same map."""
    theses = {
        tid: replace(ta, **slow[tid]) if tid in slow else ta for tid, ta in analysis.theses.items()
    }
    return replace(analysis, theses=theses)


def full(generation: int, amap: ArgumentMap) -> Reply:
    try:
        analysis = analyze(amap)
        return Reply(generation, extras(analysis), lint(amap, analysis.sensitivity), None)
    except Exception as exc:  # reported to the editor, which falls back to its own thread
        return Reply(generation, None, [], f"{type(exc).__name__}: {exc}")


def handle(request: tuple[int, Compact]) -> Reply:
    generation, snapshot = request
    return full(generation, expand(snapshot))


if __name__ == "__main__":
    # Serve from the module under its import name, so that replies pickle as
    # argmap.analysis.worker.Reply rather than __main__.Reply.
    from argmap.analysis.worker import handle as _handle

    serve(_handle, sys.stdin.buffer, sys.stdout.buffer)
