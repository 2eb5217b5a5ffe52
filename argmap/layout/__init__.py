"""Positions for nodes and routes for edges: a tidy tree over the map (no Qt).

See DESIGN.md section 5 and ``argmap.layout.layout`` for the rules.
"""

from argmap.layout.layout import layout
from argmap.layout.options import LayoutOptions
from argmap.layout.result import Layout, Route

__all__ = ["Layout", "LayoutOptions", "Route", "layout"]
