"""The JSON Schema of the file format, generated from the models.

``python -m argmap.model.schema`` rewrites ``resources/schema/argmap-1.schema.json``;
``tests/model/test_schema.py`` fails when the committed file is stale.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from argmap.model.map import FORMAT_VERSION, ArgumentMap

SCHEMA_ID = f"https://argmap.invalid/schema/argmap-{FORMAT_VERSION}.schema.json"


def json_schema() -> dict[str, Any]:
    schema = ArgumentMap.model_json_schema(mode="validation")
    schema["required"] = sorted({"format", "version", *schema.get("required", [])})
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Argmap map file, format version {FORMAT_VERSION}",
        "description": (
            "An argument map: nodes (thesis, pillars, claims, reasons, evidence, assumptions, "
            "risks, contentions, indicators) joined by supports/requires/opposes/watches edges. "
            "Ids are unique across nodes and edges, and edges join existing nodes (checked by "
            "Argmap on load; JSON Schema cannot say it). Unknown keys are kept."
        ),
    }
    schema.pop("title", None)
    head.update(schema)
    return head


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    from argmap.resources_path import resource

    target = resource("schema", f"argmap-{FORMAT_VERSION}.schema.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
