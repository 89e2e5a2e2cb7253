"""Offline planner structure for phrasings beyond the public briefs."""

from __future__ import annotations

from typing import Any

from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(text: str) -> dict[str, Any]:
    return generate_flow(text, settings=SETTINGS).flow


def _by_id(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in flow["steps"]}


def _reply_targets(flow: dict[str, Any]) -> dict[str, str]:
    steps = _by_id(flow)
    return {
        e["intent"]: steps[e["nextStepID"]]["type"]
        for s in flow["steps"]
        for e in s.get("events", [])
        if e["type"] == "reply"
    }


def test_yes_no_survey_branches_on_words() -> None:
    flow = _flow(
        "Quick survey for recent buyers: respond YES or NO. YES -> ask for a review; NO -> support reaches out."
    )
    steps = _by_id(flow)
    intents = {
        e["intent"]: e["nextStepID"]
        for s in flow["steps"]
        for e in s.get("events", [])
        if e["type"] == "reply"
    }
    assert {"yes", "no"} <= set(intents)

    def text_after(step_id: str) -> str:
        step = steps[step_id]
        while step["type"] != "message":
            step = steps[step["events"][0]["nextStepID"]]
        return step["messageText"].lower()

    assert "review" in text_after(intents["yes"])
    assert "support" in text_after(intents["no"])


def test_property_for_the_silent_sits_on_the_noreply_path() -> None:
    flow = _flow(
        "Sunset: hasn't clicked in 90 days, reply STAY to keep texts; if no reply in 3 days, set sms_status to unengaged."
    )
    steps = _by_id(flow)
    noreply = [e for s in flow["steps"] for e in s.get("events", []) if e["type"] == "noreply"]
    assert len(noreply) == 1
    assert noreply[0]["after"] == {"value": 3, "unit": "days"}
    marker = steps[noreply[0]["nextStepID"]]
    assert marker["type"] == "property"
    assert marker["properties"][0]["name"] == "sms_status"
    # nobody is marked on the way in
    assert sum(1 for s in flow["steps"] if s["type"] == "property") == 1


def test_wait_written_before_the_first_send_opens_the_flow() -> None:
    flow = _flow(
        "When someone subscribes to texts, wait 1 hour, send a welcome, then 2 days later recommend our best sellers."
    )
    delays = [(s["time"], s["period"]) for s in flow["steps"] if s["type"] == "delay"]
    assert ("1", "Hours") in delays and ("2", "Days") in delays
    assert any(s.get("productSelection") == "popularity" for s in flow["steps"])


def test_brand_keyword_routes_by_its_stated_meaning() -> None:
    flow = _flow("Restock reminder for candle buyers. Text CANDLE to reorder.")
    assert _reply_targets(flow)["candle"] == "purchase_offer"


def test_twice_means_two_reminders() -> None:
    flow = _flow(
        "Remind people who started checkout in the last day, twice. Respond YES to complete purchase."
    )
    assert sum(1 for s in flow["steps"] if s["type"] in ("message", "purchase_offer")) >= 3
