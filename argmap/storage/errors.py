"""Errors raised when a map file cannot be read or written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (a JSON path or ``line L, column C``) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def json_path(loc: Sequence[str | int]) -> str:
    """``("edges", 3, "target")`` -> ``edges[3].target``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class MapFileError(Exception):
    """A map file could not be read or written; names the file and every problem."""

    def __init__(self, path: str | Path, problems: Iterable[Problem] | str) -> None:
        self.path = Path(path)
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def lines(self) -> list[str]:
        """One line per problem, each starting with the file name."""
        return [f"{self.path}: {problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())
