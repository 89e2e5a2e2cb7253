"""Offline refinement: every supported edit, the refusals, and "nothing else changed"."""

from __future__ import annotations

import copy
from datetime import date
from functools import cache
from typing import Any

import pytest

from flowgen_core.errors import RefinementRefused
from flowgen_core.format.sms import segment_info, step_text
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import SUPPORTED_PHRASINGS, RefineResult, refine, split_payload
from flowgen_core.settings import Settings
from tests.fakes.briefs import CART, VIP, WELCOME, WINBACK

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


@cache
def _base(brief: str) -> dict[str, Any]:
    result = generate_flow(brief, settings=SETTINGS, today=TODAY)
    assert result.report.valid, result.report.errors
    return result.flow


def base(brief: str) -> dict[str, Any]:
    return copy.deepcopy(_base(brief))


def apply(flow: dict[str, Any], instruction: str) -> RefineResult:
    result = refine(flow, instruction, settings=SETTINGS, today=TODAY)
    assert result.report.valid, (instruction, [e.message for e in result.report.errors])
    assert_only_diffed_steps_changed(flow, result)
    return result


def assert_only_diffed_steps_changed(old: dict[str, Any], result: RefineResult) -> None:
    touched = {s.id for s in result.diff.changed} | {s.id for s in result.diff.removed}
    new_steps = {s["id"]: s for s in result.flow["steps"]}
    for step in old["steps"]:
        if step["id"] in touched:
            continue
        assert step["id"] in new_steps, f"{step['id']} vanished without being reported"
        assert new_steps[step["id"]] == step, f"{step['id']} changed without being reported"


def steps_of(flow: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if s["type"] == kind]


def step(flow: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["id"] == step_id)


def first_send(flow: dict[str, Any]) -> dict[str, Any]:
    by_id = {s["id"]: s for s in flow["steps"]}
    current = by_id[flow["initialStepID"]]
    while current["type"] not in ("message", "purchase_offer", "product_choice"):
        current = by_id[current["events"][0]["nextStepID"]]
    return current


# ----------------------------------------------------------------------------- discounts


def test_change_percentage_discount_updates_fields_and_copy() -> None:
    flow = base(WINBACK)
    result = apply(flow, "make the discount 20%")
    offer = first_send(result.flow)
    assert offer["discountType"] == "percentage" and offer["discountValue"] == "20"
    assert "20% off" in step_text(offer) and "15%" not in step_text(offer)
    assert offer["messageText"] == offer["content"] == offer["text"]
    assert any(
        c.field == "discountValue" and c.before == "15" and c.after == "20"
        for s in result.diff.changed
        for c in s.fields
    )
    assert "20%" in result.summary


def test_change_to_amount_discount() -> None:
    result = apply(base(WINBACK), "change the discount to $5 off")
    offer = first_send(result.flow)
    assert offer["discountType"] == "amount" and offer["discountValue"] == "5"
    assert "$5 off" in step_text(offer)


def test_add_discount_code() -> None:
    result = apply(base(WINBACK), "use code SAVE20")
    offer = first_send(result.flow)
    assert offer["discountCode"] == "SAVE20" and "SAVE20" in step_text(offer)


def test_change_existing_code_replaces_it_in_copy() -> None:
    result = apply(base(VIP), "use code VIP10 instead")
    offer = first_send(result.flow)
    assert offer["discountCode"] == "VIP10"
    assert "VIP10" in step_text(offer) and "VIP5" not in step_text(offer)


def test_remove_discount() -> None:
    result = apply(base(WINBACK), "remove the discount")
    for s in result.flow["steps"]:
        if s["type"] == "message":
            assert s["discountType"] == "none"
            assert "%" not in step_text(s)


