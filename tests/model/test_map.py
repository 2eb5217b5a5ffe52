from __future__ import annotations

import pytest
from pydantic import ValidationError

from argmap.model import ArgumentMap, Edge, Node, NodeKind, integrity_problems


def _map(**extra: object) -> dict:
    data = {
        "format": "argmap",
        "version": 1,
        "nodes": [
            {"id": "t", "kind": "thesis", "text": "T"},
            {"id": "a", "kind": "claim", "text": "A"},
        ],
        "edges": [{"id": "e1", "kind": "supports", "source": "a", "target": "t"}],
    }
    data.update(extra)
    return data


def _locs(exc: ValidationError) -> list[tuple]:
    return [(err["loc"], err["msg"]) for err in exc.errors()]


def test_valid_map_loads() -> None:
    amap = ArgumentMap.model_validate(_map())
    assert [n.id for n in amap.nodes] == ["t", "a"]
    assert amap.nodes[0].kind is NodeKind.THESIS
    assert amap.node("a").text == "A"
    with pytest.raises(KeyError):
        amap.node("zz")


def test_duplicate_ids_across_nodes_and_edges() -> None:
    data = _map()
    data["edges"][0]["id"] = "a"
    with pytest.raises(ValidationError) as info:
        ArgumentMap.model_validate(data)
    assert _locs(info.value) == [(("edges", 0, "id"), "duplicate id 'a'")]


def test_edge_to_missing_node_and_self_loop_reported_together() -> None:
    data = _map()
    data["edges"] = [
        {"id": "e1", "kind": "supports", "source": "a", "target": "kyiv2"},
        {"id": "e2", "kind": "opposes", "source": "t", "target": "t"},
    ]
    with pytest.raises(ValidationError) as info:
        ArgumentMap.model_validate(data)
    assert _locs(info.value) == [
        (("edges", 0, "target"), "no node 'kyiv2'"),
        (("edges", 1), "edge 'e2' joins node 't' to itself"),
    ]


@pytest.mark.parametrize("belief", [1.5, -0.1, float("nan"), float("inf")])
def test_belief_outside_unit_interval(belief: float) -> None:
    data = _map()
    data["nodes"][1]["belief"] = belief
    with pytest.raises(ValidationError) as info:
        ArgumentMap.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("nodes", 1, "belief")


def test_unknown_kinds_and_empty_id_rejected() -> None:
    data = _map()
    data["nodes"][0]["kind"] = "hypothesis"
    data["edges"][0]["kind"] = "refutes"
    data["nodes"][1]["id"] = ""
    with pytest.raises(ValidationError) as info:
        ArgumentMap.model_validate(data)
    locs = {err["loc"] for err in info.value.errors()}
    assert locs == {("nodes", 0, "kind"), ("edges", 0, "kind"), ("nodes", 1, "id")}


def test_unknown_keys_are_kept_in_order() -> None:
    data = _map(future={"x": [1, 2]})
    data["nodes"][0]["colour"] = "teal"
    amap = ArgumentMap.model_validate(data)
    out = amap.to_data()
    assert out["future"] == {"x": [1, 2]}
    assert list(out["nodes"][0]) == ["id", "kind", "text", "colour"]


def test_to_data_leaves_defaults_out_but_keeps_header() -> None:
    amap = ArgumentMap(nodes=[Node(id="n", kind="claim", text="")])
    assert amap.to_data() == {
        "format": "argmap",
        "version": 1,
        "nodes": [{"id": "n", "kind": "claim", "text": ""}],
    }


def test_integrity_problems_on_raw_data_skip_malformed_entries() -> None:
    data = {
        "nodes": [{"id": "a"}, {"id": 3}, "junk"],
        "edges": [{"id": "a", "source": "a", "target": "b"}],
    }
    assert integrity_problems(data) == [
        (("edges", 0, "id"), "duplicate id 'a'"),
        (("edges", 0, "target"), "no node 'b'"),
    ]


def test_models_are_mutable_for_the_document() -> None:
    amap = ArgumentMap.model_validate(_map())
    amap.nodes.append(Node(id="b", kind="evidence", text="B"))
    amap.edges.append(Edge(id="e2", kind="supports", source="b", target="a"))
    assert integrity_problems(amap) == []


def test_snapshot_has_its_own_lists() -> None:
    amap = ArgumentMap.model_validate(_map())
    snap = amap.snapshot()
    amap.nodes.append(Node(id="b", kind="claim", text="B"))
    amap.edges.clear()
    assert [n.id for n in snap.nodes] == ["t", "a"] and len(snap.edges) == 1
    assert snap.to_data() == ArgumentMap.model_validate(_map()).to_data()
