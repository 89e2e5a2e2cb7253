"""The strict plan schema: one variant per step type, valid for OpenAI strict mode, and what it saves."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from flowgen_core.check import validate_flow
from flowgen_core.format.vocabulary import STEP_TYPE_NAMES
from flowgen_core.pipeline import generate_flow
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.model import FlowPlan
from flowgen_core.plan.wire_schema import STEP_FIELDS, plan_json_schema, plan_wire_json
from flowgen_core.settings import Settings
from tests.shared_data import PUBLIC_BRIEFS

BRIEFS = [
    json.loads(line)["brief"] for line in PUBLIC_BRIEFS.read_text(encoding="utf-8").splitlines() if line
]


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for item in node:
            found += _objects(item)
    return found


def _keywords(node: Any, in_properties: bool = False) -> set[str]:
    """Schema keywords used anywhere (the names inside a `properties` map are field names)."""
    found: set[str] = set()
    if isinstance(node, dict):
        if not in_properties:
            found |= set(node)
        for key, value in node.items():
            found |= _keywords(value, in_properties=(key == "properties" and not in_properties))
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    return found


def test_every_object_is_closed_and_fully_required() -> None:
    schema = plan_json_schema()
    objects = _objects(schema)
    assert len(objects) > len(STEP_TYPE_NAMES)
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert set(obj["required"]) == set(obj["properties"])
    assert not _keywords(schema) & {"default", "minimum", "exclusiveMinimum", "title"}


def test_each_step_variant_carries_only_its_fields() -> None:
    variants = {
        v["properties"]["type"]["enum"][0]: v for v in plan_json_schema()["$defs"]["PlanStep"]["anyOf"]
    }
    assert set(variants) == set(STEP_TYPE_NAMES)
    assert set(variants["delay"]["properties"]) == {"type", "key", "label", "wait", "next"}
    assert variants["delay"]["properties"]["wait"] == {"$ref": "#/$defs/PlanWait"}  # needed: not nullable
    assert "text" not in variants["segment"]["properties"]
    for name, fields in STEP_FIELDS.items():
        assert {f.rstrip("!") for f in fields} <= set(variants[name]["properties"])


@pytest.mark.parametrize("brief", BRIEFS[:8])
def test_wire_form_of_real_plans_validates_and_parses_back(brief: str) -> None:
    plan = generate_flow(brief, settings=Settings(_env_file=None, flowgen_generator="offline")).plan
    assert plan is not None
    wire = plan_wire_json(plan)
    Draft202012Validator(plan_json_schema()).validate(json.loads(wire))
    parsed = FlowPlan.model_validate_json(wire)
    assert validate_flow(compile_plan(parsed)).valid


def test_wire_form_is_much_smaller_than_the_flat_form() -> None:
    plan = generate_flow(BRIEFS[3], settings=Settings(_env_file=None, flowgen_generator="offline")).plan
    assert plan is not None
    flat = plan.model_dump_json()  # every field of every step, nulls included
    assert len(plan_wire_json(plan)) < 0.7 * len(flat)
