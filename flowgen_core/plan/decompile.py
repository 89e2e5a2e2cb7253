"""FlowBuilder JSON -> FlowPlan: the inverse of the compiler, for refinement.

Refinement edits the plan (the same compact form an LLM writes), then compiles it again
with each plan key pinned to its old step id. Keys are the step ids themselves, so the
id map is the identity and unchanged steps keep their ids. Every END step collapses into
the plan's single "end" target. Reads both format revisions (text in `messageText`,
`content` or `text`); fields a plan cannot express are restored by `refine` from the
original step when the step did not change.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from flowgen_core.format.sms import step_text
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import (
    END,
    FlowPlan,
    PlanCondition,
    PlanDiscount,
    PlanLimit,
    PlanProduct,
    PlanProperty,
    PlanStep,
    PlanTransition,
    PlanWait,
    PlanWindow,
)

_UNITS = {"seconds", "minutes", "hours", "days"}


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
    end_ids = [sid for sid, s in by_id.items() if s.get("type") == "end"]
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
    kind = step.get("type")
    fields: dict[str, Any] = {
        "key": step["id"],
        "type": kind,
        "label": step.get("label") or None,
        "next": [_transition(e, target) for e in step.get("events") or [] if isinstance(e, dict)],
    }
    if kind in SEND_TYPES:
        fields["text"] = step_text(step) or None
        fields["message_type"] = step.get("messageType") if kind != "message" else None
    if kind == "message":
        fields["discount"] = _message_discount(step)
    elif kind == "segment":
        fields["conditions"] = [_condition(c) for c in _segment_conditions(step) if isinstance(c, dict)]
    elif kind == "delay":
        fields["wait"] = _wait(step.get("time"), step.get("period"))
    elif kind == "no_reply":
        fields["wait"] = _wait(step.get("value"), step.get("unit"))
    elif kind in ("rate_limit", "limit"):
        fields["limit"] = _limit(step)
    elif kind == "experiment":
        fields["experiment_name"] = step.get("experimentName") or None
        splits = (step.get("experimentConfig") or {}).get("splits") or []
        shares = [s.get("percentage") for s in splits if isinstance(s, dict)]
        fields["split_percentages"] = shares if shares and all(isinstance(p, int) for p in shares) else None
    elif kind == "schedule":
        schedule = step.get("schedule") or {}
        fields["timezone"] = schedule.get("timezone") or None
        fields["windows"] = [
            PlanWindow(
                label=str(w.get("label", "")), start=str(w.get("start", "")), end=str(w.get("end", ""))
            )
            for w in schedule.get("windows") or []
            if isinstance(w, dict)
        ] or None
    elif kind in ("purchase_offer", "purchase"):
        fields["cart_source"] = (
            step.get("cartSource") if step.get("cartSource") in ("manual", "latest") else None
        )
        fields["products"] = _cart_products(step.get("products"))
        fields["discount"] = _offer_discount(step)
    elif kind == "product_choice":
        selection = step.get("productSelection")
        fields["product_selection"] = (
            selection if selection in ("manually", "automatically", "popularity", "recently_viewed") else None
        )
        fields["products"] = [
            PlanProduct(variant_id=str(p.get("id")), label=p.get("label"))
            for p in step.get("products") or []
            if isinstance(p, dict) and p.get("id")
        ] or None
        fields["discount"] = _label_discount(step.get("discount"))
    elif kind == "property":
        fields["properties"] = [
            PlanProperty(name=str(p.get("name")), value=str(p.get("value", "")))
            for p in step.get("properties") or []
            if isinstance(p, dict) and p.get("name")
        ]
    elif kind == "reply":
        fields["intent"] = step.get("intent") or None
    elif kind == "quiz":
        fields["questions"] = [
            str(q.get("question")) for q in step.get("questions") or [] if isinstance(q, dict)
        ] or None
    return PlanStep.model_validate(fields)


def _transition(event: dict[str, Any], target: Any) -> PlanTransition:
    after = event.get("after") if isinstance(event.get("after"), dict) else {}
    return PlanTransition(
        on=event.get("type") if event.get("type") in ("default", "reply", "noreply", "split") else "default",
        to=target(event.get("nextStepID")),
        intent=event.get("intent") if event.get("type") == "reply" else None,
        after=_wait(after.get("value"), after.get("unit")) if event.get("type") == "noreply" else None,
        label=event.get("label") if event.get("type") == "split" else None,
        action=event.get("action") if event.get("type") == "split" else None,
    )


def _wait(value: Any, unit: Any) -> PlanWait | None:
    try:
        amount = int(str(value))
    except (TypeError, ValueError):
        return None
    unit_name = str(unit or "").lower()
    unit_name = unit_name if unit_name.endswith("s") else unit_name + "s"
    if amount <= 0 or unit_name not in _UNITS:
        return None
    return PlanWait(value=amount, unit=unit_name)  # type: ignore[arg-type]


def _limit(step: dict[str, Any]) -> PlanLimit | None:
    try:
        return PlanLimit(
            occurrences=int(str(step.get("occurrences"))),
            timespan=int(str(step.get("timespan"))),
            period=step.get("period"),
        )
    except (TypeError, ValueError):
        return None


def _segment_conditions(step: dict[str, Any]) -> list[Any]:
    conditions = step.get("conditions")
    if isinstance(conditions, list) and conditions:
        return conditions
    if isinstance(step.get("segmentDefinition"), dict):
        # The older revision's segmentDefinition is read (and written back as conditions).
        from flowgen_core.check.autofix import convert_segment_definition

        return convert_segment_definition(step["segmentDefinition"]) or []
    return []


def _condition(c: dict[str, Any]) -> PlanCondition:
    if c.get("type") == "property":
        return PlanCondition(
            kind="property",
            operator="has_not" if c.get("operator") == "has_not" else "has",
            property_name=c.get("propertyName"),
            property_operator=c.get("propertyOperator"),
            property_value=c.get("propertyValue") or None,
        )
    days: int | None = None
    if str(c.get("customTimeValue") or "").isdigit():
        value = int(str(c["customTimeValue"]))
        unit = str(c.get("customTimeUnit") or "Days").lower()
        days = value if unit.startswith("day") else max(1, value // (24 if unit.startswith("hour") else 1440))
    else:
        match = re.search(r"(\d+)\s*day", str(c.get("timePeriod", "")), re.IGNORECASE)
        days = int(match.group(1)) if match else None
    return PlanCondition(
        kind="event",
        operator="has_not" if c.get("operator") == "has_not" else "has",
        action=c.get("action"),
        days=days,
    )


def _message_discount(step: dict[str, Any]) -> PlanDiscount | None:
    kind = step.get("discountType")
    if kind not in ("percentage", "amount", "code"):
        return None
    return PlanDiscount(
        kind=kind, value=str(step.get("discountValue") or "") or None, code=step.get("discountCode") or None
    )


def _offer_discount(step: dict[str, Any]) -> PlanDiscount | None:
    if step.get("discount") is not True:
        return None
    kind = step.get("discountType")
    value = step.get("discountPercentage") if kind == "percentage" else step.get("discountAmount")
    if kind not in ("percentage", "amount", "code"):
        return None
    return PlanDiscount(kind=kind, value=str(value or "") or None, code=step.get("discountCode") or None)


def _label_discount(label: Any) -> PlanDiscount | None:
    text = str(label or "").strip()
    if not text or text == "None":
        return None
    if text.endswith("%") and text[:-1].isdigit():
        return PlanDiscount(kind="percentage", value=text[:-1])
    if text.startswith("$") and text[1:].isdigit():
        return PlanDiscount(kind="amount", value=text[1:])
    return PlanDiscount(kind="code", code=text)


def _cart_products(products: Any) -> list[PlanProduct] | None:
    out = []
    for p in products or []:
        if isinstance(p, dict) and p.get("productVariantId"):
            try:
                quantity = int(str(p.get("quantity") or 1))
            except ValueError:
                quantity = 1
            out.append(PlanProduct(variant_id=str(p["productVariantId"]), quantity=quantity))
    return out or None
