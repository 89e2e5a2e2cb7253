"""Terse briefs: "VIP / 20% / reply YES / 2d reminder" names its offer, window and code in bare items.

A bare percentage or sum that is a whole item of a list of three or more is the offer (not after a
goal or a rate: "KPI / 20%"); a span right after an event ends its item ("havent ordered 45d");
a code in capitals with a digit right after the offer is its code ("$15 off with SNKR15");
plural cart nouns and "des/de los N derniers jours/últimos días" read in French, Spanish, German.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief.extract import extract_brief


def _offers(text: str) -> list[tuple[str, str | None]]:
    return [(d.kind, d.value or d.code) for d in extract_brief(text).discounts]


@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("VIP / 20% / reply YES / 2d reminder", ("percentage", "20")),
        ("lapsed / $5 / reply YES", ("amount", "5")),
        ("VIP; 15%; reply YES", ("percentage", "15")),
        ("- VIPs\n- 25%\n- reply SHOP", ("percentage", "25")),
    ],
)
def test_a_bare_value_item_of_a_terse_list_is_the_offer(text: str, offer: tuple[str, str]) -> None:
    assert offer in _offers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Growth / 20% / Q3",
        "KPI / 20% / reply YES / vip",
        "KPI: 3 % conversion; budget 800 €; reply YES",
        "20% / 80%",
    ],
)
def test_a_bare_share_after_a_goal_is_no_offer(text: str) -> None:
    assert not [o for o in _offers(text) if o[0] in ("percentage", "amount")]


@pytest.mark.parametrize(
    "text",
    [
        "ppl who havent ordered 45d, reply YES",
        "no order 45d / reply YES / 20% off",
        "havent ordered 45 days / 10% off",
    ],
)
def test_a_span_right_after_the_event_is_its_window(text: str) -> None:
    conditions = extract_brief(text).audience
    assert [(c.action, c.operator, c.days) for c in conditions] == [("placed_order", "has_not", 45)]


def test_a_span_followed_by_more_words_is_no_terse_window() -> None:
    conditions = extract_brief("customers who ordered 3 days later get a reply, reply YES").audience
    assert all(c.days != 3 for c in conditions)


@pytest.mark.parametrize(
    ("text", "code"),
    [("$15 off with SNKR15, reply SHOP", "SNKR15"), ("20% off using FALL20 this weekend", "FALL20")],
)
def test_a_code_right_after_the_offer(text: str, code: str) -> None:
    assert ("code", code) in _offers(text)


def test_a_word_in_capitals_after_an_offer_is_no_code() -> None:
    assert not [o for o in _offers("20% off with VIP pricing") if o[0] == "code"]


def test_the_versus_variant_ends_at_its_list_item() -> None:
    experiment = extract_brief(
        "boba / A/B: BOGO vs 30% off / ppl who havent ordered 45d / reply YES"
    ).experiment
    assert experiment is not None and experiment.variants == ["bogo", "30% off"]


@pytest.mark.parametrize(
    "text",
    [
        "Relancer les paniers abandonnés des 3 derniers jours, répondre OUI pour acheter.",
        "Carritos abandonados de los últimos 3 días: enviar su último carrito, responder SÍ para comprar.",
        "Abgebrochene Warenkörbe der letzten 3 Tage: den letzten Warenkorb schicken, Antwort JA zum Kaufen.",
    ],
)
def test_plural_abandoned_carts_with_their_window(text: str) -> None:
    brief = extract_brief(text)
    assert brief.playbook == "abandoned_cart"
    assert [(c.action, c.days) for c in brief.audience] == [("added_product_to_cart", 3)]
