"""The plan as an LLM writes it: a strict-mode JSON Schema with one variant per step type.

OpenAI structured outputs in strict mode require every property of an object to be
present, so a single flat step object makes the model spell out all ~20 step fields as
`null` on every step. Here each step type is its own object variant (`anyOf`) carrying only
the fields that type uses, and transitions and audience conditions are split by kind the
same way. The parsed answer is still a `FlowPlan`: absent fields take their defaults.
`plan_wire_json` serialises a plan exactly as a model answering this schema would, so the
benchmark can measure what the model has to write.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from flowgen_core.format.vocabulary import STEP_TYPE_NAMES
from flowgen_core.plan.model import FlowPlan, PlanCondition, PlanStep, PlanTransition
from flowgen_core.steps import STEP_KINDS

# Fields each step type writes besides key/type/label/next, from its kind; "!" marks a field
# the type needs (not nullable in its variant), the others may be null.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    name: kind.plan_fields for name, kind in STEP_KINDS.items() if kind.plan_fields
}
TRANSITION_FIELDS: dict[str, tuple[str, ...]] = {
    "default": (),
    "reply": ("intent!",),
    "noreply": ("after!",),
    "split": ("label", "action"),  # the compiler names segment and experiment branches when null
}
CONDITION_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("operator!", "action!", "days"),
    "property": ("operator!", "property_name!", "property_operator!", "property_value"),
}
# What a planner writing a new flow needs (the kinds marked `planned`): the marker steps
# (reply, no_reply, split*), the end step (the compiler adds it), quiz and reply_cart_choice
# are expressed otherwise or never planned, so their variants are left out of the generation
# schema (a quarter of its size). Refinement adds back whatever types the current plan has.
GENERATION_STEP_TYPES: tuple[str, ...] = tuple(name for name, kind in STEP_KINDS.items() if kind.planned)
_UNSUPPORTED = ("default", "exclusiveMinimum", "minimum", "maximum", "title")


def plan_json_schema(step_types: Iterable[str] | None = None) -> dict[str, Any]:
    """JSON Schema of FlowPlan in the form OpenAI strict structured outputs accept
    (one variant per step type, limited to `step_types` when given)."""
    return strict_plan_schema(step_types)


def strict_plan_schema(step_types: Iterable[str] | None = None) -> dict[str, Any]:
    """The strict schema; `step_types` limits the step variants (default: every type)."""
    schema = FlowPlan.model_json_schema()
    defs = schema["$defs"]
    wanted = set(step_types) if step_types is not None else set(STEP_TYPE_NAMES)
    names = tuple(name for name in STEP_TYPE_NAMES if name in wanted)
    defs["PlanStep"] = _variants(defs["PlanStep"], "type", names, STEP_FIELDS, ("key", "label"), ("next",))
    defs["PlanTransition"] = _variants(
        defs["PlanTransition"], "on", tuple(TRANSITION_FIELDS), TRANSITION_FIELDS, ("to",), ()
    )
    defs["PlanCondition"] = _variants(
        defs["PlanCondition"], "kind", tuple(CONDITION_FIELDS), CONDITION_FIELDS, (), ()
    )
    _strictify(schema)
    return schema


def plan_wire_json(plan: FlowPlan) -> str:
    """The plan as a model answering `strict_plan_schema` writes it (compact JSON)."""
    return json.dumps(
        {
            "name": plan.name,
            "description": plan.description,
            "reading": plan.reading.model_dump(mode="json") if plan.reading else None,
            "start": plan.start,
            "steps": [_wire_step(step) for step in plan.steps],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def _variants(
    model_schema: dict[str, Any],
    tag: str,
    names: tuple[str, ...],
    fields: dict[str, tuple[str, ...]],
    leading: tuple[str, ...],
    trailing: tuple[str, ...],
) -> dict[str, Any]:
    props = model_schema["properties"]
    variants = []
    for name in names:
        wanted = [*leading, *fields.get(name, ()), *trailing]
        variant_props: dict[str, Any] = {tag: {"type": "string", "enum": [name]}}
        for field in wanted:
            needed = field.endswith("!")
            key = field.rstrip("!")
            variant_props[key] = _non_null(props[key]) if needed else copy.deepcopy(props[key])
        variants.append(
            {
                "type": "object",
                "properties": variant_props,
                "required": list(variant_props),
                "additionalProperties": False,
            }
        )
    return {"anyOf": variants}


def _non_null(prop: dict[str, Any]) -> dict[str, Any]:
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        return copy.deepcopy(options[0])
    return copy.deepcopy(prop)


def _strictify(node: Any) -> None:
    if isinstance(node, dict):
        for key in _UNSUPPORTED:
            if key in node and not isinstance(node[key], dict):
                node.pop(key)
        if node.get("type") == "object" and "properties" in node:
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in list(node.values()):
            _strictify(value)
    elif isinstance(node, list):
        for item in node:
            _strictify(item)


def _pick(
    model: PlanStep | PlanTransition | PlanCondition, tag: str, fields: tuple[str, ...]
) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    return {tag: data[tag], **{f.rstrip("!"): data[f.rstrip("!")] for f in fields}}


def _wire_step(step: PlanStep) -> dict[str, Any]:
    out = {"key": step.key, **_pick(step, "type", ("label", *STEP_FIELDS.get(step.type, ())))}
    if step.conditions is not None and "conditions!" in STEP_FIELDS.get(step.type, ()):
        out["conditions"] = [_pick(c, "kind", CONDITION_FIELDS[c.kind]) for c in step.conditions]
    out["next"] = [
        {**_pick(t, "on", ()), "to": t.to, **_pick(t, "on", TRANSITION_FIELDS[t.on])} for t in step.next
    ]
    return out
