"""Follow-ups after no reply in the forms briefs write them — a template line, a checklist item,
a silence that names the send it answers, a timeout that leads out of the flow, formal Spanish,
French and German — and where a reply leads when a plan line says so (EN/ES/FR/DE)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from tests.offline_flows import reply_targets, valid_offline_flow

TODAY = date(2026, 5, 1)


def _timeouts(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in extract_brief(text, today=TODAY).no_reply_after]


def _hours(pairs: list[tuple[int, str]]) -> list[int]:
    per = {"minutes": 0, "hours": 1, "days": 24, "weeks": 168}
    return [value * per[unit] for value, unit in pairs]


def _noreply_events(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for s in flow["steps"] for e in s.get("events", []) if e.get("type") == "noreply"]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Reply BOOK to get a slot link. If no reply in 1 day, send one reminder.", 24),
        ("Spring promo, reply YES to claim.\nFollow-up if no reply: after two days, one reminder", 48),
        ("Spring promo, reply YES to claim.\n[x] No reply in 3 days -> one reminder", 72),
        ("Spring promo, reply YES.\nNo reply to the first text in 48 hours -> one reminder", 48),
        ("Reply YES. If no answer to our launch message within 2 days, one nudge.", 48),
        (
            "Promo, responde SI. En caso de no obtener respuesta en un plazo de 48 horas, un único recordatorio.",
            48,
        ),
        ("Promo, responde SI. Si no hay respuesta en el plazo de dos días, un recordatorio.", 48),
        ("Promo, responde SI. Si no responden en dos días, un segundo mensaje.", 48),
        ("Promo, répondez OUI. En l'absence de réponse sous 24 heures, un unique rappel.", 24),
        ("Promo, répondez OUI. Sans réponse dans un délai de 48 heures, une relance.", 48),
        ("Aktion, antworte JA. Bleibt eine Antwort binnen 2 Tagen aus, folgt eine einzige Erinnerung.", 48),
        ("Aktion, antworte JA. Bleibt die Antwort innerhalb von 24 Stunden aus, eine Erinnerung.", 24),
        ("Aktion, antworte JA. Wenn die Antwort 3 Tage lang ausbleibt, eine Erinnerung.", 72),
    ],
)
def test_follow_up_after_no_reply_is_a_timeout(text: str, hours: int) -> None:
    assert _hours(_timeouts(text)) == [hours]


@pytest.mark.parametrize(
    "text",
    [
        "Spring promo, reply YES. No reply needed for the info text.",
        "Spring promo, reply YES to claim. We got no replies last time in 2 days.",
        "Promo, responde SI. No hace falta respuesta; el año pasado nadie contestó.",
        "Aktion, antworte JA. Die Antwort bleibt dem Kunden überlassen.",
    ],
)
def test_talk_of_replies_without_a_timeout_gives_none(text: str) -> None:
    assert _timeouts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Spring promo, reply YES to claim.\nNo reply to the first text in 48 hours -> end, don't chase",
        "Spring promo, reply YES to claim. If no reply in 48 hours, just stop.",
        "Promo primavera, responde SI. Sin respuesta en 48 horas: fin.",
        "Promo printemps, répondez OUI. Sans réponse sous 48 heures : fin, pas de relance.",
        "Frühlingsaktion, antworte JA. Keine Antwort nach 48 Stunden: Ende.",
    ],
)
def test_a_timeout_leading_to_the_end_sends_no_reminder(text: str) -> None:
    brief = extract_brief(text, today=TODAY)
    assert _hours([(d.value, d.unit) for d in brief.no_reply_after]) == [48]
    assert brief.reminders == 0
    flow = valid_offline_flow(text)
    events = _noreply_events(flow)
    assert [(e["after"]["value"], e["after"]["unit"]) for e in events] in ([(48, "hours")], [(2, "days")])
    by_id = {s["id"]: s for s in flow["steps"]}
    assert all(by_id[e["nextStepID"]]["type"] == "end" for e in events)
    assert events
    assert not any(s.get("label", "").startswith("Reminder") for s in flow["steps"])


@pytest.mark.parametrize(
    "text",
    [
        "Spring promo, reply YES. If no reply in 2 days, end with a last-chance text.",
        "Spring promo, reply YES. If no reply in 2 days, send one reminder, then stop.",
    ],
)
def test_an_end_word_that_is_no_end_keeps_the_reminder(text: str) -> None:
    assert extract_brief(text, today=TODAY).reminders != 0


@pytest.mark.parametrize(
    ("text", "keyword", "where"),
    [
        (
            "Winback for lapsed buyers.\n"
            "- Reply BACK -> one-tap offer for the Classic Box (variant 88123, qty 1) with $30 off\n"
            "- Reply STOP to opt out",
            "back",
            "purchase_offer",
        ),
        ("Restock news. Reply GET for a one-click purchase of the refill.", "get", "purchase_offer"),
        (
            "Recuperar carritos.\n1. Mensaje: ¿sigues interesado? Responde SI.\n2. Sin respuesta en 2 días: fin.\n"
            "3. Respuesta SI: se les enviará su último carrito como oferta de compra con un solo toque.",
            "si",
            "latest_cart",
        ),
        (
            "Novedad. Responde YA para una oferta con un solo toque del kit (variante 5521).",
            "ya",
            "purchase_offer",
        ),
        (
            "Relance panier. Répondez OUI.\n- Si OUI : offre en un clic pour le coffret (variante 7001).",
            "oui",
            "purchase_offer",
        ),
        (
            "Neuheit. Antworte JA.\n- Bei JA: Ein-Klick-Angebot für das Set (Variante 7001).",
            "ja",
            "purchase_offer",
        ),
    ],
)
def test_a_plan_line_says_where_a_reply_leads(text: str, keyword: str, where: str) -> None:
    assert extract_brief(text, today=TODAY).reply_destinations.get(keyword) == where


def test_a_one_tap_offer_for_a_variant_is_the_replys_purchase_offer() -> None:
    text = (
        "Winback for lapsed buyers.\n"
        "- Reply BACK -> one-tap offer for the Classic Box (variant 88123, qty 1) with $30 off\n"
        "- Reply STOP to opt out"
    )
    offers = [s for s in reply_targets(valid_offline_flow(text), "back") if s["type"] == "purchase_offer"]
    assert offers
    assert any(str(p.get("productVariantId")) == "88123" for s in offers for p in s.get("products", []))


@pytest.mark.parametrize(
    "text",
    [
        # no plan line of the keyword's own: a later mention in passing names no destination
        "Reply YES to join. Last year YES got a purchase offer, this time we only thank them.",
        # the offer is no one-tap one and names no variant
        "Winback.\n- Reply BACK -> we tell them an offer is coming soon",
    ],
)
def test_near_miss_destinations_stay_unread(text: str) -> None:
    brief = extract_brief(text, today=TODAY)
    assert brief.reply_destinations.get("yes") is None
    assert brief.reply_destinations.get("back") is None
