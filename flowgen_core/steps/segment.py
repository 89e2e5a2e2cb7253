"""`segment`: splits the audience by event and property conditions (include / exclude)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flowgen_core.format.vocabulary import PROPERTY_OPERATORS
from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind, dicts_in
from flowgen_core.steps.build import base

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanCondition, PlanStep, PlanTransition

EVENT_FILTERS: dict[str, str] = {
    "placed_order": "all orders",
    "clicked_link": "all clicks",
    "viewed_product": "all product views",
    "added_product_to_cart": "all cart updates",
    "started_checkout": "all checkout updates",
    "placed_order_text": "all text orders",
    "opted_into_sms": "all opt-ins",
    "received_outbound": "all outbound messages",
    "sent_inbound": "all inbound messages",
}
# Spellings an LLM (or a person) commonly uses for the canonical actions.
_ACTION_SYNONYMS: dict[str, str] = {
    "ordered": "placed_order",
    "order": "placed_order",
    "purchased": "placed_order",
    "placed_an_order": "placed_order",
    "clicked": "clicked_link",
    "viewed": "viewed_product",
    "added_to_cart": "added_product_to_cart",
    "add_to_cart": "added_product_to_cart",
    "checkout_started": "started_checkout",
    "opted_in": "opted_into_sms",
    "subscribed": "opted_into_sms",
}
_EXISTENCE_OPERATORS = ("that exists", "does not exist")
_ACTION_WORDS = {
    "placed_order": "placed an order",
    "clicked_link": "clicked a link",
    "viewed_product": "viewed a product",
    "added_product_to_cart": "added a product to cart",
    "started_checkout": "started checkout",
    "placed_order_text": "ordered by text",
    "opted_into_sms": "opted into SMS",
    "received_outbound": "received a message",
    "sent_inbound": "sent us a message",
}
_BRANCHES = ("include", "exclude")


# ----------------------------------------------------------------------------- compile


def transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    """Exactly an include and an exclude branch; unnamed transitions fill them in order."""
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import END, PlanTransition

    if len(given) > 2:
        raise PlanError(
            f"Segment {step.key!r} must have two transitions (include and exclude), it has {len(given)}."
        )
    targets: dict[str, str] = {}
    unnamed: list[str] = []
    for transition in given:
        branch = (transition.action or transition.label or "").strip().lower()
        if branch in _BRANCHES and branch not in targets:
            targets[branch] = transition.to
        else:
            unnamed.append(transition.to)
    for branch in _BRANCHES:
        if branch not in targets:
            targets[branch] = unnamed.pop(0) if unnamed else END
    return [
        PlanTransition(on="split", to=targets[branch], label=branch, action=branch) for branch in _BRANCHES
    ]


def compile_segment(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    if not step.conditions:
        raise PlanError(
            f"Segment {step.key!r} has no conditions: add at least one event or property condition."
        )
    conditions = [_condition(step.key, index, c) for index, c in enumerate(step.conditions, start=1)]
    content = " and ".join(_describe_condition(c) for c in conditions)
    out = base(step, step_id, content[:1].upper() + content[1:], events)
    out["conditions"] = conditions
    return out


def _action(key: str, raw: str | None) -> str:
    action = re.sub(r"[^a-z_]+", "_", (raw or "").strip().lower()).strip("_")
    action = _ACTION_SYNONYMS.get(action, action)
    if action not in EVENT_FILTERS:
        raise PlanError(
            f"Segment {key!r} has an unknown event action {raw!r}; use one of: {', '.join(EVENT_FILTERS)}."
        )
    return action


def _condition(key: str, index: int, c: PlanCondition) -> StepJSON:
    if c.kind == "event":
        action = _action(key, c.action)
        days = c.days if c.days and c.days > 0 else None
        return {
            "id": index,
            "type": "event",
            "operator": c.operator,
            "action": action,
            "filter": EVENT_FILTERS[action],
            "timePeriod": f"within the last {days} Days" if days else "all time",
            "timePeriodType": "relative",
            "customTimeValue": str(days) if days else None,
            "customTimeUnit": "Days" if days else None,
            "filterData": None,
        }
    name = re.sub(r"[^A-Za-z0-9_]+", "_", (c.property_name or "").strip()).strip("_")
    if not name:
        raise PlanError(f"Segment {key!r} has a property condition without a property name.")
    value = (c.property_value or "").strip()
    operator = (c.property_operator or "").strip().lower()
    if operator not in PROPERTY_OPERATORS:
        operator = "with a value of" if value else "that exists"
    if operator not in _EXISTENCE_OPERATORS and not value:
        operator = "that exists"
    return {
        "id": index,
        "type": "property",
        "operator": c.operator,
        "propertyName": name,
        "propertyOperator": operator,
        "propertyValue": value if operator not in _EXISTENCE_OPERATORS else "",
        "filterData": None,
    }


def _describe_condition(c: StepJSON) -> str:
    # Described from the compiled condition, so the text says what the segment does
    # (normalised operator, action and name), and decompiling then compiling repeats it.
    if c["type"] == "property":
        return f"{c['propertyName']} {c['propertyOperator']} {c['propertyValue']}".strip()
    words = _ACTION_WORDS.get(c["action"], c["action"])
    when = f" in the last {c['customTimeValue']} days" if c["customTimeValue"] else ""
    return f"{'has' if c['operator'] == 'has' else 'has not'} {words}{when}"


# ----------------------------------------------------------------------------- decompile


def decompile_segment(step: StepJSON) -> dict[str, Any]:
    return {"conditions": [_plan_condition(c) for c in _conditions(step) if isinstance(c, dict)]}


def _conditions(step: StepJSON) -> list[Any]:
    conditions = step.get("conditions")
    if isinstance(conditions, list) and conditions:
        return conditions
    if isinstance(step.get("segmentDefinition"), dict):
        # The older revision's segmentDefinition is read (and written back as conditions).
        # Imported on use: the auto-corrector's package imports the validator, which asks
        # this registry, so a module-level import would be circular.
        from flowgen_core.check.autofix import convert_segment_definition

        converted: list[Any] = convert_segment_definition(step["segmentDefinition"]) or []
        return converted
    return []


def _plan_condition(c: StepJSON) -> PlanCondition:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanCondition

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


# ----------------------------------------------------------------------------- check and show


def event_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    actions = sorted(str(event.get("action")) for event in events if event["type"] == "split")
    if kinds != ["split", "split"] or actions != ["exclude", "include"]:
        return ShapeProblem(
            "segment_branches",
            f"Segment {sid!r} needs exactly two split events (include, exclude), has {kinds}",
        )
    return None


def _condition_text(condition: StepJSON) -> str:
    negated = condition.get("operator") == "has_not"
    if condition.get("type") == "property":
        name = condition.get("propertyName", "?")
        op = condition.get("propertyOperator", "")
        value = condition.get("propertyValue")
        text = f"property {name} {op}" + (f" {value}" if value not in (None, "") else "")
        return ("NOT " if negated else "") + text
    action = str(condition.get("action", "?")).replace("_", " ")
    period = condition.get("timePeriod")
    text = f"{'has not' if negated else 'has'} {action}"
    if period:
        text += f" ({period})"
    return text


def outline(step: StepJSON) -> tuple[str, list[str]]:
    conditions = dicts_in(step.get("conditions"))
    return "Audience: " + (" AND ".join(_condition_text(c) for c in conditions) or "no conditions"), []


KIND = StepKind(
    name="segment",
    split_branches="include_exclude",
    compile=compile_segment,
    decompile=decompile_segment,
    transitions=transitions,
    plan_fields=("conditions!",),
    event_rule=event_rule,
    planned=True,
    emoji="🎯",
    outline=outline,
    roles=frozenset({"audience"}),
    diagram_shape="diamond",
    diagram_fill="#FFF4D6",
    prompt_rule=(
        "segment: conditions combine with AND. Event actions: placed_order, clicked_link,\n"
        "  viewed_product, added_product_to_cart, started_checkout, placed_order_text,\n"
        "  opted_into_sms, received_outbound, sent_inbound; `days` = within the last N days (null =\n"
        '  all time). Property operators: "with a value of", "with a value not equal to", "with a\n'
        '  value containing", "with a value not containing", "that exists", "does not exist".\n'
        '  Exactly two splits: label/action "include" and "exclude".'
    ),
)
