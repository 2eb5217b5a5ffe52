"""The document model: pydantic classes for the fields of file format version 1.

The classes are plain pydantic models (no Qt). Field order here is the order in
which a file is written, so keep ``id``, ``kind``, ``text`` first in a node.
Unknown keys are allowed and kept (``extra="allow"``) so that a file written by
a newer Argmap survives a round trip through this one.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from argmap.model.enums import Assessment, Direction, EdgeKind, NodeKind

FORMAT_NAME: Final = "argmap"
FORMAT_VERSION: Final = 1

NodeId = Annotated[str, Field(min_length=1)]


class _Base(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        validate_assignment=False,
        use_enum_values=False,
        ser_json_inf_nan="constants",
    )


class Position(_Base):
    """Centre of a node's box in scene coordinates, set where the user placed it."""

    x: float
    y: float


class Source(_Base):
    """Where a node's content comes from: a title and, optionally, a link."""

    title: str = ""
    url: str = ""


class Node(_Base):
    id: NodeId
    kind: NodeKind
    text: str
    notes: str = ""
    tags: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    assessment: Assessment | None = None
    belief: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None = None
    position: Position | None = None
    collapsed: bool = False


class Edge(_Base):
    """``source`` gives the reason or the attack; ``target`` is what it bears on."""

    id: NodeId
    kind: EdgeKind
    source: NodeId
    target: NodeId
    label: str = ""


class Step(_Base):
    """One step of a story: what to focus, what to reveal, which nodes to flip."""

    title: str = ""
    focus: list[str] = Field(default_factory=list)
    reveal: list[str] = Field(default_factory=list)
    what_if: list[str] = Field(default_factory=list)
    notes: str = ""


class ViewSettings(_Base):
    direction: Direction = Direction.DOWN
    theme: str = "light"


class ArgumentMap(_Base):
    format: Literal["argmap"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    title: str = ""
    description: str = ""
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    story: list[Step] = Field(default_factory=list)
    view: ViewSettings = Field(default_factory=ViewSettings)

    @model_validator(mode="after")
    def _check_integrity(self) -> ArgumentMap:
        problems = integrity_problems(self)
        if problems:
            raise ValidationError.from_exception_data(
                "ArgumentMap",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("integrity", message),
                        loc=loc,
                        input=None,
                    )
                    for loc, message in problems
                ],
            )
        return self

    # -- conveniences (read-only) ------------------------------------------

    def node(self, node_id: str) -> Node:
        """The node with this id; ``KeyError`` if there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def node_index(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    def snapshot(self) -> ArgumentMap:
        """A copy with its own node, edge and story lists, for reading on another thread.

        Nodes and edges are shared, not copied (cheap on large maps): adding or
        removing them later does not disturb the snapshot; editing one in place does.
        """
        return self.model_copy(
            update={"nodes": list(self.nodes), "edges": list(self.edges), "story": list(self.story)}
        )

    def to_data(self) -> dict[str, Any]:
        """The map as plain JSON data, in file order, defaults left out."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        # format and version always lead a file, whatever their defaults.
        head = {"format": self.format, "version": self.version}
        head.update(data)
        return head


Loc = tuple[str | int, ...]


def integrity_problems(amap: ArgumentMap | dict[str, Any]) -> list[tuple[Loc, str]]:
    """Every cross-field problem of a map, each with its JSON location.

    Ids are unique across nodes and edges; edges join existing nodes; an edge
    never joins a node to itself. Works on a model or on raw JSON data (where
    field errors may also exist), so a bad file's problems are reported at once.
    """
    nodes: list[tuple[str | None, str | None, str | None]]
    edges: list[tuple[str | None, str | None, str | None]]
    if isinstance(amap, ArgumentMap):
        nodes = [(n.id, None, None) for n in amap.nodes]
        edges = [(e.id, e.source, e.target) for e in amap.edges]
    else:
        nodes = [(_field(n, "id"), None, None) for n in _items(amap, "nodes")]
        edges = [
            (_field(e, "id"), _field(e, "source"), _field(e, "target"))
            for e in _items(amap, "edges")
        ]
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    for group, entries in (("nodes", nodes), ("edges", edges)):
        for index, (ident, _, _) in enumerate(entries):
            if ident is None:
                continue
            if ident in seen:
                problems.append(((group, index, "id"), f"duplicate id {ident!r}"))
            seen.add(ident)
    node_ids = {ident for ident, _, _ in nodes if ident is not None}
    for index, (ident, source, target) in enumerate(edges):
        for end, ref in (("source", source), ("target", target)):
            if ref is not None and ref not in node_ids:
                problems.append((("edges", index, end), f"no node {ref!r}"))
        if source is not None and source == target:
            problems.append((("edges", index), f"edge {ident!r} joins node {source!r} to itself"))
    return problems


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _field(item: Any, key: str) -> str | None:
    if isinstance(item, dict):
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
    return None
