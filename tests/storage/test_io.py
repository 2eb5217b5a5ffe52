from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from argmap.model import ArgumentMap, Node
from argmap.storage import MAX_DEPTH, MapFileError, load_map, map_to_bytes, save_map
from argmap.storage import io as storage_io
from tests.strategies import argument_maps

GOOD = {
    "format": "argmap",
    "version": 1,
    "title": "Demo",
    "nodes": [
        {"id": "thesis", "kind": "thesis", "text": "It holds"},
        {"id": "kyiv", "kind": "pillar", "text": "Kyiv accepts", "belief": 0.6},
    ],
    "edges": [{"id": "e1", "kind": "requires", "source": "kyiv", "target": "thesis"}],
}


def _write(tmp_path: Path, data: object, name: str = "m.argmap.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(MapFileError) as info:
        load_map(path)
    assert all(line.startswith(f"{path}: ") for line in info.value.lines())
    return [str(p) for p in info.value.problems]


def test_load_good_file(tmp_path: Path) -> None:
    amap = load_map(_write(tmp_path, GOOD))
    assert amap.title == "Demo" and amap.node("kyiv").belief == 0.6


def test_save_then_load_round_trip_is_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "a.argmap.json"
    save_map(ArgumentMap.model_validate(GOOD), path)
    first = path.read_bytes()
    save_map(load_map(path), path)
    assert path.read_bytes() == first
    assert first.endswith(b"}\n") and first.startswith(b'{\n  "format": "argmap",\n  "version": 1,')


def test_unknown_keys_survive_a_round_trip(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["layers"] = [{"name": "x"}]
    data["nodes"][0]["colour"] = "teal"
    path = tmp_path / "a.argmap.json"
    path.write_bytes(map_to_bytes(ArgumentMap.model_validate(data)))
    original = path.read_bytes()
    save_map(load_map(path), path)
    assert path.read_bytes() == original
    assert json.loads(original)["layers"] == [{"name": "x"}]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amap=argument_maps())
def test_any_valid_map_survives_save_and_load(tmp_path: Path, amap: ArgumentMap) -> None:
    path = tmp_path / "h.argmap.json"
    save_map(amap, path)
    loaded = load_map(path)
    assert loaded == amap
    data = path.read_bytes()
    save_map(loaded, path)
    assert path.read_bytes() == data


def test_atomic_save_keeps_old_file_when_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keep.argmap.json"
    save_map(ArgumentMap.model_validate(GOOD), path)
    before = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_io.os, "fsync", failing_fsync)
    bigger = ArgumentMap.model_validate(GOOD)
    bigger.nodes.append(Node(id="new", kind="claim", text="x" * 10000))
    with pytest.raises(MapFileError) as info:
        save_map(bigger, path)
    assert "No space left on device" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.argmap.json"]


def test_save_keeps_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "perm.argmap.json"
    save_map(ArgumentMap.model_validate(GOOD), path)
    os.chmod(path, 0o640)
    save_map(ArgumentMap.model_validate(GOOD), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_save_to_missing_folder_or_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(MapFileError, match="could not save"):
        save_map(ArgumentMap(), tmp_path / "nope" / "x.argmap.json")
    with pytest.raises(MapFileError, match="is a folder"):
        save_map(ArgumentMap(), tmp_path)


# -- bad input: one clear problem each -------------------------------------------


def test_truncated_json(tmp_path: Path) -> None:
    path = tmp_path / "t.argmap.json"
    path.write_text(json.dumps(GOOD, indent=2)[:-40], encoding="utf-8")
    [problem] = _problems(path)
    assert problem.startswith("line ") and "not valid JSON" in problem and "truncated" in problem


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.argmap.json"
    path.write_bytes(b'{"format": "argmap",\n "title": "caf\xe9"}')
    assert _problems(path) == [
        "line 2, column 15: not UTF-8 text (byte 0xe9); map files are UTF-8 JSON"
    ]


def test_array_instead_of_object(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, [GOOD])) == [
        'expected a JSON object with "format": "argmap", found an array'
    ]


def test_format_missing_or_wrong(tmp_path: Path) -> None:
    data = dict(GOOD)
    del data["format"]
    assert _problems(_write(tmp_path, data)) == [
        'format: missing; not an Argmap file (expected "format": "argmap")'
    ]
    data["format"] = "kialo"
    assert _problems(_write(tmp_path, data)) == ['format: expected "argmap", found "kialo"']


def test_newer_version(tmp_path: Path) -> None:
    [problem] = _problems(_write(tmp_path, dict(GOOD, version=7)))
    assert problem.startswith("version: written by a newer Argmap (format version 7)")


@pytest.mark.parametrize("version", ["1", 0, None, 1.5, True])
def test_bad_version(tmp_path: Path, version: object) -> None:
    [problem] = _problems(_write(tmp_path, dict(GOOD, version=version)))
    assert problem.startswith("version: expected a whole number")


def test_unknown_kinds(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["nodes"][1]["kind"] = "pilar"
    data["edges"][0]["kind"] = "refutes"
    problems = _problems(_write(tmp_path, data))
    assert problems[0].startswith(
        'nodes[1].kind: unknown node kind "pilar"; expected one of thesis, pillar'
    )
    assert problems[1].startswith(
        'edges[0].kind: unknown edge kind "refutes"; expected one of supports'
    )


def test_duplicate_id_edge_to_missing_node_and_belief_all_at_once(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["nodes"][1]["belief"] = 1.5
    data["nodes"].append({"id": "thesis", "kind": "claim", "text": "again"})
    data["edges"].append({"id": "e2", "kind": "supports", "source": "kyiv", "target": "kyiv2"})
    assert _problems(_write(tmp_path, data)) == [
        "nodes[1].belief: belief 1.5 is outside [0, 1]",
        "nodes[2].id: duplicate id 'thesis'",
        "edges[1].target: no node 'kyiv2'",
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    del data["nodes"][0]["text"]
    assert _problems(_write(tmp_path, data)) == ["nodes[0].text: required field missing"]


def test_huge_file_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.argmap.json"
    with open(path, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: costs no disk
    assert _problems(path) == ["the file is 300 MB; Argmap opens map files up to 200 MB"]


def test_deep_nesting_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.argmap.json"
    path.write_text('{"format": "argmap", "version": 1, "x": ' + "[" * 100000 + "]" * 100000 + "}")
    [problem] = _problems(path)
    assert f"nested more than {MAX_DEPTH} levels deep" in problem
    path.write_text('{"format": "argmap", "version": 1, "x": ' + "[" * 70 + "]" * 70 + "}")
    [problem] = _problems(path)
    assert "nested more than" in problem


def test_directory_missing_file_and_empty_file(tmp_path: Path) -> None:
    assert _problems(tmp_path) == ["is a folder, not a map file"]
    assert _problems(tmp_path / "missing.argmap.json") == ["no such file"]
    empty = tmp_path / "empty.argmap.json"
    empty.write_text("  \n")
    assert _problems(empty) == ["the file is empty; expected a JSON object"]


def test_nan_rejected(tmp_path: Path) -> None:
    path = tmp_path / "nan.argmap.json"
    path.write_text(
        '{"format": "argmap", "version": 1, "nodes": [{"id": "a", "kind": "claim", "text": "", "belief": NaN}]}'
    )
    [problem] = _problems(path)
    assert "NaN is not allowed" in problem


def test_new_files_get_the_umask_not_the_temp_files_0600(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = tmp_path / "fresh.argmap.json"
        save_map(ArgumentMap(), path)
        assert path.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)
