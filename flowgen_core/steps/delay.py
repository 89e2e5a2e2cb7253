"""`delay`: waits a fixed time before the flow goes on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base, plan_wait
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.read import read_wait
from flowgen_core.steps.words import plural

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_delay(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    wait = plan_wait(step)
    period = wait.unit.capitalize()
    out = base(step, step_id, f"Wait {wait.value} {wait.unit if wait.value != 1 else wait.unit[:-1]}", events)
    out |= {"time": str(wait.value), "period": period, "delay": {"value": str(wait.value), "unit": period}}
    return out


def decompile_delay(step: StepJSON) -> dict[str, Any]:
    return {"wait": read_wait(step.get("time"), step.get("period"))}


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return f"Wait {plural(step.get('time', '?'), step.get('period', 'hours'))}", []


def pause(step: StepJSON) -> tuple[Any, Any]:
    return step.get("time"), step.get("period")


KIND = StepKind(
    name="delay",
    compile=compile_delay,
    decompile=decompile_delay,
    transitions=single_default_transitions,
    plan_fields=("wait!",),
    event_rule=single_default_rule,
    single_default=True,
    pauses=True,
    planned=True,
    emoji="⏳",
    outline=outline,
    pause=pause,
    roles=frozenset({"wait"}),
    diagram_shape="ellipse",
    diagram_fill="#EEEEEE",
)
