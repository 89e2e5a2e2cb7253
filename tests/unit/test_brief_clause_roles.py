"""The role a clause gives its words: a filter after an audience noun, an update after a reply,
spec-line and arrow waits, message-count limits. Each case is worded afresh here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief
from flowgen_core.brief.roles import introduced_by_audience


def _filters(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"]


def _updates(text: str) -> list[tuple[str, str]]:
    return [(u.name, u.value) for u in extract_brief(text).property_updates]


@pytest.mark.parametrize(
    "text",
    [
        "Let shoppers tagged loyalty_level = silver know the restock landed.",
        "quick blast to ppl w loyalty_level = silver about the pop-up shop",
        "Members whose loyalty_level is silver hear about the restock first.",
        "Readers (loyalty_level = silver) get the early chapter.",
        "Text anyone with property loyalty_level = silver about the restock.",
        "ppl w/ loyalty_level = silver, reply YES for a hold, remind em in 2 days",
    ],
)
def test_a_link_after_an_audience_noun_states_a_filter(text: str) -> None:
    assert _filters(text) == [("loyalty_level", "silver")]
    assert _updates(text) == []


def test_a_section_heading_word_is_no_update_verb() -> None:
    # a long pasted doc: "Marketing" heads the section holding the audience line
    doc = (
        "Ops review. 1. Supplies | - new vendor in May. 2. Marketing | - Spring menu promo: "
        "guests with home_store = lakeside get 10% off. | - creative due Friday."
    )
    assert _filters(doc) == [("home_store", "lakeside")]


@pytest.mark.parametrize(
    ("text", "update", "keyword"),
    [
        (
            "Invite members to the tasting; whoever replies SEAT gets tagged tasting_rsvp = yes.",
            ("tasting_rsvp", "yes"),
            "seat",
        ),
        (
            "Ask if they want a callback. reply RING -> tag them callback_wanted = true",
            ("callback_wanted", "true"),
            "ring",
        ),
    ],
)
def test_a_tag_after_a_reply_is_an_update(text: str, update: tuple[str, str], keyword: str) -> None:
    brief = extract_brief(text)
    assert [(u.name, u.value) for u in brief.property_updates] == [update]
    assert brief.property_updates[0].on_reply == keyword
    assert not [c for c in brief.audience if c.property_name == update[0]]


def test_the_audience_predicate_needs_its_noun() -> None:
    text = "everyone gets tagged promo_seen = yes"
    assert not introduced_by_audience(text, text.index("promo_seen"))
    text = "patients tagged refill_due = soon"
    assert introduced_by_audience(text, text.index("refill_due"))


def test_a_spec_wait_line_is_a_delay() -> None:
    spec = "PLAN\n- Who: customers who ordered in the last 10 days\n- Text 1: thanks\n- Wait: 4 days\n- Text 2: tips"
    assert [(d.value, d.unit) for d in extract_brief(spec).waits] == [(4, "days")]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("new mugs promo, reply MUG to buy; no reply 2d -> reminder", 48),
        ("cart txt, if nothin in 12h send a nudge", 12),
        ("cart reminder - if nothing back in 6 hours send one more", 6),
    ],
)
def test_silence_in_arrow_and_sloppy_forms_is_a_timeout(text: str, hours: int) -> None:
    assert [d.seconds // 3600 for d in extract_brief(text).no_reply_after] == [hours]


def test_a_bare_if_nothing_makes_no_wait_a_timeout() -> None:
    brief = extract_brief("text them 2 hours after signup; if nothing else, keep it short")
    assert [(d.value, d.unit) for d in brief.waits] == [(2, "hours")]
    assert brief.no_reply_after == []


@pytest.mark.parametrize(
    "ahead", ["3 days before everyone else", "three days b4 the rest", "3 days ahead of all others"]
)
def test_an_early_group_delays_the_others(ahead: str) -> None:
    brief = extract_brief(f"platinum folks (member_tier = platinum) see the sale {ahead}")
    assert [(d.value, d.unit) for d in brief.waits] == [(3, "days")]


@pytest.mark.parametrize(
    ("text", "reminders"),
    [
        ("Let them know the order shipped. If no answer in a day, send two reminders. At most 2 texts.", 1),
        ("announce the store move, one text only", 0),
        ("No more than one message for this, just the news.", 0),
        ("Sale reminder, maximum of 1 msg", 0),
    ],
)
def test_a_message_count_limit_bounds_the_reminders(text: str, reminders: int) -> None:
    brief = extract_brief(text)
    assert brief.reminders == reminders
    assert brief.frequency_caps == []


def test_a_count_limit_is_no_request_for_reminders() -> None:
    assert extract_brief("New hours announcement. Max 3 texts.").reminders is None


def test_a_count_per_period_stays_a_frequency_cap() -> None:
    brief = extract_brief("Weekly deals, no more than 2 texts per week.")
    assert [(c.occurrences, c.timespan) for c in brief.frequency_caps] == [(2, 7)]
    assert brief.reminders is None


def test_equations_outside_an_audience_clause_make_no_filter() -> None:
    text = "Ask for feedback. Reply GOOD = review link, reply BAD = support. Score = 1 to 5."
    assert _filters(text) == []


_NOUNS = ["customers", "people", "ppl", "members", "accounts", "patients", "fans"]
_LINKS = ["tagged", "with", "w", "whose", "with property"]


@settings(max_examples=60, deadline=None)
@given(
    noun=st.sampled_from(_NOUNS),
    link=st.sampled_from(_LINKS),
    shout=st.booleans(),
    bullet=st.booleans(),
    stop=st.sampled_from(["", ".", "!"]),
)
def test_the_filter_survives_rewording(noun: str, link: str, shout: bool, bullet: bool, stop: str) -> None:
    op = "is" if link == "whose" else "="
    lead = f"Text {noun} {link} pass_tier {op} bronze about the members' night{stop}"
    tail = "Reply IN to hold a spot."
    if shout:
        lead = lead[0].upper() + lead[1:]
        tail = tail.upper().replace("HOLD A SPOT", "hold a spot")
    text = f"- {lead}\n- {tail}" if bullet else f"{lead} {tail}"
    assert _filters(text) == [("pass_tier", "bronze")]
    assert _updates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Planning notes. Referrals: give $15, get $15 as always. SMS ask: check in with quiet subscribers; "
        "no discount codes this time, the free sticker is the hook.",
        "Text everyone about the new patio. Don't offer a discount, the old price was $40.",
        "Without any coupon: just say the bakery reopened.",
    ],
)
def test_a_refused_discount_leaves_no_money_off(text: str) -> None:
    assert extract_brief(text).discounts == []


def test_a_discount_that_is_offered_stays() -> None:
    brief = extract_brief("Give shoppers $15 off with code SPRING15, no code needed in store.")
    assert ("amount", "15") in [(d.kind, d.value) for d in brief.discounts]


def test_a_refusal_for_another_channel_keeps_the_sms_offer() -> None:
    doc = (
        "Plan. Email: no coupons in the newsletter this month. SMS: text people who left items in "
        "their cart; if no reply in 3 hours, follow up with $8 off using code CART8."
    )
    kinds = [(d.kind, d.value or d.code) for d in extract_brief(doc).discounts]
    assert ("code", "CART8") in kinds and ("amount", "8") in kinds


@pytest.mark.parametrize(
    "text",
    [
        "Nuevo curso: usuarios con nivel = avanzado reciben la invitación.",
        "Nouveau cours : membres du club (nivel = avanzado), répondez OUI.",
        "Text owners in the north district (nivel = avanzado) about the new menu.",
    ],
)
def test_a_plain_word_filter_after_an_audience_phrase(text: str) -> None:
    assert _filters(text) == [("nivel", "avanzado")]
