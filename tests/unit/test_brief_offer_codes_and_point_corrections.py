"""Offers written with a currency code ("18 USD off", "GBP 9 off", "45 EUR Rabatt"), a discount
stated only for the last send of a series, corrections that name the list item they fix, and a
percentage put on a product without "off" ("30 % sur le forfait"), in four languages."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _offers(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(d.kind, d.value, d.code) for d in extract_brief(text).discounts]


def _money(text: str) -> list[tuple[str, str | None]]:
    return [(kind, value) for kind, value, _ in _offers(text) if kind in ("percentage", "amount")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Lapsed members: text them 18 USD off their next order.", "18"),
        ("Everyone: 250 USD off the premium bundle this week only.", "250"),
        ("Lunch push: 3 USD off any sandwich before 2pm.", "3"),
        ("Weekend promo for VIPs, GBP 9 off anything in store.", "9"),
        ("Spring blast: USD 40 off all bikes, reply YES to buy.", "40"),
        ("Cart recovery: 14 dollars off if they check out today.", "14"),
        ("Clientes inactivos: 35 EUR de descuento en su próximo pedido.", "35"),
        ("Campaña de invierno: 6 euros de descuento en cualquier gorro.", "6"),
        ("Relance des inactifs : 22 EUR de réduction sur la prochaine commande.", "22"),
        ("Treue Kunden bekommen 45 EUR Rabatt auf die nächste Bestellung.", "45"),
        ("Aktion für alle: 12 CHF Rabatt auf jede Jacke.", "12"),
    ],
)
def test_a_currency_code_before_or_after_the_number_is_money_off(text: str, value: str) -> None:
    assert _money(text) == [("amount", value)]


def test_a_currency_code_amount_keeps_its_code() -> None:
    assert _offers("Happy hour: 5 USD off with code HAPPY5 until 7pm.") == [
        ("amount", "5", None),
        ("code", None, "HAPPY5"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "New streaming plan: your first month for 2 USD, reply JOIN to sign up.",
        "Konzert am Samstag: Karten 22 EUR, Einlass ab 19 Uhr.",
        "Concierto el sábado: entradas a 16 EUR, responde SI para comprar.",
        "Atelier poterie samedi : 35 EUR la séance, répondez OUI pour réserver.",
    ],
)
def test_a_currency_code_price_stays_a_price(text: str) -> None:
    assert _money(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (
            "A 3-part drip on sourdough basics, a text every 2 days. The final text gives 6 USD off flour.",
            "amount",
            "6",
        ),
        ("4-part tips series on houseplants. The last message carries 20% off pots.", "percentage", "20"),
    ],
)
def test_a_discount_on_the_last_part_of_a_drip_is_on_the_last_send(text: str, kind: str, value: str) -> None:
    flow = generate_flow(text, settings=SETTINGS).flow
    sends = [s for s in flow["steps"] if s["type"] == "message"]
    assert len(sends) >= 3
    assert (sends[-1]["discountType"], sends[-1]["discountValue"]) == (kind, value)
    assert all(s["discountType"] == "none" for s in sends[:-1])


@pytest.mark.parametrize(
    ("text", "new", "old", "code"),
    [
        (
            "Plan:\n1. Everyone gets 15% off candles\n2. Reply YES to buy\n"
            "3. Correction to point 1: 35% instead of 15%, code GLOW35",
            "35",
            "15",
            "GLOW35",
        ),
        (
            "Plan:\n1. Todos: 8 % de descuento en toallas\n2. Recordatorio tras 1 día\n"
            "3. Corrección al punto 1: 14 % en vez de 8 %, código PLAYA14",
            "14",
            "8",
            "PLAYA14",
        ),
        (
            "Plan :\n1. 12 % de réduction sur les parapluies\n2. Relance après 2 jours\n"
            "3. Correction du point 1 : 24 % au lieu de 12 %, code PLUIE24",
            "24",
            "12",
            "PLUIE24",
        ),
        (
            "Plan:\n1. Alle Kunden, 10 % Rabatt auf Schals\n2. Erinnerung nach 2 Tagen\n"
            "3. Korrektur zu Punkt 1: statt 10 % bitte 30 % mit Code SCHAL30",
            "30",
            "10",
            "SCHAL30",
        ),
    ],
)
def test_a_correction_to_a_list_item_replaces_its_value(text: str, new: str, old: str, code: str) -> None:
    offers = _offers(text)
    assert ("percentage", new, None) in offers
    assert ("code", None, code) in offers
    assert all(value != old for _, value, _ in offers)
    flow = generate_flow(text, settings=SETTINGS).flow
    carried = {
        str(s.get(k)) for s in flow["steps"] for k in ("discountValue", "discountPercentage", "discount")
    }
    assert old not in carried and f"{old}%" not in carried


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Monthly members: 25% on the annual plan if they switch this week.", "25"),
        ("Abonnés mensuels : 30 % sur le forfait annuel jusqu'à dimanche.", "30"),
        ("Abonnés : 15 % sur l'abonnement premium ce week-end.", "15"),
        ("Usuarios mensuales: 25 % en el plan anual si cambian esta semana.", "25"),
        ("Monatsabonnenten: 35 % auf das Jahrespaket bis Sonntag.", "35"),
    ],
)
def test_a_percentage_on_a_product_is_money_off(text: str, value: str) -> None:
    assert _money(text) == [("percentage", value)]


@pytest.mark.parametrize(
    "text",
    [
        "New linen shirts, 100% linen, 10% of sales go to charity. Reply SEE to look.",
        "Nouveaux t-shirts : 15 % des ventes reversés à une association.",
        "Chemises en 100 % coton, répondez VOIR pour découvrir.",
        "Zapatillas con 40 % de materiales reciclados, responde SI para verlas.",
        "Neue Schuhe aus 60 % recyceltem Material, antworte JA.",
        "Notre boutique a fait 20 % sur les ventes de l'an dernier, merci à vous.",
    ],
)
def test_a_share_is_no_percentage_discount(text: str) -> None:
    assert _money(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Plan:\n1. 10% off mugs\n2. Reminder after 2 days with no reply\n3. Thank-you text",
        "Plan :\n1. 10 % de réduction\n2. Relance après 2 jours sans réponse\n3. Merci",
        "Plan:\n1. 10 % de descuento\n2. Recordatorio si no hay respuesta\n3. Gracias",
        "Plan:\n1. 10 % Rabatt\n2. Erinnerung ohne Antwort nach 2 Tagen\n3. Danke",
    ],
)
def test_the_next_list_number_after_a_reply_line_is_no_keyword(text: str) -> None:
    assert "3" not in extract_brief(text).reply_keywords
