"""Words said in passing are no facts of the flow: a capitalised audience word is no reply
keyword, a product clause's "viewed" no audience, a VIP that qualifies a thing no VIP filter,
and background (last year's offer, a competitor's, what some customers already got) nothing."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief


def _conditions(text: str) -> set[str]:
    return {c.action or c.property_name or "" for c in extract_brief(text).audience}


def _percents(text: str) -> set[int]:
    return {int(d.value or 0) for d in extract_brief(text).discounts if d.kind == "percentage"}


@pytest.mark.parametrize(
    "brief",
    [
        "Text VIP customers about the new range, reply YES to order",
        "Send VIP members a note about the spring drop, reply YES to browse",
        "Message VIP shoppers about the restock; text VIP customers, reply YES to reserve one",
    ],
)
def test_audience_word_after_text_is_no_keyword(brief: str) -> None:
    facts = extract_brief(brief)
    assert "vip" not in facts.reply_keywords
    assert "yes" in facts.reply_keywords
    assert "customer_type" in _conditions(brief)  # the VIPs are still the audience


def test_keyword_after_text_still_read() -> None:
    assert "join" in extract_brief("Text JOIN to get our deals, VIP customers only").reply_keywords


@pytest.mark.parametrize(
    "brief",
    [
        "Send everyone the products each person recently viewed, reply BUY",
        "Winback for lapsed customers: reply SHOP for recently viewed pairs",
        "Text the whole list with the items they recently viewed, reply YES to buy",
        "Lapsed buyers winback: show the items they viewed recently, reply SHOP",
        "Schick allen die Produkte, die sie zuletzt angesehen haben, antworte KAUFEN",
    ],
)
def test_viewed_in_a_product_clause_is_no_audience(brief: str) -> None:
    assert "viewed_product" not in _conditions(brief)


@pytest.mark.parametrize(
    "brief",
    [
        "Text customers who viewed a product in the last 7 days, reply BUY",
        "Shoppers who recently viewed the boots get 10% off",
        "Schreib allen, die in den letzten 7 Tagen ein Produkt angesehen haben",
    ],
)
def test_viewers_stay_an_audience(brief: str) -> None:
    assert "viewed_product" in _conditions(brief)


@pytest.mark.parametrize(
    "brief",
    [
        "20% off with VIP pricing for everyone",
        "Our VIP lounge reopens - tell the whole list",
        "Tell the whole list our VIP event tickets are on sale, reply TIX",
        "Precios VIP para todos este fin de semana, envía a toda la lista",
        "Tarifs VIP pour tout le monde ce week-end, écrivez à toute la liste",
        "VIP-Preise für alle dieses Wochenende, schreib der ganzen Liste",
    ],
)
def test_vip_qualifying_a_thing_is_no_filter(brief: str) -> None:
    facts = extract_brief(brief)
    assert "customer_type" not in _conditions(brief)
    assert facts.playbook != "vip_reorder"


@pytest.mark.parametrize(
    "brief",
    [
        "VIP customers only: 20% off, reply YES",
        "Oferta especial: 20% de descuento para clientes VIP, responde SI para comprar",
        "VIP pricing for our VIPs this weekend",
        "boost VIP reorders",
    ],
)
def test_vips_stay_an_audience(brief: str) -> None:
    assert "customer_type" in _conditions(brief)


@pytest.mark.parametrize(
    ("brief", "absent"),
    [
        ("Our competitor is doing 40% off, but we only announce our new arrivals. Text all subscribers", 40),
        ("Last year's 25% off sale did well. This year: 15% off for VIP customers", 25),
        ("El año pasado hicimos un 30 % de descuento; este año solo anunciar la nueva carta a todos", 30),
        ("L'an dernier on a fait -30 %; cette année juste annoncer la nouvelle carte à tous", 30),
        ("Letztes Jahr gab es 30 % Rabatt; dieses Jahr nur die neue Karte an alle ankündigen", 30),
    ],
)
def test_background_offer_is_no_discount(brief: str, absent: int) -> None:
    assert absent not in _percents(brief)


def test_offer_after_background_still_read() -> None:
    assert _percents("Last year's 25% off sale did well. This year: 15% off for VIP customers") == {15}
    assert _percents("Competitors offer free shipping; we give 10% off to everyone") == {10}
    kinds = {
        d.kind
        for d in extract_brief("Competitors offer free shipping; we give 10% off to everyone").discounts
    }
    assert "free_shipping" not in kinds


@pytest.mark.parametrize(
    "brief",
    [
        "Clients who bought in March already got a survey. Text everyone about the summer sale, 20% off",
        "Los clientes que compraron la semana pasada ya recibieron un aviso. Envía a todos la oferta de 15 %",
        "Kunden, die letzte Woche bestellt haben, bekamen schon eine Verspätungsnachricht. Schreib allen: 15 % Rabatt",
    ],
)
def test_customers_told_in_passing_are_no_audience(brief: str) -> None:
    facts = extract_brief(brief)
    assert "placed_order" not in _conditions(brief)
    assert facts.playbook != "survey"


def test_send_to_those_who_already_got_it_keeps_its_audience() -> None:
    assert "placed_order" in _conditions(
        "Text customers who bought in March and already got a survey, 10% off"
    )
