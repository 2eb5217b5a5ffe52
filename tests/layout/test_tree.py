"""The spanning forest: parents, cycles, roots, the order of children."""

from __future__ import annotations

from argmap.layout.tree import Forest, spanning_forest, visible_part
from tests.layout.helpers import make_map


def names(forest: Forest, numbers: list[int]) -> list[str]:
    return [forest.ids[v] for v in numbers]


def test_parent_is_first_logical_target_in_edge_order() -> None:
    m = make_map(
        ["t", "a", "b", "x"],
        [
            ("x", "supports", "b"),
            ("a", "supports", "t"),
            ("b", "supports", "t"),
            ("x", "supports", "a"),
        ],
    )
    f = spanning_forest(m)
    parent = {f.ids[v]: (f.ids[p] if p >= 0 else None) for v, p in enumerate(f.parent)}
    assert parent == {"t": None, "a": "t", "b": "t", "x": "b"}
    assert names(f, f.roots) == ["t"]
    assert names(f, f.children[f.index["t"]]) == ["a", "b"]


def test_cycles_are_broken_deterministically() -> None:
    m = make_map(
        [("a", "claim"), ("b", "claim"), ("c", "claim")],
        [("a", "opposes", "b"), ("b", "opposes", "c"), ("c", "opposes", "a")],
    )
    f = spanning_forest(m)
    assert names(f, f.roots) == ["c"]
    assert f.parent[f.index["a"]] == f.index["b"]
    assert f.parent[f.index["b"]] == f.index["c"]
    # a node that can only close a cycle takes its next target
    m2 = make_map(
        [("a", "claim"), ("b", "claim"), ("r", "claim")],
        [("a", "opposes", "b"), ("b", "opposes", "a"), ("b", "supports", "r")],
    )
    f2 = spanning_forest(m2)
    assert f2.parent[f2.index["b"]] == f2.index["r"]


def test_theses_are_roots_and_come_first() -> None:
    m = make_map(
        [("o", "claim"), ("c", "claim"), ("t1", "thesis"), ("t2", "thesis"), ("lone", "evidence")],
        [("c", "supports", "o"), ("t1", "supports", "t2")],
    )
    f = spanning_forest(m)
    assert names(f, f.roots) == ["t1", "t2", "o"]
    assert names(f, f.isolated) == ["lone"]
    assert f.parent[f.index["t1"]] == -1


def test_indicator_hangs_under_what_it_watches_after_logical_children() -> None:
    m = make_map(
        ["t", ("i", "indicator"), "a"],
        [("i", "watches", "t"), ("a", "supports", "t")],
    )
    f = spanning_forest(m)
    assert names(f, f.children[f.index["t"]]) == ["a", "i"]


def test_contention_sides_and_reason_premises() -> None:
    m = make_map(
        [("k", "contention"), "o1", "s1", "r1", "s2", ("r", "reason"), "u", "p1", "p2"],
        [
            ("o1", "opposes", "k"),
            ("s1", "supports", "k"),
            ("r1", "requires", "k"),
            ("s2", "supports", "k"),
            ("r", "supports", "s1"),
            ("u", "opposes", "r"),
            ("p1", "supports", "r"),
            ("p2", "supports", "r"),
        ],
    )
    f = spanning_forest(m)
    k = f.index["k"]
    assert names(f, f.children[k]) == ["s1", "s2", "r1", "o1"]
    assert f.sides[k] == (2, 1)
    r = f.index["r"]
    assert names(f, f.children[r]) == ["p1", "p2", "u"]
    assert f.premises[r] == 2


def test_collapsed_hides_descendants_and_counts_them() -> None:
    m = make_map(
        ["t", "a", "b", "c", "d"],
        [
            ("a", "supports", "t"),
            ("b", "supports", "a"),
            ("c", "supports", "b"),
            ("d", "supports", "t"),
        ],
        collapsed=("a", "b"),
    )
    f = spanning_forest(m)
    vis = visible_part(f)
    assert sorted(names(f, vis.order)) == ["a", "d", "t"]
    assert sorted(names(f, vis.hidden)) == ["b", "c"]
    assert {f.ids[v]: c for v, c in vis.hidden_count.items()} == {"a": 2, "b": 1}
