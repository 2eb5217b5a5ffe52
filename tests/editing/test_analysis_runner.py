"""Large maps are analysed in a worker process; the result is the engine's own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from argmap.analysis import analyze, lint
from argmap.editing import MapDocument, analysis_runner
from argmap.editing import operations as ops
from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind
from argmap.workers import WorkerProcess


def big_map(n: int = analysis_runner.SYNC_LIMIT + 100) -> ArgumentMap:
    nodes = [Node(id="t", kind=NodeKind.THESIS, text="T")]
    edges = []
    for i in range(1, n):
        parent = "t" if i < 4 else f"n{(i - 1) // 3}"
        kind = NodeKind.RISK if i % 11 == 0 else NodeKind.CLAIM
        nodes.append(Node(id=f"n{i}", kind=kind, text=f"node {i}"))
        edge_kind = EdgeKind.OPPOSES if kind is NodeKind.RISK else EdgeKind.REQUIRES
        edges.append(Edge(id=f"e{i}", kind=edge_kind, source=f"n{i}", target=parent))
    return ArgumentMap(nodes=nodes, edges=edges)


def test_large_map_is_analysed_in_the_background_and_matches_the_engine(qapp: object) -> None:
    amap = big_map()
    doc = MapDocument(amap)
    assert doc.analysis is None  # not on the GUI thread
    doc.wait_for_analysis(120)
    assert doc.analysis is not None
    expected = analyze(amap)
    assert doc.analysis.status == expected.status
    assert doc.analysis.theses["t"].tripwires == expected.theses["t"].tripwires
    assert doc.findings is not None


def test_an_edit_overtakes_a_running_analysis(qapp: object) -> None:
    doc = MapDocument(big_map())
    doc.wait_for_analysis(120)
    child = ops.add_child(doc, "t", text="added")
    doc.wait_for_analysis(120)
    assert doc.analysis is not None and child in doc.analysis.status


def test_without_a_usable_worker_the_analysis_runs_on_a_thread(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = WorkerProcess(analysis_runner.WORKER_MODULE)
    monkeypatch.setattr(analysis_runner, "_shared_worker", lambda: worker)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    doc = MapDocument(big_map())
    doc.wait_for_analysis(120)
    assert doc.analysis is not None and worker.failed
    assert not doc.analysis_partial  # the slow part ran here instead


def test_works_from_a_script_without_a_main_guard(tmp_path: object) -> None:
    # multiprocessing's "spawn" re-imports __main__ and fails here; the worker must not.
    code = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from tests.editing.test_analysis_runner import big_map
        from argmap.editing import MapDocument
        doc = MapDocument(big_map())
        doc.wait_for_analysis(120)
        print(len(doc.analysis.theses["t"].tripwires))
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip().splitlines()[-1]) > 0


def test_quick_answer_first_then_the_full_one(qapp: object) -> None:
    amap = big_map()
    doc = MapDocument(amap)
    seen: list[bool] = []
    doc.analysis_changed.connect(lambda: seen.append(doc.analysis_partial))
    doc.wait_for_analysis(120)
    assert seen[-1] is False  # the last word is the full analysis
    assert True in seen  # after a quick one with statuses and tripwires
    expected = analyze(amap)
    assert doc.analysis.theses["t"].fragile_pairs == expected.theses["t"].fragile_pairs
    assert doc.analysis.theses["t"].tripwires == expected.theses["t"].tripwires
    assert doc.analysis.theses["t"].fragile_pairs_complete
    assert [f.message for f in doc.findings] == [f.message for f in lint(amap)]


def test_slow_part_is_merged_over_the_quick_one() -> None:
    from argmap.analysis.worker import extras, merge, quick

    amap = big_map(60)
    amap.nodes[5].belief = 0.4
    amap.nodes[7].belief = 0.7
    expected = analyze(amap)
    fast = quick(amap)
    assert fast.theses["t"].probability is None
    merged = merge(fast, extras(expected))
    assert merged.theses == expected.theses
    assert merged.status == expected.status
    assert merged.cascade("n5") == expected.cascade("n5")


def test_a_failed_slow_part_still_publishes_the_quick_one(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(generation: int, snapshot: object) -> object:
        raise RuntimeError("no worker today")

    monkeypatch.setattr(analysis_runner, "_slow_part", broken)
    amap = big_map()
    doc = MapDocument(amap)
    doc.wait_for_analysis(120)
    assert doc.analysis is not None and not doc.analysis_partial
    assert doc.analysis.theses["t"].tripwires == analyze(amap).theses["t"].tripwires


def test_compact_snapshot_round_trip() -> None:
    from argmap.analysis.worker import compact, expand

    amap = big_map(40)
    amap.nodes[3].belief = 0.25
    again = expand(compact(amap))
    assert analyze(again).status == analyze(amap).status
    assert [n.belief for n in again.nodes] == [n.belief for n in amap.nodes]


def test_an_edit_of_kinds_is_reanalysed_at_once_then_completed(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = MapDocument(big_map())
    doc.wait_for_analysis(120)
    started: list[str] = []
    real_quick = analysis_runner.quick
    monkeypatch.setattr(
        analysis_runner, "quick", lambda amap: started.append("thread") or real_quick(amap)
    )
    ops.set_kind(doc, ["n11"], NodeKind.CLAIM)  # a risk made a claim: it now holds
    ops.set_assessment(doc, ["n7"], Assessment.FAILS)
    doc.refresh_analysis()  # what the editor's zero-delay timer does
    assert doc.analysis is not None and doc.analysis_partial  # published at once...
    expected = analyze(doc.map)
    assert doc.analysis.status == expected.status
    assert doc.analysis.theses["t"].tripwires == expected.theses["t"].tripwires
    assert started == []  # ...without a fresh quick analysis on a thread
    doc.wait_for_analysis(120)  # then the slow part from the worker
    assert not doc.analysis_partial
    assert doc.analysis.theses["t"] == expected.theses["t"]
    ops.add_child(doc, "n5", text="new")  # a new node: analysed afresh
    doc.wait_for_analysis(120)
    assert started == ["thread"]
    assert doc.analysis.status == analyze(doc.map).status
