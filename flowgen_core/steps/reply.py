"""`reply`: the branch taken when the customer replies with an intent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import StepJSON, StepKind, type_title
from flowgen_core.steps.build import base, normal_intent
from flowgen_core.steps.events import single_default_rule, single_default_transitions

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_reply(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    intent = normal_intent(step.intent) or "yes"
    out = base(step, step_id, f"Customer replies {intent.upper()}", events)
    out |= {
        "enabled": True,
        "intent": intent,
        "description": f"Customer replies {intent.upper()}",
        "label": (step.label or "").strip() or intent,
        "replyConfig": {},
    }
    return out


def decompile_reply(step: StepJSON) -> dict[str, Any]:
    return {"intent": step.get("intent") or None}


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return f"Reply {str(step.get('intent', '?')).upper()}", []


def path_condition(step: StepJSON) -> str | None:
    intent = step.get("intent")
    return f"if they reply {str(intent).upper()}" if intent else None


def reply_label(step: StepJSON, type_name: str) -> str | None:
    """A reply step is named by the keyword it waits for."""
    intent = step.get("intent")
    if isinstance(intent, str) and intent.strip():
        return intent.strip().lower()
    return type_title(step, type_name)


KIND = StepKind(
    name="reply",
    default_label=reply_label,
    compile=compile_reply,
    decompile=decompile_reply,
    transitions=single_default_transitions,
    plan_fields=("intent!",),
    event_rule=single_default_rule,
    single_default=True,
    emoji="↩️",
    outline=outline,
    path_condition=path_condition,
    roles=frozenset({"reply"}),
)