def test_remove_discount_when_there_is_none_is_refused() -> None:
    with pytest.raises(RefinementRefused, match="no discount"):
        refine(base(WELCOME), "remove the discount", settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- waits


def test_change_delay() -> None:
    flow = base(WELCOME)
    result = apply(flow, "wait 2 days instead")
    (delay,) = steps_of(result.flow, "delay")
    assert (delay["time"], delay["period"]) == ("2", "Days")
    assert delay["id"] == steps_of(flow, "delay")[0]["id"]


def test_change_delay_to_hours() -> None:
    result = apply(base(WELCOME), "change the delay to 3 hours")
    (delay,) = steps_of(result.flow, "delay")
    assert (delay["time"], delay["period"]) == ("3", "Hours")


def test_add_wait_before_first_message() -> None:
    flow = base(WINBACK)
    result = apply(flow, "add a 1 day wait before the first message")
    (delay,) = steps_of(result.flow, "delay")
    assert delay["events"][0]["nextStepID"] == first_send(flow)["id"]
    assert [s.type for s in result.diff.added] == ["delay"]


def test_change_no_reply_timeout() -> None:
    result = apply(base(WINBACK), "change the no-reply timeout to 1 day")
    offer = first_send(result.flow)
    (noreply,) = [e for e in offer["events"] if e["type"] == "noreply"]
    assert noreply["after"] == {"value": 1, "unit": "days"}


def test_wait_instead_without_delay_means_reply_timeout() -> None:
    flow = base(WINBACK)
    assert not steps_of(flow, "delay")
    result = apply(flow, "wait 3 days instead")
    offer = first_send(result.flow)
    assert [e["after"] for e in offer["events"] if e["type"] == "noreply"] == [{"value": 3, "unit": "days"}]
    assert not steps_of(result.flow, "delay")


def test_same_timeout_again_is_refused_not_reported_as_success() -> None:
    with pytest.raises(RefinementRefused, match="already"):
        refine(base(WINBACK), "wait 2 days instead", settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- reminders


def test_remove_then_add_reminder() -> None:
    flow = base(WINBACK)
    removed = apply(flow, "remove the reminder")
    assert len(removed.diff.removed) == 1
    assert not any(e["type"] == "noreply" for e in first_send(removed.flow)["events"])
    added = apply(removed.flow, "add a reminder after 1 day")
    (noreply,) = [e for e in first_send(added.flow)["events"] if e["type"] == "noreply"]
    assert noreply["after"] == {"value": 1, "unit": "days"}
    reminder = step(added.flow, noreply["nextStepID"])
    assert reminder["type"] == "message" and "{{brand_name}}" in step_text(reminder)


def test_reminder_when_one_exists_is_refused() -> None:
    with pytest.raises(RefinementRefused, match="already has a reminder"):
        refine(base(WINBACK), "add a reminder after 3 hours", settings=SETTINGS, today=TODAY)


def test_remove_reminder_without_one_is_refused() -> None:
    with pytest.raises(RefinementRefused, match="no reminder"):
        refine(base(WELCOME), "remove the reminder", settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- caps and limits


def test_frequency_cap_added_then_changed_in_place() -> None:
    first = apply(base(WINBACK), "cap at 2 messages per day")
    (cap,) = steps_of(first.flow, "rate_limit")
    assert (cap["occurrences"], cap["timespan"], cap["period"]) == ("2", "1", "Days")
    assert first.flow["initialStepID"] == cap["id"]
    second = apply(first.flow, "cap at 3 messages per day")
    (cap2,) = steps_of(second.flow, "rate_limit")
    assert cap2["id"] == cap["id"] and cap2["occurrences"] == "3"
    assert not second.diff.added


def test_rate_limit_per_week() -> None:
    result = apply(base(CART), "add a rate limit of 3 per week")
    (cap,) = steps_of(result.flow, "rate_limit")
    assert (cap["occurrences"], cap["timespan"], cap["period"]) == ("3", "7", "Days")


@pytest.mark.parametrize(
    ("instruction", "timespan"),
    [
        ("only once per customer", "365"),
        ("enter at most once a month", "30"),
        ("only let customers enter once per month", "30"),
        ("limit to 1 entry per 30 days", "30"),
    ],
)
def test_entry_limit_phrasings(instruction: str, timespan: str) -> None:
    result = apply(base(VIP), instruction)
    (limit,) = steps_of(result.flow, "limit")
    assert (limit["occurrences"], limit["timespan"], limit["period"]) == ("1", timespan, "Days")
    assert not steps_of(result.flow, "rate_limit")


# ----------------------------------------------------------------------------- audience


def test_only_vips_adds_a_condition_to_the_existing_segment() -> None:
    flow = base(WINBACK)
    (segment,) = steps_of(flow, "segment")
    result = apply(flow, "only VIPs")
    (after,) = steps_of(result.flow, "segment")
    assert after["id"] == segment["id"]
    assert len(after["conditions"]) == len(segment["conditions"]) + 1
    assert any(c.get("propertyValue", "").lower() == "vip" for c in after["conditions"])


def test_audience_on_a_flow_without_segment_inserts_one_at_the_start() -> None:
    flow = base(WELCOME)
    result = apply(flow, "only customers who ordered in the last 60 days")
    (segment,) = steps_of(result.flow, "segment")
    assert result.flow["initialStepID"] == segment["id"]
    include = next(e for e in segment["events"] if e["action"] == "include")
    assert include["nextStepID"] == flow["initialStepID"]
    (condition,) = segment["conditions"]
    assert condition["action"] == "placed_order" and condition["operator"] == "has"


def test_remove_segment() -> None:
    flow = base(WINBACK)
    result = apply(flow, "remove the segment")
    assert not steps_of(result.flow, "segment")
    assert result.flow["initialStepID"] == first_send(flow)["id"]


def test_remove_segment_without_one_is_refused() -> None:
    with pytest.raises(RefinementRefused, match="no segment"):
        refine(base(WELCOME), "remove the segment", settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- A/B tests


def test_add_ab_test_on_first_message() -> None:
    flow = base(WINBACK)
    target = first_send(flow)
    result = apply(flow, "add an A/B test on the first message")
    (experiment,) = steps_of(result.flow, "experiment")
    labels = [e["label"] for e in experiment["events"]]
    assert labels == ["Group A", "Group B"]
    control, variant = (step(result.flow, e["nextStepID"]) for e in experiment["events"])
    assert control == target  # the original message is untouched and keeps its id
    assert step_text(variant) == step_text(target) and variant["id"] != target["id"]
    assert result.notices  # says the variant starts as a copy


def test_ab_test_with_variant_copy() -> None:
    copy_b = "{{brand_name}}: Last chance, {{first_name}}! 15% off ends tonight. Reply YES to shop. Reply STOP to opt out."
    result = apply(base(WINBACK), f"add an A/B test on the first message with variant: {copy_b}")
    (experiment,) = steps_of(result.flow, "experiment")
    variant = step(result.flow, experiment["events"][1]["nextStepID"])
    assert step_text(variant) == copy_b
    # The variant's "15% off" is copy, not a discount edit.
    assert first_send(base(WINBACK))["discountValue"] == variant["discountValue"] == "15"


def test_ab_test_twice_on_the_same_message_is_refused_and_removal_works() -> None:
    once = apply(base(CART), "add an A/B test on the first message")
    with pytest.raises(RefinementRefused, match="already in an A/B test"):
        refine(once.flow, "add an A/B test on the first message", settings=SETTINGS, today=TODAY)
    removed = apply(once.flow, "remove the A/B test")
    assert not steps_of(removed.flow, "experiment")
    assert {s["id"] for s in removed.flow["steps"]} == {s["id"] for s in base(CART)["steps"]}


# ----------------------------------------------------------------------------- reply keywords


def test_change_reply_keyword() -> None:
    result = apply(base(WINBACK), "change the reply keyword YES to BUY")
    intents = {e.get("intent") for s in result.flow["steps"] for e in s["events"] if e["type"] == "reply"}
    assert intents == {"buy"}
    assert "Reply BUY" in step_text(first_send(result.flow))


def test_change_reply_keyword_to_one_in_use_is_refused() -> None:
    flow = apply(base(CART), "add a reply keyword HELP that leads to checkout").flow
    with pytest.raises(RefinementRefused, match="already uses"):
        refine(flow, "change the reply keyword YES to HELP", settings=SETTINGS, today=TODAY)


def test_add_reply_leading_to_product_list() -> None:
    flow = base(WINBACK)
    result = apply(flow, "add reply INFO leading to product list")
    offer = first_send(result.flow)
    info = next(e for e in offer["events"] if e.get("intent") == "info")
    products = step(result.flow, info["nextStepID"])
    assert products["type"] == "product_choice" and "{{Product List}}" in step_text(products)
    buy = next(e for e in products["events"] if e["type"] == "reply")
    assert step(result.flow, buy["nextStepID"])["type"] == "purchase"
    assert "Reply INFO" in step_text(offer)
    assert step_text(offer).rstrip().endswith("Reply STOP to opt out.")  # the opt-out stays last


def test_add_reply_leading_to_a_message_with_copy() -> None:
    text = "Our best sellers ship free this week: {{store_url}} Reply STOP to opt out."
    result = apply(base(CART), f"add reply INFO leading to a message saying: {text}")
    offer = first_send(result.flow)
    info = next(e for e in offer["events"] if e.get("intent") == "info")
    assert step_text(step(result.flow, info["nextStepID"])) == text
    assert offer["discountPercentage"] == first_send(base(CART))["discountPercentage"]


def test_add_reply_leading_to_checkout_reuses_the_purchase_step() -> None:
    flow = base(CART)
    result = apply(flow, "add a reply keyword HELP that leads to checkout")
    offer = first_send(result.flow)
    # the offer's own checkout (a discounted reminder has a purchase step of its own)
    purchase = next(e["nextStepID"] for e in offer["events"] if e.get("intent") == "yes")
    assert step(result.flow, purchase)["type"] == "purchase"
    assert any(e.get("intent") == "help" and e["nextStepID"] == purchase for e in offer["events"])
    assert not result.diff.added


def test_add_reply_leading_to_the_end() -> None:
    result = apply(base(CART), "add reply NO leading to the end")
    offer = first_send(result.flow)
    target = next(e["nextStepID"] for e in offer["events"] if e.get("intent") == "no")
    assert step(result.flow, target)["type"] == "end"


def test_existing_reply_keyword_gets_a_new_target() -> None:
    result = apply(base(CART), "reply YES leads to product list")
    targets = {
        step(result.flow, e["nextStepID"])["type"]
        for s in result.flow["steps"]
        for e in s["events"]
        if e.get("intent") == "yes"
    }
    assert targets == {"product_choice"}


@pytest.mark.parametrize(
    ("instruction", "match"),
    [
        ("add reply STOP leading to checkout", "opt-out"),
        ("add reply INFO leading to the moon", "where"),
        ("add reply INFO leading to a message", "colon"),
        ("add reply INFO on the first message leading to checkout", "moves on by itself"),
    ],
)
def test_reply_branch_refusals(instruction: str, match: str) -> None:
    with pytest.raises(RefinementRefused, match=match):
        refine(base(WELCOME), instruction, settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- copy


def test_rewrite_copy_after_colon() -> None:
    text = "Hi {{first_name}}, {{brand_name}} misses you! 15% off today. Reply YES to shop. Reply STOP to opt out."
    flow = base(WINBACK)
    result = apply(flow, f"change the first message to: {text}")
    assert step_text(first_send(result.flow)) == text
    assert [s.id for s in result.diff.changed] == [first_send(flow)["id"]]


def test_rewrite_copy_in_quotes_for_the_second_message() -> None:
    text = "Still thinking it over? Reply YES to shop. Reply STOP to opt out."
    flow = base(WINBACK)
    result = apply(flow, f'change message 2 to "{text}"')
    (changed,) = result.diff.changed
    assert step_text(step(result.flow, changed.id)) == text
    assert changed.id != first_send(flow)["id"]


def test_rewrite_without_colon_or_quotes_is_not_read_as_copy() -> None:
    result = apply(base(WINBACK), "change the first message to 20% off")
    offer = first_send(result.flow)
    assert step_text(offer) != "20% off" and offer["discountValue"] == "20"


def test_rewrite_keeps_fields_a_plan_cannot_express() -> None:
    flow = base(WINBACK)
    offer = first_send(flow)
    offer.update(addImage=True, imageUrl="https://cdn.example.com/hero.png", sendContactCard=True)
    result = apply(
        flow,
        "change the first message to: Hi {{first_name}}, new arrivals at {{brand_name}}. Reply YES to shop. Reply STOP to opt out.",
    )
    after = first_send(result.flow)
    assert after["imageUrl"] == "https://cdn.example.com/hero.png" and after["addImage"] is True
    assert after["sendContactCard"] is True
    assert {c.field for c in result.diff.changed[0].fields} == {"text"}


def test_shorter_copy_fits_one_segment_and_keeps_call_to_action() -> None:
    long_text = (
        "{{brand_name}}: Hi {{first_name}}, we miss you and we have so much new stuff to show you this "
        "season, from fresh arrivals to restocked favourites and a few surprises. Enjoy 15% off everything "
        "this week only. Reply YES to shop now. Reply STOP to opt out."
    )
    flow = apply(base(WINBACK), f"change the first message to: {long_text}").flow
    assert segment_info(step_text(first_send(flow))).segments > 1
    result = apply(flow, "shorter copy")
    short = step_text(first_send(result.flow))
    assert segment_info(short).segments == 1
    assert "Reply YES" in short and "STOP" in short


def test_shorter_copy_twice_is_refused() -> None:
    once = apply(base(WELCOME), "shorter copy")
    assert all(
        segment_info(step_text(s)).segments == 1
        for s in once.flow["steps"]
        if step_text(s) and s["type"] != "end"
    )
    with pytest.raises(RefinementRefused, match="one SMS segment"):
        refine(once.flow, "make it shorter", settings=SETTINGS, today=TODAY)


# ----------------------------------------------------------------------------- name and timing


def test_rename_flow() -> None:
    result = apply(base(WINBACK), "rename the flow to Winback Q4")
    assert result.flow["name"] == "Winback Q4"
    assert [c.field for c in result.diff.root] == ["name"]
    assert not (result.diff.changed or result.diff.added or result.diff.removed)


def test_rename_with_colon_keeps_numbers_as_name() -> None:
    result = apply(base(WINBACK), "rename the flow to: Summer 20% off")
    assert result.flow["name"] == "Summer 20% off"
    assert first_send(result.flow)["discountValue"] == "15"


def test_send_window_added() -> None:
    result = apply(base(WINBACK), "send tomorrow at 9am EST")
    (schedule,) = steps_of(result.flow, "schedule")
    assert result.flow["initialStepID"] == schedule["id"]
    assert schedule["schedule"]["timezone"] == "America/New_York"
    assert schedule["schedule"]["windows"][0]["start"].startswith("2026-11-25T09:00")
    assert {e["label"] for e in schedule["events"]} >= {"All other time"}


def test_send_window_changed_in_place() -> None:
    flow = base(VIP)
    (before,) = steps_of(flow, "schedule")
    result = apply(flow, "send tomorrow at 9:30am EST")
    (after,) = steps_of(result.flow, "schedule")
    assert after["id"] == before["id"]
    assert after["schedule"]["timezone"] == "America/New_York"
    assert not result.diff.added


# ----------------------------------------------------------------------------- refusals and no-ops


@pytest.mark.parametrize("instruction", ["blah blah", "make it pop", "   ", "do the thing with the stuff"])
def test_unusable_instruction_is_refused_with_supported_phrasings(instruction: str) -> None:
    with pytest.raises(RefinementRefused) as caught:
        refine(base(WINBACK), instruction, settings=SETTINGS, today=TODAY)
    assert caught.value.suggestions == SUPPORTED_PHRASINGS
    assert str(caught.value)


@pytest.mark.parametrize("instruction", ["looks good", "Thanks!", "LGTM", "ship it", "👍"])
def test_acknowledgement_changes_nothing(instruction: str) -> None:
    flow = base(CART)
    result = refine(flow, instruction, settings=SETTINGS, today=TODAY)
    assert result.flow == flow and result.flow is not flow
    assert result.diff.is_empty() and result.report.valid


def test_malformed_flow_is_refused() -> None:
    with pytest.raises(RefinementRefused, match="no steps"):
        refine({"steps": []}, "make the discount 20%", settings=SETTINGS)


def test_summary_mentions_change_and_validity() -> None:
    result = apply(base(WINBACK), "make the discount 20%")
    assert result.generator == "offline" and result.operations
    assert "valid" in result.summary and "changed" in result.summary


# ----------------------------------------------------------------------------- payload parsing


@pytest.mark.parametrize(
    ("instruction", "command", "payload"),
    [
        ("change the first message to: Hi there", "change the first message to", "Hi there"),
        ('change message 2 to "Hi there you"', "change message 2 to", "Hi there you"),
        ("send tomorrow at 9:30am EST", "send tomorrow at 9:30am EST", None),
        ('change the reply keyword "YES" to "BUY"', 'change the reply keyword "YES" to "BUY"', None),
    ],
)
def test_split_payload(instruction: str, command: str, payload: str | None) -> None:
    assert split_payload(instruction) == (command, payload)


# ----------------------------------------------------------------------------- phrasings stay true


def _concrete_phrasings() -> list[str]:
    out = []
    for line in SUPPORTED_PHRASINGS:
        for phrase in line.split("  ·  "):
            phrase = phrase.split(" (")[0].strip()
            if "<" not in phrase and "…" not in phrase:
                out.append(phrase)
    return out


@pytest.mark.parametrize("phrase", _concrete_phrasings())
def test_every_listed_phrasing_applies_to_some_base_flow(phrase: str) -> None:
    refusals = []
    with_ab_test = refine(base(CART), "add an A/B test on the first message", settings=SETTINGS).flow
    for flow in (*(base(b) for b in (WINBACK, CART, VIP, WELCOME)), with_ab_test):
        try:
            result = refine(flow, phrase, settings=SETTINGS, today=TODAY)
        except RefinementRefused as refused:
            refusals.append(str(refused))
            continue
        assert result.report.valid and not result.diff.is_empty()
        return
    pytest.fail(f"{phrase!r} applied to no base flow: {refusals}")


def test_docs_list_every_supported_phrasing() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "refinement.md").read_text(encoding="utf-8")
    for line in SUPPORTED_PHRASINGS:
        for phrase in line.split("  ·  "):
            assert phrase.strip() in docs, phrase
