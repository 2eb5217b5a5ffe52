"""The document model of Argmap (pure pydantic, no Qt)."""

from argmap.model.enums import (
    LOGICAL_EDGE_KINDS,
    Assessment,
    Direction,
    EdgeKind,
    NodeKind,
)
from argmap.model.map import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ArgumentMap,
    Edge,
    Node,
    Position,
    Source,
    Step,
    ViewSettings,
    integrity_problems,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LOGICAL_EDGE_KINDS",
    "ArgumentMap",
    "Assessment",
    "Direction",
    "Edge",
    "EdgeKind",
    "Node",
    "NodeKind",
    "Position",
    "Source",
    "Step",
    "ViewSettings",
    "integrity_problems",
]
