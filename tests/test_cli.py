from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.cli import command_names, main
from argmap.launch import display_problem
from argmap.resources_path import resource

EXAMPLES = sorted(resource("examples").glob("*.argmap.json"))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"argmap {argmap.__version__}"


def test_validate_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert EXAMPLES, "resources/examples holds the bundled maps"
    assert main(["validate", *map(str, EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(EXAMPLES)


def test_validate_reports_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.argmap.json"
    bad.write_text(
        json.dumps(
            {
                "format": "argmap",
                "version": 1,
                "nodes": [{"id": "a", "kind": "claim", "text": "", "belief": 1.5}],
                "edges": [{"id": "e", "kind": "supports", "source": "a", "target": "kyiv2"}],
            }
        )
    )
    good = tmp_path / "good.argmap.json"
    good.write_text('{"format": "argmap", "version": 1}')
    assert main(["validate", str(good), str(bad), str(tmp_path / "missing.json")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{bad}: nodes[0].belief: belief 1.5 is outside [0, 1]",
        f"{bad}: edges[0].target: no node 'kyiv2'",
        f"{tmp_path / 'missing.json'}: no such file",
    ]
    assert "good.argmap.json: ok (0 nodes, 0 edges)" in captured.out


def test_examples_load_then_save_byte_identical(tmp_path: Path) -> None:
    from argmap.storage import load_map, save_map

    for example in EXAMPLES:
        out = tmp_path / example.name
        save_map(load_map(example), out)
        assert out.read_bytes() == example.read_bytes(), example.name


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe")
    result = subprocess.run(
        [sys.executable, "-m", "argmap.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == f"{bad}: line 1, column 1: not UTF-8 text (byte 0xff); map files are UTF-8 JSON"
    )


def test_commands_are_discovered() -> None:
    assert "validate" in command_names()


def test_no_display_gives_a_hint_not_a_crash() -> None:
    message = display_problem({})
    if sys.platform.startswith("linux"):
        assert message is not None and "argmap export" in message
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_missing_x11_libraries_are_named_with_their_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from argmap import launch

    if not sys.platform.startswith("linux"):
        pytest.skip("X11 hint is for Linux")
    monkeypatch.setattr(launch, "missing_xcb_packages", lambda: ["libxcb-cursor0", "libxcb-icccm4"])
    message = launch.display_problem({"DISPLAY": ":0"})
    assert message is not None
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in message


def test_xcb_check_reads_the_real_plugin() -> None:
    from argmap import launch

    if not sys.platform.startswith("linux"):
        pytest.skip("X11 check is for Linux")
    assert launch._xcb_plugin_files(), "PySide6 ships the xcb plugin"
    assert isinstance(launch.missing_xcb_packages(), list)
