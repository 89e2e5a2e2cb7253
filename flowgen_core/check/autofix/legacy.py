"""Older ways of writing a flow, converted to the form the spec writes.

START pseudo-steps (the platform adds its own trigger), the `segmentDefinition` object of
the older revision, and a schedule whose windows are known but whose branches were
written as one `default` event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import SCHEDULE_CONVERTED, START_STEP_REMOVED
from flowgen_core.check.autofix.spellings import LEGACY_EVENTS, PROPERTY_OPERATORS
from flowgen_core.check.autofix.values import UNITS, as_int, object_or_empty, parse_unit, squash

# ---------------------------------------------------------------------------- START steps


def _is_start(step: Any) -> bool:
    return isinstance(step, dict) and isinstance(step.get("type"), str) and squash(step["type"]) == "start"


def _start_successors(starts: list[JSONObject]) -> dict[str, str | None]:
    """START id -> the first step it leads to that is not itself a START (None: nowhere)."""
    start_ids = {s.get("id") for s in starts if isinstance(s.get("id"), str)}
    successor_of: dict[str, str | None] = {}
    for start in starts:
        successor = None
        for event in start.get("events") or []:
            if isinstance(event, dict):
                target = event.get("nextStepID")
                if isinstance(target, str) and target not in start_ids:
                    successor = target
                    break
        if isinstance(start.get("id"), str):
            successor_of[start["id"]] = successor
    return successor_of


def remove_start_steps(rec: Recorder, flow: JSONObject) -> None:
    steps: list[Any] = flow["steps"]
    starts = [s for s in steps if _is_start(s)]
    if not starts:
        return
    successor_of = _start_successors(starts)
    start_objects = {id(s) for s in starts}
    kept = []
    for index, step in enumerate(steps):
        if id(step) in start_objects:
            rec.record(
                START_STEP_REMOVED,
                step.get("id"),
                f"/steps/{index}",
                step,
                None,
                "removed the START step: the platform adds its own trigger before initialStepID",
            )
        else:
            kept.append(step)
    flow["steps"] = kept
    _move_initial_past_start(rec, flow, successor_of)
    _repoint_events(rec, kept, successor_of)


def _move_initial_past_start(rec: Recorder, flow: JSONObject, successor_of: dict[str, str | None]) -> None:
    initial = flow.get("initialStepID")
    # Only a string can name a START step; other values must not reach the dict lookup.
    if not successor_of or not (initial is None or (isinstance(initial, str) and initial in successor_of)):
        return
    successor = successor_of.get(initial) if initial in successor_of else next(iter(successor_of.values()))
    if successor is not None:
        rec.put(
            flow,
            "initialStepID",
            successor,
            START_STEP_REMOVED,
            None,
            "",
            "initialStepID now names the step after the removed START step",
        )


def _repoint_events(rec: Recorder, steps: list[Any], successor_of: dict[str, str | None]) -> None:
    for s_index, step in enumerate(steps):
        if not isinstance(step, dict) or not isinstance(step.get("events"), list):
            continue
        for e_index, event in enumerate(step["events"]):
            target = event.get("nextStepID") if isinstance(event, dict) else None
            if not isinstance(target, str) or target not in successor_of:
                continue
            successor = successor_of[target]
            if successor is not None:
                rec.put(
                    event,
                    "nextStepID",
                    successor,
                    START_STEP_REMOVED,
                    step.get("id"),
                    f"/steps/{s_index}/events/{e_index}",
                    "pointed at the removed START step; now points at its successor",
                )


# ---------------------------------------------------------------------------- segmentDefinition


def convert_segment_definition(definition: JSONObject) -> list[JSONObject] | None:
    """Legacy `segmentDefinition` -> `conditions`, or None when it has no faithful form.

    Conditions combine with AND, so an OR over several segments cannot be converted.
    """
    segments = definition.get("segments")
    if not isinstance(segments, list) or not segments:
        return None
    operator = str(definition.get("operator", "AND")).upper()
    if operator not in ("AND", "OR") or (operator == "OR" and len(segments) > 1):
        return None
    conditions = []
    for index, segment in enumerate(segments):
        condition = _legacy_condition(index, segment)
        if condition is None:
            return None
        conditions.append(condition)
    return conditions


def _legacy_condition(index: int, segment: Any) -> JSONObject | None:
    if not isinstance(segment, dict) or not isinstance(segment.get("customerAction"), dict):
        return None
    action = segment["customerAction"]
    exclusion = str(segment.get("type", "inclusion")).lower() == "exclusion"
    condition: JSONObject = {"id": index + 1, "operator": "has_not" if exclusion else "has"}
    kind = action.get("type", "event")
    if kind == "event":
        mapped = LEGACY_EVENTS.get(str(action.get("event")))
        if mapped is None:
            return None
        condition.update(type="event", action=mapped[0], filter=mapped[1])
    elif kind == "customer_property":
        operator_name = PROPERTY_OPERATORS.get(squash(str(action.get("filterOperator", "equals"))))
        if operator_name is None or not action.get("propertyName"):
            return None
        condition.update(
            type="property",
            propertyName=action["propertyName"],
            propertyOperator=operator_name,
            propertyValue=action.get("propertyValue", ""),
        )
    else:
        return None
    period = _legacy_period(segment.get("period"))
    if period is None:
        return None
    condition.update(period)
    condition["filterData"] = None
    return condition


def _legacy_period(period: Any) -> JSONObject | None:
    """The time fields of a condition; None when the period cannot be written in days or less."""
    if not isinstance(period, dict) or period.get("type") != "within_last":
        return {"timePeriod": "all time", "timePeriodType": "relative"}
    value = object_or_empty(period.get("value"))
    number, parsed = as_int(value.get("value")), parse_unit(value.get("unit"))
    if number is None or parsed is None or parsed[0] == "seconds":
        return None
    unit = UNITS[parsed[0]][2]
    number *= parsed[1]
    return {
        "timePeriod": f"within the last {number} {unit}",
        "timePeriodType": "relative",
        "customTimeValue": str(number),
        "customTimeUnit": unit,
    }


# ---------------------------------------------------------------------------- schedule


def window_label(window: Any) -> str | None:
    """`Oct 23, 12:00 AM - Oct 30, 12:00 AM` from a window with ISO start/end."""
    if not isinstance(window, dict):
        return None
    parts = []
    for key in ("start", "end"):
        value = window.get(key)
        if not isinstance(value, str):
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        parts.append(f"{moment.strftime('%b')} {moment.day}, {moment.strftime('%I:%M %p').lstrip('0')}")
    return " - ".join(parts)


def _window_labels(step: JSONObject) -> list[str] | None:
    schedule = step.get("schedule")
    windows = schedule.get("windows") if isinstance(schedule, dict) else None
    if not isinstance(windows, list) or not windows:
        return None
    labels = []
    for window in windows:
        label = window_label(window)
        if label is None:
            return None
        labels.append(label)
    return labels


def convert_schedule(rec: Recorder, step: JSONObject, path: str) -> None:
    """A lone default event becomes splits only when the schedule names its windows.

    Every branch then leads where the default led, so behaviour is unchanged; with no
    windows there is no honest label to write and the error stays.
    """
    events = step["events"]
    if len(events) != 1 or not isinstance(events[0], dict) or events[0].get("type") != "default":
        return
    labels = _window_labels(step)
    if labels is None:
        return
    original = events[0]
    target = original["nextStepID"]
    new_events: list[JSONObject] = [
        {
            "id": f"{original.get('id')}-window-{index + 1}",
            "type": "split",
            "label": label,
            "action": "schedule",
            "nextStepID": target,
            "active": True,
            "parameters": {},
        }
        for index, label in enumerate(labels)
    ]
    new_events.append(
        {**original, "type": "split", "label": "All other time", "action": "schedule", "nextStepID": target}
    )
    rec.put(
        step,
        "events",
        new_events,
        SCHEDULE_CONVERTED,
        step.get("id"),
        path,
        "a lone default event became one split per window plus 'All other time', all to the same step",
    )
