"""Events: their common fields, the shape per event type, and events that cannot be followed."""

from __future__ import annotations

from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import (
    DANGLING_EVENT_REMOVED,
    DEFAULT_FILLED,
    DUPLICATE_EVENT_REMOVED,
    ENUM_NORMALISED,
    LABEL_DERIVED,
    SELF_LOOP_REMOVED,
    VALUE_NORMALISED,
)
from flowgen_core.check.autofix.ids import steps_by_id
from flowgen_core.check.autofix.spellings import EVENT_TYPE_BY_KEY
from flowgen_core.check.autofix.values import UNITS, as_int, parse_unit
from flowgen_core.steps import kind_of

# ---------------------------------------------------------------------------- one event


def fix_event(
    rec: Recorder, event: JSONObject, step: JSONObject, step_type: str, index: int, path: str
) -> None:
    sid = step.get("id")
    rec.put_enum(event, "type", EVENT_TYPE_BY_KEY, sid, path, "event type written as the spec spells it")
    if "active" not in event or event["active"] is None:
        rec.put(event, "active", True, DEFAULT_FILLED, sid, path, "events are active by default")
    if event.get("parameters") is None or event.get("parameters") == []:
        rec.put(event, "parameters", {}, DEFAULT_FILLED, sid, path, "parameters is always an object")
    target = event.get("nextStepID")
    if isinstance(target, int) and not isinstance(target, bool):
        rec.put(event, "nextStepID", str(target), VALUE_NORMALISED, sid, path, "step ids are strings")
    kind = event.get("type")
    if kind == "reply":
        intent = event.get("intent")
        if isinstance(intent, str) and intent.strip() and intent != intent.strip().lower():
            rec.put(
                event, "intent", intent.strip().lower(), ENUM_NORMALISED, sid, path, "intents are lower case"
            )
    elif kind == "noreply":
        fix_after(rec, event, sid, path)
    elif kind == "split":
        fix_split_event(rec, event, step, step_type, index, path)


def fix_after(rec: Recorder, event: JSONObject, sid: Any, path: str) -> None:
    after = event.get("after")
    if after is None:
        # Some writers put the wait beside the event instead of in `after`.
        if "value" in event and "unit" in event:
            after = {"value": event["value"], "unit": event["unit"]}
        else:
            return
    if not isinstance(after, dict):
        return
    value, unit = after.get("value"), after.get("unit")
    if value is None and unit is None and len(after) == 1:
        # {"hours": 6} -> {"value": 6, "unit": "hours"}
        ((unit, value),) = after.items()
    number = as_int(value)
    parsed = parse_unit(unit)
    if number is None or parsed is None:
        return
    key, factor = parsed
    # Unit-named keys ({"hours": 6}) are dropped: value/unit now say it once.
    fixed = {k: v for k, v in after.items() if k not in ("value", "unit") and parse_unit(k) is None}
    fixed.update(value=number * factor, unit=UNITS[key][1])
    if fixed != event.get("after"):
        rec.put(event, "after", fixed, VALUE_NORMALISED, sid, path, "no-reply wait as {value: int, unit}")


def fix_split_event(
    rec: Recorder, event: JSONObject, step: JSONObject, step_type: str, index: int, path: str
) -> None:
    branches = kind_of(step_type).split_branches
    if branches == "include_exclude":
        _fix_segment_branch(rec, event, step.get("id"), path)
    elif branches == "groups":
        _fix_experiment_branch(rec, event, step.get("id"), index, path)


def _fix_segment_branch(rec: Recorder, event: JSONObject, sid: Any, path: str) -> None:
    label, action = event.get("label"), event.get("action")
    for source in (action, label):
        if isinstance(source, str) and source.strip().lower() in ("include", "exclude"):
            value = source.strip().lower()
            if action != value:
                rec.put(event, "action", value, ENUM_NORMALISED, sid, path, "segment branch action")
            if not isinstance(label, str) or not label.strip():
                rec.put(event, "label", value, LABEL_DERIVED, sid, path, "segment branch label")
            break


def _fix_experiment_branch(rec: Recorder, event: JSONObject, sid: Any, index: int, path: str) -> None:
    label, action = event.get("label"), event.get("action")
    if not isinstance(label, str) or not label.strip():
        letter = chr(ord("A") + index) if index < 26 else str(index + 1)
        rec.put(event, "label", f"Group {letter}", LABEL_DERIVED, sid, path, "experiment group label")
    if not isinstance(action, str) or not action.strip():
        value = "control" if index == 0 else "variant"
        rec.put(event, "action", value, DEFAULT_FILLED, sid, path, "experiment branch action")
    elif action.strip().lower() in ("control", "variant") and action != action.strip().lower():
        rec.put(event, "action", action.strip().lower(), ENUM_NORMALISED, sid, path, "branch action")


# ---------------------------------------------------------------------------- unfollowable events


def prune_events(rec: Recorder, flow: JSONObject) -> None:
    """Drop events into nowhere or back into their own step, then exact repeats."""
    steps: list[Any] = flow["steps"]
    by_id = steps_by_id(steps)
    index_of = {id(step): i for i, step in enumerate(steps)}
    for step in by_id.values():
        events = step.get("events")
        if not isinstance(events, list):
            continue
        sid, path = step["id"], f"/steps/{index_of[id(step)]}"
        kept = [
            event
            for e_index, event in enumerate(events)
            if _followable(rec, event, sid, by_id, f"{path}/events/{e_index}")
        ]
        if len(kept) != len(events):
            step["events"] = kept
        remove_duplicate_events(rec, step, path)


def _followable(rec: Recorder, event: Any, sid: str, by_id: dict[str, JSONObject], path: str) -> bool:
    """False (and the removal recorded) for an event that cannot be followed."""
    if not isinstance(event, dict):
        return True
    target = event.get("nextStepID")
    if target == sid:
        rec.record(
            SELF_LOOP_REMOVED, sid, path, event, None, "removed an event pointing back at its own step"
        )
        return False
    if not isinstance(target, str) or target not in by_id:
        rec.record(
            DANGLING_EVENT_REMOVED,
            sid,
            path,
            event,
            None,
            f"removed an event whose nextStepID {target!r} names no step",
        )
        return False
    return True


def _repeat_key(event: JSONObject) -> tuple[Any, ...] | None:
    """What makes two events the same transition; None for kinds never de-duplicated."""
    kind = event.get("type")
    if kind == "default":
        return ("default", event.get("nextStepID"))
    if kind == "noreply":
        return ("noreply", event.get("nextStepID"), repr(event.get("after")))
    if kind == "reply":
        return ("reply", event.get("nextStepID"), str(event.get("intent")).strip().lower())
    return None


def remove_duplicate_events(rec: Recorder, step: JSONObject, path: str) -> None:
    """Drop an exact repeat (same trigger, same target); differing ones need a person."""
    events = step.get("events")
    if not isinstance(events, list):
        return
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for index, event in enumerate(events):
        key = _repeat_key(event) if isinstance(event, dict) else None
        if key is None:
            kept.append(event)
            continue
        if key in seen:
            rec.record(
                DUPLICATE_EVENT_REMOVED,
                step.get("id"),
                f"{path}/events/{index}",
                event,
                None,
                f"removed a repeated {event.get('type')} event to the same step",
            )
            continue
        seen.add(key)
        kept.append(event)
    if len(kept) != len(events):
        step["events"] = kept
