"""validate_flow: positive fixtures, one mutation per rule, the upstream negatives, garbage."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.brief import CampaignBrief
from flowgen_core.check import codes, validate_flow
from flowgen_core.check.codes import CODES
from tests.shared_data import CHECK_FLOWS, UPSTREAM_DIR

ROOT = Path(__file__).resolve().parents[2]
VALID_DIR = ROOT / "tests" / "fixtures" / "valid"
VALID_FILES = sorted(VALID_DIR.glob("*.json"))


def load(name: str) -> dict[str, Any]:
    return json.loads((VALID_DIR / name).read_text(encoding="utf-8"))


def step(flow: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["id"] == step_id)


def test_there_are_positive_fixtures_for_every_node_type() -> None:
    from flowgen_core.format.models import STEP_TYPES

    seen = {s["type"] for path in VALID_FILES for s in json.loads(path.read_text())["steps"]}
    assert seen == STEP_TYPES


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_valid_fixtures_have_no_errors(path: Path) -> None:
    report = validate_flow(json.loads(path.read_text(encoding="utf-8")))
    assert report.errors == []


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_valid_fixtures_have_no_warnings(path: Path) -> None:
    report = validate_flow(json.loads(path.read_text(encoding="utf-8")))
    assert report.warnings == []


@pytest.mark.skipif(not CHECK_FLOWS.exists(), reason="shared evaluation script not present")
@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_independent_checker_agrees_on_valid_fixtures(path: Path) -> None:
    spec = importlib.util.spec_from_file_location("check_flows", CHECK_FLOWS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    errors = module.validate(json.loads(path.read_text(encoding="utf-8")))
    if path.stem == "legacy-revision":
        # The evaluation script does not read the older `segmentDefinition` form.
        assert errors == ["step step_001: segment without conditions"]
    else:
        assert errors == []


# --------------------------------------------------------------------------- mutations
Mutation = Callable[[dict[str, Any]], None]


def _set(step_id: str, **fields: Any) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        step(flow, step_id).update(fields)

    return apply


def _event(step_id: str, index: int, **fields: Any) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        step(flow, step_id)["events"][index].update(fields)

    return apply


def _drop_event_key(step_id: str, index: int, key: str) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        del step(flow, step_id)["events"][index][key]

    return apply


def _drop_key(step_id: str, key: str) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        del step(flow, step_id)[key]

    return apply


def _condition(step_id: str, **fields: Any) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        step(flow, step_id)["conditions"][0].update(fields)

    return apply


def _drop_root(key: str) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        del flow[key]

    return apply


def _add_step(new: dict[str, Any]) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        flow["steps"].append(new)

    return apply


def _duplicate_step(step_id: str) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        clone = copy.deepcopy(step(flow, step_id))
        for event in clone["events"]:
            event["id"] += "-copy"
        flow["steps"].append(clone)

    return apply


def _keep_events(step_id: str, count: int) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        s = step(flow, step_id)
        s["events"] = s["events"][:count]

    return apply


def _append_event(step_id: str, event: dict[str, Any]) -> Mutation:
    def apply(flow: dict[str, Any]) -> None:
        step(flow, step_id)["events"].append(event)

    return apply


def _no_text(step_id: str) -> Mutation:
    return _set(step_id, content="", text="", messageText="")


END_EVENT = {"id": "evt-extra", "type": "default", "nextStepID": "end-007", "active": True, "parameters": {}}
ORPHAN = {
    "id": "orphan-100",
    "type": "message",
    "active": True,
    "parameters": {},
    "content": "Nobody gets this.",
    "events": [
        {"id": "evt-orphan", "type": "default", "nextStepID": "end-007", "active": True, "parameters": {}}
    ],
}

W, A = "winback-segment.json", "all-node-types.json"
MUTATIONS: dict[str, tuple[str, Mutation, str]] = {
    "unknown node type": (W, _set("purchase-004", type="checkout"), codes.UNKNOWN_STEP_TYPE),
    "bad event type": (W, _event("purchase-004", 0, type="timeout"), codes.UNKNOWN_EVENT_TYPE),
    "event without nextStepID": (W, _drop_event_key("purchase-004", 0, "nextStepID"), codes.MISSING_FIELD),
    "reply without intent": (W, _drop_event_key("offer-002", 0, "intent"), codes.MISSING_INTENT),
    "reply intent is copy": (W, _event("offer-002", 0, intent="Reply SAVE to save!"), codes.INVALID_INTENT),
    "split without label": (W, _drop_event_key("segment-001", 0, "label"), codes.MISSING_FIELD),
    "split without action": (W, _drop_event_key("segment-001", 1, "action"), codes.MISSING_FIELD),
    "bad discountType": (W, _set("offer-002", discountType="percent"), codes.INVALID_ENUM),
    "bad segment action": (W, _condition("segment-001", action="bought"), codes.INVALID_ENUM),
    "bad segment operator": (W, _condition("segment-001", operator="is"), codes.INVALID_ENUM),
    "delay period weeks": ("welcome-series.json", _set("delay-002", period="weeks"), codes.INVALID_ENUM),
    "delay time zero": ("welcome-series.json", _set("delay-002", time="0"), codes.INVALID_WAIT),
    "rate limit period daily": (A, _set("rate-003", period="daily"), codes.INVALID_ENUM),
    "missing initialStepID": (W, _drop_root("initialStepID"), codes.MISSING_INITIAL_STEP),
    "initialStepID names no step": (
        W,
        lambda f: f.update(initialStepID="nope"),
        codes.INITIAL_STEP_NOT_FOUND,
    ),
    "experiment without name": (A, _set("experiment-004", experimentName=""), codes.EXPERIMENT_NAME_MISSING),
    "experiment with one branch": (A, _keep_events("experiment-004", 1), codes.EXPERIMENT_BRANCHES),
    "END with events": (
        W,
        _append_event("end-007", dict(END_EVENT, nextStepID="offer-002")),
        codes.END_HAS_EVENTS,
    ),
    "message without text": (W, _no_text("reminder-005"), codes.MESSAGE_TEXT_MISSING),
    "dangling ref": (W, _event("purchase-004", 0, nextStepID="missing-009"), codes.DANGLING_NEXT_STEP),
    "self-loop": (W, _event("purchase-004", 0, nextStepID="purchase-004"), codes.SELF_LOOP),
    "cycle without a wait": (W, _event("purchase-004", 0, nextStepID="cart-003"), codes.CYCLE_WITHOUT_WAIT),
    "unreachable step": (W, _add_step(ORPHAN), codes.UNREACHABLE_STEP),
    "duplicate step id": (W, _duplicate_step("purchase-004"), codes.DUPLICATE_STEP_ID),
    "duplicate event id": (W, _event("purchase-004", 0, id="evt-001"), codes.DUPLICATE_EVENT_ID),
    "manual cart without products": (
        W,
        _set("cart-003", cartSource="manual"),
        codes.MANUAL_CART_WITHOUT_PRODUCTS,
    ),
    "cartSource latest_cart": (W, _set("cart-003", cartSource="latest_cart"), codes.INVALID_CART_SOURCE),
    "two default events": (W, _append_event("purchase-004", END_EVENT), codes.AMBIGUOUS_EVENTS),
    "two replies with one intent": (
        W,
        _append_event("offer-002", dict(END_EVENT, type="reply", intent="save")),
        codes.AMBIGUOUS_EVENTS,
    ),
    "segment with one branch": (W, _keep_events("segment-001", 1), codes.SEGMENT_BRANCHES),
    "schedule with one branch": (A, _keep_events("schedule-001", 1), codes.SCHEDULE_BRANCHES),
    "schedule without all other time": (A, _event("schedule-001", 1, label="Later"), codes.SCHEDULE_BRANCHES),
    "noreply without after": (W, _drop_event_key("offer-002", 1, "after"), codes.INVALID_WAIT),
    "noreply after zero": (W, _event("offer-002", 1, after={"value": 0, "unit": "days"}), codes.INVALID_WAIT),
    "noreply after weeks": (
        W,
        _event("offer-002", 1, after={"value": 1, "unit": "weeks"}),
        codes.INVALID_WAIT,
    ),
    "dead end": (W, _set("purchase-004", events=[]), codes.DEAD_END),
    "delay with a reply event": (
        "welcome-series.json",
        _event("delay-002", 0, type="reply", intent="yes"),
        codes.EVENT_COUNT,
    ),
    "property step without properties": (A, _set("property-010", properties=[]), codes.PROPERTY_MISSING),
    "property step properties missing": (A, _drop_key("property-010", "properties"), codes.PROPERTY_MISSING),
    "percentage over 100": (W, _set("offer-002", discountValue="150"), codes.DISCOUNT_VALUE_INVALID),
    "percentage not digits": (W, _set("offer-002", discountValue="15%"), codes.DISCOUNT_VALUE_INVALID),
    "code discount without code": (W, _set("offer-002", discountType="code"), codes.DISCOUNT_CODE_MISSING),
    "image without url": (W, _set("offer-002", addImage=True), codes.IMAGE_URL_MISSING),
    "step type missing": (W, _drop_key("purchase-004", "type"), codes.MISSING_FIELD),
    "active is a string": (W, _set("purchase-004", active="yes"), codes.SCHEMA_VIOLATION),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_is_rejected_with_its_code(name: str) -> None:
    fixture, mutate, code = MUTATIONS[name]
    flow = load(fixture)
    assert validate_flow(flow).valid
    mutate(flow)
    report = validate_flow(flow)
    assert not report.valid
    assert code in {f.code for f in report.errors}, [f.to_dict() for f in report.errors]
    assert CODES[code][0] == "error"


def test_there_are_at_least_25_mutations() -> None:
    assert len(MUTATIONS) >= 25


def test_findings_carry_step_and_json_path() -> None:
    flow = load(W)
    _event("purchase-004", 0, nextStepID="missing-009")(flow)
    finding = next(f for f in validate_flow(flow).errors if f.code == codes.DANGLING_NEXT_STEP)
    assert finding.step_id == "purchase-004"
    assert finding.path == "/steps/3/events/0/nextStepID"
    assert finding.hint and "missing-009" in finding.message


def test_enum_hint_lists_allowed_values() -> None:
    flow = load("welcome-series.json")
    _set("delay-002", period="weeks")(flow)
    finding = next(f for f in validate_flow(flow).errors if f.code == codes.INVALID_ENUM)
    assert finding.path == "/steps/1/period"
    assert "'Days'" in finding.hint and "'Hours'" in finding.hint


def test_unknown_step_type_is_reported_once() -> None:
    flow = load(W)
    _set("purchase-004", type="checkout")(flow)
    found = [f for f in validate_flow(flow).errors if f.step_id == "purchase-004"]
    assert [f.code for f in found] == [codes.UNKNOWN_STEP_TYPE]


def test_self_loop_is_not_also_a_cycle() -> None:
    flow = load(W)
    _event("purchase-004", 0, nextStepID="purchase-004")(flow)
    assert codes.CYCLE_WITHOUT_WAIT not in validate_flow(flow).codes()


def test_loop_through_a_wait_is_valid() -> None:
    report = validate_flow(load("reminder-loop.json"))
    assert report.valid and codes.CYCLE_WITHOUT_WAIT not in report.codes()


def test_several_events_may_point_at_one_step() -> None:
    flow = load(W)
    _event("cart-003", 1, nextStepID="purchase-004")(flow)
    assert validate_flow(flow).valid


# --------------------------------------------------------------------- upstream outputs
UPSTREAM_EXPECTED = {
    "up-case-1": ({codes.INVALID_CART_SOURCE}, {codes.NONCANONICAL_VARIABLE, codes.UNKNOWN_VARIABLE}),
    "up-case-2": ({codes.SCHEDULE_BRANCHES}, {codes.NONCANONICAL_VARIABLE, codes.MISSING_OPT_OUT}),
    "up-case-3": (
        {codes.INVALID_CART_SOURCE, codes.SELF_LOOP, codes.INVALID_INTENT, codes.DUPLICATE_EVENT_ID},
        {codes.MISSING_BRAND, codes.UNKNOWN_VARIABLE},
    ),
}


@pytest.mark.skipif(not UPSTREAM_DIR.exists(), reason="shared fixtures not present")
@pytest.mark.parametrize("name", sorted(UPSTREAM_EXPECTED))
def test_upstream_outputs_are_invalid(name: str) -> None:
    flow = json.loads((UPSTREAM_DIR / f"{name}.json").read_text(encoding="utf-8"))
    report = validate_flow(flow)
    errors, warnings = UPSTREAM_EXPECTED[name]
    assert not report.valid
    assert errors <= {f.code for f in report.errors}
    assert warnings <= {f.code for f in report.warnings}


# ----------------------------------------------------------------------------- garbage
@pytest.mark.parametrize(
    "garbage",
    [
        None,
        1,
        "flow",
        [],
        {},
        {"steps": None},
        {"steps": 3, "initialStepID": 5},
        {"initialStepID": "a", "steps": []},
        {"initialStepID": "a", "steps": [None, 1, "x", []]},
        {"initialStepID": "a", "steps": [{"id": None, "type": None, "events": None}]},
        {"initialStepID": "a", "steps": [{"id": "a", "type": "message", "events": "x"}]},
        {
            "initialStepID": "a",
            "steps": [{"id": "a", "type": "message", "events": [None, 3, {"type": None}]}],
        },
        {"initialStepID": "a", "steps": [{"id": ["a"], "type": {"x": 1}, "events": [{"nextStepID": ["a"]}]}]},
        {
            "initialStepID": "a",
            "steps": [{"id": "a", "type": "schedule", "schedule": {"windows": [None, {"start": 5}]}}],
        },
        {"initialStepID": "a", "steps": [{"id": "a", "type": "segment", "conditions": [None, {"type": 1}]}]},
    ],
)
def test_garbage_never_raises(garbage: Any) -> None:
    report = validate_flow(garbage)
    assert not report.valid


def test_non_json_values_do_not_raise() -> None:
    assert not validate_flow({"initialStepID": "a", "steps": [{"id": "a", "type": {1, 2}}]}).valid


def test_brief_is_accepted() -> None:
    flow = load(W)
    report = validate_flow(flow, CampaignBrief(text="Win back lapsed customers with 15% off."))
    assert isinstance(report.valid, bool)
