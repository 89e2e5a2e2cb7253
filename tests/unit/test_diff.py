"""FlowDiff: steps added/removed/changed with field-level before/after, readable lines."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from flowgen_core.diff import FlowDiff, diff_flows

FLOW: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "valid" / "winback-segment.json").read_text(encoding="utf-8")
)


def _flow() -> dict[str, Any]:
    return copy.deepcopy(FLOW)


def _step(flow: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["type"] == kind)


def test_identical_flows_have_an_empty_diff() -> None:
    diff = diff_flows(_flow(), _flow())
    assert diff.is_empty() and diff.lines() == [] and diff.counts() == "no changes"


def test_metadata_is_ignored() -> None:
    new = _flow()
    new["metadata"] = {"generated_at": "2030-01-01T00:00:00"}
    assert diff_flows(_flow(), new).is_empty()


def test_text_change_is_reported_once_not_per_mirror() -> None:
    new = _flow()
    message = _step(new, "message")
    old_text = message["messageText"]
    for key in ("content", "text", "messageText"):
        message[key] = "New copy. Reply STOP to opt out."
    diff = diff_flows(_flow(), new)
    (change,) = diff.changed
    assert change.id == message["id"]
    assert [(f.field, f.before, f.after) for f in change.fields] == [
        ("text", old_text, "New copy. Reply STOP to opt out.")
    ]
    (line,) = diff.lines()
    assert line.startswith(f"~ {message['id']}.text: ")
    assert line.endswith("-> New copy. Reply STOP to opt out.")


def test_renumbered_event_ids_are_not_a_change() -> None:
    new = _flow()
    for index, event in enumerate(e for s in new["steps"] for e in s["events"]):
        event["id"] = f"renamed-{index}"
    assert diff_flows(_flow(), new).is_empty()


def test_event_changes_are_described_by_meaning() -> None:
    new = _flow()
    message = _step(new, "message")
    noreply = next(e for e in message["events"] if e["type"] == "noreply")
    noreply["after"] = {"value": 1, "unit": "days"}
    (change,) = diff_flows(_flow(), new).changed
    (field,) = change.fields
    assert field.field == "events"
    assert any("no reply after 1 day ->" in line for line in field.after)
    assert not any("1 days" in line for line in field.after)


def test_added_removed_and_root_changes() -> None:
    old = _flow()
    new = _flow()
    removed = _step(new, "segment")
    new["steps"].remove(removed)
    new["initialStepID"] = removed["events"][0]["nextStepID"]
    new["steps"].append({"id": "extra-001", "type": "end", "label": "End", "events": []})
    new["name"] = "Renamed"
    diff = diff_flows(old, new)
    assert [s.id for s in diff.removed] == [removed["id"]]
    assert [s.id for s in diff.added] == ["extra-001"]
    assert {c.field for c in diff.root} == {"initialStepID", "name"}
    lines = diff.lines()
    assert f"- {removed['id']} (segment) {removed['label']}" in lines
    assert "+ extra-001 (end) End" in lines
    assert "1 step added" in diff.counts() and "1 step removed" in diff.counts()
    assert "flow settings changed" in diff.counts()


def test_branches_to_different_end_steps_are_equal() -> None:
    old = _flow()
    new = _flow()
    end = _step(new, "end")
    new["steps"].append({**copy.deepcopy(end), "id": "end-other"})
    for step in new["steps"]:
        for event in step["events"]:
            if event["nextStepID"] == end["id"]:
                event["nextStepID"] = "end-other"
    diff = diff_flows(old, new)
    assert not diff.changed and [s.id for s in diff.added] == ["end-other"]


def test_diff_serialises_to_json() -> None:
    new = _flow()
    new["name"] = "Other"
    data = diff_flows(_flow(), new).to_dict()
    assert json.loads(json.dumps(data))["root"][0]["after"] == "Other"
    assert FlowDiff.model_validate(data) == diff_flows(_flow(), new)
