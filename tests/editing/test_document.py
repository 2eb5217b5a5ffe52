from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from argmap.editing import MapDocument
from argmap.editing import operations as ops
from argmap.model import ArgumentMap, Assessment, Direction, EdgeKind, NodeKind
from argmap.storage import load_map, map_to_bytes

BASE = {
    "format": "argmap",
    "version": 1,
    "nodes": [
        {"id": "t", "kind": "thesis", "text": "T"},
        {"id": "p", "kind": "pillar", "text": "P"},
        {"id": "c", "kind": "claim", "text": "C"},
    ],
    "edges": [
        {"id": "e1", "kind": "requires", "source": "p", "target": "t"},
        {"id": "e2", "kind": "supports", "source": "c", "target": "p"},
    ],
}


@pytest.fixture
def doc(qapp: object) -> MapDocument:
    return MapDocument(ArgumentMap.model_validate(BASE))


def test_add_child_sibling_and_undo(doc: MapDocument) -> None:
    child = ops.add_child(doc, "t")
    assert doc.node(child).kind is NodeKind.PILLAR
    assert [(e.source, e.target, e.kind) for e in doc.targets_of(child)] == [
        (child, "t", EdgeKind.REQUIRES)
    ]
    sibling = ops.add_sibling(doc, "c", text="D")
    assert doc.node(sibling).text == "D" and doc.targets_of(sibling)[0].target == "p"
    assert doc.is_modified
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == map_to_bytes(ArgumentMap.model_validate(BASE))
    assert not doc.is_modified


def test_delete_restores_order_on_undo(doc: MapDocument) -> None:
    before = map_to_bytes(doc.map)
    ops.delete(doc, ["p"])
    assert [n.id for n in doc.map.nodes] == ["t", "c"] and doc.map.edges == []
    doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == before


def test_signals(doc: MapDocument, qtbot: object) -> None:
    seen: list[tuple[str, str]] = []
    doc.node_added.connect(lambda i: seen.append(("node+", i)))
    doc.edge_added.connect(lambda i: seen.append(("edge+", i)))
    doc.node_changed.connect(lambda i, f: seen.append(("node~", i + ":" + ",".join(f))))
    doc.edge_removed.connect(lambda i: seen.append(("edge-", i)))
    child = ops.add_child(doc, "c")
    ops.edit_node(doc, child, text="hello")
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    edge_id = doc_edge_id = seen[1][1]
    assert doc_edge_id.startswith("e")
    assert seen == [
        ("node+", child),
        ("edge+", edge_id),
        ("node~", f"{child}:text"),
        ("node~", f"{child}:text"),
        ("edge-", edge_id),
    ]


def test_invalid_edit_is_refused_and_leaves_node_intact(doc: MapDocument) -> None:
    with pytest.raises(ValidationError):
        doc.update_node("c", {"belief": 1.5})
    assert doc.node("c").belief is None


def test_merged_typing_is_one_undo_step(doc: MapDocument) -> None:
    for text in ["a", "ab", "abc"]:
        ops.edit_node(doc, "c", merge=True, text=text)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.node("c").text == "C"


def test_copy_paste_duplicate(doc: MapDocument) -> None:
    fragment = ops.copy_fragment(doc, ["p"])
    roots = ops.paste_fragment(doc, fragment, target="t")
    assert len(roots) == 1 and doc.node(roots[0]).text == "P"
    assert len(doc.map.nodes) == 5 and len(doc.map.edges) == 4
    dup = ops.duplicate(doc, ["c"])
    assert doc.targets_of(dup[0])[0].target == "p"
    with pytest.raises(ValueError, match="no Argmap nodes"):
        ops.paste_fragment(doc, "plain text")
    ArgumentMap.model_validate(doc.map.model_dump())  # still a valid map


def test_connect_refuses_duplicates_and_loops(doc: MapDocument) -> None:
    assert ops.connect(doc, "c", "c") is None
    edge = ops.connect(doc, "c", "t", EdgeKind.OPPOSES)
    assert edge and doc.edge(edge).kind is EdgeKind.OPPOSES
    assert ops.connect(doc, "c", "t", EdgeKind.OPPOSES) is None


def test_collapse_move_auto_layout_direction(doc: MapDocument) -> None:
    ops.set_collapsed(doc, ["p"])
    assert doc.node("p").collapsed
    ops.set_collapsed(doc, ["c"])  # nothing bears on c: nothing to collapse
    assert doc.undo_stack.count() == 1
    ops.move(doc, {"c": (10, 20)})
    ops.move(doc, {"c": (11, 20)}, merge=True)
    ops.move(doc, {"c": (12, 20)}, merge=True)
    assert doc.node("c").position is not None and doc.node("c").position.x == 12
    ops.auto_layout(doc)
    assert doc.node("c").position is None
    ops.set_direction(doc, Direction.RIGHT)
    assert doc.map.view.direction is Direction.RIGHT
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == map_to_bytes(ArgumentMap.model_validate(BASE))


