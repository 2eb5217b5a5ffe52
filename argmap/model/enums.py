"""The vocabularies of the file format: node kinds, edge kinds, assessments."""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    THESIS = "thesis"
    PILLAR = "pillar"
    CLAIM = "claim"
    REASON = "reason"
    EVIDENCE = "evidence"
    ASSUMPTION = "assumption"
    RISK = "risk"
    CONTENTION = "contention"
    INDICATOR = "indicator"


class EdgeKind(StrEnum):
    SUPPORTS = "supports"
    REQUIRES = "requires"
    OPPOSES = "opposes"
    WATCHES = "watches"


class Assessment(StrEnum):
    HOLDS = "holds"
    FAILS = "fails"


class Direction(StrEnum):
    DOWN = "down"
    UP = "up"
    RIGHT = "right"
    LEFT = "left"


#: Edge kinds that carry logic (``watches`` does not).
LOGICAL_EDGE_KINDS = frozenset({EdgeKind.SUPPORTS, EdgeKind.REQUIRES, EdgeKind.OPPOSES})
