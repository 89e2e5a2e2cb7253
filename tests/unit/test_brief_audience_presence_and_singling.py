"""Audience readings: a property named with no value (it must exist), month spans and hurried
typing of "haven't ordered", a checkout started without an order, Spanish event verbs, and VIPs
named only to say the campaign does not single them out; sentences written for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

TODAY = date(2026, 3, 2)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _props(text: str) -> set[tuple[str | None, str | None, str | None]]:
    facts = extract_brief(text, today=TODAY)
    return {
        (c.property_name, c.property_operator, c.property_value)
        for c in facts.audience
        if c.kind == "property"
    }


def _events(text: str) -> set[tuple[str | None, str, int | None]]:
    facts = extract_brief(text, today=TODAY)
    return {(c.action, c.operator, c.days) for c in facts.audience if c.kind == "event"}


# 1. a property with no value: "that exists"
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tell our regulars (property punch_card) about double stamps this week.", "punch_card"),
        ("Ping patients where property next_visit exists with a booking link.", "next_visit"),
        ("Members with property shoe_size (any value) get first pick of the restock.", "shoe_size"),
        ("Text subscribers whose property referrer is set about the referral bonus.", "referrer"),
        (
            "Escribe a los clientes con la propiedad talla_zapato (cualquier valor) sobre la reposición.",
            "talla_zapato",
        ),
        ("Écrivez aux abonnés dont la propriété date_naissance existe pour la surprise.", "date_naissance"),
        ("Schreib allen Kunden mit gesetzter Eigenschaft kunden_nummer zur neuen Filiale.", "kunden_nummer"),
    ],
)
def test_property_named_without_a_value_must_exist(text: str, name: str) -> None:
    assert (name, "that exists", None) in _props(text)


def test_a_property_the_flow_sets_is_no_existence_filter() -> None:
    assert not _props("Promo for everyone; set property promo_seen for anyone who replies YES.")


# 2. month spans and hurried typing
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("buyers who hvnt ordrd in 2 months get a nudge with 10% off", 60),
        ("anyone that didnt buy in 3 months, send a comeback note", 90),
        ("people who havent purchased in 2 months get free shipping", 60),
        ("subscribers who havent purchsed in 3 months get a note", 90),
        ("customers who haven't bought in 3 months: win them back", 90),
    ],
)
def test_lapsed_buyers_in_months(text: str, days: int) -> None:
    assert ("placed_order", "has_not", days) in _events(text)


# 3. checkout started, no order placed
@pytest.mark.parametrize(
    "text",
    [
        "shoppers who began checkout in the last 2 days but did not place an order get a reminder",
        "people that started a checkout in the past 4 days but haven't ordered yet: nudge them",
        "Clientes que iniciaron el pago en los últimos 2 días pero no compraron reciben un recordatorio.",
    ],
)
def test_checkout_without_order(text: str) -> None:
    events = _events(text)
    assert any(a == "started_checkout" and op == "has" for a, op, _ in events)
    assert any(a == "placed_order" and op == "has_not" for a, op, _ in events)


# 4. Spanish (and French/German) event verbs
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clientes que empezó el checkout en los últimos 6 días reciben su carrito.",
            ("started_checkout", "has", 6),
        ),
        (
            "Compradores que comenzaron el pago en los últimos 3 días: recuérdales.",
            ("started_checkout", "has", 3),
        ),
        (
            "Usuarios que vio un producto en los últimos 9 días reciben novedades.",
            ("viewed_product", "has", 9),
        ),
        (
            "Clientes que se suscribieron a SMS en los últimos 45 días reciben un regalo.",
            ("opted_into_sms", "has", 45),
        ),
        (
            "Les clients qui ont commencé le paiement ces 5 derniers jours reçoivent un rappel.",
            ("started_checkout", "has", 5),
        ),
        (
            "Kunden, die in den letzten 4 Tagen den Checkout begonnen haben, bekommen eine SMS.",
            ("started_checkout", "has", 4),
        ),
        (
            "Kunden, die in den letzten 12 Tagen ein Produkt angesehen haben, bekommen Tipps.",
            ("viewed_product", "has", 12),
        ),
    ],
)
def test_event_verbs_in_other_languages(text: str, expected: tuple[str, str, int]) -> None:
    assert expected in _events(text)


# 5. VIPs named only to say the campaign does not single them out
SINGLING_OUT = [
    "Flash sale 25% off for the whole list; please don't single out our VIPs or founding backers.",
    "Weekend promo for all subscribers, not just for the VIPs.",
    "Restock alert for everybody, there is no need to target the VIPs this time.",
    "Oferta de otoño para toda la lista, sin destacar a los VIP.",
    "Promo d'automne pour toute la liste, sans mettre en avant les VIP.",
    "Herbstaktion für die ganze Liste, ohne die VIPs hervorzuheben.",
]


@pytest.mark.parametrize("text", SINGLING_OUT)
def test_vips_not_singled_out_make_no_filter_and_no_copy(text: str) -> None:
    result: Any = generate_flow(text, settings=SETTINGS)
    flow = result.flow if hasattr(result, "flow") else result
    conditions = [c for s in flow["steps"] if s["type"] == "segment" for c in s["conditions"]]
    assert not any(c.get("propertyName") == "customer_type" for c in conditions)
    texts = [s.get("text") or "" for s in flow["steps"]]
    assert not any("vip" in t.lower() for t in texts)


def test_a_vip_audience_still_reads() -> None:
    assert ("customer_type", "with a value of", "vip") in _props(
        "Early access for VIPs: 20% off the new line."
    )
