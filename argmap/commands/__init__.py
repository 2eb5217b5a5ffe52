"""Subcommands of the ``argmap`` command line, one module each.

Every module here defines ``add_parser(subparsers)``, which adds its parser and
sets ``run`` (a callable taking the parsed arguments and returning an exit code)
with ``set_defaults``. ``argmap.cli`` finds the modules itself.
"""
