"""Consistency and compliance rules of the validator.

- a discount a message promises is the one the offer/purchase step it leads to applies
  (kind, value and code), on hand-made, generated and refined flows;
- a property the flow sets is not also what its entry segment filters on;
- send windows lie wholly inside 08:00-21:00 local time (start, end and the nights between);
- a first message without brand or opt-out wording is an error for generated flows and a
  warning for a flow handed in to be validated (COMPLIANCE_STRICT says otherwise).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from flowgen_apps.cli import main
from flowgen_core.brief import extract_brief
from flowgen_core.check import codes, validate_flow
from flowgen_core.check.content import quiet_hours_problem
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings, get_settings

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OPT = " Reply STOP to opt out."
END = {"id": "end", "type": "end", "active": True, "parameters": {}, "events": []}


def ev(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def message(sid: str, text: str, events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "type": "message",
        "active": True,
        "parameters": {},
        "content": text,
        "text": text,
        "messageText": text,
        "discountType": "none",
        "events": events,
        **extra,
    }


def found(report: Any, code: str) -> list[Any]:
    return [f for f in [*report.errors, *report.warnings] if f.code == code]


@cache
def _briefs() -> tuple[str, ...]:
    out: list[str] = []
    for name in ("briefs-public.jsonl", "briefs-extra.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["brief"])
    return tuple(out)


@cache
def _generated(brief: str) -> Any:
    return generate_flow(brief, settings=SETTINGS, today=TODAY)


# ------------------------------------------------------------------ discount through to checkout


def purchase(sid: str, kind: str, value: str = "", code: str = "") -> dict[str, Any]:
    return {
        "id": sid,
        "type": "purchase",
        "active": True,
        "parameters": {},
        "cartSource": "latest",
        "products": [],
        "discount": True,
        "discountType": kind,
        "discountPercentage": value if kind == "percentage" else "",
        "discountAmount": value if kind == "amount" else "",
        "discountCode": code,
        "events": [ev(f"{sid}-e", "default", "end")],
    }


def offer_flow(
    text: str, checkout: dict[str, Any], kind: str, value: str = "", code: str = ""
) -> dict[str, Any]:
    send = message(
        "m1",
        "{{brand_name}}: " + text + " Reply YES to buy." + OPT,
        [ev("e1", "reply", checkout["id"], intent="yes")],
        discountType=kind,
        discountValue=value,
        discountCode=code,
    )
    return {"initialStepID": "m1", "steps": [send, checkout, END]}


PROMISE = ("percentage", "20", "SAVE20")
MISMATCHES = {
    "kind": purchase("p1", "amount", "20", "SAVE20"),
    "value": purchase("p1", "percentage", "15", "SAVE20"),
    "code": purchase("p1", "percentage", "20", "SAVE10"),
}


@pytest.mark.parametrize("mismatch", sorted(MISMATCHES))
def test_each_kind_of_discount_mismatch_is_reported(mismatch: str) -> None:
    flow = offer_flow("20% off with code SAVE20.", MISMATCHES[mismatch], *PROMISE)
    (finding,) = found(validate_flow(flow), codes.DISCOUNT_INCONSISTENT)
    assert finding.step_id == "p1" and "20% off with code SAVE20" in finding.message


def test_the_same_kind_value_and_code_pass() -> None:
    flow = offer_flow("20% off with code SAVE20.", purchase("p1", *PROMISE), *PROMISE)
    assert not found(validate_flow(flow), codes.DISCOUNT_INCONSISTENT)


def test_a_refinement_that_leaves_a_mismatch_is_reported() -> None:
    flow = offer_flow("20% off with code SAVE20.", MISMATCHES["value"], *PROMISE)
    result = refine(flow, "make the discount 25%", settings=SETTINGS, today=TODAY)
    assert not found(result.report, codes.DISCOUNT_INCONSISTENT)  # the edit reaches the checkout too
    unrelated = refine(flow, "rename the flow to Spring offer", settings=SETTINGS, today=TODAY)
    assert found(
        unrelated.report, codes.DISCOUNT_INCONSISTENT
    )  # checked after refining, not only at generation


# ------------------------------------------------------------------ properties set and filtered on


def segment(conditions: list[dict[str, Any]], include: str) -> dict[str, Any]:
    return {
        "id": "s1",
        "type": "segment",
        "active": True,
        "parameters": {},
        "conditions": [{"id": n, **c} for n, c in enumerate(conditions, start=1)],
        "events": [
            ev("es1", "split", include, label="include", action="include"),
            ev("es2", "split", "end", label="exclude", action="exclude"),
        ],
    }


def prop_condition(
    name: str, operator: str, value: str | None = None, negated: bool = False
) -> dict[str, Any]:
    cond: dict[str, Any] = {
        "type": "property",
        "operator": "has_not" if negated else "has",
        "propertyName": name,
        "propertyOperator": operator,
    }
    if value is not None:
        cond["propertyValue"] = value
    return cond


def tagging_flow(condition: dict[str, Any], *, filter_after_first_send: bool = False) -> dict[str, Any]:
    tag = {
        "id": "p1",
        "type": "property",
        "active": True,
        "parameters": {},
        "properties": [{"id": 1, "name": "vip", "value": "true"}],
        "events": [ev("ep", "default", "end")],
    }
    welcome = message(
        "m1",
        "{{brand_name}}: welcome! Reply YES to join the VIP list." + OPT,
        [ev("em", "reply", "s1" if filter_after_first_send else "p1", intent="yes")],
    )
    seg = segment([condition], "p1" if filter_after_first_send else "m1")
    first = "m1" if filter_after_first_send else "s1"
    return {"initialStepID": first, "steps": [seg, welcome, tag, END]}


@pytest.mark.parametrize(
    "condition",
    [
        prop_condition("vip", "with a value of", "true"),
        prop_condition("VIP", "with a value of", "yes"),  # another spelling of the same property and value
        prop_condition("vip", "that exists"),
        prop_condition("vip", "with a value containing", "tru"),
    ],
)
def test_an_entry_filter_on_a_property_the_flow_sets_is_a_warning(condition: dict[str, Any]) -> None:
    report = validate_flow(tagging_flow(condition))
    (finding,) = found(report, codes.PROPERTY_ENTRY_FILTER)
    assert finding.severity == "warning" and report.valid
    assert finding.step_id == "s1" and finding.path == "/steps/0/conditions/0"
    assert "property 'vip'" in finding.message and "'p1'" in finding.message and "audience" in finding.message


@pytest.mark.parametrize(
    "condition",
    [
        prop_condition("vip", "does not exist"),  # "not tagged yet": keeps repeat customers out
        prop_condition("vip", "with a value not equal to", "true"),
        prop_condition("vip", "with a value of", "true", negated=True),
        prop_condition("vip", "with a value of", "false"),  # another value: a stage moving on
        prop_condition("tier", "with a value of", "gold"),  # another property
    ],
)
def test_negative_filters_other_values_and_other_properties_pass(condition: dict[str, Any]) -> None:
    assert not found(validate_flow(tagging_flow(condition)), codes.PROPERTY_ENTRY_FILTER)


def test_a_segment_after_the_first_message_is_not_an_entry_filter() -> None:
    flow = tagging_flow(prop_condition("vip", "with a value of", "true"), filter_after_first_send=True)
    assert validate_flow(flow).valid
    assert not found(validate_flow(flow), codes.PROPERTY_ENTRY_FILTER)


def test_generated_flows_do_not_filter_on_what_they_set() -> None:
    for brief in _briefs():
        assert not found(_generated(brief).report, codes.PROPERTY_ENTRY_FILTER), brief


# ------------------------------------------------------------------ quiet hours


def schedule_flow(windows: list[dict[str, Any]], timezone: str = "America/Los_Angeles") -> dict[str, Any]:
    return {
        "initialStepID": "s1",
        "steps": [
            {
                "id": "s1",
                "type": "schedule",
                "active": True,
                "parameters": {},
                "schedule": {"timezone": timezone, "windows": windows},
                "events": [
                    ev("e1", "split", "m1", label="Window", action="schedule"),
                    ev("e2", "split", "end", label="All other time", action="schedule"),
                ],
            },
            message("m1", "{{brand_name}}: hi." + OPT, [ev("e3", "default", "end")]),
            END,
        ],
    }


def quiet(start: str | None, end: str | None = None, timezone: str = "America/Los_Angeles") -> list[str]:
    window = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
    return [f.message for f in found(validate_flow(schedule_flow([window], timezone)), codes.QUIET_HOURS)]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-11-25T08:00:00", "2026-11-25T21:00:00"),  # the end is exclusive: 9 PM itself is allowed
        ("2026-11-25T10:00:00", "2026-11-25T14:00:00"),
        ("2026-11-25T20:59:00", "2026-11-25T21:00:00"),
        ("2026-11-25", "2026-11-26"),  # bare dates state no time of day
        ("2026-11-25T10:00:00", None),
    ],
)
def test_windows_inside_the_day_pass(start: str, end: str | None) -> None:
    assert quiet(start, end) == []


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-11-25T10:00:00", "2026-11-25T21:00:01", "ends at 9:00 PM"),
        ("2026-11-25T10:00:00", "2026-11-25T21:01:00", "ends at 9:01 PM"),
        ("2026-11-25T09:00:00", "2026-11-25T23:59:59", "ends at 11:59 PM"),
        ("2026-11-25T09:00:00", "2026-11-26T00:00:00", "runs until midnight"),
        ("2026-11-25T09:00:00", "2026-11-27T20:00:00", "runs through the night until Nov 27"),
        ("2026-11-25T07:59:00", "2026-11-25T12:00:00", "starts at 7:59 AM"),
        ("2026-11-25T21:00:00", None, "starts at 9:00 PM"),  # nothing can be sent from 9 PM on
        ("2026-11-25T06:00:00", "2026-11-25T07:00:00", "starts at 6:00 AM and ends at 7:00 AM"),
    ],
)
def test_a_window_reaching_into_quiet_hours_is_reported(start: str, end: str | None, words: str) -> None:
    (message_,) = quiet(start, end)
    assert words in message_ and "America/Los_Angeles" in message_ and "9:00 PM" in message_


def test_bounds_with_an_offset_are_read_in_the_schedule_time_zone() -> None:
    # 17:00-20:00 in New York is 14:00-17:00 in Los Angeles; 12:00 UTC is 4 AM there
    assert quiet("2026-11-25T17:00:00-05:00", "2026-11-25T20:00:00-05:00") == []
    assert "starts at 4:00 AM" in quiet("2026-11-25T12:00:00+00:00", "2026-11-25T15:00:00+00:00")[0]
    # an unknown zone: the wall-clock time as written
    assert "ends at 10:00 PM" in quiet("2026-11-25T10:00:00", "2026-11-25T22:00:00", "Mars/Olympus")[0]


def test_a_flash_sale_tonight_at_11pm_gets_a_clear_finding() -> None:
    result = generate_flow(
        "Flash sale tonight at 11pm: 30% off everything, reply YES to shop", settings=SETTINGS, today=TODAY
    )
    (finding,) = found(result.report, codes.QUIET_HOURS)
    assert "starts at 11:00 PM" in finding.message and "8:00 AM and 9:00 PM" in finding.message


_DAY = datetime(2026, 11, 25)
_minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@given(st.integers(8 * 60, 21 * 60 - 1), st.integers(1, 13 * 60))
def test_any_window_inside_8_to_21_passes(start: int, length: int) -> None:
    end = min(start + length, 21 * 60)
    assert quiet_hours_problem(_DAY + timedelta(minutes=start), _DAY + timedelta(minutes=end)) is None


@given(st.integers(0, 21 * 60), st.integers(21 * 60 + 1, 24 * 60 - 1))
def test_any_window_ending_after_21_fails(start: int, end: int) -> None:
    assert quiet_hours_problem(_DAY + timedelta(minutes=start), _DAY + timedelta(minutes=end)) is not None


@given(_minutes, st.integers(1, 6 * 24 * 60))
def test_any_window_starting_before_8_or_crossing_a_night_fails(start: int, length: int) -> None:
    begin = _DAY + timedelta(minutes=start)
    finish = begin + timedelta(minutes=length)
    inside = start >= 8 * 60 and finish <= _DAY + timedelta(hours=21)
    assert (quiet_hours_problem(begin, finish) is None) == inside


# ------------------------------------------------------------------ first message: brand and opt-out


BARE = {
    "initialStepID": "m1",
    "steps": [message("m1", "Hi, 20% off today.", [ev("e1", "default", "end")]), END],
}


def severities(report: Any) -> set[tuple[str, str]]:
    return {
        (f.code, f.severity)
        for f in found(report, codes.MISSING_BRAND) + found(report, codes.MISSING_OPT_OUT)
    }


def test_a_handed_in_flow_gets_warnings() -> None:
    report = validate_flow(BARE)
    assert report.valid
    assert severities(report) == {(codes.MISSING_BRAND, "warning"), (codes.MISSING_OPT_OUT, "warning")}


def test_a_generated_flow_gets_errors() -> None:
    brief = extract_brief("Spring sale: 20% off everything")
    for report in (validate_flow(BARE, brief), validate_flow(BARE, generated=True)):
        assert not report.valid
        assert severities(report) == {(codes.MISSING_BRAND, "error"), (codes.MISSING_OPT_OUT, "error")}
    assert validate_flow(BARE, brief, generated=False).valid  # said explicitly: a handed-in flow


def test_a_refined_flow_checked_against_its_brief_gets_errors() -> None:
    brief = extract_brief("Spring sale: 20% off everything")
    result = refine(BARE, "rename the flow to Spring", brief=brief, settings=SETTINGS, today=TODAY)
    assert {severity for _, severity in severities(result.report)} == {"error"}


@pytest.mark.parametrize(
    ("mode", "handed_in", "generated"),
    [("generated", "warning", "error"), ("always", "error", "error"), ("never", "warning", "warning")],
)
def test_compliance_strict_setting(
    monkeypatch: pytest.MonkeyPatch, mode: str, handed_in: str, generated: str
) -> None:
    monkeypatch.setenv("COMPLIANCE_STRICT", mode)
    get_settings.cache_clear()
    assert {s for _, s in severities(validate_flow(BARE))} == {handed_in}
    assert {s for _, s in severities(validate_flow(BARE, generated=True))} == {generated}


def test_cli_validate_keeps_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(BARE), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert codes.MISSING_BRAND in result.output + (result.stderr if result.stderr_bytes else "")


def test_offline_generated_flows_carry_brand_and_opt_out() -> None:
    for brief in _briefs():
        report = _generated(brief).report
        assert not severities(report), brief
        assert not severities(validate_flow(_generated(brief).flow, generated=True)), brief
