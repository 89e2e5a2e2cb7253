"""`rate_limit`: lets a customer through at most N times per timespan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.format.mirrors import cap_mirror
from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.read import read_limit

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_cap(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    """A cap step (rate_limit, limit): the counts and their mirror object (`cap_mirror`)."""
    if step.limit is None:
        occurrences, timespan, period = 1, 1, "Days"
    else:
        occurrences, timespan, period = step.limit.occurrences, step.limit.timespan, step.limit.period
    content = f"{occurrences} {'time' if occurrences == 1 else 'times'} every {timespan} {period.lower()}"
    out = base(step, step_id, content, events)
    out |= {"occurrences": str(occurrences), "timespan": str(timespan), "period": period}
    mirror_key, mirror = cap_mirror(step.type, occurrences, period)
    out[mirror_key] = mirror
    return out


def compile_rate_limit(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    return compile_cap(step, step_id, events)


def decompile_cap(step: StepJSON) -> dict[str, Any]:
    return {"limit": read_limit(step)}


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return f"Limit: {step.get('content') or 'at most ' + str(step.get('occurrences', '?'))}", []


KIND = StepKind(
    name="rate_limit",
    compile=compile_rate_limit,
    decompile=decompile_cap,
    transitions=single_default_transitions,
    plan_fields=("limit!",),
    event_rule=single_default_rule,
    single_default=True,
    planned=True,
    emoji="🚦",
    outline=outline,
    roles=frozenset({"cap"}),
)
