"""`property`: sets customer properties."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base
from flowgen_core.steps.events import single_default_rule, single_default_transitions

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_property(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    properties = []
    for index, prop in enumerate(step.properties or [], start=1):
        name = re.sub(r"[^a-z0-9]+", "_", prop.name.strip().lower()).strip("_")
        if name:
            properties.append({"id": index, "name": name, "value": prop.value})
    if not properties:
        raise PlanError(f"Property step {step.key!r} sets no properties: add at least one {{name, value}}.")
    content = ", ".join(f"{p['name']} = {p['value']}" for p in properties)
    out = base(step, step_id, f"Set {content}", events)
    out["properties"] = properties
    return out


def decompile_property(step: StepJSON) -> dict[str, Any]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanProperty

    return {
        "properties": [
            PlanProperty(name=str(p.get("name")), value=str(p.get("value", "")))
            for p in step.get("properties") or []
            if isinstance(p, dict) and p.get("name")
        ]
    }


def outline(step: StepJSON) -> tuple[str, list[str]]:
    props = [p for p in step.get("properties") or [] if isinstance(p, dict)]
    return "Set " + (", ".join(f"{p.get('name')}={p.get('value')}" for p in props) or "properties"), []


KIND = StepKind(
    name="property",
    compile=compile_property,
    decompile=decompile_property,
    transitions=single_default_transitions,
    plan_fields=("properties!",),
    event_rule=single_default_rule,
    single_default=True,
    planned=True,
    emoji="🏷️",
    outline=outline,
    roles=frozenset({"properties"}),
)
