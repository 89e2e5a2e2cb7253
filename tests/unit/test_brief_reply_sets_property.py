"""A reply that sets a property, and a reply that leads to the latest cart, in four languages."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings


def _updates(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(u.name, u.value, u.on_reply) for u in extract_brief(text).property_updates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reply CLUB to join, and pop a property club_2026 = yes on them.", ("club_2026", "yes", "club")),
        (
            "Let them reply DEMO to book one, and add the property demo_lead = true.",
            ("demo_lead", "true", "demo"),
        ),
        (
            "Ask them to reply TRY and record trial_interest = yes when they do.",
            ("trial_interest", "yes", "try"),
        ),
        ("Reply RSVP to come, then save rsvp_status = going on them.", ("rsvp_status", "going", "rsvp")),
        (
            "Que respondan CATA para apuntarse y les guardamos la propiedad cata_vinos = si.",
            ("cata_vinos", "si", "cata"),
        ),
        ("Réponse COURS → on enregistre la propriété cours_mars = oui.", ("cours_mars", "oui", "cours")),
        ("Réponse PLUS → on note la propriété relance_the = non.", ("relance_the", "non", "plus")),
        ("Antwort KURS → wir speichern die Eigenschaft kurs_mai = ja.", ("kurs_mai", "ja", "kurs")),
    ],
)
def test_a_reply_sets_the_property_named_with_its_value(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _updates(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reply CLUB to join, and pop a property club_2026 = yes on them.",
        "Ask them to reply TRY and record trial_interest = yes when they do.",
    ],
)
def test_a_property_the_reply_sets_is_no_audience_filter(text: str) -> None:
    assert not [c for c in extract_brief(text).audience if c.kind == "property"]


def test_a_reply_meaning_ends_at_and_in_the_briefs_language() -> None:
    brief = extract_brief("Que respondan CATA para apuntarse y les guardamos la propiedad cata_vinos = si.")
    assert brief.reply_meanings["cata"] == "apuntarse"


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        (
            "Customers who ordered in the last 60 days, $5 off. Reply AGAIN → their latest cart, one reply to buy.",
            "again",
        ),
        (
            "Clientes con un pedido en los últimos 60 días: 5 € de descuento. Si responden OTRA → su último carrito.",
            "otra",
        ),
        (
            "Clients ayant commandé dans les 60 derniers jours, 5 € de remise. Réponse ENCORE → leur dernier panier.",
            "encore",
        ),
        (
            "Kunden, die in den letzten 60 Tagen bestellt haben, 5 € Rabatt. Antwort NOCHMAL → ihren letzten Warenkorb.",
            "nochmal",
        ),
    ],
)
def test_a_reply_routed_with_an_arrow_to_the_last_cart_reaches_a_cart_offer(text: str, keyword: str) -> None:
    flow = generate_flow(text, settings=Settings(flowgen_generator="offline")).flow
    steps = {s["id"]: s for s in flow["steps"]}
    targets = [
        steps[e["nextStepID"]]
        for s in flow["steps"]
        for e in s.get("events", [])
        if e.get("type") == "reply" and str(e.get("intent", "")).lower() == keyword
    ]
    assert targets
    assert all(t["type"] == "purchase_offer" and t.get("cartSource") == "latest" for t in targets)
