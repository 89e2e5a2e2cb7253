"""Offline planner: every brief gives a valid flow that keeps the brief's stated facts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.brief import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    ExperimentSpec,
    FrequencyCap,
    ProductRef,
    PropertyUpdate,
    extract_brief,
)
from flowgen_core.errors import NotABriefError
from flowgen_core.pipeline import generate_flow
from flowgen_core.planners.base import GenerationError
from flowgen_core.planners.offline.composer import OfflineGenerator
from flowgen_core.planners.offline.copywriting import estimated_segments, to_gsm7
from flowgen_core.settings import Settings
from tests.shared_data import PUBLIC_BRIEFS

SENDS = {"message", "purchase_offer", "product_choice", "reply_cart_choice"}


def _generate(text: str, **kwargs: Any) -> dict[str, Any]:
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"), **kwargs)
    assert result.report.valid, [f.message for f in result.report.errors]
    return result.flow


def _steps(flow: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if s["type"] == type_]


def _texts(flow: dict[str, Any]) -> list[str]:
    return [s["messageText"] for s in flow["steps"] if s["type"] in SENDS]


def _events(flow: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for step in flow["steps"]:
        for event in step["events"]:
            yield step, event


def _by_id(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in flow["steps"]}


def _reply_target(flow: dict[str, Any], intent: str) -> dict[str, Any]:
    ids = _by_id(flow)
    return next(
        ids[e["nextStepID"]] for _, e in _events(flow) if e["type"] == "reply" and e["intent"] == intent
    )


def _max_sends_on_path(flow: dict[str, Any]) -> int:
    ids = _by_id(flow)
    memo: dict[str, int] = {}

    def longest(sid: str) -> int:
        if sid not in memo:
            memo[sid] = 0  # guards loops (they always wait, so they are reminders at worst)
            here = 1 if ids[sid]["type"] in SENDS else 0
            memo[sid] = here + max((longest(e["nextStepID"]) for e in ids[sid]["events"]), default=0)
        return memo[sid]

    return longest(flow["initialStepID"])


# ----------------------------------------------------------------------------- generic rules


def test_empty_brief_raises_generation_error() -> None:
    with pytest.raises(GenerationError, match="The brief is empty"):
        OfflineGenerator().generate(CampaignBrief(text="   \n"))
    with pytest.raises(GenerationError, match="empty"):
        generate_flow("  ", settings=Settings(flowgen_generator="offline"))


def test_too_long_brief_names_the_limit() -> None:
    with pytest.raises(GenerationError, match="100"):
        generate_flow("x" * 101, settings=Settings(flowgen_generator="offline", max_brief_chars=100))


def test_output_is_deterministic_apart_from_timing() -> None:
    text = "Win back customers who haven't ordered in 90 days with 15% off."
    first, second = _generate(text), _generate(text)
    first.pop("metadata"), second.pop("metadata")
    assert first == second


def test_metadata_and_first_message_rules() -> None:
    result = OfflineGenerator().generate(extract_brief("more sales this weekend"))
    meta = result.flow["metadata"]
    assert meta["generator"] == "offline" and meta["model"] is None and meta["tokens"] == 0
    assert meta["generated_at"].endswith("+00:00") and "schema_version" in meta and "brief_facts" in meta
    assert result.generator == "offline" and result.plan is not None
    ids = _by_id(result.flow)
    first_send = next(s for s in result.flow["steps"] if s["type"] in SENDS)
    assert (
        "{{brand_name}}" in first_send["messageText"] and "Reply STOP to opt out" in first_send["messageText"]
    )
    for text in _texts(result.flow):
        assert to_gsm7(text) == text  # GSM-7 only
        assert estimated_segments(text) <= 2
    # every "Reply X" in generated copy has a matching reply event on its step
    for step in result.flow["steps"]:
        if step["type"] in SENDS:
            intents = {e.get("intent") for e in step["events"]}
            import re

            for word in re.findall(r"Reply ([A-Z0-9]+)", step["messageText"]):
                assert word == "STOP" or word.lower() in intents, (word, step["id"])
    assert ids


def test_brand_argument_is_written_into_copy() -> None:
    flow = _generate("Flash sale on sneakers, 20% off today", brand_name="Kicks & Co")
    assert any(t.startswith("Kicks & Co:") for t in _texts(flow))


# ----------------------------------------------------------------------------- stated facts win


def test_hand_built_brief_composes_every_fact() -> None:
    brief = CampaignBrief(
        text="VIP restock offer",
        playbook="vip_reorder",
        audience=[AudienceCondition(kind="event", action="viewed_product", days=5)],
        discounts=[Discount(kind="amount", value="5", code="VIP5")],
        reply_keywords=["buy"],
        no_reply_after=[Duration(value=6, unit="hours")],
        frequency_caps=[FrequencyCap(occurrences=2, timespan=7, period="Days")],
        entry_limits=[FrequencyCap(occurrences=1, timespan=30, period="Days")],
        products=[ProductRef(variant_id="991", quantity=3)],
        property_updates=[PropertyUpdate(name="vip_restock_buyer", value="true")],
        reminders=1,
    )
    result = OfflineGenerator().generate(brief)
    flow = result.flow
    assert result.report.valid, result.report.errors
    segment = _steps(flow, "segment")[0]
    assert segment["conditions"][0]["action"] == "viewed_product"
    assert (
        _steps(flow, "rate_limit")[0]["occurrences"] == "2" and _steps(flow, "limit")[0]["timespan"] == "30"
    )
    offer = _steps(flow, "purchase_offer")[0]
    assert offer["cartSource"] == "manual" and offer["products"][0]["productVariantId"] == "991"
    assert offer["products"][0]["quantity"] == "3"
    assert offer["discountAmount"] == "5" and offer["discountCode"] == "VIP5"
    assert _reply_target(flow, "buy")["type"] == "purchase"
    noreply = next(e for _, e in _events(flow) if e["type"] == "noreply")
    assert noreply["after"] == {"value": 6, "unit": "hours"}
    assert _steps(flow, "property")[0]["properties"][0]["name"] == "vip_restock_buyer"
    assert _max_sends_on_path(flow) <= 2


def test_quoted_copy_is_used_verbatim() -> None:
    quote = "Hey {{customer.first_name}}, your cart misses you! Reply BUY to grab it."
    flow = _generate(f'Abandoned cart message, use this copy: "{quote}"')
    # word for word, with the sender's name and the opt-out a first text must carry around it
    assert any(quote in text for text in _texts(flow))
    assert _reply_target(flow, "buy")["type"] == "purchase"


def test_experiment_variants_get_their_own_wording() -> None:
    brief = CampaignBrief(
        text="Test three announcement styles",
        experiment=ExperimentSpec(groups=3, split=[34, 33, 33], variants=["friendly", "urgent", "exclusive"]),
    )
    flow = OfflineGenerator().generate(brief).flow
    experiment = _steps(flow, "experiment")[0]
    assert [e["label"] for e in experiment["events"]] == ["Group A", "Group B", "Group C"]
    assert sum(s["percentage"] for s in experiment["experimentConfig"]["splits"]) == 100
    targets = [_by_id(flow)[e["nextStepID"]]["messageText"] for e in experiment["events"]]
    assert len(set(targets)) == 3


# ----------------------------------------------------------------------------- briefs of our own


def test_own_brief_cart_reminder_with_code() -> None:
    flow = _generate(
        "Remind shoppers who left items in their cart; offer 5% off with code SAVE5 and let them reply BUY to check out."
    )
    conditions = [c for s in _steps(flow, "segment") for c in s["conditions"]]
    assert any(c.get("action") == "added_product_to_cart" for c in conditions)
    offer = _steps(flow, "purchase_offer")[0]
    assert (
        offer["cartSource"] == "latest"
        and offer["discountPercentage"] == "5"
        and offer["discountCode"] == "SAVE5"
    )
    assert _reply_target(flow, "buy")["type"] == "purchase"


def test_own_brief_nps_zero_to_ten() -> None:
    flow = _generate(
        "Send a quick survey to customers asking them to rate us from 0 to 10; promoters (9 or 10) get a review "
        "request, everyone else gets a support follow-up."
    )
    survey = max(flow["steps"], key=lambda s: sum(e["type"] == "reply" for e in s["events"]))
    assert {e["intent"] for e in survey["events"] if e["type"] == "reply"} == {str(n) for n in range(11)}
    ids = _by_id(flow)

    def follow_up(intent: str) -> str:
        prop = _reply_target(flow, intent)
        assert prop["type"] == "property"
        return ids[prop["events"][0]["nextStepID"]]["messageText"]

    assert "review" in follow_up("10") and "review" in follow_up("9")
    assert "support" in follow_up("8") and "support" in follow_up("0")


def test_own_brief_winback_one_reminder_caps_sends() -> None:
    flow = _generate(
        "Customers who haven't purchased in 180 days: send $20 off and remind them once if they don't reply."
    )
    assert any(s.get("discountType") == "amount" and s.get("discountValue") == "20" for s in flow["steps"])
    assert _max_sends_on_path(flow) == 2


def test_own_brief_seasonal_window_with_timezone() -> None:
    flow = _generate(
        "Valentine's Day promo on February 14 between 9am and 5pm Eastern with 15% off. Reply YES to order."
    )
    schedule = _steps(flow, "schedule")[0]
    assert [e["label"] for e in schedule["events"]][-1] == "All other time"
    assert len(schedule["events"]) >= 2 and schedule["schedule"]["windows"]
    assert _reply_target(flow, "yes")["type"] == "purchase"
    assert any("15% off" in t for t in _texts(flow))


def test_own_brief_reply_refill_and_help() -> None:
    flow = _generate(
        "Ask customers who bought in the last week whether they'd like a refill: reply REFILL to reorder their "
        "latest cart or HELP to talk to someone."
    )
    assert _reply_target(flow, "refill")["type"] == "purchase_offer"
    assert _reply_target(flow, "help")["type"] == "message"


def test_own_brief_entry_limit_and_topic() -> None:
    flow = _generate(
        "Promote our fall candles collection. Each customer can enter this flow at most once every 30 days."
    )
    assert _steps(flow, "limit") or _steps(flow, "rate_limit")
    assert any("candle" in t.lower() for t in _texts(flow))


def test_own_brief_poll_branches() -> None:
    flow = _generate("Quick poll for subscribers: reply 1 for dresses, 2 for shoes, 3 for bags")
    for intent in ("1", "2", "3"):
        assert _reply_target(flow, intent)["type"] in {"product_choice", "property"}


@pytest.mark.skipif(not PUBLIC_BRIEFS.exists(), reason="evaluation briefs not available")
def test_public_briefs_all_valid() -> None:
    for line in PUBLIC_BRIEFS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _generate(json.loads(line)["brief"])


# ----------------------------------------------------------------------------- robustness


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_never_crashes_on_any_string(text: str) -> None:
    try:
        result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    except GenerationError as exc:
        # blank text, or text that is no brief (noise, emoji): refused, never a crash
        assert not text.strip() or isinstance(exc, NotABriefError)
        return
    assert result.report.valid, [f.message for f in result.report.errors]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "win back lapsed buyers",
                "15% off",
                "$10 off",
                "code SAVE10",
                "free shipping",
                "reply YES",
                "reply SHOP",
                "reply 1 or 2",
                "wait 2 days",
                "if no reply in 4 hours send one reminder",
                "max 2 messages per week",
                "A/B test urgent vs playful",
                "between December 1 and December 20",
                "for customers who viewed a product in the last 14 days",
                "customer_type = vip",
                "variant id 123",
                "set property promo_seen = yes",
                "keep it to one SMS",
                "abandoned checkout",
                "birthday",
                "rate us 1 to 5",
                "launch",
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_fact_combinations_give_valid_flows(parts: list[str]) -> None:
    _generate(". ".join(parts))


def test_own_brief_named_options_get_their_own_branches() -> None:
    flow = _generate(
        "Cross-sell accessories to customers who bought a camera in the last 14 days; let them reply LENS for "
        "lenses or BAG for bags."
    )
    lens, bag = _reply_target(flow, "lens"), _reply_target(flow, "bag")
    assert lens["id"] != bag["id"]
    assert "lenses" in lens["messageText"] and "bags" in bag["messageText"]


def test_own_brief_letter_poll_and_decline_keyword() -> None:
    poll = _generate(
        "Ask subscribers what they want next: reply A for candles, B for diffusers, C for gift sets."
    )
    assert "candles" in _reply_target(poll, "a")["messageText"]
    assert "gift sets" in _reply_target(poll, "c")["messageText"]
    cart = _generate(
        "Abandoned checkout: 2 hours after checkout starts, send their cart; reply YES to buy or NO to stop."
    )
    assert _reply_target(cart, "yes")["type"] == "purchase"
    assert _reply_target(cart, "no")["type"] == "message"
    assert any(s["type"] == "delay" and s["time"] == "2" and s["period"] == "Hours" for s in cart["steps"])


def test_otherwise_send_nothing_goes_to_end() -> None:
    flow = _generate(
        "Christmas sale Dec 20-24: 30% off everything with code XMAS30. Outside that window, send nothing."
    )
    schedule = _steps(flow, "schedule")[0]
    other = next(e for e in schedule["events"] if e["label"] == "All other time")
    assert _by_id(flow)[other["nextStepID"]]["type"] == "end"


def test_reminder_cap_holds_even_when_the_cta_leads_to_another_text() -> None:
    flow = _generate(
        "Win back customers who haven't ordered in 60 days: 20% off, reply SHOP to browse. "
        "If no reply in 3 days send one reminder, then stop."
    )
    assert _reply_target(flow, "shop")["type"] == "product_choice"
    assert _max_sends_on_path(flow) == 2


def test_generation_report_equals_a_full_validation_of_the_flow() -> None:
    """The offline generator reuses autofix's validation and adds the brief's findings only."""
    from flowgen_core.brief import extract_brief
    from flowgen_core.check import validate_flow
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    settings = Settings(_env_file=None, flowgen_generator="offline")
    for line in PUBLIC_BRIEFS.read_text(encoding="utf-8").splitlines()[:10]:
        brief_text = json.loads(line)["brief"]
        result = generate_flow(brief_text, settings=settings)
        brief = extract_brief(brief_text)
        flow = {k: v for k, v in result.flow.items() if k != "metadata"}
        assert result.report.to_dict() == validate_flow(flow, brief).to_dict()
