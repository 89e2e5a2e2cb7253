"""A group the brief takes out of its audience becomes the opposite condition, never a filter of
its own: "but exclude anyone with membership = active", "everyone except people who ordered this
week", "todos menos los VIP"; and a brief that sends to the whole list, having said it does not
target buyers, reads no buyer or cart condition at all."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.model import AudienceCondition
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _events(conditions: list[AudienceCondition]) -> list[tuple[str | None, str, int | None]]:
    return [(c.action, c.operator, c.days) for c in conditions if c.kind == "event"]


def _properties(conditions: list[AudienceCondition]) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (c.property_name, c.property_operator, c.property_value) for c in conditions if c.kind == "property"
    ]


def _audience_line(text: str) -> str:
    return next(line for line in understood_lines(extract_brief(text)) if line.startswith("Audience:"))


EXCLUDED_PROPERTY = [
    "Cart abandoners from the last 2 days, but exclude anyone with property membership = active (members get "
    "their own flow). Send their latest cart with free shipping, reply YES to buy.",
    "People who added to cart in the last 2 days, excluding anyone with property membership = active. Free "
    "shipping, reply YES to buy.",
    "Carritos abandonados de los últimos 2 días, excluyendo a los clientes con propiedad membership = active. "
    "Envío gratis, responde SI.",
    "Warenkorbabbrecher der letzten 2 Tage, ausgenommen Kunden mit Eigenschaft membership = active. Kostenloser "
    "Versand, antworte JA.",
]


@pytest.mark.parametrize("text", EXCLUDED_PROPERTY)
def test_an_excluded_property_is_negated_beside_the_cart_event(text: str) -> None:
    audience = extract_brief(text).audience
    assert ("added_product_to_cart", "has", 2) in _events(audience)
    assert _properties(audience) == [("membership", "with a value not equal to", "active")]
    line = _audience_line(text)
    assert "membership ≠ active" in line and "membership = active" in line  # the source words


def test_a_reason_in_brackets_about_another_flow_keeps_the_clause() -> None:
    text = EXCLUDED_PROPERTY[0]
    brief = extract_brief(text)
    assert brief.playbook == "abandoned_cart"
    assert "exclude anyone with property membership = active" in _audience_line(text)
    flow = generate_flow(text, settings=SETTINGS).flow
    segment = next(s for s in flow["steps"] if s["type"] == "segment")
    assert {c.get("propertyOperator") for c in segment["conditions"] if c["type"] == "property"} == {
        "with a value not equal to"
    }
    assert any(s.get("cartSource") == "latest" for s in flow["steps"])


def test_another_campaign_in_the_exclusion_itself_is_still_not_used() -> None:
    # the exclusion names the other campaign outside any aside: no condition is read from it
    audience = extract_brief("Skip anyone who ordered in the spring promo. 10% off with code A10.").audience
    assert audience == []


RULED_OUT_FOR_THE_WHOLE_LIST = [
    "Don't bother targeting past buyers or cart abandoners, this goes to the whole list, including people "
    "who've never ordered. 15% off everything with code SPRING15.",
    "No need to target customers who ordered, send to the whole list, including people who never bought. "
    "Code SPRING15.",
    "No hace falta filtrar por compradores, va a toda la lista, incluidos los que nunca han comprado. "
    "Código SPRING15.",
    "Pas besoin de cibler les acheteurs, c'est pour toute la liste, y compris ceux qui n'ont jamais commandé. "
    "Code SPRING15.",
    "Nicht nur an Käufer, sondern an die ganze Liste, auch an alle, die noch nie bestellt haben. Code SPRING15.",
]


@pytest.mark.parametrize("text", RULED_OUT_FOR_THE_WHOLE_LIST)
def test_ruled_out_buyers_and_the_whole_list_read_no_condition(text: str) -> None:
    brief = extract_brief(text)
    assert brief.audience == []
    assert brief.playbook != "abandoned_cart"


@pytest.mark.parametrize(
    "text, event",
    [
        (
            "Target customers who ordered in the last 30 days, 10% off with code A10.",
            ("placed_order", "has", 30),
        ),
        (
            "Don't target by past orders, but only people who clicked a link in the last 14 days. Code X10.",
            ("clicked_link", "has", 14),
        ),
    ],
)
def test_a_stated_audience_is_still_read(text: str, event: tuple[str, str, int]) -> None:
    assert _events(extract_brief(text).audience) == [event]


EVERYONE_EXCEPT_BUYERS = [
    ("Everyone except people who ordered in the last 7 days gets 10% off with code HELLO10.", "except"),
    (
        "Todos menos los que compraron en los últimos 7 días reciben 10% de descuento con el código HOLA10.",
        "menos",
    ),
    (
        "Tout le monde sauf ceux qui ont commandé cette semaine reçoit 10 % de remise avec le code SALUT10.",
        "sauf",
    ),
    (
        "Alle außer Kunden, die in den letzten 7 Tagen bestellt haben, bekommen 10 % Rabatt mit dem Code HALLO10.",
        "außer",
    ),
]


@pytest.mark.parametrize("text, word", EVERYONE_EXCEPT_BUYERS)
def test_everyone_except_recent_buyers_is_a_has_not(text: str, word: str) -> None:
    audience = extract_brief(text).audience
    assert _events(audience) == [("placed_order", "has_not", 7)]
    line = _audience_line(text)
    assert "has not placed order in the last 7 days" in line and word in line


@pytest.mark.parametrize(
    "text, word",
    [
        ("All subscribers but not VIPs get the early preview, 10% off with code HELLO10.", "but not"),
        ("Todos menos los VIP reciben 10% de descuento con el código HOLA10.", "menos"),
        ("Tout le monde sauf les VIP reçoit 10 % de remise avec le code SALUT10.", "sauf"),
        ("Alle außer den VIPs bekommen 10 % Rabatt mit dem Code HALLO10.", "außer"),
    ],
)
def test_everyone_but_vips_is_a_not_equal(text: str, word: str) -> None:
    audience = extract_brief(text).audience
    assert _properties(audience) == [("customer_type", "with a value not equal to", "vip")]
    assert word in _audience_line(text)


def test_an_exclusion_with_no_condition_in_it_changes_nothing() -> None:
    audience = extract_brief(
        "20% off everything excluding sale items, send to customers who ordered in the last 30 days. Code A20."
    ).audience
    assert _events(audience) == [("placed_order", "has", 30)]


def test_an_excluded_group_with_its_own_flow_gets_no_send_here() -> None:
    lines: list[Any] = understood_lines(extract_brief(EXCLUDED_PROPERTY[0]))
    assert not any(line.startswith("Left out of the audience") for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "Exclude anyone who ordered in the last 30 days. 10% off with code A10.",
        "Skip anyone who ordered in the last 30 days. Code A10.",
        "Don't text anyone who ordered in the last 30 days. Code A10.",
        "Excluye a los que compraron en los últimos 30 días. Código A10.",
        "Excluez ceux qui ont commandé ces 30 derniers jours. Code A10.",
    ],
)
def test_an_excluded_behaviour_is_a_has_not(text: str) -> None:
    assert _events(extract_brief(text).audience) == [("placed_order", "has_not", 30)]


def test_an_excluded_negation_keeps_the_customers_who_did() -> None:
    audience = extract_brief("Skip anyone who hasn't ordered in the last 90 days. Code A10.").audience
    assert _events(audience) == [("placed_order", "has", 90)]


def test_a_send_rule_after_dont_text_takes_no_one_out() -> None:
    text = "Don't text after 8pm. Customers who ordered in the last 30 days get 10% off, code A10."
    assert _events(extract_brief(text).audience) == [("placed_order", "has", 30)]


def test_dont_target_a_group_leaves_it_out() -> None:
    # "don't target anyone who ordered" forbids that group; "don't bother targeting" rules it out
    audience = extract_brief("Don't target anyone who ordered in the last 5 days. Code A10.").audience
    assert _events(audience) == [("placed_order", "has_not", 5)]
