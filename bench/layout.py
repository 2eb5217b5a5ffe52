"""Benchmark of the layout engine (issue 4), and a comparison with Graphviz dot.

    .venv/bin/python bench/layout.py            # 1,000 / 10,000 / 100,000 nodes, and dot on 2,000
    .venv/bin/python bench/layout.py --no-dot   # without dot
    .venv/bin/python bench/layout.py --sizes 1000 5000 --dot-nodes 1000

Random maps, mostly tree (each node gives a reason for an earlier one), about
10 % extra cross links (attacks and second supports), and box sizes from 80 x 36
to 260 x 120 points. Two shapes: "deep" (a node's target is mostly one of the
50 nodes before it: long chains, about 35 levels at 2,000 nodes) and "uniform"
(a random recursive tree: the target is any earlier node; shallow and bushy). The maps are built before the clock starts (pydantic
validation of a 100,000-node map takes a second or two by itself). Times are
the best of a few runs of ``layout()``, wall clock and CPU time of this
process (the CPU time is the steadier figure on a busy machine).

For dot, the same map goes out as DOT with the same box sizes (inches: points
/ 72, ``fixedsize=true``) and the same spacing (``nodesep`` = our sibling gap,
``ranksep`` = our level gap); every edge points from its target down to its
source, as ours are drawn. ``dot -Tplain`` reports the drawing's size in inches,
converted back to points to compare areas.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from argmap.layout import LayoutOptions, layout
from argmap.model import ArgumentMap, Edge, Node

KINDS = ("claim", "claim", "evidence", "reason", "assumption", "risk", "pillar")
TREE_EDGE_KINDS = ("supports", "supports", "supports", "requires", "opposes")


def random_map(
    n: int, seed: int = 1, shape: str = "deep"
) -> tuple[ArgumentMap, dict[str, tuple[float, float]]]:
    rng = random.Random(seed)
    recent = 0.7 if shape == "deep" else 0.0
    nodes = [Node(id="n0", kind="thesis", text="")]
    edges = []
    for i in range(1, n):
        nodes.append(Node(id=f"n{i}", kind=rng.choice(KINDS), text=""))
        # a random earlier node, leaning towards recent ones: deep, bushy trees
        target = rng.randrange(max(0, i - 50), i) if rng.random() < recent else rng.randrange(i)
        edges.append(
            Edge(id=f"e{i}", kind=rng.choice(TREE_EDGE_KINDS), source=f"n{i}", target=f"n{target}")
        )
    for k in range(n // 10):
        s = rng.randrange(1, n)
        t = rng.randrange(n)
        if s != t:
            edges.append(
                Edge(
                    id=f"x{k}",
                    kind=rng.choice(("opposes", "supports")),
                    source=f"n{s}",
                    target=f"n{t}",
                )
            )
    sizes = {
        node.id: (float(rng.randrange(80, 261)), float(rng.randrange(36, 121))) for node in nodes
    }
    return ArgumentMap(nodes=nodes, edges=edges), sizes


def widest_level(amap: ArgumentMap, sizes: dict[str, tuple[float, float]], gap: float) -> float:
    """The most that one level of our drawing holds: its boxes' widths plus sibling gaps.

    No drawing that keeps our levels can be narrower; the tidy tree's width over
    this figure is what keeping subtrees rigid and in document order costs.
    """
    result = layout(amap, sizes)
    levels: dict[float, float] = {}
    for node_id, (_, y) in result.positions.items():
        levels[y] = levels.get(y, -gap) + sizes[node_id][0] + gap
    return max(levels.values(), default=0.0)


def time_layout(
    amap: ArgumentMap, sizes: dict[str, tuple[float, float]], runs: int
) -> tuple[float, float, tuple[float, float, float, float]]:
    """Best wall-clock and best CPU seconds of ``runs`` layouts, and the bounds."""
    best = cpu = float("inf")
    bounds = (0.0, 0.0, 0.0, 0.0)
    for _ in range(runs):
        start = time.perf_counter()
        start_cpu = time.process_time()
        result = layout(amap, sizes)
        cpu = min(cpu, time.process_time() - start_cpu)
        best = min(best, time.perf_counter() - start)
        bounds = result.bounds
    return best, cpu, bounds


def to_dot(
    amap: ArgumentMap,
    sizes: dict[str, tuple[float, float]],
    options: LayoutOptions,
    tree_edges: frozenset[str] | None = None,
) -> str:
    """The map in DOT. With ``tree_edges``, the other edges do not rank nodes
    (``constraint=false``): dot then uses our levels, those of the spanning tree."""
    lines = [
        "digraph G {",
        f"  nodesep={options.sibling_gap / 72:.4f}; ranksep={options.level_gap / 72:.4f};",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    for node in amap.nodes:
        w, h = sizes[node.id]
        lines.append(f"  {_quoted(node.id)} [width={w / 72:.4f}, height={h / 72:.4f}];")
    for edge in amap.edges:
        loose = tree_edges is not None and edge.id not in tree_edges
        extra = " [constraint=false]" if loose else ""
        lines.append(f"  {_quoted(edge.target)} -> {_quoted(edge.source)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def time_dot(dot: str, source: str) -> tuple[float, float, float, int]:
    """Seconds dot takes, the drawing's width and height in points, and its ranks."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.dot"
        path.write_text(source)
        start = time.perf_counter()
        done = subprocess.run(
            [dot, "-Tplain", str(path)], capture_output=True, text=True, check=True, timeout=1800
        )
        seconds = time.perf_counter() - start
    lines = done.stdout.split("\n")
    head = lines[0].split()  # graph scale width height
    scale, width, height = float(head[1]), float(head[2]), float(head[3])
    ranks = len({line.split()[3] for line in lines if line.startswith("node ")})
    return seconds, width * scale * 72.0, height * scale * 72.0, ranks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--dot-nodes", type=int, default=2_000)
    parser.add_argument("--no-dot", action="store_true")
    parser.add_argument("--shapes", nargs="*", default=["deep", "uniform"])
    args = parser.parse_args(argv)

    print(
        f"{'shape':>8} {'nodes':>8} {'edges':>8} {'wall s':>8} {'cpu s':>8}"
        f" {'us/node':>8} {'area (pt^2)':>12}"
    )
    for shape in args.shapes:
        for n in args.sizes:
            amap, sizes = random_map(n, shape=shape)
            runs = 5 if n <= 10_000 else 3
            seconds, cpu, (_, _, w, h) = time_layout(amap, sizes, runs)
            print(
                f"{shape:>8} {n:>8} {len(amap.edges):>8} {seconds:>8.4f} {cpu:>8.4f}"
                f" {seconds / n * 1e6:>8.2f} {w * h:>12.4g}"
            )

    if args.no_dot:
        return 0
    dot = shutil.which("dot")
    n = args.dot_nodes
    if dot is None:
        print("\ndot comparison skipped: Graphviz 'dot' is not installed (apt install graphviz).")
        return 0
    for shape in args.shapes:
        amap, sizes = random_map(n, seed=2, shape=shape)
        ours, _, (_, _, w, h) = time_layout(amap, sizes, 5)
        levels = len({y for _, y in layout(amap, sizes).positions.values()})
        theirs, dw, dh, ranks = time_dot(dot, to_dot(amap, sizes, LayoutOptions()))
        print(f"\n{shape}, {n} nodes, {len(amap.edges)} edges: ours vs Graphviz dot -Tplain")
        print(
            f"  ours: {ours:8.4f} s   {w:8.0f} x {h:6.0f} = {w * h:.4g} pt^2"
            f"   aspect {w / h:5.1f}:1  {levels:4} levels"
        )
        print(
            f"  dot:  {theirs:8.4f} s   {dw:8.0f} x {dh:6.0f} = {dw * dh:.4g} pt^2"
            f"   aspect {dw / dh:5.1f}:1  {ranks:4} ranks"
        )
        print(f"  ours is {theirs / ours:.0f}x faster; area ours/dot = {w * h / (dw * dh):.2f}")
        widest = widest_level(amap, sizes, LayoutOptions().sibling_gap)
        print(f"  our widest level holds {widest:.0f} pt: width / widest level = {w / widest:.2f}")
        # The same, with dot ranking by our spanning tree only: same levels as ours,
        # so the widths compare how each packs them (dot may reorder siblings).
        tree = layout(amap, sizes).tree_edges
        _, tw, th, tranks = time_dot(dot, to_dot(amap, sizes, LayoutOptions(), tree))
        print(
            f"  dot ranked by our tree only (cross links constraint=false):"
            f" {tw:.0f} x {th:.0f} = {tw * th:.4g} pt^2, {tranks} ranks"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
