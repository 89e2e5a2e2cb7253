"""Daily send hours in a brief become a schedule step in the brief's time zone that holds
customers who arrive outside the hours until the window opens."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.check import codes
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings


def _flow(text: str, *, quiet_hours_checked: bool = True) -> dict[str, Any]:
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    if quiet_hours_checked:
        assert codes.QUIET_HOURS not in result.report.codes()
    return result.flow


@pytest.mark.parametrize(
    ("text", "zone", "start", "end"),
    [
        (
            "25% off hoodies for everyone. Only text between 11am and 7pm Pacific.",
            "America/Los_Angeles",
            "11:00:00",
            "19:00:00",
        ),
        (
            "Offrez 15 % de réduction aux clients fidèles, uniquement entre 10 h et 19 h, heure de Berlin.",
            "Europe/Berlin",
            "10:00:00",
            "19:00:00",
        ),
    ],
)
def test_send_hours_schedule_names_the_zone_and_holds_until_the_window_opens(
    text: str, zone: str, start: str, end: str
) -> None:
    flow = _flow(text)
    by_id = {s["id"]: s for s in flow["steps"]}
    (schedule,) = [s for s in flow["steps"] if s["type"] == "schedule"]
    assert schedule["schedule"]["timezone"] == zone
    assert [(w["start"], w["end"]) for w in schedule["schedule"]["windows"]] == [(start, end)]
    (inside,) = [e for e in schedule["events"] if e["label"] != "All other time"]
    assert by_id[inside["nextStepID"]]["type"] != "end"
    (outside,) = [e for e in schedule["events"] if e["label"] == "All other time"]
    hold = by_id[outside["nextStepID"]]
    assert hold["type"] == "delay"
    assert [e["nextStepID"] for e in hold["events"]] == [schedule["id"]]


def test_dated_send_windows_still_end_outside_them() -> None:
    # a window over several days warns of the nights it spans; that is not what is tested here
    flow = _flow("20% off for everyone, only send between Nov 27 and Nov 30.", quiet_hours_checked=False)
    by_id = {s["id"]: s for s in flow["steps"]}
    (schedule,) = [s for s in flow["steps"] if s["type"] == "schedule"]
    (outside,) = [e for e in schedule["events"] if e["label"] == "All other time"]
    assert by_id[outside["nextStepID"]]["type"] == "end"


@pytest.mark.parametrize(
    "text",
    [
        "25% off hoodies for everyone. Only text between 11am and 7pm Pacific; otherwise just end the flow.",
        "Zeigt allen 15% Rabatt, nur zwischen 10 und 19 Uhr MEZ, ansonsten beenden.",
    ],
)
def test_send_hours_end_outside_them_when_the_brief_says_so(text: str) -> None:
    flow = _flow(text)
    by_id = {s["id"]: s for s in flow["steps"]}
    (schedule,) = [s for s in flow["steps"] if s["type"] == "schedule"]
    (outside,) = [e for e in schedule["events"] if e["label"] == "All other time"]
    assert by_id[outside["nextStepID"]]["type"] == "end"
    assert not [s for s in flow["steps"] if s["type"] == "delay"]


def test_a_bare_region_word_after_a_dated_window_names_its_zone() -> None:
    flow = _flow(
        "Window: Mar 3, 9:00 AM - Mar 6, 8:00 PM Mountain. 10% off with code TEN.", quiet_hours_checked=False
    )
    (schedule,) = [s for s in flow["steps"] if s["type"] == "schedule"]
    assert schedule["schedule"]["timezone"] == "America/Denver"
