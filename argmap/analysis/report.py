"""Reports of an analysis: plain JSON data, and text for a terminal."""

from __future__ import annotations

import math
import shutil
from typing import Any

from argmap.analysis.lint import Finding
from argmap.analysis.result import Analysis, Status, WhatIf
from argmap.model import ArgumentMap

__all__ = ["analysis_data", "render_text"]

_MARK = {Status.HOLDS: "✔", Status.FAILS: "✘", Status.UNDECIDED: "?"}


def _number(x: float) -> float | None:
    """A JSON-safe float: infinities (an unbounded RAW or RRW) become null."""
    return None if math.isinf(x) or math.isnan(x) else x


def analysis_data(
    analysis: Analysis, findings: list[Finding], what_if: WhatIf | None = None
) -> dict[str, Any]:
    """The ``argmap analyze --json`` object (issue 3).

    Cascades are keyed and listed by id; tripwires are ranked; fragile pairs are
    sorted. An infinite RAW or RRW is written as null. With ``what_if`` a
    ``"what_if"`` key is added: the flipped ids, the changed statuses and the
    theses' statuses after the flip.
    """
    theses: dict[str, Any] = {}
    for tid, t in analysis.theses.items():
        theses[tid] = {
            "holds": t.holds,
            "tripwires": list(t.tripwires),
            "fragile_pairs": [list(p) for p in t.fragile_pairs],
            "probability": t.probability,
            "probability_method": t.probability_method,
            "probability_stderr": t.probability_stderr,
            "importance": {
                node_id: {
                    "birnbaum": imp.birnbaum,
                    "criticality": imp.criticality,
                    "raw": _number(imp.raw),
                    "rrw": _number(imp.rrw),
                }
                for node_id, imp in t.importance.items()
            },
        }
    data: dict[str, Any] = {
        "status": {node_id: str(s) for node_id, s in analysis.status.items()},
        "cascade": {node_id: analysis.cascade(node_id) for node_id in sorted(analysis.status)},
        "theses": theses,
        "lint": [f.to_data() for f in findings],
    }
    if what_if is not None:
        data["what_if"] = {
            "flipped": list(what_if.flipped),
            "changed": {k: str(v) for k, v in what_if.changed.items()},
            "theses": {k: str(v) for k, v in what_if.theses.items()},
        }
    return data


def _clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters (leading spaces kept)."""
    indent = text[: len(text) - len(text.lstrip(" "))]
    text = indent + " ".join(text.split())
    if width <= 1:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(
    amap: ArgumentMap,
    analysis: Analysis,
    findings: list[Finding],
    what_if: WhatIf | None = None,
    *,
    width: int | None = None,
    top: int = 10,
) -> str:
    """A report to read in a terminal: theses, tripwires, pairs, beliefs, lint."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    text = {n.id: n.text for n in amap.nodes}
    out: list[str] = []
    title = amap.title or "Untitled map"
    counts = analysis.status.values()
    tally = ", ".join(
        f"{sum(1 for s in counts if s is k)} {k}" for k in Status if any(s is k for s in counts)
    )
    out.append(_clip(f"{title}", width))
    out.append(f"{len(amap.nodes)} nodes, {len(amap.edges)} edges; {tally or 'empty'}")
    if not analysis.theses:
        out.append("")
        out.append("No thesis: nothing to analyse.")

    for tid, t in analysis.theses.items():
        out.append("")
        head = f"{_MARK[t.status]} Thesis {tid}: {t.status.value.upper()}"
        out.append(_clip(f"{head} — {text[tid]}" if text[tid] else head, width))
        if t.status is Status.HOLDS:
            if t.tripwires:
                out.append(f"  Tripwires ({len(t.tripwires)}), each brings it down alone:")
                idw = min(max(len(v) for v in t.tripwires[:top]), 24)
                for v in t.tripwires[:top]:
                    size = analysis.cascade_size(v)
                    line = f"    {v:<{idw}}  cascade {size:>4}  "
                    out.append(line + _clip(text[v], width - len(line)))
                if len(t.tripwires) > top:
                    out.append(f"    … and {len(t.tripwires) - top} more")
            else:
                out.append("  No tripwires: no single flip brings it down.")
            if t.fragile_pairs:
                out.append(
                    f"  Fragile pairs ({len(t.fragile_pairs)}), harmless alone, fatal together:"
                )
                for a, b in t.fragile_pairs[:top]:
                    out.append(_clip(f"    {a} + {b}", width))
                if len(t.fragile_pairs) > top:
                    out.append(f"    … and {len(t.fragile_pairs) - top} more")
            else:
                out.append("  No fragile pairs.")
            if not t.fragile_pairs_complete:
                out.append("  (pair search stopped at its work budget: the list may be partial)")
        else:
            out.append("  It does not hold as the map stands; no tripwires to report.")
        if t.probability is not None:
            if t.probability_method == "exact":
                out.append(f"  P(holds) = {t.probability:.4f} (exact)")
            else:
                out.append(
                    f"  P(holds) ≈ {t.probability:.4f} ± {t.probability_stderr or 0.0:.4f} "
                    f"(Monte Carlo, {t.probability_samples} samples, seed {t.probability_seed})"
                )
            ranked = [(k, v) for k, v in t.importance.items() if v.birnbaum != 0.0][:top]
            if ranked:
                out.append("  Most important (Birnbaum; criticality, RAW, RRW):")
                idw = min(max(len(k) for k, _ in ranked), 24)
                for k, imp in ranked:
                    line = (
                        f"    {k:<{idw}}  {imp.birnbaum + 0.0:+.3f}  {imp.criticality + 0.0:+.3f}  "
                        f"{_fmt(imp.raw):>6}  {_fmt(imp.rrw):>6}  "
                    )
                    out.append(line + _clip(text[k], width - len(line)))

    if what_if is not None:
        out.append("")
        out.append(f"What if {', '.join(what_if.flipped)} flipped:")
        if what_if.changed:
            for k, s in what_if.changed.items():
                line = f"  {_MARK[s]} {k} now {s.value}  "
                out.append(line + _clip(text[k], width - len(line)))
        else:
            out.append("  nothing changes.")
        for k, s in what_if.theses.items():
            out.append(f"  thesis {k}: {s.value}")

    out.append("")
    if findings:
        out.append(f"Lint ({len(findings)}):")
        for f in findings:
            out.append(_clip(f"  {f.severity.value:<7}  {f.message}", width))
    else:
        out.append("Lint: nothing to report.")
    return "\n".join(out) + "\n"


def _fmt(x: float) -> str:
    return "inf" if math.isinf(x) else f"{x:.2f}"
