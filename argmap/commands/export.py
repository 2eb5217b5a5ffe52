"""``argmap export FILE -o OUT``: a PNG, SVG or PDF picture of a map, with no display."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from argmap.canvas.theme import THEME_NAMES as THEMES  # no Qt: safe at start-up
from argmap.storage import MapFileError, load_map


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a PNG, SVG or PDF picture of a map",
        description="Draw a map as on screen and write it as PNG, SVG or PDF. Needs no "
        "display. The format follows the suffix of OUT unless --format is given.",
    )
    parser.add_argument("file", metavar="FILE", help="the map file (.argmap.json)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    parser.add_argument("--format", choices=("png", "svg", "pdf"), help="output format")
    parser.add_argument("--theme", default="light", choices=THEMES, help="look (default light)")
    parser.add_argument(
        "--scale", type=float, default=None, help="PNG pixels per screen pixel (default 2)"
    )
    parser.add_argument("--dpi", type=float, help="PNG resolution (sets the scale to DPI/96)")
    parser.add_argument("--transparent", action="store_true", help="no background")
    parser.add_argument("--select", metavar="IDS", help="only these node ids, comma-separated")
    parser.add_argument("--thesis", metavar="ID", help="highlight the tripwires of this thesis")
    parser.add_argument(
        "--highlight", choices=("tripwires", "none"), default="tripwires", help="halos to draw"
    )
    parser.add_argument(
        "--width", type=float, metavar="W", help="output width: PNG/SVG pixels, PDF points"
    )
    parser.add_argument(
        "--paper", choices=("a4", "letter"), help="PDF: tile over pages of this size"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.scale is not None and args.dpi is not None:
        print("argmap export: give --scale or --dpi, not both", file=sys.stderr)
        return 1
    try:
        amap = load_map(args.file)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from argmap.canvas.export import ExportError, export_map

    out = Path(args.output)
    try:
        export_map(
            amap,
            out,
            fmt=args.format,
            theme=args.theme,
            scale=args.scale if args.scale is not None else 2.0,
            dpi=args.dpi,
            transparent=args.transparent,
            select=args.select,
            thesis=args.thesis,
            highlight=args.highlight,
            width=args.width,
            paper=args.paper,
        )
    except ExportError as exc:
        print(f"argmap export: {exc}", file=sys.stderr)
        return 1
    return 0
