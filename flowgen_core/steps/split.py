"""`split`: a marker step for a segment's include / exclude branch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowgen_core.steps.base import Builder, StepJSON, StepKind, no_fields
from flowgen_core.steps.build import base, title
from flowgen_core.steps.events import single_default_rule, single_default_transitions

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def split_marker(action: str) -> Builder:
    """The compiler of a split marker whose `action` is `action`."""

    def compile_marker(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
        out = base(step, step_id, title(step), events)
        out |= {"enabled": True, "action": action, "description": title(step), "splitConfig": {}}
        return out

    return compile_marker


def split_label(step: StepJSON, type_name: str) -> str | None:
    """A branch marker's label carries meaning; only its action can honestly name it."""
    action = step.get("action")
    return action.strip() if isinstance(action, str) and action.strip() else None


KIND = StepKind(
    name="split",
    default_label=split_label,
    compile=split_marker("include"),
    decompile=no_fields,
    transitions=single_default_transitions,
    event_rule=single_default_rule,
    single_default=True,
    emoji="🔀",
)
