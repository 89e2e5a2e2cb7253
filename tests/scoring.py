"""The project's scorer for the evaluation briefs: does a flow meet a brief's stated requirements?

Each brief in `tests/fixtures/briefs-*.jsonl` lists `expect` entries (`{"check": kind, ...}`);
`requirement_met()` decides one of them on a flow that `validate_flow` already accepted. It reads
the flow as plain JSON, independently of the planner that wrote it, so a planner change that
drops a requirement fails here. Unknown kinds raise, so a new fixture cannot silently pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from flowgen_core.format.sms import segment_info

Flow = dict[str, Any]
Step = dict[str, Any]
Requirement = dict[str, Any]

SEND_TYPES = ("message", "purchase_offer", "product_choice", "reply_cart_choice")
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
# Steps a customer passes through without acting: followed by `reply_reaches`.
_PASS_THROUGH = {
    "delay",
    "rate_limit",
    "limit",
    "property",
    "split",
    "split_group",
    "split_range",
    "reply",
    "no_reply",
}


def sms_text(step: Step) -> str:
    for key in ("messageText", "content", "text"):
        value = step.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def seconds(value: Any, unit: Any) -> int | None:
    try:
        amount = int(str(value))
    except ValueError:
        return None
    factor = _UNIT_SECONDS.get(str(unit).lower().rstrip("s"))
    return amount * factor if factor else None


def _events(flow: Flow) -> Iterator[dict[str, Any]]:
    for step in flow["steps"]:
        yield from step.get("events") or []


def _reply_intent(event: dict[str, Any]) -> str | None:
    if event.get("type") != "reply":
        return None
    return str(event.get("intent", "")).strip().lower()


def _condition_days(condition: dict[str, Any]) -> float | None:
    if condition.get("customTimeValue") not in (None, "") and condition.get("customTimeUnit"):
        span = seconds(condition["customTimeValue"], condition["customTimeUnit"])
        return span / 86400 if span else None
    match = re.search(r"(\d+)\s*(minute|hour|day|week|month)", str(condition.get("timePeriod", "")), re.I)
    if not match:
        return None
    days_per = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30}
    return int(match.group(1)) * days_per[match.group(2).lower()]


def _segment_matches(step: Step, req: Requirement) -> bool:
    for condition in step.get("conditions") or []:
        if "property" in req:
            if str(condition.get("propertyName", "")).lower() == req["property"].lower() and (
                "value" not in req
                or str(condition.get("propertyValue", "")).lower() == str(req["value"]).lower()
            ):
                return True
            continue
        if condition.get("action") != req.get("action"):
            continue
        if condition.get("operator", "has") != req.get("operator", "has"):
            continue
        if "days" in req and _condition_days(condition) != req["days"]:
            continue
        return True
    return False


def _discount_matches(step: Step, req: Requirement) -> bool:
    kind = step.get("discountType")
    if "percent" in req:
        percent = str(req["percent"])
        if kind == "percentage" and percent in (
            str(step.get("discountValue")),
            str(step.get("discountPercentage")),
        ):
            return True
        if str(step.get("discount", "")).replace(" ", "") == f"{percent}%":
            return True
    if "amount" in req:
        amount = str(req["amount"])
        if kind == "amount" and amount in (str(step.get("discountValue")), str(step.get("discountAmount"))):
            return True
        if str(step.get("discount", "")) == f"${amount}":
            return True
    if "code" in req:
        code = req["code"].lower()
        if code in (str(step.get("discountCode", "")).lower(), str(step.get("discount", "")).lower()):
            return True
        return (
            step.get("type") == "message"
            and code in sms_text(step).lower()
            and "discount" in json.dumps(step)
        )
    return False


def _reached_through_pass_through(by_id: dict[str, Step], start: Any) -> Iterator[Step]:
    current, seen = start, set()
    while current in by_id and current not in seen:
        seen.add(current)
        step = by_id[current]
        yield step
        events = step.get("events") or []
        if step.get("type") not in _PASS_THROUGH or len(events) != 1:
            return
        current = events[0].get("nextStepID")


def _most_sends_on_a_path(flow: Flow, by_id: dict[str, Step]) -> int:
    """Most sends on any path from the start (a wait-guarded cycle counts once)."""
    memo: dict[str, int] = {}
    on_path: set[str] = set()

    def longest(step_id: str) -> int:
        if step_id in memo or step_id in on_path:
            return memo.get(step_id, 0)
        on_path.add(step_id)
        step = by_id[step_id]
        below = [longest(e["nextStepID"]) for e in step.get("events") or [] if e.get("nextStepID") in by_id]
        on_path.discard(step_id)
        memo[step_id] = (step.get("type") in SEND_TYPES) + max(below, default=0)
        return memo[step_id]

    return longest(flow["initialStepID"])


def _string_values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _string_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _string_values(item)


def _names_time_zone(step: Step, zones: list[str]) -> bool:
    values = list(_string_values({k: v for k, v in step.items() if k != "id"}))
    for zone in zones:
        # ET, PST: whole upper-case tokens only; longer names case-insensitively
        exact = zone.isalpha() and zone.isupper() and len(zone) <= 5
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(zone)}(?![A-Za-z])", 0 if exact else re.I)
        if any(pattern.search(value) for value in values):
            return True
    return False


def _sms_segments(text: str) -> int:
    return segment_info(text).segments


def requirement_met(req: Requirement, flow: Flow) -> bool:
    steps: list[Step] = flow["steps"]
    by_id = {step["id"]: step for step in steps}
    texts = [sms_text(step) for step in steps if step.get("type") in SEND_TYPES]
    of_type = [step for step in steps if step.get("type") == req.get("type")]
    checks: dict[str, Callable[[], bool]] = {
        "node": lambda: len(of_type) >= req.get("min", 1),
        "node_any": lambda: any(step.get("type") in req["types"] for step in steps),
        "initial": lambda: by_id[flow["initialStepID"]].get("type") == req["type"],
        "reply": lambda: any(_reply_intent(e) == req["intent"].lower() for e in _events(flow)),
        "reply_any": lambda: any(e.get("type") == "reply" for e in _events(flow)),
        "noreply_any": lambda: (
            any(e.get("type") == "noreply" for e in _events(flow))
            or any(step.get("type") == "no_reply" for step in steps)
        ),
        "reply_count_min": lambda: (
            max(
                (sum(e.get("type") == "reply" for e in step.get("events") or []) for step in steps), default=0
            )
            >= req["n"]
        ),
        "reply_reaches": lambda: any(
            any(
                s.get("type") == req["type"]
                for s in _reached_through_pass_through(by_id, e.get("nextStepID"))
            )
            for e in _events(flow)
            if _reply_intent(e) == req["intent"].lower()
        ),
        "noreply_after": lambda: (
            any(
                e.get("type") == "noreply"
                and isinstance(e.get("after"), dict)
                and seconds(e["after"].get("value"), e["after"].get("unit")) == req.get("hours", 0) * 3600
                for e in _events(flow)
            )
            or any(
                step.get("type") == "no_reply"
                and seconds(step.get("value"), step.get("unit")) == req.get("hours", 0) * 3600
                for step in steps
            )
        ),
        "delay": lambda: any(
            step.get("type") == "delay"
            and seconds(step.get("time"), step.get("period"))
            == req.get("hours", 0) * 3600 + req.get("days", 0) * 86400
            for step in steps
        ),
        "segment": lambda: any(
            _segment_matches(step, req) for step in steps if step.get("type") == "segment"
        ),
        "discount": lambda: any(_discount_matches(step, req) for step in steps),
        "cart_source": lambda: any(step.get("cartSource") == req["value"] for step in of_type),
        "field": lambda: any(step.get(req["field"]) == req["value"] for step in of_type),
        "product_variant": lambda: any(
            isinstance(product, dict)
            and str(product.get("productVariantId")) == req["id"]
            and ("quantity" not in req or str(product.get("quantity")) == req["quantity"])
            for step in steps
            for product in step.get("products") or []
        ),
        "var": lambda: any("{{" + req["name"] + "}}" in text.replace(" ", "") for text in texts),
        "text": lambda: any(req["contains"].lower() in text.lower() for text in texts),
        "property_set": lambda: any(
            str(prop.get("name", "")).lower() == req["name"].lower()
            and ("value" not in req or str(prop.get("value", "")).lower() == str(req["value"]).lower())
            for step in steps
            if step.get("type") == "property"
            for prop in step.get("properties") or []
        ),
        "experiment_groups": lambda: any(
            step.get("type") == "experiment" and len(step.get("events") or []) == req["n"] for step in steps
        ),
        "schedule_branches": lambda: any(
            step.get("type") == "schedule" and len(step.get("events") or []) >= req["n"] for step in steps
        ),
        "schedule_branch_to_end": lambda: any(
            step.get("type") == "schedule"
            and any(by_id.get(e.get("nextStepID"), {}).get("type") == "end" for e in step.get("events") or [])
            for step in steps
        ),
        "schedule_tz": lambda: any(
            step.get("type") == "schedule" and _names_time_zone(step, req["any"]) for step in steps
        ),
        "limit_period": lambda: any(
            step.get("type") in ("rate_limit", "limit")
            and str(step.get("occurrences")) == str(req["occurrences"])
            and seconds(step.get("timespan"), step.get("period"))
            == seconds(req.get("timespan", 1), req["period"])
            for step in steps
        ),
        "max_messages_on_path": lambda: _most_sends_on_a_path(flow, by_id) <= req["n"],
        "sms_segments_max": lambda: all(_sms_segments(text) <= req["n"] for text in texts if text),
    }
    if req["check"] not in checks:
        raise ValueError(f"unknown check {req['check']!r}")
    return checks[req["check"]]()
