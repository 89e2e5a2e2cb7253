"""English written by non-native speakers: an auxiliary with the bare verb ("who did place an
order") and a code named before the value it gives ("code X for 15 percent")."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import AudienceCondition, Discount, extract_brief

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Text to the customers who did place an order in the last 90 days.", 90),
        ("Only for the persons that have make a purchase in the last 30 days.", 30),
    ],
)
def test_auxiliary_with_bare_order_verb_is_an_order_condition(text: str, days: int) -> None:
    facts = extract_brief(text, today=TODAY)
    assert AudienceCondition(kind="event", action="placed_order", days=days) in facts.audience


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        ("Please send the message with code SUMMER20 for 20 percent.", "SUMMER20", "20"),
        ("Give them coupon WELCOME10 worth 10% on the first order.", "WELCOME10", "10"),
    ],
)
def test_code_named_before_its_percentage(text: str, code: str, value: str) -> None:
    facts = extract_brief(text, today=TODAY)
    assert Discount(kind="percentage", value=value) in facts.discounts
    assert Discount(kind="code", code=code) in facts.discounts


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Ask them to reply YES. If they not reply, please wait 48 hours and send one more time.", 48),
        ("Reply STOP to opt out. If they do not answer, then wait 24 hours and remind them.", 24),
    ],
)
def test_a_wait_right_after_a_silence_is_the_no_reply_time(text: str, hours: int) -> None:
    from flowgen_core.brief import Duration

    facts = extract_brief(text, today=TODAY)
    assert Duration(value=hours, unit="hours") in facts.no_reply_after
