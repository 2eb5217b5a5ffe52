from __future__ import annotations

import random

import pytest

from argmap.analysis import analyze
from argmap.canvas.scene import MapScene
from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.model import ArgumentMap, Assessment, Edge, EdgeKind, Node, NodeKind
from argmap.resources_path import resource
from argmap.storage import load_map

DEMO = resource("examples", "peace-framework.argmap.json")


def _highlighted(scene: MapScene, kind: str) -> set[str]:
    return {i.node_id for i in scene.node_items() if i.highlight == kind}


@pytest.fixture
def scene(qapp: object) -> MapScene:
    return MapScene(MapDocument(load_map(DEMO)))


def test_tripwire_halos_are_exactly_the_engines_tripwires(scene: MapScene) -> None:
    analysis = scene.document.analysis
    assert analysis is not None
    expected = set(analysis.theses["thesis"].tripwires)
    assert "territorial-deferral" in expected
    assert _highlighted(scene, "tripwire") == expected
    strongest = max(scene.node_items(), key=lambda i: i.strength)
    assert strongest.node_id == "territorial-deferral"
    assert {i.node_id: i.status for i in scene.node_items()} == {
        k: v.value for k, v in analysis.status.items()
    }


def test_what_if_flip_highlights_the_cascade_and_is_not_an_edit(scene: MapScene) -> None:
    doc = scene.document
    scene.highlights.set_what_if(True)
    scene.highlights.toggle_flip("territorial-deferral")
    cascade = set(doc.analysis.cascade("territorial-deferral"))
    assert _highlighted(scene, "flipped") == {"territorial-deferral"}
    assert _highlighted(scene, "cascade") | {"territorial-deferral"} == cascade
    assert scene.item_for("thesis").status == "fails"
    assert "the thesis falls" in scene.highlights.describe_what_if()
    scene.highlights.toggle_flip("us-shift")  # a second flip combines with the first
    assert scene.highlights.what_if.flipped == ("territorial-deferral", "us-shift")
    assert not doc.is_modified and doc.undo_stack.count() == 0
    scene.highlights.set_what_if(False)
    assert _highlighted(scene, "cascade") == set()
    assert scene.item_for("thesis").status == "holds"


def test_edits_update_highlights(scene: MapScene) -> None:
    doc = scene.document
    assert "kyiv-accepts" in _highlighted(scene, "tripwire")
    ops.edit_node(doc, "territorial-deferral", assessment=Assessment.HOLDS)  # the risk happens
    assert scene.item_for("thesis").status == "fails"
    assert _highlighted(scene, "tripwire") == set()  # a thesis that fails has no tripwires
    doc.undo_stack.undo()
    assert "kyiv-accepts" in _highlighted(scene, "tripwire")


def test_preview_describes_the_cascade(scene: MapScene) -> None:
    scene.select_nodes(["kyiv-accepts"])
    message = scene.highlights.describe("kyiv-accepts")
    assert message.startswith("Rejecting “Kyiv accepts")
    assert message.endswith("including the thesis.")
    cascade = set(scene.document.analysis.cascade("kyiv-accepts"))
    # The same count as the tripwire panel's, less the node itself.
    others = len(cascade) - 1
    assert f"brings down {others} other node{'s' if others != 1 else ''}," in message
    assert _highlighted(scene, "cascade") | _highlighted(scene, "flipped") == cascade
    risk = scene.highlights.describe("territorial-deferral")
    assert risk.startswith("If “Kyiv and Europe read") and "materialises" in risk


def test_highlight_mode_none_and_fragile_pairs(scene: MapScene) -> None:
    scene.set_highlight_mode("none")
    assert _highlighted(scene, "tripwire") == set()
    scene.set_highlight_mode("tripwires")
    scene.highlights.set_show_fragile(True)
    pairs = scene.document.analysis.theses["thesis"].fragile_pairs
    assert _highlighted(scene, "fragile") == {n for p in pairs for n in p}


@pytest.mark.parametrize("seed", range(4))
def test_generated_maps_agree_with_the_engine(qapp: object, seed: int) -> None:
    rng = random.Random(seed)
    nodes = [Node(id="t", kind=NodeKind.THESIS, text="T")]
    edges = []
    for i in range(1, 40):
        kind = rng.choice([NodeKind.CLAIM, NodeKind.EVIDENCE, NodeKind.RISK, NodeKind.PILLAR])
        nodes.append(Node(id=f"n{i}", kind=kind, text=f"node {i}"))
        target = rng.choice(nodes[:-1]).id
        edge_kind = (
            EdgeKind.OPPOSES
            if kind is NodeKind.RISK
            else rng.choice([EdgeKind.SUPPORTS, EdgeKind.REQUIRES])
        )
        edges.append(Edge(id=f"e{i}", kind=edge_kind, source=f"n{i}", target=target))
    amap = ArgumentMap(nodes=nodes, edges=edges)
    scene = MapScene(MapDocument(amap))
    expected = analyze(amap)
    assert _highlighted(scene, "tripwire") == set(expected.theses["t"].tripwires)
    flip = rng.choice(nodes[1:]).id
    scene.highlights.set_what_if(True)
    scene.highlights.toggle_flip(flip)
    assert _highlighted(scene, "cascade") | _highlighted(scene, "flipped") == set(
        expected.cascade(flip)
    ) | {flip}


def _looks(scene: MapScene) -> dict[str, tuple]:
    nodes = {i.node_id: (i.status, i.highlight, i.strength) for i in scene.node_items()}
    edges = {e.edge_id: e.highlight for e in scene.edge_items()}
    return {"nodes": nodes, "edges": edges}


def test_incremental_overlay_matches_a_full_apply(scene: MapScene) -> None:
    hl = scene.highlights
    ids = [n.id for n in scene.document.map.nodes]
    steps = [("preview", ids[5]), ("preview", ids[12]), ("preview", None), ("preview", ids[20])]
    steps += [("what_if", True), ("flip", ids[9]), ("flip", ids[17]), ("flip", ids[9])]
    for step, arg in steps:
        if step == "preview":
            hl.set_preview(arg)
        elif step == "what_if":
            hl.set_what_if(True)
        else:
            hl.toggle_flip(arg)
        incremental = _looks(scene)
        hl.apply()
        assert _looks(scene) == incremental, (step, arg)


def test_hover_touches_only_the_cascades_nodes(
    scene: MapScene, monkeypatch: pytest.MonkeyPatch
) -> None:
    touched: list[str] = []
    for item in scene.node_items():
        original = item.invalidate
        monkeypatch.setattr(
            item, "invalidate", lambda i=item, o=original: (touched.append(i.node_id), o())
        )
    scene.highlights.set_preview("kyiv-accepts")
    cascade = set(scene.document.analysis.cascade("kyiv-accepts")) | {"kyiv-accepts"}
    assert set(touched) <= cascade


def test_status_sentence_follows_the_previewed_nodes_text(scene: MapScene) -> None:
    doc = scene.document
    messages: list[str] = []
    scene.highlights.message_changed.connect(messages.append)
    child = ops.add_child(doc, "kyiv-accepts", text="")
    scene.select_nodes([child])
    ops.edit_node(doc, child, text="Fresh evidence")
    assert "“Fresh evidence”" in messages[-1]
    assert not messages[-1].endswith(" 0 nodes.")  # "nothing else", said plainly
