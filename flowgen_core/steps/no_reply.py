"""`no_reply`: the branch taken when the customer has not replied within a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base, plan_wait
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.read import read_wait
from flowgen_core.steps.words import amount, plural

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep

_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def compile_no_reply(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    wait = plan_wait(step)
    out = base(step, step_id, f"No reply after {wait.value} {wait.unit}", events)
    out |= {
        "enabled": True,
        "value": wait.value,
        "unit": wait.unit,
        "after": {"value": wait.value, "unit": wait.unit},
        "seconds": wait.value * _UNIT_SECONDS[wait.unit],
        "period": wait.unit.capitalize(),
        "noReplyConfig": {},
    }
    return out


def decompile_no_reply(step: StepJSON) -> dict[str, Any]:
    return {"wait": read_wait(step.get("value"), step.get("unit"))}


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return f"No reply within {plural(step.get('value', '?'), step.get('unit', 'hours'))}", []


def pause(step: StepJSON) -> tuple[Any, Any]:
    return step.get("value"), step.get("unit")


def path_condition(step: StepJSON) -> str | None:
    return f"if no reply in {amount(step.get('value'), step.get('unit'))}"


KIND = StepKind(
    name="no_reply",
    compile=compile_no_reply,
    decompile=decompile_no_reply,
    transitions=single_default_transitions,
    plan_fields=("wait!",),
    event_rule=single_default_rule,
    single_default=True,
    pauses=True,
    emoji="🔕",
    outline=outline,
    pause=pause,
    roles=frozenset({"no_reply"}),
    path_condition=path_condition,
    diagram_shape="ellipse",
)
