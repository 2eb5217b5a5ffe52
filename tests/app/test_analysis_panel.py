"""The Analysis dock on long lists: rows come a chunk at a time."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from argmap.app.analysis_panel import MORE_ROWS, NODE_IDS, ROW_CHUNK, AnalysisPanel
from argmap.editing.document import MapDocument
from argmap.model import ArgumentMap, Edge, Node


def _chain_map(length: int) -> ArgumentMap:
    """A thesis that requires each of ``length`` claims: every claim is a tripwire."""
    nodes = [Node(id="t", kind="thesis", text="Thesis")]
    edges = []
    for i in range(length):
        nodes.append(Node(id=f"c{i}", kind="claim", text=f"Claim {i}"))
        edges.append(Edge(id=f"e{i}", kind="requires", source=f"c{i}", target="t"))
    return ArgumentMap(nodes=nodes, edges=edges)


def test_long_sections_show_a_chunk_and_the_rest_on_demand(qtbot: QtBot) -> None:
    total = ROW_CHUNK * 2 + 17
    doc = MapDocument(_chain_map(total))
    doc.wait_for_analysis(60)
    picked: list[list[str]] = []
    panel = AnalysisPanel(doc, picked.append, lambda _t: None)
    qtbot.addWidget(panel)
    panel.refresh()
    section = panel.tree.topLevelItem(0)
    assert section.text(0) == f"Tripwires ({total})"

    def rows() -> list[str]:
        return [
            section.child(i).data(0, NODE_IDS)[0]
            for i in range(section.childCount())
            if not section.child(i).data(0, MORE_ROWS)
        ]

    assert len(rows()) == ROW_CHUNK
    while section.child(section.childCount() - 1).data(0, MORE_ROWS):
        more = section.child(section.childCount() - 1)
        assert more.text(1).startswith("Show ")
        panel._clicked(more)
    assert not picked  # "show more" is not a pick
    expected = list(doc.analysis.theses["t"].tripwires)
    assert rows() == expected and len(expected) == total
