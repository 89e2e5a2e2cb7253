"""Small reader gaps on briefs' own phrasings (sentences written for the test): a cap written as
a prohibition or with "limiter à"/"limitar a", a no-reply window said in the third person or with
"h", a wait corrected into another unit, the shop's most popular products, a product named in
brackets after its id with its quantity after the name, and an order as a noun in the audience."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import Duration, FrequencyCap, extract_brief
from tests.offline_flows import valid_offline_flow
from tests.scoring import requirement_met

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        (
            "Winback with 10% off.\nDon't:\n- don't send more than 2 texts per person in a week",
            FrequencyCap(occurrences=2, timespan=7, period="Days"),
        ),
        (
            "Restock alerts. Never text a customer more than 3 times per customer within a month.",
            FrequencyCap(occurrences=3, timespan=30, period="Days"),
        ),
        (
            "Série de bienvenue, 3 SMS. Limiter à 2 messages par semaine.",
            FrequencyCap(occurrences=2, timespan=7, period="Days"),
        ),
        (
            "Relances de la vente. Limitez à un SMS par jour et par personne.",
            FrequencyCap(occurrences=1, timespan=1, period="Days"),
        ),
        (
            "Serie de bienvenida. Limitar a 2 mensajes por semana.",
            FrequencyCap(occurrences=2, timespan=7, period="Days"),
        ),
        (
            "Serie de bienvenida. Máximo 1 mensaje al día por persona.",
            FrequencyCap(occurrences=1, timespan=1, period="Days"),
        ),
        (
            "Willkommensserie mit 3 SMS, höchstens eine SMS pro Tag.",
            FrequencyCap(occurrences=1, timespan=1, period="Days"),
        ),
        (
            "Willkommensserie. Nicht öfter als einmal am Tag.",
            FrequencyCap(occurrences=1, timespan=1, period="Days"),
        ),
    ],
)
def test_a_cap_as_a_prohibition_or_a_limit_verb_is_read(text: str, cap: FrequencyCap) -> None:
    assert extract_brief(text, TODAY).frequency_caps == [cap]


@pytest.mark.parametrize(
    "text",
    [
        "Bienvenida. No enviar más de 2 SMS por persona a la semana.",
        "Bienvenue. Ne pas envoyer plus de 2 SMS par personne par semaine.",
        "Bienvenue. Ne pas dépasser 2 SMS par semaine.",
        "Willkommen. Nicht mehr als 2 SMS pro Person in der Woche.",
        "Willkommen. Höchstens 2 Nachrichten in der Woche.",
    ],
)
def test_a_prohibition_to_send_more_in_other_languages(text: str) -> None:
    assert extract_brief(text, TODAY).frequency_caps == [
        FrequencyCap(occurrences=2, timespan=7, period="Days")
    ]


def test_a_week_before_a_holiday_is_no_cap() -> None:
    assert (
        extract_brief("Adventsaktion in der Woche vor Weihnachten, 10% Rabatt.", TODAY).frequency_caps == []
    )


def test_a_send_a_week_is_no_cap() -> None:
    assert extract_brief("Send a text a week for 3 weeks.", TODAY).frequency_caps == []


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (
            "Relance panier abandonné. Sans réponse en 24 h, livraison gratuite.",
            Duration(value=24, unit="hours"),
        ),
        ("Relance panier. Sans réponse sous 2 jours, un rappel.", Duration(value=2, unit="days")),
        (
            "Carrito abandonado: envía un SMS. Si no responde en 24 horas, un recordatorio.",
            Duration(value=24, unit="hours"),
        ),
        ("Carrito abandonado. Si no contesta en 2 días, otro SMS.", Duration(value=2, unit="days")),
        ("Warenkorb-SMS. Ohne Antwort in 24 Stunden eine Erinnerung.", Duration(value=24, unit="hours")),
    ],
)
def test_a_no_reply_window_in_other_words(text: str, after: Duration) -> None:
    assert extract_brief(text, TODAY).no_reply_after == [after]


@pytest.mark.parametrize(
    "text",
    [
        "Send a welcome text. Wait 30 min... actually make it 2 hours, then send a reminder.",
        "Send a welcome text. Wait 30 minutes, make that 2 hours, then a reminder.",
        "Envía un SMS. Espera 30 minutos... mejor dicho, 2 horas, y manda un recordatorio.",
        "Envoyez un SMS, attendez 30 minutes, enfin non, 2 heures, puis une relance.",
        "Schick eine SMS, warte 30 Minuten, nein warte, 2 Stunden, dann eine Erinnerung.",
    ],
)
def test_a_wait_corrected_into_another_unit(text: str) -> None:
    assert extract_brief(text, TODAY).waits == [Duration(value=2, unit="hours")]


def test_a_german_wait_between_sends() -> None:
    text = "Willkommens-SMS senden, dann 2 Tage warten, dann eine Erinnerung schicken."
    assert extract_brief(text, TODAY).waits == [Duration(value=2, unit="days")]


def test_a_correction_still_needs_a_value_of_its_measure() -> None:
    # a wait and a discount: no correction between them
    assert extract_brief("Text 1, wait 2 hours, sorry, 10% off in text 2.", TODAY).waits == [
        Duration(value=2, unit="hours")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Winback: text lapsed customers, then show them our most popular products.",
        "Relance des clients inactifs avec nos produits les plus populaires.",
        "Winback para clientes inactivos: mostrar los productos más populares.",
        "Envía un SMS con los productos más vendidos.",
        "Winback-SMS an inaktive Kunden und unsere beliebtesten Produkte zeigen.",
    ],
)
def test_the_most_popular_products_are_a_product_choice_by_popularity(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.cues is not None and brief.cues.named_step == "product_choice"
    flow = valid_offline_flow(text)
    assert requirement_met(
        {"check": "field", "type": "product_choice", "field": "productSelection", "value": "popularity"}, flow
    )


@pytest.mark.parametrize(
    ("text", "quantity", "name"),
    [
        (
            "Replenishment text. Offer product variant 88213 (Daily Comfort 90-pack), quantity 2.",
            2,
            "Daily Comfort 90-pack",
        ),
        ("Reposición: ofrece la variante 88213 (Daily Comfort), cantidad 2.", 2, "Daily Comfort"),
        ("Réassort : variante 88213 (Daily Comfort), quantité 3.", 3, "Daily Comfort"),
        ("Nachkauf: Variante 88213 (Daily Comfort), Menge 2 anbieten.", 2, "Daily Comfort"),
        ("Offer variant 88213 (Daily Comfort) to VIPs.", 1, "Daily Comfort"),
    ],
)
def test_a_product_named_in_brackets_after_its_id(text: str, quantity: int, name: str) -> None:
    [product] = extract_brief(text, TODAY).products
    assert (product.variant_id, product.quantity, product.name) == ("88213", quantity, name)


def test_a_manual_cart_of_the_stated_variant() -> None:
    flow = valid_offline_flow(
        "Replenishment text. Offer product variant 88213 (Daily Comfort 90-pack), quantity 2."
    )
    assert requirement_met({"check": "cart_source", "type": "purchase_offer", "value": "manual"}, flow)
    offer = next(s for s in flow["steps"] if s.get("type") == "purchase_offer")
    assert [(p["productVariantId"], p["quantity"]) for p in offer["products"]] == [("88213", "2")]


@pytest.mark.parametrize(
    ("text", "operator", "days"),
    [
        ("Text customers with an order in the last 30 days about 10% off.", "has", 30),
        ("Text customers w/ a purchase in the last 30 days.", "has", 30),
        ("Nachricht an Kunden mit Bestellung in den letzten 30 Tagen: 10% Rabatt.", "has", 30),
        ("Nachricht an Kunden mit einer Bestellung in den letzten 30 Tagen.", "has", 30),
        ("Clients avec une commande au cours des 30 derniers jours : 10 % de remise.", "has", 30),
        ("Clientes con un pedido en los últimos 30 días: 10% de descuento.", "has", 30),
    ],
)
def test_an_order_as_a_noun_in_the_audience(text: str, operator: str, days: int) -> None:
    [condition] = extract_brief(text, TODAY).audience
    assert (condition.action, condition.operator, condition.days) == ("placed_order", operator, days)


def test_an_order_without_a_window_is_no_audience() -> None:
    assert extract_brief("Text customers with order issues about our support line.", TODAY).audience == []


def test_a_property_after_w_slash() -> None:
    [condition] = extract_brief(
        "Text customers w/ property has_pets = yes about the pet range.", TODAY
    ).audience
    assert (condition.property_name, condition.property_value) == ("has_pets", "yes")


@pytest.mark.parametrize(
    "text",
    [
        "Abandoned cart: send a text, and if no reply in 24 hours a reminder. "
        "Both should be a purchase offer for 1 pair of the Trail Pro (variant id 88213).",
        "Carrito abandonado: un SMS y, si no responde en 24 horas, un recordatorio. "
        "Ambos deben ser una oferta de compra de la variante 88213.",
        "Panier abandonné : un SMS puis, sans réponse en 24 h, une relance. "
        "Les deux doivent être une offre d'achat de la variante 88213.",
        "Warenkorbabbrecher: eine SMS und ohne Antwort in 24 Stunden eine Erinnerung. "
        "Beide als Kaufangebot für Variante 88213.",
    ],
)
def test_both_sends_a_purchase_offer_of_the_stated_variant(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.cues is not None
    assert (brief.cues.named_step, brief.cues.named_step_each_send) == ("purchase_offer", True)
    flow = valid_offline_flow(text)
    offers = [s for s in flow["steps"] if s.get("type") == "purchase_offer"]
    assert len(offers) == 2
    for offer in offers:
        assert offer["cartSource"] == "manual"
        assert [p["productVariantId"] for p in offer["products"]] == ["88213"]


def test_both_without_a_named_step_changes_no_send() -> None:
    brief = extract_brief("Two texts, both short and friendly, 10% off in the first.", TODAY)
    assert brief.cues is not None and not brief.cues.named_step_each_send
