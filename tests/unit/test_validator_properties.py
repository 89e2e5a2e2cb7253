"""Property tests: generated valid flows validate; mutated or random input never raises."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.check import validate_flow
from flowgen_core.check.report import Report

VALID_FILES = sorted((Path(__file__).resolve().parents[2] / "tests/fixtures/valid").glob("*.json"))
FIXTURES = [json.loads(p.read_text(encoding="utf-8")) for p in VALID_FILES]
TEXT = "{{brand_name}}: news for {{first_name}}. Reply STOP to opt out."


def _node(kind: str, sid: str, target: str) -> dict[str, Any]:
    """A valid step of `kind` whose every branch goes to `target`."""
    base: dict[str, Any] = {"id": sid, "type": kind, "active": True, "parameters": {}}

    def ev(suffix: str, etype: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": f"{sid}-{suffix}",
            "type": etype,
            "nextStepID": target,
            "active": True,
            "parameters": {},
            **extra,
        }

    default = [ev("d", "default")]
    if kind == "message":
        return {**base, "content": TEXT, "events": default}
    if kind == "delay":
        return {**base, "time": "1", "period": "Days", "events": default}
    if kind in ("rate_limit", "limit"):
        return {**base, "occurrences": "1", "timespan": "1", "period": "Days", "events": default}
    if kind == "property":
        return {**base, "properties": [{"id": 1, "name": "seen", "value": "yes"}], "events": default}
    if kind == "segment":
        cond = {"id": 1, "type": "event", "action": "clicked_link", "operator": "has"}
        return {
            **base,
            "conditions": [cond],
            "events": [
                ev("i", "split", label="include", action="include"),
                ev("x", "split", label="exclude", action="exclude"),
            ],
        }
    if kind == "experiment":
        return {
            **base,
            "experimentName": "Test",
            "events": [
                ev("a", "split", label="Group A", action="control"),
                ev("b", "split", label="Group B", action="variant"),
            ],
        }
    if kind == "schedule":
        return {
            **base,
            "events": [
                ev("w", "split", label="Oct 23, 12:00 AM - Oct 30, 12:00 AM", action="schedule"),
                ev("o", "split", label="All other time", action="schedule"),
            ],
        }
    if kind == "reply":
        return {**base, "intent": "yes", "events": default}
    if kind == "no_reply":
        return {**base, "value": 2, "unit": "hours", "events": default}
    if kind == "split_group":
        return {**base, "label": "Group A", "action": "control", "events": default}
    if kind == "purchase":
        return {**base, "cartSource": "latest", "events": default}
    if kind == "purchase_offer":
        return {
            **base,
            "messageText": "Your cart: {{Cart List}} Reply YES to buy.",
            "cartSource": "latest",
            "events": [
                ev("y", "reply", intent="yes"),
                ev("n", "noreply", after={"value": 1, "unit": "days"}),
            ],
        }
    raise AssertionError(kind)


KINDS = [
    "message",
    "delay",
    "rate_limit",
    "limit",
    "property",
    "segment",
    "experiment",
    "schedule",
    "reply",
    "no_reply",
    "split_group",
    "purchase",
    "purchase_offer",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=30))
def test_generated_chains_are_valid(kinds: list[str]) -> None:
    ids = [f"s{i}" for i in range(len(kinds))] + ["end"]
    steps = [_node(kind, ids[i], ids[i + 1]) for i, kind in enumerate(kinds)]
    steps.append({"id": "end", "type": "end", "active": True, "parameters": {}, "events": []})
    report = validate_flow({"initialStepID": "s0", "steps": steps})
    assert report.errors == []


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, (*prefix, index)))
    return out


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fixtures_never_raise(data: st.DataObject) -> None:
    flow = copy.deepcopy(data.draw(st.sampled_from(FIXTURES)))
    for _ in range(data.draw(st.integers(1, 4))):
        paths = [p for p in _paths(flow) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = flow
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(json_values)
    assert isinstance(validate_flow(flow), Report)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_random_json_never_raises(value: Any) -> None:
    assert isinstance(validate_flow(value), Report)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["initialStepID", "steps", "name"]), json_values, max_size=3))
def test_random_roots_never_raise(value: Any) -> None:
    assert isinstance(validate_flow(value), Report)
