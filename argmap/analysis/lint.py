"""Lint: structural smells in a map, each with a severity, the nodes and a sentence.

The checks (``Finding.code``):

``unsupported-claim``
    A claim that nothing supports (no ``supports`` edge into it).
``one-sided-contention``
    A contention without both sides (it needs a ``supports`` and an ``opposes``).
``inert-attack``
    An ``opposes`` edge from a node that cannot hold: it fails, and no single
    flip (see DESIGN.md section 4) makes it hold, so the attack never bites.
``single-premise-reason``
    A reason with only one premise (a plain ``supports`` edge says the same).
``dangling-node``
    A node (not an indicator) that bears on nothing and is no thesis. Only
    raised when the map has explicit theses; otherwise such nodes *are* its theses.
``support-cycle``
    A cycle of ``supports``/``requires`` edges: circular reasoning.
``idle-indicator``
    An indicator that watches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from argmap.analysis.evaluate import FAILS, evaluate
from argmap.analysis.graph import compile_map
from argmap.analysis.sensitivity import SensitivityState, build_sensitivity
from argmap.model import LOGICAL_EDGE_KINDS, ArgumentMap, EdgeKind, Node, NodeKind

__all__ = ["Finding", "Severity", "lint"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One lint finding."""

    code: str
    severity: Severity
    node_ids: tuple[str, ...]
    message: str

    def to_data(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "nodes": list(self.node_ids),
            "message": self.message,
        }


def _label(node: Node) -> str:
    node_id = node.id
    text = node.text.strip().replace("\n", " ")
    if len(text) > 50:
        text = text[:49] + "…"
    return f"{node_id!r} ({text})" if text else repr(node_id)


def lint(amap: ArgumentMap, state: SensitivityState | None = None) -> list[Finding]:
    """Every finding, grouped by check, in document order within a check.

    ``state`` may pass the sensitivity state of an analysis of the same map
    (``Analysis.sensitivity``) to save recomputing it.
    """
    index = amap.node_index()
    incoming: dict[str, dict[EdgeKind, list[str]]] = {n.id: {} for n in amap.nodes}
    outgoing: dict[str, dict[EdgeKind, list[str]]] = {n.id: {} for n in amap.nodes}
    for e in amap.edges:
        if e.source in index and e.target in index:
            incoming[e.target].setdefault(e.kind, []).append(e.source)
            outgoing[e.source].setdefault(e.kind, []).append(e.target)
    label = {n.id: _label(n) for n in amap.nodes}
    findings: list[Finding] = []

    for n in amap.nodes:
        if n.kind is NodeKind.CLAIM and not incoming[n.id].get(EdgeKind.SUPPORTS):
            findings.append(
                Finding(
                    "unsupported-claim",
                    Severity.WARNING,
                    (n.id,),
                    f"Claim {label[n.id]} has nothing supporting it.",
                )
            )

    for n in amap.nodes:
        if n.kind is NodeKind.CONTENTION:
            has_for = bool(incoming[n.id].get(EdgeKind.SUPPORTS))
            has_against = bool(incoming[n.id].get(EdgeKind.OPPOSES))
            if not (has_for and has_against):
                missing = (
                    "either side"
                    if not (has_for or has_against)
                    else ("the side it needs" if not has_for else "the opposing side")
                )
                findings.append(
                    Finding(
                        "one-sided-contention",
                        Severity.WARNING,
                        (n.id,),
                        f"Contention {label[n.id]} lacks {missing}.",
                    )
                )

    if any(e.kind is EdgeKind.OPPOSES for e in amap.edges):
        if state is None:
            compiled = compile_map(amap)
            state = build_sensitivity(compiled, evaluate(compiled))
        g, values = state.g, state.values
        for e in amap.edges:
            if e.kind is not EdgeKind.OPPOSES:
                continue
            s = g.pos[e.source]
            if values[s] == FAILS and not state.changes_of(s):
                findings.append(
                    Finding(
                        "inert-attack",
                        Severity.WARNING,
                        (e.source, e.target),
                        f"{label[e.source]} attacks {label[e.target]} but cannot hold, "
                        "so the attack has no effect.",
                    )
                )

    for n in amap.nodes:
        if n.kind is NodeKind.REASON and len(set(incoming[n.id].get(EdgeKind.SUPPORTS, []))) == 1:
            findings.append(
                Finding(
                    "single-premise-reason",
                    Severity.INFO,
                    (n.id,),
                    f"Reason {label[n.id]} has a single premise; "
                    "a plain supports edge says the same.",
                )
            )

    if any(n.kind is NodeKind.THESIS for n in amap.nodes):
        for n in amap.nodes:
            if n.kind in (NodeKind.THESIS, NodeKind.INDICATOR):
                continue
            if not any(outgoing[n.id].get(k) for k in LOGICAL_EDGE_KINDS):
                findings.append(
                    Finding(
                        "dangling-node",
                        Severity.WARNING,
                        (n.id,),
                        f"{label[n.id]} bears on nothing and is no thesis.",
                    )
                )

    support = nx.DiGraph()
    support.add_nodes_from(n.id for n in amap.nodes)
    support.add_edges_from(
        (e.source, e.target) for e in amap.edges if e.kind in (EdgeKind.SUPPORTS, EdgeKind.REQUIRES)
    )
    order = {n.id: i for i, n in enumerate(amap.nodes)}
    cycles = [
        sorted(c, key=order.__getitem__)
        for c in nx.strongly_connected_components(support)
        if len(c) > 1
    ]
    for members in sorted(cycles, key=lambda c: order[c[0]]):
        names = ", ".join(repr(m) for m in members)
        findings.append(
            Finding(
                "support-cycle",
                Severity.WARNING,
                tuple(members),
                f"Circular support among {names}: each rests on the others.",
            )
        )

    for n in amap.nodes:
        if n.kind is NodeKind.INDICATOR and not outgoing[n.id].get(EdgeKind.WATCHES):
            findings.append(
                Finding(
                    "idle-indicator",
                    Severity.INFO,
                    (n.id,),
                    f"Indicator {label[n.id]} watches nothing.",
                )
            )
    return findings
