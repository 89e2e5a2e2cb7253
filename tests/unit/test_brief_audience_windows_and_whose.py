"""Event audiences whose window is written with fillers or asides, and property filters written
as "whose NAME is VALUE" or in a clause that opens with "only", in English, Spanish, French and
German."""

from __future__ import annotations

import pytest

from tests.audience_readings import events as _events
from tests.audience_readings import properties as _properties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hesitation or a comma-set aside inside the window
        (
            "Text shoppers who browsed the boots page in the past, um, three weeks about the sale.",
            [("viewed_product", "has", 21)],
        ),
        (
            "Message anyone who clicked a link in the last, say, 10 days with 15% off.",
            [("clicked_link", "has", 10)],
        ),
        (
            "Ping guests who ordered in the last, uhh, month with a thank-you.",
            [("placed_order", "has", 30)],
        ),
        # a bracketed aside about another thing saying it does not matter
        (
            "Send to people who bought in the last 21 days (vip or not, don't filter on tier).",
            [("placed_order", "has", 21)],
        ),
        (
            "Text buyers who placed an order in the past 30 days (subscribers or not) about the refill.",
            [("placed_order", "has", 30)],
        ),
        # Spanish preterite "pidieron", French "n'ayant pas", German "den Checkout angefangen"
        (
            "Mandar un SMS a las personas que pidieron en los últimos 20 días con 10% de descuento.",
            [("placed_order", "has", 20)],
        ),
        (
            "Écrire aux clients n'ayant pas commandé depuis 60 jours, avec 15 % de remise.",
            [("placed_order", "has_not", 60)],
        ),
        (
            "SMS an alle Kunden, die den Checkout angefangen haben, mit 10 % Rabatt.",
            [("started_checkout", "has", None)],
        ),
        (
            "SMS an Leute, die den Bezahlvorgang begonnen haben: 5 € Rabatt.",
            [("started_checkout", "has", None)],
        ),
    ],
)
def test_event_window_with_fillers_and_foreign_verbs(
    text: str, expected: list[tuple[str, str, int | None]]
) -> None:
    assert _events(text) == expected


def test_indifference_about_the_event_itself_still_drops_it() -> None:
    assert _events("Send to everyone, whether or not they ordered in the last 30 days.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Audience: subscribers whose plan is monthly_flex", ("plan", "monthly_flex")),
        ("Text only folks whose region is north about the new depot.", ("region", "north")),
        ("Only dog owners whose breed is Collie get the grooming offer.", ("breed", "collie")),
        ("Only species = rabbit owners get the hay discount.", ("species", "rabbit")),
        ("Text only city = york, 10% off this weekend.", ("city", "york")),
        ("Envía un SMS solo a los socios cuyo nivel es oro.", ("nivel", "oro")),
        ("Envoyez un SMS aux membres dont la formule est duo.", ("formule", "duo")),
        ("SMS an Mitglieder, deren Tarif Familie ist.", ("tarif", "familie")),
    ],
)
def test_whose_name_is_value_is_a_property_filter(text: str, expected: tuple[str, str]) -> None:
    assert [(name, value) for name, _, value in _properties(text)] == [expected]


def test_whose_name_is_not_value_is_a_negated_filter() -> None:
    assert _properties("Text members whose tier isn't bronze about the upgrade.") == [
        ("tier", "with a value not equal to", "bronze")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Text customers whose order is late an apology and a 10% code.",
        "Text customers whose cart is empty a reminder about the sale.",
        "Only one text, please, on Friday at 10am.",
    ],
)
def test_a_state_after_whose_or_a_leading_only_adds_no_property(text: str) -> None:
    assert _properties(text) == []
