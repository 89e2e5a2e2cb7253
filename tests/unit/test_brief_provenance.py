"""Each fact of a brief carries its source: the brief's words, their offsets, stated or assumed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.brief import CampaignBrief, Discount, Duration, extract_brief, understood_lines
from flowgen_core.brief.provenance import locate_sources, source_of
from flowgen_core.brief.source import FactSource

TODAY = date(2026, 11, 2)


def _source(text: str, fact: str, index: int = 0) -> FactSource:
    brief = extract_brief(text, today=TODAY)
    source = source_of(brief.sources, brief, fact, index)
    assert source is not None, [s.model_dump() for s in brief.sources]
    if source.how == "stated":
        assert source.start is not None and source.end is not None
        assert text[source.start : source.end] == source.words
    return source


@pytest.mark.parametrize(
    ("text", "fact", "index", "words"),
    [
        ("Win back lapsed buyers (no order in 90 days) with 15% off.", "audience", 0, "no order in 90 days"),
        ("Audience: tier = gold. Offer: 10% off.", "audience", 0, "tier = gold"),
        ("Give them twenty percent off this week.", "offer", 0, "twenty percent off"),
        ("Take $15 off the skillet.", "offer", 0, "$15 off"),
        ("15% off with code BACK15, today only.", "offer", 1, "code BACK15"),
        ("Free shipping over $75 for VIPs.", "offer", 0, "Free shipping"),
        ("Clientes VIP: 20% de descuento con el código VIP20.", "offer", 0, "20% de descuento"),
        ("Text our VIPs. Reply YES to shop now.", "reply", 0, "Reply YES to shop now"),
        ("Send a text, wait 48h, then send a reminder.", "wait", 0, "48h"),
        ("Send 3 texts a week apart.", "wait", 1, "a week apart"),
        ("Ask them to reply YES. If no reply in 2 days, send one reminder.", "no_reply_wait", 0, "2 days"),
        ("Ask them to reply YES. If no reply in 2 days, send one reminder.", "reminders", 0, "one reminder"),
        ("15% off for VIPs. No more than 2 texts per week.", "cap", 0, "No more than 2 texts per week"),
        ("15% off for VIPs. Only once per customer.", "entry_limit", 0, "Only once per customer"),
        ("15% off for VIPs. Send 12/26 – 1/2.", "send_window", 0, "12/26 – 1/2"),
        ("15% off. Only send between 10am and 7pm Eastern time.", "send_hours", 0, "between 10am and 7pm"),
        ("Reply YES for the kettle. Tag them as kettle_fan.", "update", 0, "Tag them as kettle_fan"),
        (
            "Promote our Premium Headphones (variant id 4455): a purchase offer for 1 unit",
            "product",
            0,
            "Premium Headphones (variant id 4455)",
        ),
        ("15% off for VIPs, as a four-way test.", "test", 0, "four-way test"),
        ("15% off for VIPs, A/B test 50/50.", "test_split", 0, "50/50"),
        (
            "Relance panier abandonné avec 10% de réduction. Les SMS doivent être rédigés en anglais.",
            "language",
            0,
            "Les SMS doivent être rédigés en anglais.",
        ),
    ],
)
def test_a_stated_fact_points_at_its_words(text: str, fact: str, index: int, words: str) -> None:
    source = _source(text, fact, index)
    assert source.how == "stated"
    assert source.words == words


@pytest.mark.parametrize(
    ("text", "fact", "how"),
    [
        ("15% off for everyone this weekend.", "audience", "default"),
        ("15% off for VIPs, A/B test.", "test_split", "default"),
        ("Win back lapsed buyers with 15% off.", "playbook", "assumed"),
        ("Clientes VIP: 20% de descuento. Responde SI.", "language", "assumed"),
        ("Rate your visit from 1 to 3: reply with a number.", "reply", "assumed"),  # "2" is inferred
    ],
)
def test_an_inferred_or_default_fact_has_no_words(text: str, fact: str, how: str) -> None:
    brief = extract_brief(text, today=TODAY)
    sources = [s for s in brief.sources if s.fact == fact and s.how == how]
    assert sources, [s.model_dump() for s in brief.sources]
    assert all(s.words == "" and s.start is None and s.end is None for s in sources)


_FRAGMENTS = [
    "Win back lapsed buyers (no order in 90 days)",
    "give them twenty percent off",
    "use code BACK15",
    "take $15 off",
    "free shipping over $75",
    "reply YES to shop, NO to skip",
    "wait 48h then remind them",
    "send 3 texts a week apart",
    "if no reply in 2 days, nudge once",
    "no more than 2 texts per week",
    "only once per customer",
    "send 12/26 – 1/2",
    "only between 10am and 7pm Eastern",
    "tag them as vip_fan",
    "Audience: tier = gold",
    "four-way test",
    "A/B test 70/30",
    "Premium Headphones (variant id 4455)",
    "VIPs only",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=30), min_size=1, max_size=8),
    joiner=st.sampled_from([". ", "\n- ", "; ", " — ", "\n"]),
)
def test_every_source_span_is_the_brief_s_own_words(parts: list[str], joiner: str) -> None:
    text = joiner.join(parts)
    brief = extract_brief(text, today=TODAY)
    for source in brief.sources:
        if source.how == "stated":
            assert source.start is not None and source.end is not None
            assert 0 <= source.start < source.end <= len(text)
            assert text[source.start : source.end] == source.words
        else:
            assert source.start is None and source.end is None and source.words == ""


_QUOTE_RE = re.compile(r"“([^”]*)”")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=6))
def test_the_summary_quotes_only_stated_words(parts: list[str]) -> None:
    text = ". ".join(parts)
    brief = extract_brief(text, today=TODAY)
    stated = {" ".join(s.words.split()) for s in brief.sources if s.how == "stated"}
    for line in understood_lines(brief):
        for quoted in _QUOTE_RE.findall(line):
            assert quoted.rstrip("…") and any(words.startswith(quoted.rstrip("…")) for words in stated), line


def test_an_assumed_fact_is_never_shown_as_stated() -> None:
    # a fact the brief's words do not hold (a planner default, a hand-made brief) is "Assumed"
    brief = CampaignBrief(
        text="Text our VIPs about the new kettle.",
        discounts=[Discount(kind="percentage", value="30")],
        waits=[Duration(value=3, unit="days")],
    )
    lines = understood_lines(brief)
    assert not any(line.startswith(("Offer:", "Timing:")) for line in lines), lines
    assert "Assumed: offer 30% off (not found in the brief's words)" in lines
    assert "Assumed: wait 3 days (not found in the brief's words)" in lines


def test_inferred_replies_are_listed_as_assumed() -> None:
    lines = understood_lines(extract_brief("Rate your visit from 1 to 3: reply with a number.", today=TODAY))
    replies = next(line for line in lines if line.startswith("Replies:"))
    assert "2" not in replies.split(" — from ")[0]
    assert "Assumed: reply 2 (not found in the brief's words)" in lines


def test_a_stated_line_quotes_the_brief_s_words() -> None:
    lines = understood_lines(extract_brief("Give VIPs twenty percent off with code VIP20.", today=TODAY))
    assert "Offer: 20% off, code VIP20 — from “twenty percent off”, “code VIP20”" in lines


def test_a_changed_fact_is_not_quoted_with_the_old_words() -> None:
    brief = extract_brief("Give VIPs 15% off this weekend.", today=TODAY)
    refined = brief.model_copy(update={"discounts": [Discount(kind="percentage", value="20")]})
    lines = understood_lines(refined)
    assert "Offer: 20% off" in lines
    assert not any("15% off" in line for line in lines)


def test_sources_stay_out_of_the_facts_dump() -> None:
    brief = extract_brief("Give VIPs 15% off this weekend.", today=TODAY)
    assert brief.sources
    assert "sources" not in brief.model_dump()


def test_a_hand_made_brief_is_located_on_demand() -> None:
    brief = CampaignBrief(text="Give VIPs 15% off.", discounts=[Discount(kind="percentage", value="15")])
    assert [(s.fact, s.words) for s in locate_sources(brief) if s.fact == "offer"] == [("offer", "15% off")]
    assert "Offer: 15% off — from “15% off”" in understood_lines(brief)
