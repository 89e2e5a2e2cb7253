"""`end`: where every path finishes; the compiler adds one shared END step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowgen_core.steps.base import StepJSON, StepKind, no_fields
from flowgen_core.steps.build import title
from flowgen_core.steps.events import no_transitions

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def end_step(step_id: str) -> StepJSON:
    return {
        "id": step_id,
        "type": "end",
        "label": "End",
        "content": "End of flow",
        "active": True,
        "parameters": {},
        "events": [],
    }


def compile_end(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    return end_step(step_id) | ({"label": title(step)} if step.label else {})


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return "End", []


def end_label(step: StepJSON, type_name: str) -> str:
    return "End"


KIND = StepKind(
    name="end",
    default_label=end_label,
    compile=compile_end,
    decompile=no_fields,
    transitions=no_transitions,
    terminal=True,
    emoji="🏁",
    outline=outline,
    diagram_shape="doublecircle",
    diagram_fill="#DFF5E1",
)
