"""`limit`: like rate_limit, with the platform's `limit` mirror object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.rate_limit import compile_cap, decompile_cap, outline

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_limit(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    return compile_cap(step, step_id, events)


KIND = StepKind(
    name="limit",
    compile=compile_limit,
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
