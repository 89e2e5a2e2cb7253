"""FlowPlan -> FlowBuilder JSON.

The compiler owns everything a plan leaves out: readable ids, mirrored text fields,
per-type defaults, event shapes and the single END step. It normalises what has one
sensible reading (a lone default on a segment becomes its include branch, a missing
"All other time" branch goes to END, split percentages are evened out) and raises
`PlanError` for what has none (a transition to an unknown key, a loop with no wait),
so that a structurally sound plan always compiles to a flow without validation errors.
The messages of `PlanError` are written to be fed back to an LLM as repair hints.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import datetime
from typing import Any

from flowgen_core.format.mirrors import cap_mirror
from flowgen_core.format.vocabulary import (
    OFFER_TYPES,
    PROPERTY_OPERATORS,
    SEND_TYPES,
    SINGLE_DEFAULT_TYPES,
    WAIT_STEP_TYPES,
)
from flowgen_core.plan.model import (
    END,
    FlowPlan,
    PlanCondition,
    PlanDiscount,
    PlanStep,
    PlanTransition,
    PlanWait,
)

__all__ = ["SEND_TYPES", "PlanError", "compile_plan", "compile_plan_with_ids"]


class PlanError(ValueError):
    """The plan cannot be turned into a valid flow; the message says what to change."""


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
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def compile_plan(
    plan: FlowPlan,
    *,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    id_map: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Compile a plan to FlowBuilder JSON (see `compile_plan_with_ids`)."""
    flow, _ = compile_plan_with_ids(plan, description=description, metadata=metadata, id_map=id_map)
    return flow


