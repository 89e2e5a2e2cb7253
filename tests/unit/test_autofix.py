"""The auto-corrector: negative mutations of a valid flow, upstream LLM outputs, properties."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flowgen_core.check.autofix as fx
from flowgen_core.check import codes, validate_flow
from flowgen_core.check.autofix import FixResult, autofix
from tests.fakes.flow_parts import end_step, message_step, purchase_offer_step, purchase_step
from tests.fakes.flow_parts import event as _event
from tests.shared_data import UPSTREAM_DIR

UPSTREAM = UPSTREAM_DIR


def _message(sid: str, text: str, events: list[dict], **extra: Any) -> dict:
    return message_step(sid, text, events, aiGenerated=True, **extra)


def valid_flow() -> dict:
    """A flow touching most node types that is valid under the spec and already canonical."""
    return {
        "name": "Spring offer",
        "description": "Engaged non-buyers get 10% off; reply SAVE or YES to buy.",
        "initialStepID": "seg-001",
        "steps": [
            {
                "id": "seg-001",
                "type": "segment",
                "label": "Clicked, not bought",
                "content": "Clicked a link in the last 30 days",
                "active": True,
                "parameters": {},
                "conditions": [
                    {
                        "id": 1,
                        "type": "event",
                        "operator": "has",
                        "action": "clicked_link",
                        "filter": "all clicks",
                        "timePeriod": "within the last 30 Days",
                        "timePeriodType": "relative",
                        "filterData": None,
                    }
                ],
                "events": [
                    _event("seg-001-in", "split", "sched-001", label="include", action="include"),
                    _event("seg-001-out", "split", "end-001", label="exclude", action="exclude"),
                ],
            },
            {
                "id": "sched-001",
                "type": "schedule",
                "label": "Tomorrow 10am",
                "content": "Tomorrow 10am",
                "active": True,
                "parameters": {},
                "schedule": {
                    "timezone": "America/Los_Angeles",
                    "windows": [{"start": "2026-10-23T10:00:00", "end": "2026-10-23T11:00:00"}],
                },
                "events": [
                    _event(
                        "sched-001-window",
                        "split",
                        "exp-001",
                        label="Oct 23, 10:00 AM - Oct 23, 11:00 AM",
                        action="schedule",
                    ),
                    _event("sched-001-other", "split", "exp-001", label="All other time", action="schedule"),
                ],
            },
            {
                "id": "exp-001",
                "type": "experiment",
                "label": "Offer Test",
                "content": "Offer Test (v1)",
                "experimentName": "Offer Test",
                "version": "1",
                "experimentConfig": {"splits": [50, 50]},
                "active": True,
                "parameters": {},
                "events": [
                    _event("exp-001-a", "split", "msg-001", label="Group A", action="control"),
                    _event("exp-001-b", "split", "msg-002", label="Group B", action="variant"),
                ],
            },
            _message(
                "msg-001",
                "{{brand_name}}: Hi {{first_name}}, take 10% off today. Reply SAVE to claim."
                " Reply STOP to opt out.",
                [
                    _event(
                        "msg-001-save", "reply", "offer-001", intent="save", description="wants the offer"
                    ),
                    _event("msg-001-wait", "noreply", "delay-001", after={"value": 1, "unit": "days"}),
                ],
                discountType="percentage",
                discountValue="10",
            ),
            _message(
                "msg-002",
                "{{brand_name}}: Hi {{first_name}}, 10% off is yours. Reply YES to claim."
                " Reply STOP to opt out.",
                [
                    _event("msg-002-yes", "reply", "offer-001", intent="yes", description="wants the offer"),
                    _event("msg-002-wait", "noreply", "end-001", after={"value": 6, "unit": "hours"}),
                ],
                discountType="percentage",
                discountValue="10",
            ),
            {
                "id": "delay-001",
                "type": "delay",
                "label": "Delay",
                "active": True,
                "parameters": {},
                "time": "1",
                "period": "Days",
                "delay": {"value": "1", "unit": "Days"},
                "events": [_event("delay-001-next", "default", "rl-001")],
            },
            {
                "id": "rl-001",
                "type": "rate_limit",
                "label": "Rate Limit",
                "content": "1 time every 1 days",
                "active": True,
                "parameters": {},
                "occurrences": "1",
                "timespan": "1",
                "period": "Days",
                "rateLimit": {"limit": 1, "period": "Days"},
                "events": [_event("rl-001-next", "default", "msg-003")],
            },
            _message(
                "msg-003",
                "{{brand_name}}: Last chance to shop our spring picks at {{store_url}}."
                " Reply STOP to opt out.",
                [_event("msg-003-next", "default", "end-001")],
            ),
            purchase_offer_step(
                "offer-001",
                "Reply YES to buy your cart with 10% off: {{Cart List}} {{Purchase Link}}",
                [
                    _event("offer-001-yes", "reply", "buy-001", intent="yes", description="buys"),
                    _event("offer-001-wait", "noreply", "end-001", after={"value": 6, "unit": "hours"}),
                ],
                discount=True,
                discountType="percentage",
                discountPercentage="10",
            ),
            purchase_step("buy-001", _event("buy-001-next", "default", "end-001")),
            end_step(),
        ],
    }


def _step(flow: dict, sid: str) -> dict:
    return next(s for s in flow["steps"] if s.get("id") == sid)


def _error_codes(result: FixResult) -> set[str]:
    return {f.code for f in result.report.errors}


def _change_codes(result: FixResult) -> set[str]:
    return {c.code for c in result.changes}


def test_base_flow_is_valid_and_a_fixed_point() -> None:
    flow = valid_flow()
    report = validate_flow(flow)
    assert report.valid, [f.to_dict() for f in report.errors]
    result = autofix(flow)
    assert result.changes == []
    assert result.flow == flow
    assert result.report.valid


# ---------------------------------------------------------------------------- mutations
Mutation = Callable[[dict], None]


def _set(sid: str, key: str, value: Any) -> Mutation:
    def mutate(flow: dict) -> None:
        _step(flow, sid)[key] = value

    return mutate


def _set_event(sid: str, index: int, key: str, value: Any) -> Mutation:
    def mutate(flow: dict) -> None:
        event = _step(flow, sid)["events"][index]
        if value is _DELETE:
            event.pop(key, None)
        else:
            event[key] = value

    return mutate


def _delete(sid: str, *keys: str) -> Mutation:
    def mutate(flow: dict) -> None:
        for key in keys:
            _step(flow, sid).pop(key, None)

    return mutate


def _chain(*mutations: Mutation) -> Mutation:
    def mutate(flow: dict) -> None:
        for mutation in mutations:
            mutation(flow)

    return mutate


_DELETE = object()


def _add_event(sid: str, event: dict) -> Mutation:
    return lambda flow: _step(flow, sid)["events"].append(event)


def _drop_event(sid: str, index: int) -> Mutation:
    return lambda flow: _step(flow, sid)["events"].pop(index)


def _append_step(step: dict) -> Mutation:
    return lambda flow: flow["steps"].append(step)


def _remove_end(flow: dict) -> None:
    flow["steps"] = [s for s in flow["steps"] if s["id"] != "end-001"]


def _add_start(flow: dict) -> None:
    flow["steps"].insert(
        0,
        {"id": "start", "type": "start", "events": [_event("start-go", "default", "seg-001")]},
    )
    flow["initialStepID"] = "start"


def _legacy_segment(flow: dict) -> None:
    segment = _step(flow, "seg-001")
    segment.pop("conditions")
    segment["segmentDefinition"] = {
        "operator": "AND",
        "segments": [
            {
                "type": "inclusion",
                "customerAction": {"type": "event", "event": "onetext_link_click"},
                "period": {"type": "within_last", "value": {"unit": "day", "value": 30}},
            }
        ],
    }


def _bare_defaults(flow: dict) -> None:
    step = _step(flow, "delay-001")
    for key in ("active", "parameters", "label"):
        step.pop(key)
    for key in ("id", "active", "parameters"):
        step["events"][0].pop(key)


# (name, mutation, change code the repair must record or None, finding code that must remain or None)
REPAIRED: list[tuple[str, Mutation, str]] = [
    ("node type spelling", _set("msg-003", "type", "Message"), fx.ENUM_NORMALISED),
    ("event type spelling", _set_event("msg-001", 1, "type", "no_reply"), fx.ENUM_NORMALISED),
    ("event without nextStepID", _set_event("msg-003", 0, "nextStepID", _DELETE), fx.DEAD_END_CONNECTED),
    ("dangling reference", _set_event("msg-003", 0, "nextStepID", "nowhere"), fx.DANGLING_EVENT_REMOVED),
    (
        "self-loop",
        _add_event("msg-001", _event("msg-001-again", "reply", "msg-001", intent="more")),
        fx.SELF_LOOP_REMOVED,
    ),
    (
        "experiment split without label/action",
        _chain(_set_event("exp-001", 0, "label", _DELETE), _set_event("exp-001", 0, "action", _DELETE)),
        fx.LABEL_DERIVED,
    ),
    ("segment split with label only", _set_event("seg-001", 0, "action", _DELETE), fx.ENUM_NORMALISED),
    ("discountType case", _set("msg-001", "discountType", "Percent"), fx.ENUM_NORMALISED),
    ("discountValue as number", _set("msg-001", "discountValue", 10), fx.VALUE_NORMALISED),
    (
        "segment action spelling",
        lambda f: _step(f, "seg-001")["conditions"][0].update(action="Clicked Link"),
        fx.ENUM_NORMALISED,
    ),
    (
        "segment operator alias",
        lambda f: _step(f, "seg-001")["conditions"][0].update(operator="has not"),
        fx.ENUM_NORMALISED,
    ),
    (
        "delay period weeks",
        _chain(_set("delay-001", "time", "2"), _set("delay-001", "period", "weeks")),
        fx.VALUE_NORMALISED,
    ),
    ("delay integer time", _set("delay-001", "time", 1), fx.VALUE_NORMALISED),
    ("delay period lower case", _set("delay-001", "period", "days"), fx.ENUM_NORMALISED),
    ("rate limit daily", _set("rl-001", "period", "daily"), fx.ENUM_NORMALISED),
    ("rate limit weekly", _set("rl-001", "period", "weekly"), fx.VALUE_NORMALISED),
    (
        "noreply unit case",
        _set_event("msg-001", 1, "after", {"value": "1", "unit": "Days"}),
        fx.VALUE_NORMALISED,
    ),
    ("missing initialStepID", lambda f: f.pop("initialStepID"), fx.INITIAL_STEP_SET),
    ("experiment name from its content", _delete("exp-001", "experimentName"), fx.DEFAULT_FILLED),
    (
        "END with events",
        _set("end-001", "events", [_event("end-more", "default", "msg-003")]),
        fx.END_EVENTS_REMOVED,
    ),
    ("duplicate event id", _set_event("msg-002", 0, "id", "msg-001-save"), fx.EVENT_ID_DEDUPLICATED),
    ("cartSource latest_cart", _set("offer-001", "cartSource", "latest_cart"), fx.ENUM_NORMALISED),
    (
        "two identical default events",
        _add_event("msg-003", _event("msg-003-next2", "default", "end-001")),
        fx.DUPLICATE_EVENT_REMOVED,
    ),
    ("segment with one branch", _drop_event("seg-001", 1), fx.SEGMENT_BRANCH_ADDED),
    (
        "schedule with one default event and windows",
        _set("sched-001", "events", [_event("sched-001-go", "default", "exp-001")]),
        fx.SCHEDULE_CONVERTED,
    ),
    ("missing END", _remove_end, fx.END_ADDED),
    (
        "exact repeat of a step",
        lambda f: f["steps"].append(copy.deepcopy(_step(f, "msg-003"))),
        fx.DUPLICATE_STEP_REMOVED,
    ),
    ("START step", _add_start, fx.START_STEP_REMOVED),
    ("legacy segmentDefinition", _legacy_segment, fx.SEGMENT_DEFINITION_CONVERTED),
    ("missing defaults and ids", _bare_defaults, fx.DEFAULT_FILLED),
    ("text only in one field", _chain(_delete("msg-003", "content", "messageText")), fx.TEXT_MIRRORED),
    (
        "dotted variables",
        _set("msg-003", "content", "{{merchant.name}}: hi {{customer.first_name}}! Reply STOP to opt out."),
        fx.VARIABLE_CANONICALISED,
    ),
    (
        "discount code lower case",
        _chain(_set("msg-001", "discountType", "code"), _set("msg-001", "discountCode", "save10")),
        fx.VALUE_NORMALISED,
    ),
]

LEFT: list[tuple[str, Mutation, str | None]] = [
    ("unknown node type", _set("msg-003", "type", "banana"), codes.UNKNOWN_STEP_TYPE),
    ("bad event type", _set_event("msg-003", 0, "type", "goto"), codes.UNKNOWN_EVENT_TYPE),
    ("reply without intent", _set_event("msg-001", 0, "intent", _DELETE), codes.MISSING_INTENT),
    (
        "segment split without label/action",
        _chain(_set_event("seg-001", 0, "label", _DELETE), _set_event("seg-001", 0, "action", _DELETE)),
        None,
    ),
    ("unknown discountType", _set("msg-001", "discountType", "bogus"), None),
    (
        "unknown segment action",
        lambda f: _step(f, "seg-001")["conditions"][0].update(action="bought_stuff"),
        None,
    ),
    (
        "unknown segment operator",
        lambda f: _step(f, "seg-001")["conditions"][0].update(operator="maybe"),
        None,
    ),
    (
        "experiment without a name",
        _delete("exp-001", "experimentName", "content"),
        codes.EXPERIMENT_NAME_MISSING,
    ),
    (
        "message without text",
        _delete("msg-003", "content", "text", "messageText"),
        codes.MESSAGE_TEXT_MISSING,
    ),
    ("cycle without a wait", _set_event("buy-001", 0, "nextStepID", "seg-001"), codes.CYCLE_WITHOUT_WAIT),
    (
        "unreachable step",
        _append_step(
            _message(
                "msg-009",
                "{{brand_name}}: hello. Reply STOP to opt out.",
                [_event("msg-009-next", "default", "end-001")],
            )
        ),
        codes.UNREACHABLE_STEP,
    ),
    (
        "duplicate step id",
        _append_step(
            _message(
                "msg-003",
                "{{brand_name}}: again. Reply STOP to opt out.",
                [_event("msg-003b-next", "default", "end-001")],
            )
        ),
        codes.UNREACHABLE_STEP,
    ),
    (
        "manual cart without products",
        _set("offer-001", "cartSource", "manual"),
        codes.MANUAL_CART_WITHOUT_PRODUCTS,
    ),
    (
        "two different default events",
        _add_event("msg-003", _event("msg-003-next2", "default", "buy-001")),
        codes.AMBIGUOUS_EVENTS,
    ),
    (
        "schedule with one branch and no windows",
        _chain(
            _set("sched-001", "events", [_event("sched-001-go", "default", "exp-001")]),
            _set("sched-001", "schedule", {}),
        ),
        codes.SCHEDULE_BRANCHES,
    ),
    ("noreply without a wait", _set_event("msg-001", 1, "after", _DELETE), codes.INVALID_WAIT),
    ("rate limit in seconds", _set("rl-001", "period", "Seconds"), None),
]


def _mutated(mutation: Mutation) -> dict:
    flow = valid_flow()
    mutation(flow)
    return flow


def test_there_are_at_least_25_mutations() -> None:
    assert len(REPAIRED) + len(LEFT) >= 25


@pytest.mark.parametrize(("name", "mutation", "change_code"), REPAIRED, ids=[r[0] for r in REPAIRED])
def test_repairable_mutation_ends_valid(name: str, mutation: Mutation, change_code: str) -> None:
    flow = _mutated(mutation)
    result = autofix(flow)
    assert change_code in _change_codes(result), [c.describe() for c in result.changes]
    assert result.report.valid, [f.to_dict() for f in result.report.errors]
    assert autofix(result.flow).changes == []


@pytest.mark.parametrize(("name", "mutation", "finding_code"), LEFT, ids=[r[0] for r in LEFT])
def test_unrepairable_mutation_keeps_its_error(
    name: str, mutation: Mutation, finding_code: str | None
) -> None:
    flow = _mutated(mutation)
    assert not validate_flow(flow).valid, "the mutation must break the flow"
    result = autofix(flow)
    assert not result.report.valid
    if finding_code is not None:
        assert finding_code in _error_codes(result), [f.to_dict() for f in result.report.errors]
    assert autofix(result.flow).changes == []


def test_weeks_become_days() -> None:
    result = autofix(_mutated(_chain(_set("delay-001", "time", "2"), _set("delay-001", "period", "weeks"))))
    delay = _step(result.flow, "delay-001")
    assert (delay["time"], delay["period"], delay["delay"]) == ("14", "Days", {"value": "14", "unit": "Days"})


def test_daily_rate_limit_is_one_day() -> None:
    flow = _mutated(_chain(_set("rl-001", "period", "daily"), _delete("rl-001", "timespan")))
    cap = _step(autofix(flow).flow, "rl-001")
    assert (cap["timespan"], cap["period"], cap["rateLimit"]["period"]) == ("1", "Days", "Days")


def test_missing_end_is_added_and_dead_ends_connected() -> None:
    result = autofix(_mutated(_remove_end))
    ends = [s for s in result.flow["steps"] if s["type"] == "end"]
    assert len(ends) == 1 and ends[0]["events"] == []
    assert _step(result.flow, "msg-003")["events"][0]["nextStepID"] == ends[0]["id"]


def test_start_step_is_removed_and_initial_retargeted() -> None:
    result = autofix(_mutated(_add_start))
    assert result.flow["initialStepID"] == "seg-001"
    assert all(s["type"] != "start" for s in result.flow["steps"])


def test_legacy_segment_definition_becomes_conditions() -> None:
    segment = _step(autofix(_mutated(_legacy_segment)).flow, "seg-001")
    assert "segmentDefinition" not in segment
    (condition,) = segment["conditions"]
    assert condition["action"] == "clicked_link"
    assert condition["operator"] == "has"
    assert condition["timePeriod"] == "within the last 30 Days"


def test_legacy_or_segment_definition_is_not_converted() -> None:
    def legacy_or(flow: dict) -> None:
        _legacy_segment(flow)
        definition = _step(flow, "seg-001")["segmentDefinition"]
        definition["operator"] = "OR"
        definition["segments"].append(copy.deepcopy(definition["segments"][0]))

    result = autofix(_mutated(legacy_or))
    assert fx.SEGMENT_DEFINITION_CONVERTED not in _change_codes(result)
    assert "conditions" not in _step(result.flow, "seg-001")  # AND-only conditions cannot say OR


def test_schedule_conversion_keeps_every_branch_on_the_same_step() -> None:
    flow = _mutated(_set("sched-001", "events", [_event("sched-001-go", "default", "exp-001")]))
    events = _step(autofix(flow).flow, "sched-001")["events"]
    assert [e["label"] for e in events] == ["Oct 23, 10:00 AM - Oct 23, 11:00 AM", "All other time"]
    assert {e["nextStepID"] for e in events} == {"exp-001"}


def test_verbatim_copy_keeps_its_variables() -> None:
    quoted = "Hi {{customer.first_name}}, your cart misses you. Reply STOP to opt out."
    flow = _mutated(_chain(*(_set("msg-003", key, "{{brand_name}}: " + quoted) for key in fx.TEXT_FIELDS)))
    assert _step(autofix(flow, verbatim=[quoted]).flow, "msg-003")["content"] == "{{brand_name}}: " + quoted
    assert "{{first_name}}" in _step(autofix(flow).flow, "msg-003")["content"]


def test_input_is_not_mutated() -> None:
    flow = _mutated(_set("offer-001", "cartSource", "latest_cart"))
    before = copy.deepcopy(flow)
    autofix(flow)
    assert flow == before


@pytest.mark.parametrize(
    "value", [None, 3, "text", [], [1, 2], {"steps": "x"}, {"steps": [1, "a", None]}, {}]
)
def test_garbage_never_raises(value: Any) -> None:
    result = autofix(value)
    assert isinstance(result, FixResult)
    assert not result.report.valid
    assert fx.AUTOFIX_FAILED not in _error_codes(result)


def test_non_object_root_is_returned_unchanged() -> None:
    assert autofix([1, 2]).flow == [1, 2]


# ---------------------------------------------------------------------------- upstream LLM outputs
def _upstream(n: int) -> dict:
    path = UPSTREAM / f"up-case-{n}.json"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


def _changes_at(result: FixResult, code: str) -> list[fx.Change]:
    return [c for c in result.changes if c.code == code]


def _remaining(result: FixResult) -> set[tuple[str | None, str]]:
    return {(f.step_id, f.code) for f in result.report.errors}


def test_upstream_case_1_latest_cart_and_variables() -> None:
    result = autofix(_upstream(1))
    (cart,) = _changes_at(result, fx.ENUM_NORMALISED)
    assert (cart.step_id, cart.path, cart.before, cart.after) == (
        "step_002",
        "/steps/1/cartSource",
        "latest_cart",
        "latest",
    )
    renamed = _changes_at(result, fx.VARIABLE_CANONICALISED)
    assert {c.step_id for c in renamed} == {"step_001", "step_002", "step_004"}
    first = _step(result.flow, "step_001")
    assert first["content"].startswith("Hello {{first_name}}! Discover exciting offers at {{brand_name}}.")
    assert "{{store_url}}" in first["content"]
    assert first["messageText"] == first["content"] == first["text"]
    # The offer goes on with a `default` event: which reply buys is the marketer's call.
    assert _remaining(result) == {("step_002", codes.EVENT_COUNT)}, result.report.errors


def test_upstream_case_2_schedule_without_windows_stays_an_error() -> None:
    result = autofix(_upstream(2))
    assert fx.SCHEDULE_CONVERTED not in _change_codes(result)
    assert codes.SCHEDULE_BRANCHES in _error_codes(result)
    schedule = _step(result.flow, "schedule_001")
    assert schedule["events"][0]["type"] == "default"  # nothing invented


def test_upstream_case_3_self_loops_removed_and_cart_source_mapped() -> None:
    result = autofix(_upstream(3))
    loops = _changes_at(result, fx.SELF_LOOP_REMOVED)
    assert [(c.step_id, c.path) for c in loops] == [
        ("step_001", "/steps/0/events/2"),
        ("step_004", "/steps/3/events/2"),
    ]
    assert all(c.before["intent"].startswith("your favorites are going fast") for c in loops)
    assert _step(result.flow, "step_002")["cartSource"] == "latest"
    # the doomed events are removed, not renamed first
    assert fx.EVENT_ID_DEDUPLICATED not in _change_codes(result)
    assert "{{Cart List}}" not in json.dumps(result.flow)  # the stuffed copy went away with its event
    assert _remaining(result) == {("step_002", codes.EVENT_COUNT)}, result.report.errors


@pytest.mark.parametrize("n", [1, 2, 3])
def test_upstream_fix_is_idempotent(n: int) -> None:
    once = autofix(_upstream(n))
    twice = autofix(once.flow)
    assert twice.flow == once.flow
    assert twice.changes == []


# ---------------------------------------------------------------------------- properties
_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 50),
    st.sampled_from(
        ["", "x", "end-001", "msg-001", "Days", "weeks", "daily", "latest_cart", "has not", "{{a.b}}"]
    ),
)
_json_value = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_STEP_KEYS = [
    "id",
    "type",
    "events",
    "active",
    "parameters",
    "label",
    "content",
    "text",
    "messageText",
    "time",
    "period",
    "delay",
    "occurrences",
    "timespan",
    "cartSource",
    "products",
    "conditions",
    "experimentName",
    "schedule",
    "discountType",
    "discountValue",
    "segmentDefinition",
    "value",
    "unit",
    "after",
]
_EVENT_KEYS = ["id", "type", "nextStepID", "intent", "after", "label", "action", "active", "parameters"]


@st.composite
def _mutated_flows(draw: st.DrawFn) -> dict:
    flow = valid_flow()
    for _ in range(draw(st.integers(1, 6))):
        step = draw(st.sampled_from(flow["steps"]))
        target: dict = step
        keys = _STEP_KEYS
        if step.get("events") and isinstance(step["events"], list) and draw(st.booleans()):
            candidate = draw(st.sampled_from(step["events"]))
            if isinstance(candidate, dict):
                target, keys = candidate, _EVENT_KEYS
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["delete", "set", "copy-id"]))
        if action == "delete":
            target.pop(key, None)
        elif action == "set":
            target[key] = draw(_json_value)
        else:
            target[key] = draw(st.sampled_from(flow["steps"])).get("id")
    if draw(st.booleans()):
        repeat = copy.deepcopy(draw(st.sampled_from(flow["steps"])))
        if draw(st.booleans()):
            repeat["label"] = "A different step with the same id"
        flow["steps"].append(repeat)
    return flow


_PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY_SETTINGS
@given(_mutated_flows())
def test_random_mutations_never_crash_and_fix_is_idempotent(flow: dict) -> None:
    once = autofix(flow)
    assert fx.AUTOFIX_FAILED not in _error_codes(once)
    twice = autofix(once.flow)
    assert twice.flow == once.flow
    assert twice.changes == [], [c.describe() for c in twice.changes]


@_PROPERTY_SETTINGS
@given(_json_value)
def test_arbitrary_json_never_crashes(value: Any) -> None:
    result = autofix(value)
    assert fx.AUTOFIX_FAILED not in _error_codes(result)
    assert autofix(result.flow).flow == result.flow


@_PROPERTY_SETTINGS
@given(st.dictionaries(st.sampled_from(["initialStepID", "steps", "name"]), _json_value, max_size=3))
def test_arbitrary_roots_never_crash(value: dict) -> None:
    result = autofix(value)
    assert fx.AUTOFIX_FAILED not in _error_codes(result)
    assert autofix(result.flow).changes == []


def test_valid_flow_with_reordered_steps_needs_no_change() -> None:
    flow = valid_flow()
    flow["steps"].reverse()
    assert autofix(flow).changes == []


def test_linear_time_on_a_long_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import time

    from flowgen_core.check.report import Report

    # Time the corrector alone; the validator has its own budget.
    monkeypatch.setattr(fx, "_validate", lambda flow, verbatim=(), generated=False, brand=None: Report())

    def chain(n: int) -> dict:
        steps = [
            _message(
                f"m{i}",
                f"{{{{brand_name}}}}: note {i}. Reply STOP to opt out.",
                [_event(f"e{i}", "noreply", f"m{i + 1}", after={"value": "1", "unit": "Days"})],
            )
            for i in range(n)
        ]
        steps.append(
            {"id": f"m{n}", "type": "end", "label": "End", "active": True, "parameters": {}, "events": []}
        )
        return {"initialStepID": "m0", "steps": steps}

    timings = []
    gc.disable()  # collector pauses grow with the heap and would blur the ratio
    try:
        for n in (500, 2000):
            flow = chain(n)
            start = time.perf_counter()
            result = autofix(flow)
            timings.append(time.perf_counter() - start)
            assert len(result.changes) == n  # one wait normalised per step
    finally:
        gc.enable()
    # 4x the size must cost about 4x, far from the 16x of a quadratic pass
    assert timings[1] < timings[0] * 8 + 0.2, timings


@pytest.mark.parametrize("initial", [["start"], {"id": "start"}])
def test_start_step_beside_an_unhashable_initial_step_id_is_still_removed(initial: Any) -> None:
    flow = valid_flow()
    flow["steps"].insert(
        0, {"id": "start", "type": "START", "events": [{"id": "s", "type": "default", "nextStepID": ["x"]}]}
    )
    flow["initialStepID"] = initial
    result = autofix(flow)
    assert fx.AUTOFIX_FAILED not in _error_codes(result)
    assert fx.START_STEP_REMOVED in _change_codes(result)
