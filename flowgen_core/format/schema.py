"""The FlowBuilder JSON Schema (Draft 2020-12), generated from the pydantic models.

The shipped file `flowbuilder.schema.json` is the contract other tools read; regenerate it
after changing `models.py` with::

    python -m flowgen_core.format.schema          # rewrite the shipped file
    python -m flowgen_core.format.schema --check  # exit 1 when it is out of date

Pydantic renders a discriminated union as `oneOf` + an OpenAPI `discriminator`, which a
JSON Schema validator ignores: an unknown `type` would then yield "not valid under any of
the given schemas" for every branch. The generator rewrites each such union into an enum on
`type` plus one `if type == X then $ref X` per member, so a validator reports exactly one
precise error (the bad enum value, or the failing field of the chosen branch).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "flowbuilder-1"
SCHEMA_ID = f"urn:flowgen:schema:{SCHEMA_VERSION}"
SCHEMA_PATH = Path(__file__).with_name("flowbuilder.schema.json")


def _rewrite_discriminators(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewrite_discriminators(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _rewrite_discriminators(value) for key, value in node.items()}
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict) and "oneOf" in node:
        tag = discriminator["propertyName"]
        mapping: dict[str, str] = discriminator["mapping"]
        node.pop("discriminator")
        node.pop("oneOf")
        node.update(
            {
                "type": "object",
                "required": [tag],
                "properties": {tag: {"enum": sorted(mapping)}},
                "allOf": [
                    {"if": {"properties": {tag: {"const": value}}}, "then": {"$ref": ref}}
                    for value, ref in sorted(mapping.items())
                ],
            }
        )
    # Auto-generated per-field titles ("Nextstepid") add noise, not meaning.
    props = node.get("properties")
    if isinstance(props, dict):
        for prop in props.values():
            if isinstance(prop, dict):
                prop.pop("title", None)
    return node


def build_schema() -> dict[str, Any]:
    from flowgen_core.format.models import Flow  # pydantic models: only to regenerate the file

    """Generate the schema from the models (what the shipped file must equal)."""
    generated = _rewrite_discriminators(Flow.model_json_schema(mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "FlowBuilder flow",
        "description": "A FlowBuilder SMS flow (both public revisions on read). Version " + SCHEMA_VERSION,
        "x-schema-version": SCHEMA_VERSION,
        **{key: value for key, value in generated.items() if key != "title"},
    }


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@cache
def _load_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The shipped schema (a fresh copy each call: callers may mutate it)."""
    schema: dict[str, Any] = json.loads(_load_text())
    return schema


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_schema(build_schema())
    if "--check" in args:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date; run python -m flowgen_core.format.schema")
            return 1
        print(f"{SCHEMA_PATH.name} is up to date ({SCHEMA_VERSION})")
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH} ({SCHEMA_VERSION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
