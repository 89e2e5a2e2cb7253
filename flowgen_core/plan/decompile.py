"""FlowBuilder JSON -> FlowPlan: the inverse of the compiler, for refinement.

Refinement edits the plan (the same compact form an LLM writes), then compiles it again
with each plan key pinned to its old step id. Keys are the step ids themselves, so the
id map is the identity and unchanged steps keep their ids. Every END step collapses into
the plan's single "end" target. Reads both format revisions (text in `messageText`,
`content` or `text`); fields a plan cannot express are restored by `refine` from the
original step when the step did not change. Each step's own fields are read by its kind
(flowgen_core.steps).
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import ValidationError

from flowgen_core.format.vocabulary import EVENT_TYPES
from flowgen_core.plan.model import END, FlowPlan, PlanStep, PlanTransition, TransitionKind
from flowgen_core.steps import kind_of
from flowgen_core.steps.read import read_wait


class DecompileError(ValueError):
    """The flow is too malformed to refine (fix it first)."""


def decompile(flow: dict[str, Any]) -> tuple[FlowPlan, dict[str, str]]:
    """Return the plan of `flow` and the key -> step id map to compile it back with.

    Any JSON is accepted: what cannot be read as a plan raises DecompileError, never
    another exception, because the flow comes straight from a client or a stored version.
    """
    steps = flow.get("steps") if isinstance(flow, dict) else None
    if not isinstance(steps, list) or not steps:
        raise DecompileError("The flow has no steps to refine.")
    _check_shape(flow, steps)
    by_id = {s["id"]: s for s in steps}
    end_ids = [sid for sid, s in by_id.items() if kind_of(s).terminal]
    id_map: dict[str, str] = {sid: sid for sid in by_id if sid not in end_ids}
    if end_ids:
        id_map[END] = end_ids[0]

    def target(step_id: Any) -> str:
        if step_id in end_ids:
            return END
        if step_id not in by_id:
            raise DecompileError(f"An event points at a missing step {_short(step_id)}; run fix first.")
        return str(step_id)

    plan_steps = [_readable_step(step, target) for sid, step in by_id.items() if sid not in end_ids]
    start = flow.get("initialStepID")
    if start not in by_id:
        raise DecompileError("The flow's initialStepID names no step; run fix first.")
    try:
        plan = FlowPlan(
            name=str(flow.get("name") or "Untitled flow"),
            description=str(flow.get("description") or ""),
            start=target(start),
            steps=plan_steps,
        )
    except ValidationError as exc:
        raise DecompileError(
            f"The flow cannot be read as a plan ({_first_error(exc)}); run fix first."
        ) from exc
    return plan, id_map


def _check_shape(flow: dict[str, Any], steps: list[Any]) -> None:
    """The structure refinement relies on: step objects with string ids, event lists of objects."""
    seen: set[str] = set()
    for index, step in enumerate(steps):
        if not isinstance(step, dict) or not isinstance(step.get("id"), str) or not step["id"]:
            raise DecompileError(f"Step #{index + 1} is not an object with a string id; run fix first.")
        if step["id"] in seen:
            raise DecompileError(f"Two steps share the id {_short(step['id'])}; run fix first.")
        seen.add(step["id"])
        events = step.get("events")
        if events is None:
            continue
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise DecompileError(f"Step {_short(step['id'])} has events that are not objects; run fix first.")
        for event in events:
            if not isinstance(event.get("nextStepID"), str):
                raise DecompileError(
                    f"An event of step {_short(step['id'])} has no target step; run fix first."
                )
    if not isinstance(flow.get("initialStepID"), str):
        raise DecompileError("The flow's initialStepID names no step; run fix first.")


def _readable_step(step: dict[str, Any], target: Any) -> PlanStep:
    try:
        return _plan_step(step, target)
    except DecompileError:
        raise
    except ValidationError as exc:
        raise DecompileError(
            f"Step {_short(step['id'])} cannot be read ({_first_error(exc)}); run fix first."
        ) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # a field of an unexpected JSON type (a list where an object belongs, …)
        raise DecompileError(
            f"Step {_short(step['id'])} has a field of the wrong type; run fix first."
        ) from exc


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plan_step(step: dict[str, Any], target: Any) -> PlanStep:
    fields: dict[str, Any] = {
        "key": step["id"],
        "type": step.get("type"),
        "label": step.get("label") or None,
        "next": [_transition(e, target) for e in step.get("events") or [] if isinstance(e, dict)],
    }
    fields |= kind_of(step).decompile(step)
    return PlanStep.model_validate(fields)


def _transition(event: dict[str, Any], target: Any) -> PlanTransition:
    raw_after = event.get("after")
    after: dict[str, Any] = raw_after if isinstance(raw_after, dict) else {}
    trigger = event.get("type")
    return PlanTransition(
        on=cast(TransitionKind, trigger) if trigger in EVENT_TYPES else "default",
        to=target(event.get("nextStepID")),
        intent=event.get("intent") if event.get("type") == "reply" else None,
        after=read_wait(after.get("value"), after.get("unit")) if event.get("type") == "noreply" else None,
        label=event.get("label") if event.get("type") == "split" else None,
        action=event.get("action") if event.get("type") == "split" else None,
    )
