"""The flow as a graph: one END, every dead end leading to it, segments with both
branches, and an `initialStepID` that names a step."""

from __future__ import annotations

from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import (
    DEAD_END_CONNECTED,
    END_ADDED,
    INITIAL_STEP_SET,
    SEGMENT_BRANCH_ADDED,
)
from flowgen_core.check.autofix.ids import steps_by_id, unique
from flowgen_core.check.autofix.legacy import convert_schedule
from flowgen_core.steps import kind_of

# Steps that may honestly go on to END when they have no event at all.


class _EndLinks:
    """New events into END, adding the END step the first time one is needed."""

    def __init__(self, rec: Recorder, steps: list[Any], by_id: dict[str, JSONObject]) -> None:
        self.rec, self.steps, self.by_id = rec, steps, by_id
        self.end_id = next((sid for sid, s in by_id.items() if kind_of(s).terminal), None)
        self.event_ids = {
            e["id"]
            for s in by_id.values()
            if isinstance(s.get("events"), list)
            for e in s["events"]
            if isinstance(e, dict) and isinstance(e.get("id"), str)
        }

    def end(self) -> str:
        if self.end_id is None:
            self.end_id = unique("end", set(self.by_id))
            end_step: JSONObject = {
                "id": self.end_id,
                "type": "end",
                "label": "End",
                "content": "End",
                "active": True,
                "parameters": {},
                "events": [],
            }
            self.steps.append(end_step)
            self.by_id[self.end_id] = end_step
            self.rec.record(
                END_ADDED, self.end_id, f"/steps/{len(self.steps) - 1}", None, end_step, "the flow had no END"
            )
        return self.end_id

    def new_event(self, sid: str, **fields: Any) -> JSONObject:
        event_id = unique(f"{sid}-to-end", self.event_ids)
        self.event_ids.add(event_id)
        return {"id": event_id, **fields, "nextStepID": self.end(), "active": True, "parameters": {}}


def fix_graph(rec: Recorder, flow: JSONObject) -> None:
    steps: list[Any] = flow["steps"]
    by_id = steps_by_id(steps)
    index_of = {id(step): i for i, step in enumerate(steps)}
    links = _EndLinks(rec, steps, by_id)
    for sid, step in list(by_id.items()):
        step_type, events = step.get("type"), step.get("events")
        if not isinstance(events, list):
            continue
        path = f"/steps/{index_of.get(id(step), len(steps) - 1)}"
        kind = kind_of(step_type)
        if kind.split_branches == "include_exclude":
            complete_segment(rec, step, path, links)
        elif not events and (kind.single_default or kind.continues_when_dead_end):
            event = links.new_event(sid, type="default")
            step["events"] = [event]
            rec.record(
                DEAD_END_CONNECTED,
                sid,
                f"{path}/events/0",
                None,
                event,
                "a step without events now goes on to END",
            )
        elif kind.split_branches == "time_windows":
            convert_schedule(rec, step, path)
    fix_initial_step(rec, flow, steps, by_id)


def complete_segment(rec: Recorder, step: JSONObject, path: str, links: _EndLinks) -> None:
    events = step["events"]
    if any(not isinstance(e, dict) or e.get("type") != "split" for e in events):
        return
    actions = [e.get("action") for e in events]
    if len(events) > 1 and sorted(actions) != ["exclude", "include"]:
        return
    if len(events) == 1 and actions[0] not in ("include", "exclude"):
        return
    for action in ("include", "exclude"):
        if action not in actions:
            event = links.new_event(step["id"], type="split", label=action, action=action)
            events.append(event)
            rec.record(
                SEGMENT_BRANCH_ADDED,
                step["id"],
                f"{path}/events/{len(events) - 1}",
                None,
                event,
                f"the segment had no {action} branch; those customers now go to END",
            )


def fix_initial_step(rec: Recorder, flow: JSONObject, steps: list[Any], by_id: dict[str, JSONObject]) -> None:
    initial = flow.get("initialStepID")
    if isinstance(initial, str) and initial in by_id:
        return
    targeted = {
        e.get("nextStepID")
        for s in by_id.values()
        if isinstance(s.get("events"), list)
        for e in s["events"]
        if isinstance(e, dict)
    }
    roots = [
        s["id"]
        for s in steps
        if isinstance(s, dict)
        and s.get("id") in by_id
        and s["id"] not in targeted
        and not kind_of(s).terminal
    ]
    missing = initial is None or initial == ""
    if roots and (missing or len(roots) == 1):
        rec.put(
            flow,
            "initialStepID",
            roots[0],
            INITIAL_STEP_SET,
            None,
            "",
            "initialStepID set to the first step that no event points to",
        )
