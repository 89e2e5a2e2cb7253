"""Quiet hours (texts only 8:00 AM-9:00 PM recipient time) in every form a send time takes.

- daily windows (times of day only, as the offline planner writes a brief's send hours) are
  checked like dated ones, the whole window and not only its start;
- a fixed send time the brief asks for in quiet hours ("at 6am sharp", "tonight at 11pm")
  gets a finding, on the schedule window that carries it or, when none does, on the brief;
- windows are read in the schedule's time zone; a schedule with no zone or an unknown one,
  and a brief whose send times name no zone read as UTC, are reported.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief
from flowgen_core.check import codes, validate_flow
from flowgen_core.check.send_times import requested_times
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
OPT = " Reply STOP to opt out."


def _event(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def schedule_flow(windows: list[dict[str, Any]], timezone: str | None = "America/New_York") -> dict[str, Any]:
    schedule: dict[str, Any] = {"windows": windows}
    if timezone is not None:
        schedule["timezone"] = timezone
    text = "{{brand_name}}: 20% off today." + OPT
    return {
        "initialStepID": "s1",
        "steps": [
            {
                "id": "s1",
                "type": "schedule",
                "active": True,
                "parameters": {},
                "schedule": schedule,
                "events": [
                    _event("e1", "split", "m1", label="Window", action="schedule"),
                    _event("e2", "split", "end", label="All other time", action="schedule"),
                ],
            },
            {
                "id": "m1",
                "type": "message",
                "active": True,
                "parameters": {},
                "content": text,
                "text": text,
                "messageText": text,
                "discountType": "none",
                "events": [_event("e3", "default", "end")],
            },
            {"id": "end", "type": "end", "active": True, "parameters": {}, "events": []},
        ],
    }


def messages(report: Any, code: str) -> list[str]:
    return [f.message for f in [*report.errors, *report.warnings] if f.code == code]


def quiet(start: str, end: str | None = None, timezone: str | None = "America/New_York") -> list[str]:
    window = {"label": "Window", "start": start, **({"end": end} if end is not None else {})}
    return messages(validate_flow(schedule_flow([window], timezone)), codes.QUIET_HOURS)


def generated(text: str) -> Any:
    return generate_flow(text, settings=SETTINGS, today=TODAY)


# ------------------------------------------------------------------ daily windows: properties

_CLOCKS = {
    "hms": lambda m: f"{m // 60:02d}:{m % 60:02d}:00",
    "hm": lambda m: f"{m // 60:02d}:{m % 60:02d}",
    "ampm": lambda m: f"{(m // 60) % 12 or 12}:{m % 60:02d} {'AM' if m < 720 else 'PM'}",
}
_spelling = st.sampled_from(sorted(_CLOCKS))


def _clock(minutes: int, spelling: str) -> str:
    if minutes == 24 * 60:
        return "24:00"
    return _CLOCKS[spelling](minutes)


@given(st.integers(8 * 60, 21 * 60 - 1), st.integers(1, 13 * 60), _spelling)
def test_any_daily_window_inside_8_to_21_passes(start: int, length: int, spelling: str) -> None:
    end = min(start + length, 21 * 60)
    assert quiet(_clock(start, spelling), _clock(end, spelling)) == []


@given(st.integers(0, 24 * 60 - 1), st.integers(1, 24 * 60 - 1), _spelling)
def test_any_daily_window_touching_quiet_hours_fails(start: int, length: int, spelling: str) -> None:
    end = start + length  # past midnight: the next day's time of day
    inside = start >= 8 * 60 and end <= 21 * 60
    found = quiet(_clock(start, spelling), _clock(end % (24 * 60), spelling))
    assert (found == []) == inside, (start, end, found)
    if not inside:
        assert "every day" in found[0] and "8:00 AM and 9:00 PM" in found[0]


@given(st.integers(0, 24 * 60 - 1), st.integers(1, 3 * 24 * 60), st.sampled_from(["T", " "]))
def test_any_dated_window_is_judged_on_its_whole_span(start: int, length: int, sep: str) -> None:
    day = 25 + start // (24 * 60)
    end = start + length
    begin = f"2026-11-{day:02d}{sep}{start // 60 % 24:02d}:{start % 60:02d}:00"
    finish_day = 25 + end // (24 * 60)
    finish = f"2026-11-{finish_day:02d}{sep}{end // 60 % 24:02d}:{end % 60:02d}:00"
    inside = start >= 8 * 60 and end <= 21 * 60
    assert (quiet(begin, finish) == []) == inside


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("07:00:00", "22:00:00", "starts at 7:00 AM and ends at 10:00 PM"),
        ("10:00", "21:30", "ends at 9:30 PM"),
        ("20:00:00", "02:00:00", "runs through the night until 2:00 AM"),
        ("09:00", "24:00", "runs until midnight"),
        ("6am", "11am", "starts at 6:00 AM"),
        ("21:00", None, "starts at 9:00 PM"),
    ],
)
def test_a_daily_window_in_quiet_hours_is_reported_in_words(start: str, end: str | None, words: str) -> None:
    (found,) = quiet(start, end)
    assert words in found and "every day, America/New_York time" in found


# ------------------------------------------------------------------ the planner's daily windows


def test_brief_send_hours_outside_8_to_21_are_reported_on_the_planned_window() -> None:
    result = generated("Winback: 15% off for lapsed customers. Texts only between 7am and 10pm ET.")
    (schedule,) = [s for s in result.flow["steps"] if s["type"] == "schedule"]
    # the planner keeps the brief's words ...
    assert [(w["start"], w["end"]) for w in schedule["schedule"]["windows"]] == [("07:00:00", "22:00:00")]
    # ... and the report says they break quiet hours
    (found,) = messages(result.report, codes.QUIET_HOURS)
    assert "starts at 7:00 AM and ends at 10:00 PM" in found and "America/New_York" in found
    assert not messages(result.report, codes.QUIET_HOURS_REQUESTED)


def test_brief_send_hours_inside_8_to_21_pass() -> None:
    result = generated("Winback: 15% off for lapsed customers. Texts only between 10am and 8pm ET.")
    assert not messages(result.report, codes.QUIET_HOURS)
    assert not messages(result.report, codes.QUIET_HOURS_REQUESTED)
    assert not messages(result.report, codes.SCHEDULE_TIMEZONE)


def test_send_hours_the_flow_does_not_keep_are_reported_on_the_brief() -> None:
    # a dated window beside the hours: the schedule holds the date, not the 6am-11pm hours
    result = generated("Black Friday sale Nov 27 from 6am to 11pm Pacific, 25% off everything.")
    (found,) = messages(result.report, codes.QUIET_HOURS_REQUESTED)
    assert "between 6:00 AM and 11:00 PM" in found and '"from 6am to 11pm"' in found


# ------------------------------------------------------------------ fixed send times


def test_a_flash_sale_tonight_at_11pm_is_reported_once_on_its_window() -> None:
    result = generated("Flash sale tonight at 11pm ET: 30% off everything, reply YES to shop")
    (found,) = messages(result.report, codes.QUIET_HOURS)
    assert "starts at 11:00 PM" in found
    assert not messages(result.report, codes.QUIET_HOURS_REQUESTED)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Restock alert at 6am sharp to everyone who viewed the boots.", "6:00 AM"),
        ("Restock alert at 6am sharp tomorrow to everyone who viewed the boots.", "6:00 AM"),
        ("Blast the 25% off promo @ 11:30 pm sharp to all subscribers.", "11:30 PM"),
        ("Oferta relámpago a las 23:00 para todos: 20% de descuento.", "11:00 PM"),
        ("Vente flash pour tous à 23h : 20 % de réduction.", "11:00 PM"),
        ("Flash-Sale für alle um 23 Uhr: 20% Rabatt.", "11:00 PM"),
        ("Promo für alle um 06:00: 20% Rabatt.", "6:00 AM"),
    ],
)
def test_a_fixed_send_time_in_quiet_hours_gets_a_finding(text: str, when: str) -> None:
    result = generated(text)
    found = messages(result.report, codes.QUIET_HOURS_REQUESTED) + messages(result.report, codes.QUIET_HOURS)
    assert found and any(when in message for message in found), found


def test_a_fixed_time_the_flow_carries_is_reported_on_the_window_only() -> None:
    brief = extract_brief("Restock alert at 6am sharp to everyone who viewed the boots.", today=TODAY)
    flow = schedule_flow([{"label": "6 AM", "start": "2026-11-25T06:00:00", "end": "2026-11-25T10:00:00"}])
    report = validate_flow(flow, brief)
    assert ["starts at 6:00 AM" in m for m in messages(report, codes.QUIET_HOURS)] == [True]
    assert not messages(report, codes.QUIET_HOURS_REQUESTED)


@pytest.mark.parametrize(
    "text",
    [
        "20% off for everyone, offer ends at midnight.",
        "Our store opens at 7am on Saturday; text VIPs at 10am with 15% off.",
        "Never text at 6am. Send 10% off to subscribers at 9:30am.",
        "Send a reminder at 4:30pm with 10% off.",
        "Wait 48h later, then send 10% off.",
        "Send 10% off at noon to everyone.",
        "Send 10% off at 6:00 to everyone.",  # no AM/PM, one-digit hour: may be the evening
    ],
)
def test_times_that_are_no_send_in_quiet_hours_are_not_reported(text: str) -> None:
    assert not messages(generated(text).report, codes.QUIET_HOURS_REQUESTED)


def test_requested_times_read_hours_windows_and_fixed_times() -> None:
    brief = extract_brief(
        "Texts only between 7am and 10pm ET. Flash sale Dec 5 at 11pm. Reminder at 6am sharp.", today=TODAY
    )
    assert [(r.at, r.until) for r in requested_times(brief)] == [
        (time(7), time(22)),
        (time(23), None),
        (time(6), None),
    ]


# ------------------------------------------------------------------ time zones


def test_windows_are_read_in_the_schedule_zone() -> None:
    # 23:00 UTC is 6 PM in New York: inside the day there, in quiet hours in London
    assert quiet("2026-11-25T18:00:00+00:00", "2026-11-25T23:00:00+00:00") == []
    (found,) = quiet("2026-11-25T18:00:00+00:00", "2026-11-25T23:00:00+00:00", "Europe/London")
    assert "ends at 11:00 PM" in found and "Europe/London" in found


@pytest.mark.parametrize(("zone", "words"), [(None, "names no time zone"), ("", "names no time zone"),
                                              ("Eastern", "'Eastern', which is no IANA time zone")])  # fmt: skip
def test_a_schedule_without_a_known_zone_is_reported(zone: str | None, words: str) -> None:
    window = {"label": "Window", "start": "10:00:00", "end": "20:00:00"}
    (found,) = messages(validate_flow(schedule_flow([window], zone)), codes.SCHEDULE_TIMEZONE)
    assert words in found


def test_a_schedule_with_an_iana_zone_is_not_reported() -> None:
    window = {"label": "Window", "start": "10:00:00", "end": "20:00:00"}
    assert not messages(validate_flow(schedule_flow([window], "Europe/Berlin")), codes.SCHEDULE_TIMEZONE)


def test_a_brief_without_a_zone_read_as_utc_is_reported() -> None:
    result = generated("Winback: 15% off for lapsed customers. Texts only between 10am and 8pm.")
    (found,) = messages(result.report, codes.SCHEDULE_TIMEZONE)
    assert "UTC" in found
    named = generated("Winback: 15% off for lapsed customers. Texts only between 10am and 8pm Central.")
    assert not messages(named.report, codes.SCHEDULE_TIMEZONE)


def test_a_refinement_that_moves_the_send_time_out_of_quiet_hours_clears_the_finding() -> None:
    first = generated("Flash sale Dec 5 at 11pm ET, 20% off for everyone.")
    assert any("11:00 PM" in m for m in messages(first.report, codes.QUIET_HOURS))
    refined = refine(first.flow, "move the send window to Dec 5 at 7pm", brief=first.brief, today=TODAY)
    # the spec keeps the original brief's text; its "at 11pm" no longer stands
    assert not messages(refined.report, codes.QUIET_HOURS_REQUESTED)
    assert not messages(refined.report, codes.QUIET_HOURS)
