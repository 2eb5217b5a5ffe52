"""Benchmark: export generated 1,000- and 10,000-node maps to PNG, SVG and PDF.

Run: ``.venv/bin/python bench/export.py [SIZES...]``. Prints time and file size per
format. Targets (issue 7): 1,000 nodes under 2 s per format, 10,000 under 15 s.
A PNG of a whole large map at 2x is over the pixel limit, so PNGs here are
``--width 8000`` pixels wide, as a user would export them for a slide or report.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from argmap.canvas.export import ensure_app, export_map
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind

KINDS = [NodeKind.CLAIM, NodeKind.EVIDENCE, NodeKind.REASON, NodeKind.ASSUMPTION, NodeKind.RISK]
TARGETS = {1_000: 2.0, 10_000: 15.0}


def generated_map(n: int) -> ArgumentMap:
    """A thesis, pillars and a tree of claims below them, four children a node."""
    nodes = [Node(id="n0", kind=NodeKind.THESIS, text="The generated thesis holds")]
    edges = []
    for i in range(1, n):
        parent = (i - 1) // 4
        kind = NodeKind.PILLAR if i <= 4 else KINDS[i % len(KINDS)]
        words = " ".join(["premise", "about", "topic", str(i)] + ["detail"] * (i % 9))
        nodes.append(Node(id=f"n{i}", kind=kind, text=f"Node {i}: a {words}"))
        ekind = EdgeKind.OPPOSES if kind == NodeKind.RISK else EdgeKind.SUPPORTS
        edges.append(Edge(id=f"e{i}", kind=ekind, source=f"n{i}", target=f"n{parent}"))
    return ArgumentMap(title=f"Generated map of {n} nodes", nodes=nodes, edges=edges)


def main(sizes: list[int]) -> int:
    ensure_app()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            amap = generated_map(n)
            for fmt in ("png", "svg", "pdf"):
                out = Path(folder) / f"map-{n}.{fmt}"
                start = time.perf_counter()
                export_map(amap, out, width=8000 if fmt == "png" else None)
                seconds = time.perf_counter() - start
                target = TARGETS.get(n)
                verdict = "" if target is None else ("ok" if seconds < target else "SLOW")
                failed |= verdict == "SLOW"
                size_mb = out.stat().st_size / 1e6
                print(f"{n:>6} nodes  {fmt}  {seconds:6.2f} s  {size_mb:7.2f} MB  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [1_000, 10_000]))
