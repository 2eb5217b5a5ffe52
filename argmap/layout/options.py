"""Spacing and routing settings of the layout engine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Distances in scene units (points at 100 % zoom).

    "Along" is the axis on which siblings sit side by side (x for direction down
    and up, y for right and left); "across" is the axis from a thesis to its
    reasons.
    """

    #: Space between two consecutive levels of the tree (box border to box border).
    level_gap: float = 70.0
    #: Space between two siblings (children of the same node).
    sibling_gap: float = 24.0
    #: Space between neighbouring subtrees whose roots are not siblings (cousins).
    subtree_gap: float = 36.0
    #: Space between two trees of the forest (several theses side by side).
    tree_gap: float = 60.0
    #: Size of a node that ``sizes`` does not mention: (width, height).
    default_size: tuple[float, float] = (180.0, 60.0)
    #: With stored positions: descendants without a stored position of their own
    #: move with their nearest ancestor that has one (the user moved the branch).
    subtree_follows_position: bool = True
    #: Padding of the rectangle that groups a reason's co-premises.
    group_padding: float = 8.0
    #: Curves: distance between two samples when testing a curve against boxes.
    route_sample_step: float = 24.0
    #: Curves: most samples per candidate curve; a longer curve is not tested
    #: (it takes its first shape): links across a whole map cannot avoid much.
    route_max_samples: int = 64
    #: Curves: total samples for the whole map; beyond it, curves take their first
    #: shape untested (keeps huge maps fast, deterministic all the same).
    route_sample_budget: int = 250_000
    #: Curves: clearance kept between a curve and the boxes it avoids.
    route_clearance: float = 4.0
