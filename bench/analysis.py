"""Benchmark of the analysis engine (issue 3). Not a test: run it and read the figures.

    .venv/bin/python bench/analysis.py [SIZES...]     (default: 1000 10000 100000)

For each size it builds a random map shaped like a real one: a tree under one
thesis (each node bears on an earlier one, so the depth grows like log n), about
10% extra cross links (supports or requires to another earlier node), reasons
with two or three co-premises, assumptions that are required, risks that
oppose, indicators that watch, a few mutual attacks (cycles), and beliefs on
about 5% of the nodes. The pydantic model is built outside the timed region.

It prints, measured in the same run:
- ``analyze`` without probabilities (cascades, tripwires, fragile pairs), also
  without the fragile-pair search (``pair_budget=0``), and with probabilities
  (P(thesis) by Monte Carlo here, with every node's importance);
- ``networkx.topological_sort`` on the same graph (a DiGraph of the logical
  edges, without the mutual-attack edges, which would make it cyclic) and the
  ratio analyze / topological sort (each the best of 7 runs, the two taken by
  turns; one run each at 100,000 nodes);
- one ``flip`` of a random node (median and maximum over 50 nodes);
- listing every cascade (what ``--json`` prints);
- the peak memory of ``analyze`` (tracemalloc, a separate run) and the process's
  maximum resident size.
"""

from __future__ import annotations

import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from typing import Any

import networkx as nx

from argmap.analysis import analyze, flip
from argmap.model import ArgumentMap


def random_map(n: int, seed: int = 1) -> tuple[ArgumentMap, list[tuple[str, str]]]:
    """A map of about ``n`` nodes, and the mutual-attack edges (source, target)."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [{"id": "n0", "kind": "thesis", "text": "The thesis"}]
    edges: list[dict[str, Any]] = []
    cyclic: list[tuple[str, str]] = []

    def add_edge(kind: str, source: str, target: str) -> None:
        edges.append({"id": f"e{len(edges)}", "kind": kind, "source": source, "target": target})

    def add_node(kind: str) -> str:
        node: dict[str, Any] = {
            "id": f"n{len(nodes)}",
            "kind": kind,
            "text": f"{kind} {len(nodes)}",
        }
        if rng.random() < 0.05:
            node["belief"] = round(rng.uniform(0.05, 0.95), 2)
        nodes.append(node)
        return str(node["id"])

    claims = ["n0"]
    while len(nodes) < n:
        # Prefer recent parents a little: real maps grow branch by branch.
        parent = claims[int(len(claims) * (1 - rng.random() ** 1.5))] if len(claims) > 1 else "n0"
        roll = rng.random()
        if roll < 0.12:  # a reason with two or three co-premises
            reason = add_node("reason")
            add_edge("supports", reason, parent)
            for _ in range(rng.choice((2, 2, 3))):
                premise = add_node(rng.choice(("claim", "evidence")))
                add_edge("supports", premise, reason)
                claims.append(premise)
        elif roll < 0.27:
            add_edge("requires", add_node("assumption"), parent)
        elif roll < 0.35:
            risk = add_node("risk")
            add_edge("opposes", risk, parent)
        elif roll < 0.38:
            add_edge("watches", add_node("indicator"), parent)
        else:
            child = add_node(rng.choice(("claim", "claim", "evidence", "pillar")))
            add_edge("supports", child, parent)
            claims.append(child)
    # ~10% cross links, always towards an earlier node (the tree stays acyclic).
    index = {node["id"]: i for i, node in enumerate(nodes)}
    claim_pos = {c: i for i, c in enumerate(claims)}
    for _ in range(n // 10):
        source = rng.choice(claims[1:])
        target = claims[rng.randrange(0, claim_pos[source])]
        if index[target] < index[source]:
            add_edge(rng.choice(("supports", "supports", "requires")), source, target)
    # A few mutual attacks between claims of different branches.
    for _ in range(max(1, n // 5000)):
        a, b = rng.sample(claims[1:], 2)
        add_edge("opposes", a, b)
        add_edge("opposes", b, a)
        cyclic += [(a, b), (b, a)]
    amap = ArgumentMap.model_validate({"title": f"random {n}", "nodes": nodes, "edges": edges})
    return amap, cyclic


def timed(fn: Any, repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        # Free the previous result before the clock starts: ``result = fn()`` would
        # otherwise free it inside the timed region (a whole analysis, on repeats).
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(n: int) -> None:
    amap, cyclic = random_map(n)
    graph = nx.DiGraph()
    graph.add_nodes_from(node.id for node in amap.nodes)
    skip = set(cyclic)
    graph.add_edges_from(
        (e.source, e.target)
        for e in amap.edges
        if e.kind != "watches" and (e.source, e.target) not in skip
    )
    repeat = 7 if n <= 10_000 else 1
    # The two timings of the ratio are taken by turns, so that a busy spell of the
    # machine weighs on both alike; each is the best of its runs.
    t_sort = t_struct = float("inf")
    analysis = None
    for _ in range(repeat):
        t, _ = timed(lambda: list(nx.topological_sort(graph)), 1)
        t_sort = min(t_sort, t)
        analysis = None
        t, analysis = timed(lambda: analyze(amap, probabilities=False), 1)
        t_struct = min(t_struct, t)
    assert analysis is not None
    t_nopairs, _ = timed(
        lambda: analyze(amap, probabilities=False, pair_budget=0), 3 if n <= 10_000 else 1
    )
    t_full, full = timed(lambda: analyze(amap), 1)
    thesis = full.theses["n0"]
    rng = random.Random(2)
    sample = rng.sample([node.id for node in amap.nodes], 50)
    flips = []
    for node_id in sample:
        start = time.perf_counter()
        flip(analysis, [node_id])
        flips.append(time.perf_counter() - start)
    t_cascades, _ = timed(lambda: [analysis.cascade(i) for i in analysis.status], 1)
    gc.collect()
    tracemalloc.start()
    analyze(amap)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    counts = {s.value: 0 for s in set(analysis.status.values())}
    for s in analysis.status.values():
        counts[s.value] += 1
    print(f"== {len(amap.nodes):,} nodes, {len(amap.edges):,} edges; {counts}")
    print(
        f"  thesis: {thesis.status.value}, {len(thesis.tripwires)} tripwires, "
        f"{len(thesis.fragile_pairs)} fragile pairs (complete: {thesis.fragile_pairs_complete}), "
        f"P = {thesis.probability:.4f} ± {thesis.probability_stderr or 0:.4f} "
        f"({thesis.probability_method})"
    )
    print(f"  networkx topological_sort     {t_sort * 1000:9.1f} ms")
    print(
        f"  analyze (no probabilities)    {t_struct * 1000:9.1f} ms   "
        f"ratio to topological sort {t_struct / t_sort:5.1f}x"
    )
    print(
        f"  analyze (no pair search)      {t_nopairs * 1000:9.1f} ms   "
        f"ratio to topological sort {t_nopairs / t_sort:5.1f}x"
    )
    print(f"  analyze (with probabilities)  {t_full * 1000:9.1f} ms")
    print(
        f"  flip one node                 {statistics.median(flips) * 1000:9.2f} ms median, "
        f"{max(flips) * 1000:.2f} ms max (50 nodes)"
    )
    print(f"  list every cascade            {t_cascades * 1000:9.1f} ms")
    print(f"  peak memory of analyze        {peak / 2**20:9.1f} MiB (tracemalloc)")
    print(f"  process max RSS               {rss:9.1f} MiB")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000, 10_000, 100_000]
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