def compile_plan_with_ids(
    plan: FlowPlan,
    *,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    id_map: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Compile a plan; also return the plan-key -> step-id map.

    `id_map` pins step ids for plan keys (refinement keeps unchanged steps' ids); the
    END step's key is "end". Raises `PlanError` when the plan is structurally unsound.
    """
    steps = _check_structure(plan)
    order = _reachable_order(plan.start, steps)
    transitions = {key: _normalised_transitions(steps[key]) for key in order}
    needs_end = any(t.to == END for key in order for t in transitions[key])
    _check_waitless_cycles(order, steps, transitions)

    ids = _assign_ids(order + ([END] if needs_end else []), steps, id_map or {})
    event_counter = _Counter("evt", set())
    compiled: list[dict[str, Any]] = []
    for key in order:
        step = steps[key]
        events = [_event(t, step, ids, event_counter) for t in transitions[key]]
        if step.type == "end":
            events = []
        compiled.append(_compile_step(step, ids[key], events))
    if needs_end:
        compiled.append(_end_step(ids[END]))

    flow: dict[str, Any] = {
        "name": plan.name.strip() or "Untitled flow",
        "description": description or plan.description,
        "initialStepID": ids[plan.start],
        "steps": compiled,
        "metadata": dict(metadata or {}),
    }
    return flow, {key: ids[key] for key in ids}


# ----------------------------------------------------------------------------- structure


def _check_structure(plan: FlowPlan) -> dict[str, PlanStep]:
    if not plan.steps:
        raise PlanError("The plan has no steps: add at least one message step.")
    steps: dict[str, PlanStep] = {}
    for step in plan.steps:
        if not step.key.strip():
            raise PlanError("A step has an empty key: give every step a short unique key.")
        if step.key in steps:
            raise PlanError(f"Two steps share the key {step.key!r}: step keys must be unique.")
        if step.key == END and step.type != "end":
            raise PlanError(f"The key {END!r} is reserved for the END step; rename the {step.type} step.")
        steps[step.key] = step
    if plan.start not in steps:
        raise PlanError(f"The start key {plan.start!r} names no step; known keys: {', '.join(steps)}.")
    for step in plan.steps:
        for transition in step.next:
            if transition.to != END and transition.to not in steps:
                raise PlanError(
                    f"Step {step.key!r} has a transition to unknown key {transition.to!r}; "
                    f"use one of: {', '.join(steps)}, or {END!r}."
                )
            if transition.to == step.key:
                raise PlanError(
                    f"Step {step.key!r} has a transition to itself; point it at another step or {END!r}."
                )
    return steps


def _reachable_order(start: str, steps: dict[str, PlanStep]) -> list[str]:
    """Breadth-first order from the start; unreachable steps are dropped (nothing could enter them)."""
    seen, queue, order = {start}, deque([start]), []
    while queue:
        key = queue.popleft()
        order.append(key)
        if steps[key].type == "end":
            continue
        for transition in steps[key].next:
            if transition.to != END and transition.to not in seen:
                seen.add(transition.to)
                queue.append(transition.to)
    return order


def _normalised_transitions(step: PlanStep) -> list[PlanTransition]:
    """Give each step the event shape its type requires."""
    given = list(step.next)
    kind = step.type
    if kind == "end":
        return []
    if kind in SINGLE_DEFAULT_TYPES:
        if len(given) > 1:
            raise PlanError(
                f"Step {step.key!r} ({kind}) must have exactly one 'default' transition, it has {len(given)}."
            )
        target = given[0].to if given else END
        return [PlanTransition(on="default", to=target)]
    if kind == "segment":
        return _segment_transitions(step, given)
    if kind == "experiment":
        return _experiment_transitions(step, given)
    if kind == "schedule":
        return _schedule_transitions(step, given)
    if kind in ("message", "quiz"):
        return _message_transitions(step, given)
    if kind in OFFER_TYPES:
        if not given or (len(given) == 1 and given[0].on == "default"):
            intent = "yes" if kind == "purchase_offer" else "buy"
            return [PlanTransition(on="reply", intent=intent, to=given[0].to if given else END)]
        shaped = _message_transitions(step, given)
        if not any(t.on == "reply" for t in shaped):  # these nodes exist to take a reply
            intent = "yes" if kind == "purchase_offer" else "buy"
            shaped.insert(0, PlanTransition(on="reply", intent=intent, to=END))
        return shaped
    return given  # unreachable for the enumerated types


def _segment_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    if len(given) > 2:
        raise PlanError(
            f"Segment {step.key!r} must have two transitions (include and exclude), it has {len(given)}."
        )
    targets: dict[str, str] = {}
    unnamed: list[str] = []
    for transition in given:
        branch = (transition.action or transition.label or "").strip().lower()
        if branch in ("include", "exclude") and branch not in targets:
            targets[branch] = transition.to
        else:
            unnamed.append(transition.to)
    for branch in ("include", "exclude"):
        if branch not in targets:
            targets[branch] = unnamed.pop(0) if unnamed else END
    return [
        PlanTransition(on="split", to=targets[branch], label=branch, action=branch)
        for branch in ("include", "exclude")
    ]


def _experiment_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    if len(given) < 2:
        raise PlanError(f"Experiment {step.key!r} needs two or more transitions (Group A, Group B, ...).")
    if len(given) > 26:
        raise PlanError(f"Experiment {step.key!r} has too many groups ({len(given)}).")
    return [
        PlanTransition(
            on="split",
            to=transition.to,
            label=f"Group {chr(ord('A') + index)}",
            action="control" if index == 0 else "variant",
        )
        for index, transition in enumerate(given)
    ]


_OTHER_TIME = "All other time"


def _schedule_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    windows = step.windows or []
    other = [t for t in given if (t.label or "").strip().lower() == _OTHER_TIME.lower()]
    in_window = [t for t in given if t not in other]
    if not other and len(in_window) > 1 and len(in_window) > len(windows):
        other = [in_window.pop()]  # the surplus transition is the "otherwise" branch
    if not in_window:
        raise PlanError(
            f"Schedule {step.key!r} needs a transition for its send window besides {_OTHER_TIME!r}."
        )
    result: list[PlanTransition] = []
    used: set[str] = {_OTHER_TIME.lower()}
    for index, transition in enumerate(in_window):
        label = (transition.label or "").strip()
        if not label and index < len(windows):
            label = windows[index].label.strip()
        if not label or label.lower() in used:
            label = f"Window {index + 1}"
        used.add(label.lower())
        result.append(PlanTransition(on="split", to=transition.to, label=label, action="schedule"))
    other_target = other[0].to if other else END
    result.append(PlanTransition(on="split", to=other_target, label=_OTHER_TIME, action="schedule"))
    return result


def _message_transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
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
            intent = _intent(transition.intent)
            if not intent:
                raise PlanError(f"Step {step.key!r} has a reply transition without an intent (e.g. 'yes').")
            if intent in intents:
                raise PlanError(f"Step {step.key!r} has two reply transitions for intent {intent!r}.")
            intents.add(intent)
            result.append(transition.model_copy(update={"intent": intent}))
        elif transition.on == "noreply":
            if noreply_seen:
                raise PlanError(f"Step {step.key!r} has more than one 'noreply' transition.")
            noreply_seen = True
            after = transition.after or PlanWait(value=1, unit="days")
            result.append(transition.model_copy(update={"after": after}))
        else:
            raise PlanError(f"Step {step.key!r} ({step.type}) cannot have a 'split' transition; use 'reply'.")
    return result


def _intent(raw: str | None) -> str:
    return re.sub(r"\s+", " ", (raw or "").strip().lower())


def _check_waitless_cycles(
    order: list[str], steps: dict[str, PlanStep], transitions: dict[str, list[PlanTransition]]
) -> None:
    """A loop that never waits would text a customer endlessly: refuse it."""
    # Only edges that do not wait can form a forbidden cycle.
    graph = {
        key: [
            t.to
            for t in transitions[key]
            if t.to != END and t.on != "noreply" and steps[key].type not in WAIT_STEP_TYPES
        ]
        for key in order
    }
    state: dict[str, int] = {}
    for root in order:
        if state.get(root):
            continue
        stack = [(root, iter(graph[root]))]
        state[root] = 1
        while stack:
            key, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[key] = 2
                stack.pop()
            elif state.get(child) == 1:
                raise PlanError(
                    f"Steps {child!r} and {key!r} form a loop without a wait: add a delay or a noreply transition."
                )
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(graph[child])))


# ----------------------------------------------------------------------------- ids


class _Counter:
    def __init__(self, prefix: str, taken: set[str]) -> None:
        self.prefix, self.taken, self.value = prefix, taken, 0

    def next(self, slug: str | None = None) -> str:
        while True:
            self.value += 1
            candidate = f"{slug or self.prefix}-{self.value:03d}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:32].strip("-") or "step"


def _assign_ids(keys: list[str], steps: dict[str, PlanStep], id_map: dict[str, str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        pinned = id_map.get(key)
        if isinstance(pinned, str) and pinned.strip() and pinned not in taken:
            ids[key] = pinned
            taken.add(pinned)
    counter = _Counter("step", taken)
    for key in keys:
        if key not in ids:
            ids[key] = counter.next(_slug(key if key != END else "end"))
    return ids


# ----------------------------------------------------------------------------- events


def _event(t: PlanTransition, step: PlanStep, ids: dict[str, str], counter: _Counter) -> dict[str, Any]:
    event: dict[str, Any] = {"id": counter.next(), "type": t.on, "nextStepID": ids[t.to], "active": True}
    if t.on == "reply":
        event["intent"] = t.intent
        event["description"] = f"Customer replies {(t.intent or '').upper()}"
    elif t.on == "noreply":
        after = t.after or PlanWait(value=1, unit="days")
        event["after"] = {"value": after.value, "unit": after.unit}
    elif t.on == "split":
        event["label"] = t.label
        event["action"] = t.action
    event["parameters"] = {}
    return event


# ----------------------------------------------------------------------------- steps


def _title(step: PlanStep) -> str:
    if step.label and step.label.strip():
        return step.label.strip()
    words = re.sub(r"[_\-]+", " ", step.key).strip()
    return (words[:1].upper() + words[1:]) if words else step.type.replace("_", " ").title()


def _base(step: PlanStep, step_id: str, content: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": step_id,
        "type": step.type,
        "label": _title(step),
        "content": content,
        "active": True,
        "parameters": {},
        "events": events,
    }


def _end_step(step_id: str) -> dict[str, Any]:
    return {
        "id": step_id,
        "type": "end",
        "label": "End",
        "content": "End of flow",
        "active": True,
        "parameters": {},
        "events": [],
    }


def _sms(step: PlanStep) -> str:
    text = (step.text or "").strip()
    if text:
        return text
    return f"Hi {{{{first_name}}}}, news from {{{{brand_name}}}}: {_title(step)}. Visit {{{{store_url}}}}"


def _compile_step(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    builder = _BUILDERS.get(step.type)
    if step.type == "end":
        return _end_step(step_id) | ({"label": _title(step)} if step.label else {})
    assert builder is not None  # every StepType has a builder
    return builder(step, step_id, events)


def _message(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    text = _sms(step)
    out = _base(step, step_id, text, events)
    discount = _clean_discount(step.discount)
    out |= {
        "text": text,
        "messageText": text,
        "addImage": False,
        "imageUrl": "",
        "sendContactCard": False,
        "discountType": discount.kind if discount else "none",
        "discountValue": (discount.value or "") if discount else "",
        "discountCode": (discount.code or "") if discount else "",
        "discountEmail": "",
        "discountExpiry": "",
        "handled": False,
        "aiGenerated": True,
    }
    return out


def _clean_discount(discount: PlanDiscount | None) -> PlanDiscount | None:
    """Digits-only values, upper-case codes; a discount that cannot be expressed is dropped."""
    if discount is None or discount.kind == "none":
        return None
    value = re.sub(r"[^0-9]", "", str(discount.value or "").split(".")[0]) or None
    code = re.sub(r"[^A-Z0-9]", "", str(discount.code or "").upper()) or None
    kind = discount.kind
    if kind == "percentage" and value is not None:
        value = str(min(100, max(1, int(value))))
    if kind in ("percentage", "amount") and (value is None or int(value) == 0):
        kind, value = ("code", None) if code else ("none", None)
    if kind == "code" and not code:
        return None
    if kind == "none":
        return None
    return PlanDiscount(kind=kind, value=value, code=code)


def _discount_label(discount: PlanDiscount | None) -> str:
    if discount is None:
        return "None"
    if discount.kind == "percentage":
        return f"{discount.value}%"
    if discount.kind == "amount":
        return f"${discount.value}"
    return discount.code or "None"


def _segment(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    if not step.conditions:
        raise PlanError(
            f"Segment {step.key!r} has no conditions: add at least one event or property condition."
        )
    conditions = [_condition(step.key, index, c) for index, c in enumerate(step.conditions, start=1)]
    content = " and ".join(_describe_condition(c) for c in conditions)
    out = _base(step, step_id, content[:1].upper() + content[1:], events)
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


def _condition(key: str, index: int, c: PlanCondition) -> dict[str, Any]:
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


def _describe_condition(c: dict[str, Any]) -> str:
    # Described from the compiled condition, so the text says what the segment does
    # (normalised operator, action and name), and decompiling then compiling repeats it.
    if c["type"] == "property":
        return f"{c['propertyName']} {c['propertyOperator']} {c['propertyValue']}".strip()
    words = _ACTION_WORDS.get(c["action"], c["action"])
    when = f" in the last {c['customTimeValue']} days" if c["customTimeValue"] else ""
    return f"{'has' if c['operator'] == 'has' else 'has not'} {words}{when}"


def _wait(step: PlanStep) -> PlanWait:
    return step.wait or PlanWait(value=1, unit="days")


def _delay(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    wait = _wait(step)
    period = wait.unit.capitalize()
    out = _base(
        step, step_id, f"Wait {wait.value} {wait.unit if wait.value != 1 else wait.unit[:-1]}", events
    )
    out |= {"time": str(wait.value), "period": period, "delay": {"value": str(wait.value), "unit": period}}
    return out


def _no_reply(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    wait = _wait(step)
    out = _base(step, step_id, f"No reply after {wait.value} {wait.unit}", events)
    out |= {
        "enabled": True,
        "value": wait.value,
        "unit": wait.unit,
        "after": {"value": wait.value, "unit": wait.unit},
        "seconds": wait.value * _UNIT_SECONDS[wait.unit],
        "period": wait.unit.capitalize(),
        "noReplyConfig": {},
    }
    return out


def _reply(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    intent = _intent(step.intent) or "yes"
    out = _base(step, step_id, f"Customer replies {intent.upper()}", events)
    out |= {
        "enabled": True,
        "intent": intent,
        "description": f"Customer replies {intent.upper()}",
        "label": (step.label or "").strip() or intent,
        "replyConfig": {},
    }
    return out


_SPLIT_ACTIONS = {"split": "include", "split_group": "control", "split_range": "schedule"}


def _split_marker(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    out = _base(step, step_id, _title(step), events)
    out |= {
        "enabled": True,
        "action": _SPLIT_ACTIONS[step.type],
        "description": _title(step),
        "splitConfig": {},
    }
    return out


def _limit_values(step: PlanStep) -> tuple[int, int, str]:
    if step.limit is None:
        return 1, 1, "Days"
    return step.limit.occurrences, step.limit.timespan, step.limit.period


def _rate_limit(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    occurrences, timespan, period = _limit_values(step)
    content = f"{occurrences} {'time' if occurrences == 1 else 'times'} every {timespan} {period.lower()}"
    out = _base(step, step_id, content, events)
    out |= {"occurrences": str(occurrences), "timespan": str(timespan), "period": period}
    mirror_key, mirror = cap_mirror(step.type, occurrences, period)
    out[mirror_key] = mirror
    return out


def _experiment(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    name = (step.experiment_name or "").strip() or _title(step)
    percentages = _percentages(step.split_percentages, len(events))
    out = _base(step, step_id, f"{name} (v1)", events)
    out |= {
        "experimentName": name,
        "version": "1",
        "experimentConfig": {
            "splits": [
                {"group": event["label"], "percentage": share}
                for event, share in zip(events, percentages, strict=True)
            ]
        },
    }
    return out


def _percentages(given: list[int] | None, groups: int) -> list[int]:
    if given and len(given) == groups and all(p >= 0 for p in given) and sum(given) == 100:
        return list(given)
    share, rest = divmod(100, max(groups, 1))
    return [share + (1 if index < rest else 0) for index in range(groups)]


def _schedule(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    windows = [
        {"label": w.label, "start": _iso(w.start), "end": _iso(w.end)}
        for w in (step.windows or [])
        if w.start or w.end
    ]
    timezone = (step.timezone or "").strip() or "UTC"
    labels = [e["label"] for e in events if e["label"] != _OTHER_TIME]
    out = _base(step, step_id, "Send window: " + "; ".join(labels), events)
    out["schedule"] = {"timezone": timezone, "windows": windows}
    return out


def _iso(value: str) -> str:
    """Best effort ISO-8601 local date-time; unparseable input is kept as written."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=None).isoformat(timespec="seconds")
    except ValueError:
        return value


def _property(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    properties = []
    for index, prop in enumerate(step.properties or [], start=1):
        name = re.sub(r"[^a-z0-9]+", "_", prop.name.strip().lower()).strip("_")
        if name:
            properties.append({"id": index, "name": name, "value": prop.value})
    if not properties:
        raise PlanError(f"Property step {step.key!r} sets no properties: add at least one {{name, value}}.")
    content = ", ".join(f"{p['name']} = {p['value']}" for p in properties)
    out = _base(step, step_id, f"Set {content}", events)
    out["properties"] = properties
    return out


def _uid(step_id: str, index: int) -> str:
    return f"{step_id}-item-{index}"


def _cart_products(step: PlanStep, step_id: str) -> list[dict[str, Any]]:
    return [
        {
            "productVariantId": str(p.variant_id).strip(),
            "quantity": str(max(1, p.quantity)),
            "uniqueId": _uid(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
        if str(p.variant_id).strip()
    ]


def _product_choice(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    text = _sms(step)
    products = [
        {
            "id": str(p.variant_id).strip(),
            "label": p.label or str(p.variant_id),
            "showLabel": True,
            "uniqueId": _uid(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
        if str(p.variant_id).strip()
    ]
    selection = step.product_selection or ("manually" if products else "popularity")
    if selection == "manually" and not products:
        selection = "popularity"
    discount = _clean_discount(step.discount)
    out = _base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "prompt": "",
        "productSelection": selection,
        "productSelectionPrompt": "Products that complement the customer's past purchases"
        if selection == "automatically"
        else "",
        "products": products,
        "productImages": True,
        "customTotals": False,
        "customTotalsAmount": "",
        "discountExpiry": False,
        "discountExpiryDate": "",
        "discount": _discount_label(discount),
    }
    return out


def _offer_discount_fields(discount: PlanDiscount | None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "discount": discount is not None,
        "discountType": discount.kind if discount else "percentage",
        "discountPercentage": "",
        "discountAmount": "",
        "discountCode": "",
        "discountAmountLabel": "",
        "discountEmail": "",
        "discountExpiry": False,
        "discountExpiryDate": "",
    }
    if discount is not None:
        if discount.kind == "percentage":
            fields["discountPercentage"] = discount.value or ""
        elif discount.kind == "amount":
            fields["discountAmount"] = discount.value or ""
        fields["discountCode"] = discount.code or ""
        fields["discountAmountLabel"] = _discount_label(discount)
    return fields


def _cart_source(step: PlanStep, products: list[dict[str, Any]]) -> str:
    source = step.cart_source or ("manual" if products else "latest")
    return "latest" if source == "manual" and not products else source


def _purchase_offer(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    text = _sms(step)
    products = _cart_products(step, step_id)
    source = _cart_source(step, products)
    out = _base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "cartSource": source,
        "products": products if source == "manual" else [],
    }
    out |= _offer_discount_fields(_clean_discount(step.discount))
    out |= {
        "customTotals": False,
        "shippingAmount": "",
        "includeProductImage": True,
        "skipForRecentOrders": False,
    }
    return out


def _purchase(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    products = _cart_products(step, step_id)
    source = _cart_source(step, products)
    discount = _clean_discount(step.discount)
    out = _base(
        step,
        step_id,
        f"Complete the order ({'selected products' if source == 'manual' else 'latest cart'})",
        events,
    )
    out |= {
        "cartSource": source,
        "products": products if source == "manual" else [],
        "discount": discount is not None,
        "customTotals": False,
        "shippingAmount": "",
        "sendReminderForNonPurchasers": False,
        "allowAutomaticPayment": False,
    }
    if discount is not None:
        out |= {k: v for k, v in _offer_discount_fields(discount).items() if k != "discount"}
    return out


def _reply_cart_choice(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    text = _sms(step)
    items = [
        {
            "id": str(p.variant_id),
            "label": p.label or str(p.variant_id),
            "showLabel": True,
            "uniqueId": _uid(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
    ]
    out = _base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "cartSelection": "manual" if items else "latest",
        "cartItems": items,
    }
    return out


def _quiz(step: PlanStep, step_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    questions = [q.strip() for q in (step.questions or []) if q.strip()] or [step.text or _title(step)]
    out = _base(step, step_id, step.text or questions[0], events)
    out |= {
        "questions": [
            {"id": index, "question": q, "type": "single", "options": []}
            for index, q in enumerate(questions, start=1)
        ],
        "quizConfig": {},
    }
    return out


_BUILDERS = {
    "message": _message,
    "segment": _segment,
    "delay": _delay,
    "schedule": _schedule,
    "experiment": _experiment,
    "rate_limit": _rate_limit,
    "limit": _rate_limit,
    "reply": _reply,
    "no_reply": _no_reply,
    "split": _split_marker,
    "split_group": _split_marker,
    "split_range": _split_marker,
    "property": _property,
    "product_choice": _product_choice,
    "purchase_offer": _purchase_offer,
    "purchase": _purchase,
    "reply_cart_choice": _reply_cart_choice,
    "quiz": _quiz,
}
