"""Audience conditions written in verb forms, asides and labels the first readers missed."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief


def _events(text: str) -> list[tuple[str | None, str, int | None]]:
    return [(c.action, c.operator, c.days) for c in extract_brief(text).audience if c.kind == "event"]


def _properties(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spanish perfect and subjunctive forms of "placed an order" / "added to the cart"
        (
            "Mensaje para socios que hayan hecho un pedido en los últimos 60 días, con 10 % de descuento.",
            ("placed_order", "has", 60),
        ),
        (
            "Para todo el que haya realizado un pedido en los últimos 20 días: envío gratis con código ENVIO.",
            ("placed_order", "has", 20),
        ),
        (
            "Clientes con un pedido en los últimos 200 días reciben 5 € de descuento.",
            ("placed_order", "has", 200),
        ),
        (
            "Quien haya añadido productos al carrito en los últimos 3 días recibe un 10 % de descuento.",
            ("added_product_to_cart", "has", 3),
        ),
        (
            "Los que han agregado algo a su carrito en los últimos 6 días: 15 % de descuento.",
            ("added_product_to_cart", "has", 6),
        ),
        # French "passer commande"
        (
            "Une offre de 10 % aux clients ayant passé commande dans les 120 derniers jours.",
            ("placed_order", "has", 120),
        ),
        (
            "Écrire aux clientes qui ont passé une commande dans les 33 derniers jours avec 5 € de remise.",
            ("placed_order", "has", 33),
        ),
        # orders placed by text message, in three languages
        (
            "Les clients qui ont passé commande par SMS dans les 9 derniers jours ont 10 % de remise.",
            ("placed_order_text", "has", 9),
        ),
        (
            "Kunden, die in den letzten 12 Tagen per SMS bestellt haben, bekommen 10 % Rabatt.",
            ("placed_order_text", "has", 12),
        ),
        # the window follows a word named inside an aside
        (
            "Everyone who took a peek at (viewed) a product in the last 4 days gets 10% off.",
            ("viewed_product", "has", 4),
        ),
        # outbound texts received, with an adjective before "text"
        (
            "Only people who received a marketing text from us in the last 45 days: 20% off.",
            ("received_outbound", "has", 45),
        ),
    ],
)
def test_event_condition_is_read(text: str, expected: tuple[str, str, int]) -> None:
    assert expected in _events(text)


def test_checkout_not_started_after_a_cart_is_a_negated_condition() -> None:
    text = (
        "Relancer les clients qui ont ajouté un article au panier dans les 2 derniers jours "
        "sans avoir commencé le paiement, avec 10 % de remise."
    )
    events = _events(text)
    assert ("added_product_to_cart", "has", 2) in events
    assert any(action == "started_checkout" and op == "has_not" for action, op, _ in events)


def test_a_vague_aside_after_a_stated_event_adds_no_condition() -> None:
    text = "Text people who received a text from us in the last 60 days (our engaged crowd) with 10% off."
    assert _events(text) == [("received_outbound", "has", 60)]


def test_engaged_on_its_own_still_means_clicked() -> None:
    assert [a for a, _, _ in _events("Send engaged subscribers 10% off this weekend.")] == ["clicked_link"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Spring sale: 20% off rackets for players (property sport = tennis). Reply GO to shop.",
            ("sport", "tennis"),
        ),
        (
            "Mensaje para las familias con la propiedad mascota = perro, 10 % de descuento.",
            ("mascota", "perro"),
        ),
    ],
)
def test_a_named_property_with_a_value_is_a_filter_without_an_audience_noun(
    text: str, expected: tuple[str, str]
) -> None:
    assert expected in _properties(text)


@pytest.mark.parametrize(
    "text",
    [
        "Spring sale, 20% off. Reply GO and we set property sport = tennis.",
        "Spring sale, 20% off. Reply GO; tag them with property sport = tennis.",
    ],
)
def test_a_property_set_by_the_flow_is_still_no_filter(text: str) -> None:
    assert _properties(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "El brief: target = clientes con un pedido en los últimos 100 días. Oferta 8 € con el código X8.",
        "Brief for the team: audience = customers who ordered in the last 100 days, offer 10% off.",
    ],
)
def test_a_section_label_written_with_equals_is_no_property(text: str) -> None:
    assert _properties(text) == []
    assert ("placed_order", "has", 100) in _events(text)


@pytest.mark.parametrize(
    "text",
    [
        "New subscriber welcome: some haven't ordered yet and that's fine. 10% off with code HELLO.",
        "Send our list 15% off; lots of them have never bought anything.",
        "Many of our members haven't purchased yet, so give everyone $5 off.",
    ],
)
def test_a_part_of_the_audience_described_is_no_filter(text: str) -> None:
    assert _events(text) == []


def test_a_filter_on_the_audience_itself_stays() -> None:
    assert _events("Customers who haven't bought in 75 days get 10% off.") == [
        ("placed_order", "has_not", 75)
    ]
