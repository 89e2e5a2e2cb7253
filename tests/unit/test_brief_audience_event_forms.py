"""Event audiences written with the verb forms, negations, pronoun objects and bracketed event
names people use, and property filters written "whose X property is Y", in English, Spanish,
French and German; plus what is no audience condition (a property the flow sets later, a date
in passing)."""

from __future__ import annotations

import pytest

from tests.audience_readings import events as _events
from tests.audience_readings import properties as _properties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Manda un SMS a la gente que hizo clic en algún enlace en los últimos 14 días con 10% de descuento.",
            [("clicked_link", "has", 14)],
        ),
        (
            "SMS para quienes dieron clic en un enlace en las últimas 2 semanas, 10% de descuento.",
            [("clicked_link", "has", 14)],
        ),
        (
            "Envía un SMS a los clientes que no hicieron clic en ningún enlace en los últimos 30 días.",
            [("clicked_link", "has_not", 30)],
        ),
        (
            "Recordatorio para pacientes que no han tenido cita (pedido) en los últimos 180 días.",
            [("placed_order", "has_not", 180)],
        ),
        (
            "Envía un mensaje a quienes vieron un producto esta semana con 15% de descuento.",
            [("viewed_product", "has", 7)],
        ),
        ("Mensaje para quien ha visto un producto en los últimos 5 días.", [("viewed_product", "has", 5)]),
        ("Mensaje a los clientes que nunca vieron un producto.", [("viewed_product", "has_not", None)]),
    ],
)
def test_spanish_event_forms(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Envoyer un SMS aux personnes qui se sont inscrites aux SMS avec le code BIENVENUE10.",
            [("opted_into_sms", "has", None)],
        ),
        (
            "SMS pour celles qui se sont abonnées aux SMS depuis 10 jours.",
            [("opted_into_sms", "has", 10)],
        ),
        (
            "Relance pour ceux qui n'ont pas cliqué depuis 60 jours, avec 20 % de remise.",
            [("clicked_link", "has_not", 60)],
        ),
        ("SMS aux clients qui n'ont jamais consulté un produit.", [("viewed_product", "has_not", None)]),
        (
            "SMS aux clients qui ont mis quelque chose dans leur panier cette semaine.",
            [("added_product_to_cart", "has", 7)],
        ),
        # "pas" before the relative word is about something else
        (
            "Pas de code promo pour ceux qui ont cliqué sur un lien dans les 30 derniers jours.",
            [("clicked_link", "has", 30)],
        ),
    ],
)
def test_french_event_forms(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SMS an Kunden, die seit 90 Tagen keinen Link geklickt haben, mit 10 % Rabatt.",
            [("clicked_link", "has_not", 90)],
        ),
        (
            "SMS an alle, wer in den letzten 2 Wochen etwas in den Warenkorb gelegt hat, mit Code KORB10.",
            [("added_product_to_cart", "has", 14)],
        ),
        (
            "SMS an Kunden, die in den letzten 7 Tagen einen Link angeklickt haben.",
            [("clicked_link", "has", 7)],
        ),
        ("SMS an Kunden, die nie ein Produkt angesehen haben.", [("viewed_product", "has_not", None)]),
        (
            "SMS an Kunden, die diese Woche etwas in den Warenkorb gelegt haben.",
            [("added_product_to_cart", "has", 7)],
        ),
    ],
)
def test_german_event_forms(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text people who viewed it in the last 10 days with 10% off", [("viewed_product", "has", 10)]),
        ("text people who saw it in the last 10 days with 10% off", [("viewed_product", "has", 10)]),
        ("text folks who visited them in the past 3 days", [("viewed_product", "has", 3)]),
        ("text people who viewed a product this week, 10% off", [("viewed_product", "has", 7)]),
        ("Text people who tapped a link in the last 14 days.", [("clicked_link", "has", 14)]),
        ("Text people who opened one of our links in the last 14 days.", [("clicked_link", "has", 14)]),
        (
            "patients who haven't had a visit (order) in the last 180 days get a reminder",
            [("placed_order", "has_not", 180)],
        ),
        (
            "Text customers who placed an order (placed_order) in the last 30 days.",
            [("placed_order", "has", 30)],
        ),
    ],
)
def test_english_event_forms(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Send a flash sale only for customers whose city property is portland with 20% off.",
            [("city", "with a value of", "portland")],
        ),
        (
            "Birthday text for customers whose birthday_month property is july, code BDAY15.",
            [("birthday_month", "with a value of", "july")],
        ),
        ("Text members whose tier attribute is gold.", [("tier", "with a value of", "gold")]),
        ("Text members whose tier property isn't gold.", [("tier", "with a value not equal to", "gold")]),
    ],
)
def test_whose_property_is(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _properties(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_events", "expected_properties"),
    [
        # a property the flow sets later is no entry filter
        (
            "Text customers whose city property is portland, then set their vip property to yes.",
            [],
            [("city", "with a value of", "portland")],
        ),
        (
            "Text customers who clicked a link in the last 30 days. Afterwards set their city property to portland.",
            [("clicked_link", "has", 30)],
            [],
        ),
        # a date in passing is no window
        (
            "Welcome text for people who subscribed on March 3 and clicked a link.",
            [("clicked_link", "has", None)],
            [],
        ),
        (
            "Text customers who viewed the collection launching this week.",
            [("viewed_product", "has", None)],
            [],
        ),
        ("Text customers who ordered. The sale ends this week.", [("placed_order", "has", None)], []),
        # a bracket that glosses a reply keyword names no audience
        ("Reply 1 (order) or 2 (cancel). Text all customers.", [], []),
    ],
)
def test_no_invented_conditions(
    text: str,
    expected_events: list[tuple[str, str, int | None]],
    expected_properties: list[tuple[str, str, str]],
) -> None:
    assert _events(text) == expected_events
    assert _properties(text) == expected_properties


# One audience, said many ways: each wording must give the same conditions.
_PARAPHRASES = {
    ("clicked_link", "has_not", 90): [
        "Win back customers who haven't clicked a link in the last 90 days.",
        "Recupera a los clientes que no han hecho clic en ningún enlace en los últimos 90 días.",
        "Recupera a los clientes que no hicieron clic en un enlace en los últimos 90 días.",
        "Relancer les clients qui n'ont pas cliqué sur un lien depuis 90 jours.",
        "Relancer les clientes qui n'ont jamais cliqué au cours des 90 derniers jours.",
        "SMS an Kunden, die seit 90 Tagen keinen Link geklickt haben.",
        "SMS an Kunden, die in den letzten 90 Tagen nicht geklickt haben.",
        "Text people who didn't open any link in 90 days.",
        "Envía SMS a quienes no han abierto ningún enlace en 90 días.",
    ],
    ("viewed_product", "has", 7): [
        "Text people who viewed a product in the last 7 days.",
        "Text people who saw it this week.",
        "Envía un SMS a quienes vieron un producto esta semana.",
        "Envía un SMS a quien ha visto un producto en los últimos 7 días.",
        "SMS aux clients qui ont consulté un produit cette semaine.",
        "SMS an Kunden, die in den letzten 7 Tagen ein Produkt angesehen haben.",
        "SMS an Kunden, die diese Woche ein Produkt angeschaut haben.",
    ],
    ("opted_into_sms", "has", None): [
        "Welcome people who subscribed to SMS.",
        "Bienvenida para quienes se suscribieron a los SMS.",
        "Bienvenue aux personnes qui se sont inscrites aux SMS.",
        "Bienvenue à celui qui s'est abonné aux SMS.",
    ],
}


@pytest.mark.parametrize(
    ("expected", "text"),
    [(expected, text) for expected, texts in _PARAPHRASES.items() for text in texts],
)
def test_paraphrases_give_the_same_event(expected: tuple[str, str, int | None], text: str) -> None:
    assert _events(text) == [expected]
