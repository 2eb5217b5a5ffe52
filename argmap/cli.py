"""The ``argmap`` command line: ``argmap [FILE]`` opens the editor, subcommands work headless.

Subcommands live in ``argmap.commands``, one module each, found at start-up.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import argmap
import argmap.commands


def command_names() -> list[str]:
    """The subcommands this Argmap has, one per module of ``argmap.commands``."""
    return sorted(
        info.name for info in pkgutil.iter_modules(argmap.commands.__path__) if not info.ispkg
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        description=(
            "Argmap: build argument maps, see which premises are tripwires, "
            "present and export them. Run 'argmap [FILE]' to open the editor."
        ),
    )
    parser.add_argument("--version", action="version", version=f"argmap {argmap.__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in command_names():
        module = importlib.import_module(f"argmap.commands.{name}")
        module.add_parser(subparsers)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        usage="argmap [FILE] | argmap COMMAND ... (see 'argmap --help')",
        description="Open the Argmap editor, on FILE if given.",
    )
    parser.add_argument("file", nargs="?", help="a map file (.argmap.json) to open")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = command_names()
    if args_list and (args_list[0] in names or args_list[0] in ("-h", "--help", "--version")):
        parser = build_parser()
        args = parser.parse_args(args_list)
        if not hasattr(args, "run"):
            parser.print_help()
            return 2
        try:
            return int(args.run(args))
        except KeyboardInterrupt:
            return 130
    gui_args = build_gui_parser().parse_args(args_list)
    from argmap.launch import launch_gui

    return launch_gui(gui_args.file)


def gui_main() -> int:
    """Entry point of ``argmap-gui`` (a gui-script: no console on Windows)."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
