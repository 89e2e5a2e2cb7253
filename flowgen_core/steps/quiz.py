"""`quiz`: texts questions; goes on by default or by the replies to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind
from flowgen_core.steps.build import base, title
from flowgen_core.steps.events import reply_transitions
from flowgen_core.steps.read import text_fields

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_quiz(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    questions = [q.strip() for q in (step.questions or []) if q.strip()] or [step.text or title(step)]
    out = base(step, step_id, step.text or questions[0], events)
    out |= {
        "questions": [
            {"id": index, "question": q, "type": "single", "options": []}
            for index, q in enumerate(questions, start=1)
        ],
        "quizConfig": {},
    }
    return out


def decompile_quiz(step: StepJSON) -> dict[str, Any]:
    return text_fields(step, with_message_type=False) | {
        "questions": [str(q.get("question")) for q in step.get("questions") or [] if isinstance(q, dict)]
        or None
    }


def event_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    if any(kind not in ("reply", "default") for kind in kinds):
        return ShapeProblem(
            "event_count", f"Quiz {sid!r} takes one default event or reply events, has {kinds}"
        )
    return None


KIND = StepKind(
    name="quiz",
    continues_when_dead_end=True,
    compile=compile_quiz,
    decompile=decompile_quiz,
    transitions=reply_transitions,
    plan_fields=("text", "questions!"),
    event_rule=event_rule,
    emoji="❓",
    path_word="quiz question",
)
