"""Analysis of argument maps (DESIGN.md section 4): pure Python and networkx, no Qt.

- :func:`analyze` evaluates a map (holds / fails / undecided, grounded on
  cycles) and finds every node's cascade, each thesis's tripwires and fragile
  pairs, and, with beliefs, P(thesis holds) and each node's importance.
- :func:`flip` is the what-if of flipping some nodes, recomputing only what
  they reach.
- :func:`lint` lists structural smells.
- :func:`analysis_data` and :func:`render_text` report the results.
"""

from argmap.analysis.graph import CompiledGraph, compile_map, logical_graph, thesis_ids
from argmap.analysis.lint import Finding, Severity, lint
from argmap.analysis.probability import Importance
from argmap.analysis.report import analysis_data, render_text
from argmap.analysis.result import Analysis, Status, ThesisAnalysis, WhatIf, analyze, flip

__all__ = [
    "Analysis",
    "CompiledGraph",
    "Finding",
    "Importance",
    "Severity",
    "Status",
    "ThesisAnalysis",
    "WhatIf",
    "analysis_data",
    "analyze",
    "compile_map",
    "flip",
    "lint",
    "logical_graph",
    "render_text",
    "thesis_ids",
]
