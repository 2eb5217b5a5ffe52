"""``argmap analyze``: the JSON shape, the text report, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.model import ArgumentMap, Edge, EdgeKind, Node, NodeKind
from argmap.storage import save_map


def _map() -> ArgumentMap:
    nodes = [
        Node(id="t", kind=NodeKind.THESIS, text="The plan works"),
        Node(id="a", kind=NodeKind.CLAIM, text="Funding arrives", belief=0.8),
        Node(id="b", kind=NodeKind.CLAIM, text="Staff stay"),
        Node(id="c", kind=NodeKind.CLAIM, text="Staff are paid"),
        Node(id="d", kind=NodeKind.CLAIM, text="Staff like it"),
        Node(id="r", kind=NodeKind.RISK, text="A strike", belief=0.1),
        Node(id="w", kind=NodeKind.INDICATOR, text="Union statements"),
    ]
    edges = [
        Edge(id="e1", kind=EdgeKind.REQUIRES, source="a", target="t"),
        Edge(id="e2", kind=EdgeKind.REQUIRES, source="b", target="t"),
        Edge(id="e3", kind=EdgeKind.SUPPORTS, source="c", target="b"),
        Edge(id="e4", kind=EdgeKind.SUPPORTS, source="d", target="b"),
        Edge(id="e5", kind=EdgeKind.OPPOSES, source="r", target="t"),
        Edge(id="e6", kind=EdgeKind.WATCHES, source="w", target="r"),
    ]
    return ArgumentMap(title="Plan", nodes=nodes, edges=edges)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "plan.argmap.json"
    save_map(_map(), target)
    return target


def test_json_shape(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["status", "cascade", "theses", "lint"]
    assert data["status"] == {
        "t": "holds",
        "a": "holds",
        "b": "holds",
        "c": "holds",
        "d": "holds",
        "r": "fails",
        "w": "holds",
    }
    assert list(data["cascade"]) == sorted(data["cascade"])
    assert data["cascade"]["a"] == ["a", "t"]
    thesis = data["theses"]["t"]
    assert thesis["holds"] is True
    assert thesis["tripwires"] == ["a", "b", "r"]  # equal cascades: by id
    assert thesis["fragile_pairs"] == [["c", "d"]]
    assert thesis["probability"] == pytest.approx(0.8 * 0.9)
    assert thesis["probability_method"] == "exact"
    assert thesis["probability_stderr"] is None
    assert set(thesis["importance"]["a"]) == {"birnbaum", "criticality", "raw", "rrw"}
    assert thesis["importance"]["a"]["birnbaum"] == pytest.approx(0.9)
    assert thesis["importance"]["r"]["birnbaum"] == pytest.approx(-0.8)
    assert data["lint"] == [
        {
            "code": "unsupported-claim",
            "severity": "warning",
            "nodes": ["a"],
            "message": "Claim 'a' (Funding arrives) has nothing supporting it.",
        },
        {
            "code": "unsupported-claim",
            "severity": "warning",
            "nodes": ["c"],
            "message": "Claim 'c' (Staff are paid) has nothing supporting it.",
        },
        {
            "code": "unsupported-claim",
            "severity": "warning",
            "nodes": ["d"],
            "message": "Claim 'd' (Staff like it) has nothing supporting it.",
        },
    ]


def test_text_report_and_what_if(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(path), "--what-if", "r"]) == 0
    out = capsys.readouterr().out
    assert "✔ Thesis t: HOLDS — The plan works" in out
    assert "Tripwires (3)" in out and "Funding arrives" in out
    assert "c + d" in out
    assert "P(holds) = 0.7200 (exact)" in out
    assert "What if r flipped:" in out and "thesis t: fails" in out
    assert "Lint (3):" in out


def test_thesis_option_and_what_if_json(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(path), "--json", "--thesis", "b", "--what-if", "c", "d"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["theses"]) == ["b"]
    assert data["theses"]["b"]["fragile_pairs"] == [["c", "d"]]
    assert data["what_if"] == {
        "flipped": ["c", "d"],
        "changed": {"b": "fails", "c": "fails", "d": "fails", "t": "fails"},
        "theses": {"b": "fails"},
    }


def test_errors(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "missing.argmap.json")]) == 1
    assert "missing.argmap.json" in capsys.readouterr().err
    assert main(["analyze", str(path), "--thesis", "nope"]) == 2
    assert "no node 'nope'" in capsys.readouterr().err


def test_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    # ``argmap analyze FILE --json | head -1``: the reader leaves long before the
    # report (well over a pipe buffer) is written; no traceback, no error exit.
    n = 1500
    nodes = [Node(id="t", kind=NodeKind.THESIS, text="top")]
    nodes += [Node(id=f"c{i}", kind=NodeKind.CLAIM, text=f"claim {i}") for i in range(1, n)]
    edges = [
        Edge(id=f"e{i}", kind=EdgeKind.SUPPORTS, source=f"c{i}", target=f"c{i // 2}")
        for i in range(2, n)
    ]
    edges.append(Edge(id="e1", kind=EdgeKind.SUPPORTS, source="c1", target="t"))
    target = tmp_path / "big.argmap.json"
    save_map(ArgumentMap(nodes=nodes, edges=edges), target)
    script = "import sys; from argmap.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "analyze", str(target), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == b"{"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
