from __future__ import annotations

import json

from argmap.model.schema import json_schema, schema_text
from argmap.resources_path import resource


def test_committed_schema_is_current() -> None:
    committed = resource("schema", "argmap-1.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "resources/schema/argmap-1.schema.json is stale: run `python -m argmap.model.schema`"
    )


def test_schema_requires_header_and_lists_kinds() -> None:
    schema = json_schema()
    assert {"format", "version"} <= set(schema["required"])
    kinds = schema["$defs"]["NodeKind"]["enum"]
    assert "tripwire" not in kinds and "contention" in kinds
    json.dumps(schema)