def test_save_marks_clean_and_sets_path(doc: MapDocument, tmp_path: Path) -> None:
    ops.add_child(doc, "t", text="new")
    target = tmp_path / "x.argmap.json"
    doc.save(target)
    assert not doc.is_modified and doc.path == target
    assert load_map(target) == doc.map


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["child", "sibling", "delete", "edit", "kind", "paste"]), st.integers(0, 50)
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=_OPS)
def test_undo_all_restores_the_map(doc: MapDocument, steps: list[tuple[str, int]]) -> None:
    doc.reset(ArgumentMap.model_validate(BASE))
    original = map_to_bytes(doc.map)
    for op, pick in steps:
        ids = [n.id for n in doc.map.nodes]
        if not ids:
            ops.add_node(doc)
            continue
        target = ids[pick % len(ids)]
        if op == "child":
            ops.add_child(doc, target, text=f"x{pick}")
        elif op == "sibling":
            ops.add_sibling(doc, target)
        elif op == "delete":
            ops.delete(doc, [target])
        elif op == "edit":
            ops.edit_node(doc, target, text=f"edited {pick}", belief=pick / 50)
        elif op == "kind":
            ops.set_kind(doc, [target], list(NodeKind)[pick % len(NodeKind)])
        else:
            ops.paste_fragment(doc, ops.copy_fragment(doc, [target]), target)
        ArgumentMap.model_validate(doc.map.model_dump())
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == original


def test_reset_never_shows_the_old_maps_analysis(doc: MapDocument) -> None:
    seen: list[object] = []
    doc.map_reset.connect(lambda: seen.append(doc.analysis))
    assert doc.analysis is not None and "t" in doc.analysis.status
    doc.reset(ArgumentMap())
    assert seen == [None]
    assert doc.analysis is not None and doc.analysis.status == {}


def test_set_assessment_is_one_step_and_skips_no_ops(doc: MapDocument) -> None:
    ops.set_assessment(doc, ["c", "p"], Assessment.FAILS)
    assert doc.undo_stack.count() == 1
    assert (
        doc.node("c").assessment is Assessment.FAILS
        and doc.node("p").assessment is Assessment.FAILS
    )
    ops.set_assessment(doc, ["c", "p"], Assessment.FAILS)
    assert doc.undo_stack.count() == 1  # nothing changed: no empty undo step
    doc.undo_stack.undo()
    assert doc.node("c").assessment is None


def _links(doc: MapDocument, node_id: str) -> list[tuple[str, EdgeKind]]:
    return [(e.target, e.kind) for e in doc.targets_of(node_id)]


def test_a_new_kind_takes_the_links_it_needs_in_one_step(doc: MapDocument) -> None:
    before = map_to_bytes(doc.map)
    child = ops.add_child(doc, "c")  # evidence supporting c
    ops.set_kind(doc, [child], NodeKind.RISK)
    assert _links(doc, child) == [("c", EdgeKind.OPPOSES)]  # a risk attacks
    ops.set_kind(doc, [child], NodeKind.INDICATOR)
    assert _links(doc, child) == [("c", EdgeKind.WATCHES)]  # an indicator watches
    ops.set_kind(doc, [child], NodeKind.EVIDENCE)
    assert _links(doc, child) == [("c", EdgeKind.SUPPORTS)]  # as a new child would
    ops.set_kind(doc, [child], NodeKind.CLAIM)
    assert _links(doc, child) == [("c", EdgeKind.SUPPORTS)]  # nothing to change
    assert doc.undo_stack.count() == 5  # the child, then one step per kind
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.node(child).kind is NodeKind.INDICATOR
    assert _links(doc, child) == [("c", EdgeKind.WATCHES)]
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert map_to_bytes(doc.map) == before


def test_a_risk_keeps_a_chosen_attack_and_a_claim_keeps_its_requirement(
    doc: MapDocument,
) -> None:
    ops.set_kind(doc, ["p"], NodeKind.CLAIM)  # p requires-links the thesis
    assert _links(doc, "p") == [("t", EdgeKind.REQUIRES)]
    ops.set_kind(doc, ["p"], NodeKind.RISK)
    assert _links(doc, "p") == [("t", EdgeKind.OPPOSES)]
    ops.set_kind(doc, ["p"], NodeKind.CLAIM)  # an objection stays one
    assert _links(doc, "p") == [("t", EdgeKind.OPPOSES)]


def test_a_new_kind_never_makes_two_links_of_a_kind_to_one_node(doc: MapDocument) -> None:
    ops.connect(doc, "c", "p", EdgeKind.OPPOSES)  # c both supports and opposes p
    ops.set_kind(doc, ["c"], NodeKind.INDICATOR)
    kinds = sorted(k.value for _t, k in _links(doc, "c"))
    assert kinds == ["opposes", "watches"]  # one became a watch, the other stayed
