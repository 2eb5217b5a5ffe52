"""Where Argmap's bundled resources (examples, themes, icons, fonts, schema) live."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: ``resources/`` of a checkout, or the installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "resources"


def resource(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_dir().joinpath(*parts)
