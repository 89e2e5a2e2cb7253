"""Offers a brief limits to one send, takes back with an earlier draft, or names only as a threshold."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.corrections import apply_corrections
from flowgen_core.planners.offline.composer import OfflineGenerator


def _flow(text: str) -> dict[str, Any]:
    return OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow


def _sends(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if "discountType" in s and s.get("text")]


# ------------------------------------------------------------------ a refusal for one send only


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Text our members about the new winter boots, no coupon on this first one. If they haven't "
            "answered after 24 hours, follow up with 10% off and code BOOTS10.",
            "BOOTS10",
        ),
        (
            "Announce the new menu to subscribers; for the first text no discount. No reply in 2 days? "
            "Send a reminder with 10% off, code MENU10.",
            "MENU10",
        ),
        (
            "Envía un SMS a los suscriptores sobre el nuevo menú de otoño, sin descuento en el primer SMS. "
            "Si no responden en 24 horas, manda un recordatorio con un 10 % de descuento con el código OTONO10.",
            "OTONO10",
        ),
        (
            "Envoyez un SMS aux abonnés pour le nouveau menu d'automne, pas de remise sur le premier. "
            "S'ils ne répondent pas sous 24 heures, envoyez un rappel avec 10 % de remise avec le code AUTOMNE10.",
            "AUTOMNE10",
        ),
        (
            "Schickt den Abonnenten eine SMS zum neuen Herbstmenü, kein Rabatt bei der ersten SMS. Wenn sie "
            "nicht innerhalb von 24 Stunden antworten, schickt eine Erinnerung mit 10 % Rabatt mit dem Code HERBST10.",
            "HERBST10",
        ),
    ],
)
def test_a_refusal_scoped_to_the_first_send_keeps_the_reminder_offer(text: str, code: str) -> None:
    brief = extract_brief(text)
    assert any(d.kind == "percentage" and d.value == "10" for d in brief.discounts)
    sends = _sends(_flow(text))
    first, later = sends[0], sends[1:]
    assert first["discountType"] == "none" and not first["discountCode"]
    assert "10%" not in first["text"] and code not in first["text"]
    offered = [s for s in later if s["discountType"] == "percentage"]
    assert offered and offered[0]["discountValue"] == "10" and offered[0]["discountCode"] == code


def test_a_refusal_for_the_whole_flow_still_refuses() -> None:
    brief = extract_brief("Text everyone about the new boots, no discount. Reminder after 24 hours.")
    assert brief.discounts == [] and brief.no_discount


# ------------------------------------------------------------------ a scrapped earlier draft


@pytest.mark.parametrize(
    "text",
    [
        "Disregard the draft I sent on Tuesday with 20% off, we've dropped the discount entirely. "
        "Final version: text everyone that the spring collection is in store now.",
        "Olvida el borrador con el 20 %, ya no hay descuento. Nueva versión: avisa por SMS a todos los "
        "clientes de que la colección de primavera ya está en tienda.",
        "Oubliez la version avec -15 %, plus de remise. Nouvelle version : annoncez par SMS à tous les "
        "clients que la collection de printemps est arrivée en boutique.",
        "Vergesst den Entwurf mit 15 %, kein Rabatt mehr. Neue Version: schickt allen Kunden eine SMS, "
        "dass die Frühjahrskollektion jetzt im Laden ist.",
    ],
)
def test_a_scrapped_draft_leaves_no_discount_anywhere(text: str) -> None:
    assert extract_brief(text).discounts == []
    for send in _sends(_flow(text)):
        assert send["discountType"] == "none"
        assert "%" not in send["text"]


def test_a_scrapped_draft_gives_way_to_the_new_offer() -> None:
    text = "Ignore my earlier draft with 15% off. New version: text all customers 25% off the new boots."
    assert [d.value for d in extract_brief(text).discounts if d.kind == "percentage"] == ["25"]
    assert "15" not in apply_corrections(text).text


# ------------------------------------------------------------------ a threshold is no discount


@pytest.mark.parametrize(
    "text",
    [
        "Text all customers about our laundry service. Mention that orders over $60 get free pickup + "
        "delivery. That's a threshold, NOT $60 off.",
        "Text our regulars about the cleaning service. Tell them that orders above $80 get free pickup. "
        "It's a minimum, not $80 off.",
        "Envía un SMS a todos los clientes sobre nuestra lavandería. Menciona que los pedidos de más de "
        "60 € tienen recogida y entrega gratis. Es un umbral, no 60 € de descuento.",
        "Envoyez un SMS à tous les clients sur notre pressing : les commandes de plus de 60 € ont "
        "l'enlèvement offert. C'est un seuil, pas 60 € de remise.",
        "Schickt allen Kunden eine SMS zu unserem Wäscheservice: Bestellungen über 60 € bekommen kostenlose "
        "Abholung. Das ist eine Schwelle, nicht 60 € Rabatt.",
    ],
)
def test_a_threshold_is_no_discount(text: str) -> None:
    assert not [d for d in extract_brief(text).discounts if d.kind in ("amount", "percentage")]
    for send in _sends(_flow(text)):
        assert send["discountType"] == "none"
        assert "60 off" not in send["text"] and "80 off" not in send["text"]


def test_a_threshold_the_brief_asks_to_mention_stays_in_the_copy() -> None:
    text = (
        "Text all customers about our laundry service. Mention that orders over $60 get free pickup + "
        "delivery. That's a threshold, NOT $60 off."
    )
    first = _sends(_flow(text))[0]
    assert "orders over $60 get free pickup + delivery" in first["text"]
