"""Step and event ids: strings, present, and unique in the flow."""

from __future__ import annotations

from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import (
    DUPLICATE_STEP_REMOVED,
    EVENT_ID_DEDUPLICATED,
    ID_ASSIGNED,
    STEP_ID_DEDUPLICATED,
    VALUE_NORMALISED,
)
from flowgen_core.check.autofix.values import squash


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def steps_by_id(steps: list[Any]) -> dict[str, JSONObject]:
    """The first step object under each string id (later repeats are someone else's problem)."""
    by_id: dict[str, JSONObject] = {}
    for step in steps:
        if isinstance(step, dict) and isinstance(step.get("id"), str) and step["id"] not in by_id:
            by_id[step["id"]] = step
    return by_id


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def assign_step_ids(rec: Recorder, flow: JSONObject) -> None:
    steps: list[Any] = flow["steps"]
    first_with_id: dict[str, JSONObject] = {}
    existing: set[str] = {s["id"] for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)}
    kept: list[Any] = []
    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            kept.append(step)
            continue
        path = f"/steps/{len(kept)}"
        sid = step.get("id")
        if _is_int(sid):
            rec.put(step, "id", str(sid), VALUE_NORMALISED, str(sid), path, "step ids are strings")
            sid = step["id"]
        if not isinstance(sid, str) or not sid.strip():
            raw_type = step.get("type")
            base = raw_type if isinstance(raw_type, str) and raw_type else "step"
            new_id = unique(f"{squash(base) or 'step'}-{index + 1:03d}", existing)
            rec.put(step, "id", new_id, ID_ASSIGNED, new_id, path, "the step had no id")
        elif sid in first_with_id:
            if step == first_with_id[sid]:
                # An exact repeat adds nothing and could only ever be unreachable.
                rec.record(DUPLICATE_STEP_REMOVED, sid, path, step, None, "removed an exact repeat of a step")
                continue
            new_id = unique(f"{sid}-2", existing)
            rec.put(
                step,
                "id",
                new_id,
                STEP_ID_DEDUPLICATED,
                new_id,
                path,
                f"step id {sid!r} was used twice; references keep naming the first one",
            )
        first_with_id[step["id"]] = step
        existing.add(step["id"])
        kept.append(step)
    if len(kept) != len(steps):
        flow["steps"] = kept


def _event_ids(steps: list[Any]) -> set[str]:
    return {
        event["id"]
        for step in steps
        if isinstance(step, dict) and isinstance(step.get("events"), list)
        for event in step["events"]
        if isinstance(event, dict) and isinstance(event.get("id"), str)
    }


def assign_event_ids(rec: Recorder, steps: list[Any]) -> None:
    existing = _event_ids(steps)
    seen: set[str] = set()
    for s_index, step in enumerate(steps):
        if not isinstance(step, dict) or not isinstance(step.get("events"), list):
            continue
        sid = step.get("id")
        for e_index, event in enumerate(step["events"]):
            if not isinstance(event, dict):
                continue
            path = f"/steps/{s_index}/events/{e_index}"
            eid = event.get("id")
            if _is_int(eid):
                rec.put(event, "id", str(eid), VALUE_NORMALISED, sid, path, "event ids are strings")
                eid = event["id"]
            if not isinstance(eid, str) or not eid.strip():
                new_id = unique(f"{sid}-event-{e_index + 1}", existing)
                rec.put(event, "id", new_id, ID_ASSIGNED, sid, path, "the event had no id")
            elif eid in seen:
                new_id = unique(f"{eid}-2", existing)
                rec.put(
                    event, "id", new_id, EVENT_ID_DEDUPLICATED, sid, path, f"event id {eid!r} was used twice"
                )
            seen.add(event["id"])
            existing.add(event["id"])
