"""``argmap analyze FILE``: tripwires, fragile pairs, beliefs and lint of a map."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from argmap.analysis import analysis_data, analyze, lint, render_text
from argmap.storage import MapFileError, load_map


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="report theses, tripwires, fragile pairs, probabilities and lint",
        description="Analyse a map: which nodes' failure brings each thesis down "
        "(tripwires and fragile pairs), P(thesis holds) under the beliefs, the most "
        "important nodes, and lint findings. Exit 0 on success, 1 when the file "
        "cannot be read, 2 on a bad node id.",
    )
    parser.add_argument("file", metavar="FILE", help="a map file (.argmap.json)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--thesis",
        metavar="ID",
        action="append",
        help="analyse this node as the thesis (repeatable; default: the map's theses)",
    )
    parser.add_argument(
        "--what-if",
        metavar="ID",
        nargs="+",
        default=None,
        help="also show what changes when these nodes are flipped",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of Monte Carlo estimates (default 0)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        amap = load_map(args.file)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    known = {n.id for n in amap.nodes}
    for node_id in (args.thesis or []) + (args.what_if or []):
        if node_id not in known:
            print(f"{args.file}: no node {node_id!r}", file=sys.stderr)
            return 2
    analysis = analyze(amap, theses=args.thesis, seed=args.seed)
    findings = lint(amap, analysis.sensitivity)
    what_if = analysis.flip(args.what_if) if args.what_if else None
    try:
        if args.json:
            data = analysis_data(analysis, findings, what_if)
            json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(render_text(amap, analysis, findings, what_if))
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    return 0


def _quiet_stdout() -> None:
    """The reader went away (``argmap analyze ... | head``): stop quietly.

    Python flushes stdout again at exit, which would fail once more and print
    a traceback; pointing the descriptor at the null device avoids that.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (e.g. captured in tests)
        pass
