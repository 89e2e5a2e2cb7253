"""The brief interpreter reads clause by clause: kinds, spans, prices, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowgen_core.brief import (
    Discount,
    extract_brief,
    not_a_brief_reason,
    not_understood,
    split_clauses,
)
from flowgen_core.errors import GenerationError, NotABriefError
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

TODAY = date(2026, 11, 24)


def test_clauses_follow_sentences_bullets_and_sections() -> None:
    text = "Audience: lapsed buyers\n- Offer: 15% off, code BACK15\nReply YES to shop. Wait 2 days."
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == [
        "Audience: lapsed buyers",
        "Offer: 15% off, code BACK15",
        "Reply YES to shop.",
        "Wait 2 days.",
    ]
    for clause in clauses:  # every clause carries its source span
        assert text[clause.start : clause.end] == clause.text


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Audience: wholesale accounts", "audience"),
        ("Offer: a tote with every order", "offer"),
        ("Wait 48 hours, then follow up", "timing"),
        ("Reply A for the blue one", "replies"),
        ("No more than 2 texts per week", "caps"),
        ("Only send between 10am and 6pm CST", "windows"),
        ("Tag them as reorder_prompted", "updates"),
        ("Keep the tone playful", "tone"),
        ("The blender is now $119", "price"),
        ("Ofrece un 20% de descuento", "offer"),
        ("Willkommen neue Kunden", "audience"),
    ],
)
def test_each_clause_kind_is_recognised(words: str, kind: str) -> None:
    assert kind in split_clauses(words)[0].kinds


def test_a_price_is_not_a_discount() -> None:
    facts = extract_brief("The blender is now $119, was $149. Text past buyers.", today=TODAY)
    assert facts.discounts == []


def test_money_off_next_to_a_price_is_still_a_discount() -> None:
    facts = extract_brief("The blender is now $119 - take $20 off with code BLEND20.", today=TODAY)
    assert Discount(kind="amount", value="20") in facts.discounts
    assert Discount(kind="amount", value="119") not in facts.discounts


def test_free_shipping_threshold_is_not_money_off() -> None:
    facts = extract_brief("Free shipping over $75 for VIPs this weekend", today=TODAY)
    assert facts.discounts == [Discount(kind="free_shipping")]


def test_an_equation_in_a_replies_clause_is_not_an_audience_filter() -> None:
    facts = extract_brief(
        "Text customers who bought coffee. Reply 1 to reorder. No reply = ship.", today=TODAY
    )
    assert all(c.property_name != "reply" for c in facts.audience)


def test_an_equation_in_an_audience_clause_is_a_filter() -> None:
    facts = extract_brief("Audience: loyalty_tier = gold. Offer 10% off.", today=TODAY)
    assert any(c.property_name == "loyalty_tier" and c.property_value == "gold" for c in facts.audience)


@pytest.mark.parametrize(
    "text",
    [
        "TBD – brief coming later",
        "hjkl",
        "?",
        "🎉🎉🎉",
        "asdf",
        "...",
        "Hola",
        "(copy to come - the team will fill it in)",
        "xkqv plorbt wemnz",
        "What time does the office open?",
        "Good evening! 👋",
        "hey team",
        "q: how does a wait step differ from a delay?",
        "random question: what's a split node for?",
        "[put the campaign brief here]",
    ],
)
def test_non_briefs_get_a_reason(text: str) -> None:
    assert not_a_brief_reason(text)


@pytest.mark.parametrize(
    "text",
    [
        "Win back lapsed buyers",
        "boost VIP reorders",
        "Recupera clientes con 15% de descuento",
        "Bienvenida a nuevos suscriptores",
        "Black Friday sale",
        "more sales this weekend",
        "wait 2 days",
        "rate us 1 to 5",
        "Good morning team, text VIPs 15% off this weekend",
        "Can you text VIP customers 20% off with code VIP20?",
        "Can we run a Black Friday sale?",
    ],
)
def test_short_briefs_are_not_refused(text: str) -> None:
    assert not_a_brief_reason(text) is None


def test_generation_refuses_a_non_brief_with_examples() -> None:
    with pytest.raises(NotABriefError) as raised:
        generate_flow("TBD – brief coming later", settings=Settings(flowgen_generator="offline"))
    assert isinstance(raised.value, GenerationError)  # shells that map GenerationError still answer
    assert len(raised.value.examples) == 3
    assert "campaign brief" in str(raised.value)


def test_a_clause_that_yields_nothing_is_reported() -> None:
    assert not_understood("Text VIPs 15% off. Blorf the quux. Reply YES to shop.") == ["Blorf the quux."]
    result = generate_flow(
        "Text VIPs 15% off. Blorf the quux. Reply YES to shop.",
        settings=Settings(flowgen_generator="offline"),
    )
    assert any(n.startswith("brief_not_understood") and "Blorf the quux." in n for n in result.notices)


_BRIEFS = [
    "Audience: lapsed buyers. Offer: 15% off with code BACK15. Reply YES to shop.",
    "Text VIPs about the sale; wait 2 days then remind them. At most 2 texts per week.",
    "The kettle is now $59, was $79. Tag buyers as kettle_fans.",
]


@given(
    st.sampled_from(_BRIEFS),
    st.sampled_from(["lower", "upper_first", "bullets", "extra_space"]),
)
def test_paraphrase_preserving_changes_keep_the_facts(text: str, change: str) -> None:
    if change == "lower":
        changed = text.replace("Audience:", "audience:").replace("Offer:", "offer:").replace("Text ", "text ")
    elif change == "upper_first":
        changed = text[0].upper() + text[1:]
    elif change == "bullets":
        changed = "\n".join(f"- {part.strip()}" for part in text.split(". ") if part.strip())
    else:
        changed = text.replace(" ", "  ")
    before, after = extract_brief(text, today=TODAY), extract_brief(changed, today=TODAY)
    assert (
        before.discounts,
        before.audience,
        before.waits,
        before.frequency_caps,
        before.property_updates,
    ) == (
        after.discounts,
        after.audience,
        after.waits,
        after.frequency_caps,
        after.property_updates,
    )


def test_indifference_about_past_orders_adds_no_order_condition() -> None:
    facts = extract_brief(
        "Welcome new signups. Everyone gets it, whether they have ordered before or not.", today=TODAY
    )
    assert all(c.action != "placed_order" for c in facts.audience)
    stated = extract_brief("Welcome new signups who have ordered before.", today=TODAY)
    assert any(c.action == "placed_order" for c in stated.audience)


def test_a_property_the_flow_sets_is_no_entry_filter() -> None:
    facts = extract_brief(
        "Invite buyers to the club. If they reply JOIN, set club_status to member. "
        "club_status is new, nobody has it yet.",
        today=TODAY,
    )
    assert all(c.property_name != "club_status" for c in facts.audience)
    assert any(u.name == "club_status" for u in facts.property_updates)


def test_an_audience_clause_may_still_filter_on_a_property_the_flow_updates() -> None:
    facts = extract_brief(
        "Text customers where club_status = member. Then set club_status = renewed after they buy.",
        today=TODAY,
    )
    assert any(c.property_name == "club_status" and c.property_value == "member" for c in facts.audience)
