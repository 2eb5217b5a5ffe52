"""``argmap validate FILE...``: check map files, one line per problem."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from argmap.storage import MapFileError, load_map


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check map files and report every problem",
        description="Check map files. Exit 0 when all are valid; otherwise print one "
        "line per problem and exit 1.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="map files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            amap = load_map(name)
        except MapFileError as exc:
            failed += 1
            for line in exc.lines():
                print(line, file=sys.stderr)
            continue
        if not args.quiet:
            print(f"{name}: ok ({len(amap.nodes)} nodes, {len(amap.edges)} edges)")
    return 1 if failed else 0
