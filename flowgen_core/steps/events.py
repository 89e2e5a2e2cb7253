"""Event shapes the step kinds share: how a plan's transitions are normalised when compiled,
and the rule the validator holds a flow's events to (spec section 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import ShapeProblem, Shaper, StepJSON
from flowgen_core.steps.build import normal_intent

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep, PlanTransition

__all__ = [
    "no_transitions",
    "offer_rule",
    "offer_transitions",
    "reply_transitions",
    "single_default_rule",
    "single_default_transitions",
]


def no_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    return []


def single_default_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import END, PlanTransition

    if len(given) > 1:
        raise PlanError(
            f"Step {step.key!r} ({step.type}) must have exactly one 'default' transition, it has {len(given)}."
        )
    target = given[0].to if given else END
    return [PlanTransition(on="default", to=target)]


def reply_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    """One default, or reply transitions (one per intent) and at most one noreply."""
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import END, PlanTransition, PlanWait

    if not given:
        return [PlanTransition(on="default", to=END)]
    defaults = [t for t in given if t.on == "default"]
    triggers = [t for t in given if t.on != "default"]
    if defaults and (len(defaults) > 1 or triggers):
        raise PlanError(
            f"Step {step.key!r} ({step.type}) mixes a 'default' transition with others: use either one "
            "'default' or 'reply'/'noreply' transitions."
        )
    if defaults:
        return defaults
    result: list[PlanTransition] = []
    intents: set[str] = set()
    noreply_seen = False
    for transition in triggers:
        if transition.on == "reply":
            result.append(_reply(step, transition, intents))
        elif transition.on == "noreply":
            if noreply_seen:
                raise PlanError(f"Step {step.key!r} has more than one 'noreply' transition.")
            noreply_seen = True
            after = transition.after or PlanWait(value=1, unit="days")
            result.append(transition.model_copy(update={"after": after}))
        else:
            raise PlanError(f"Step {step.key!r} ({step.type}) cannot have a 'split' transition; use 'reply'.")
    return result


def _reply(step: PlanStep, transition: PlanTransition, intents: set[str]) -> PlanTransition:
    intent = normal_intent(transition.intent)
    if not intent:
        raise PlanError(f"Step {step.key!r} has a reply transition without an intent (e.g. 'yes').")
    if intent in intents:
        raise PlanError(f"Step {step.key!r} has two reply transitions for intent {intent!r}.")
    intents.add(intent)
    return transition.model_copy(update={"intent": intent})


def offer_transitions(intent: str) -> Shaper:
    """Offers exist to take a reply: a lone default (or nothing) becomes a reply with `intent`."""

    def shape(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
        # Imported here: the validator reads step kinds without loading pydantic (start-up).
        from flowgen_core.plan.model import END, PlanTransition

        if not given or (len(given) == 1 and given[0].on == "default"):
            return [PlanTransition(on="reply", intent=intent, to=given[0].to if given else END)]
        shaped = reply_transitions(step, given)
        if not any(t.on == "reply" for t in shaped):
            shaped.insert(0, PlanTransition(on="reply", intent=intent, to=END))
        return shaped

    return shape


def single_default_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    if not kinds or any(kind != "default" for kind in kinds):
        return ShapeProblem(
            "event_count", f"{step_type} step {sid!r} needs exactly one default event, has {kinds}"
        )
    return None


def offer_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    if "reply" not in kinds or any(kind not in ("reply", "noreply") for kind in kinds):
        return ShapeProblem(
            "event_count", f"{step_type} {sid!r} needs a reply event (and usually one noreply), has {kinds}"
        )
    return None
