"""A flow's journey in plain words, for someone who reads it in ten seconds.

"Day 0 — text with 15% off → if they reply SAVE: product picks → if no reply in 2 days:
reminder". Only what a customer experiences is named (the messages, the waits and the
branches that lead to them); audiences, limits and bookkeeping steps are left to the full
outline. Presentation-neutral: the Slack app, the CLI and the REST API can all show it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from flowgen_core.steps import kind_of
from flowgen_core.steps.base import dicts_in
from flowgen_core.steps.words import amount

_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168}
MAX_STOPS = 12


class PathStop(BaseModel):
    """One message on the journey: when it goes out, why, and what it is."""

    step_id: str
    day: int
    condition: str | None = None  # "if they reply SAVE", "if no reply in 2 days"
    what: str  # "text with 15% off"

    def words(self, *, with_day: bool) -> str:
        when = f"Day {self.day} — " if with_day else ""
        cond = f"{self.condition}: " if self.condition else ""
        return f"{cond}{when}{self.what}"


def hours_of(value: Any, unit: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number * _HOURS.get(str(unit or "hours").lower().rstrip("s"), 1)


def _condition(event: dict[str, Any]) -> str | None:
    kind = event.get("type")
    if kind == "reply":
        intent = str(event.get("intent") or "").strip()
        return f"if they reply {intent.upper()}" if intent else "if they reply"
    if kind == "noreply":
        after = event.get("after") if isinstance(event.get("after"), dict) else {}
        if after and after.get("value"):
            return f"if no reply in {amount(after.get('value'), after.get('unit'))}"
        return "if no reply"
    if kind == "split":
        action = str(event.get("action") or "").lower()
        if action == "include":
            return None  # the audience the flow is for: nothing to say
        if action == "exclude":
            return "for everyone else"
        label = str(event.get("label") or "").strip()
        return f"for {label}" if label else None
    return None


def _event_hours(event: dict[str, Any]) -> float:
    after = event.get("after") if isinstance(event.get("after"), dict) else {}
    return hours_of(after.get("value"), after.get("unit")) if after else 0.0


def path_stops(flow: dict[str, Any]) -> list[PathStop]:
    """Every message a customer can receive, in reading order, with the condition that leads to it."""
    if not isinstance(flow, dict):
        return []
    steps = {str(s.get("id")): s for s in dicts_in(flow.get("steps"))}
    start = str(flow.get("initialStepID"))
    stops: list[PathStop] = []
    seen: set[str] = set()
    sent_plain = 0
    # (step id, hours since start, the condition that led here and has not been shown yet)
    stack: list[tuple[str, float, str | None]] = [(start, 0.0, None)] if start in steps else []
    while stack:
        step_id, hours, condition = stack.pop()
        if step_id in seen or step_id not in steps:
            continue
        seen.add(step_id)
        step = steps[step_id]
        kind = kind_of(step)
        pause = kind.pause(step)
        if pause is not None:
            hours += hours_of(*pause)
        condition = condition or kind.path_condition(step)
        if kind.path_word is not None:
            what = kind.path_word
            if kind.path_repeat_word is not None:
                # a later one of these after a no-reply wait reads as a reminder of the first
                what = kind.path_repeat_word if sent_plain and condition and "no reply" in condition else what
                sent_plain += 1
            stops.append(
                PathStop(
                    step_id=step_id,
                    day=int(hours // 24),
                    condition=condition,
                    what=what + (kind.offer_words(step) or ""),
                )
            )
            condition = None
        events = [e for e in dicts_in(step.get("events")) if e.get("nextStepID")]
        branches = len(events) > 1
        children = []
        for event in events:
            led_by = _condition(event) if branches or event.get("type") in ("reply", "noreply") else None
            children.append((str(event["nextStepID"]), hours + _event_hours(event), led_by or condition))
        stack.extend(reversed(children))
    return stops


def path_summary(flow: dict[str, Any], *, max_stops: int = MAX_STOPS) -> str:
    """The journey as one line of plain words; long journeys end with how many messages follow."""
    stops = path_stops(flow)
    if not stops:
        return "No messages yet."
    words = []
    last_day: int | None = None
    for stop in stops[:max_stops]:
        words.append(stop.words(with_day=stop.day != last_day))
        last_day = stop.day
    text = " → ".join(words)
    rest = len(stops) - max_stops
    if rest > 0:
        text += f" → … and {rest} more message{'s' if rest != 1 else ''}"
    return text
