"""The interpreter's reading of refinement instructions (`read_instruction`) and the phrasings it
added for them: waits and timeouts named by their noun, caps "of" a count, entry counts, an offer's
new value without "off", and the flow's language for instructions too short to place."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import Discount, extract_brief, read_instruction
from flowgen_core.brief.language import instruction_language

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("push the delay to 5 days", (5, "days")),
        ("a pause of forty minutes between the texts", (40, "minutes")),
        ("put a 2-week gap before the last message", (14, "days")),
        ("then a 24h wait", (24, "hours")),
    ],
)
def test_a_wait_named_by_its_noun(text: str, wait: tuple[int, str]) -> None:
    facts = extract_brief(text, today=TODAY)
    assert [(w.value, w.unit) for w in facts.waits] == [wait]
    assert facts.no_reply_after == []


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        ("make the timeout 3 hours", (3, "hours")),
        ("a response window of one day", (1, "days")),
        ("use a 10 hour no-reply timeout", (10, "hours")),
    ],
)
def test_a_timeout_named_by_its_noun(text: str, timeout: tuple[int, str]) -> None:
    facts = extract_brief(text, today=TODAY)
    assert [(d.value, d.unit) for d in facts.no_reply_after] == [timeout]
    assert facts.waits == []


def test_a_cap_stated_as_a_limit_of_a_count() -> None:
    facts = extract_brief("put a send limit of 4 per week on it", today=TODAY)
    assert [(c.occurrences, c.timespan) for c in facts.frequency_caps] == [(4, 7)]


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("people can re-enter three times a year", (3, 365)),
        ("allow shoppers to enter once every 2 weeks", (1, 14)),
    ],
)
def test_how_often_a_customer_may_enter(text: str, limit: tuple[int, int]) -> None:
    facts = extract_brief(text, today=TODAY)
    assert [(c.occurrences, c.timespan) for c in facts.entry_limits] == [limit]


def test_entering_a_contest_is_no_entry_limit() -> None:
    facts = extract_brief("Shoppers who enter a giveaway each week get early access.", today=TODAY)
    assert facts.entry_limits == [] and facts.frequency_caps == []


@pytest.mark.parametrize(
    ("text", "discount"),
    [
        ("bring the discount down to 12%", Discount(kind="percentage", value="12")),
        ("make it forty percent", Discount(kind="percentage", value="40")),
        ("set the offer at $7.50", Discount(kind="amount", value="7.50")),
        ("switch the coupon to ten percent", Discount(kind="percentage", value="10")),
    ],
)
def test_an_instruction_gives_the_offer_a_new_value(text: str, discount: Discount) -> None:
    assert read_instruction(text, today=TODAY).discounts == [discount]


@pytest.mark.parametrize(
    "text", ["make it 30% of the list", "send it to 40% of customers", "make it shorter"]
)
def test_a_share_or_no_number_is_no_new_offer_value(text: str) -> None:
    assert read_instruction(text, today=TODAY).discounts == []


def test_a_brief_keeps_needing_off_for_a_bare_percentage() -> None:
    # Only an instruction changes an offer it already has; a brief's "make it 20%" states none.
    assert extract_brief("make it 20 percent", today=TODAY).discounts == []


@pytest.mark.parametrize(
    ("text", "flow_language", "expected"),
    [
        ("espera 4 días", "es", "es"),
        ("attendez 3 jours", "fr", "fr"),
        ("warte 6 Stunden", "de", "de"),
        ("espera 4 días", None, "en"),  # no flow language: too short to tell
        ("wait 4 days", "es", "en"),  # English words stay English on a Spanish flow
        ("only once per customer", "es", "en"),  # "once" is eleven in Spanish, not here
        ("use code SAVE5", "fr", "en"),  # a phrase spelt as in English says nothing
    ],
)
def test_the_language_an_instruction_is_read_in(text: str, flow_language: str | None, expected: str) -> None:
    assert instruction_language(text, flow_language) == expected


def test_a_short_spanish_instruction_is_read_in_the_flows_language() -> None:
    facts = read_instruction("espera cuatro días", today=TODAY, language="es")
    assert [(w.value, w.unit) for w in facts.waits] == [(4, "days")]
    assert read_instruction("espera cuatro días", today=TODAY).waits == []
