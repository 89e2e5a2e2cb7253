"""A reply leads where the brief says it leads: a confirmation text, a purchase offer (of the
brief's products or of the latest cart) or the most popular products."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.settings import Settings
from tests.offline_flows import reply_targets, valid_offline_flow
from tests.scoring import requirement_met

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(brief: str) -> dict[str, Any]:
    return valid_offline_flow(brief)


_reached = reply_targets


@pytest.mark.parametrize(
    ("brief", "intent"),
    [
        ("Checkup drive for patients. Reply APPT to book; such replies get a confirmation message.", "appt"),
        ("Salon reminder. If they reply BOOK they should get a text back with the booking link.", "book"),
        ("Rappel pour nos clients du spa. Réponse SOIN pour réserver, et on confirme par SMS.", "soin"),
        ("Aviso para clientes del taller. Si responden TURNO, les mandamos confirmación.", "turno"),
        (
            "Erinnerung für Praxis-Patienten. Antwort TERMIN -> wir schicken eine Bestätigung per SMS.",
            "termin",
        ),
    ],
)
def test_a_reply_answered_with_a_confirmation_reaches_a_message(brief: str, intent: str) -> None:
    flow = _flow(brief)
    assert requirement_met({"check": "reply_reaches", "intent": intent, "type": "message"}, flow)


@pytest.mark.parametrize(
    ("brief", "intent", "variant"),
    [
        ("Membership renewal to members. Reply GO -> purchase offer for variant 7101.", "go", "7101"),
        (
            "Festival promo. Reply TIX to get a purchase offer for one day pass (variant 30022).",
            "tix",
            "30022",
        ),
        (
            "Bergbahn Aktion an Abonnenten. Antwort SKI -> Kaufangebot für die Karte (Variante 40505, Menge 1).",
            "ski",
            "40505",
        ),
        (
            "Campaña para socios del gimnasio. Si responden PLAN les mandamos una oferta de compra del plan (variante 66002, cantidad 2).",
            "plan",
            "66002",
        ),
    ],
)
def test_a_reply_to_a_purchase_offer_reaches_one_with_the_products(
    brief: str, intent: str, variant: str
) -> None:
    flow = _flow(brief)
    offers = [s for s in _reached(flow, intent) if s["type"] == "purchase_offer"]
    assert offers, [s["type"] for s in _reached(flow, intent)]
    assert variant in str(offers[0])


@pytest.mark.parametrize(
    ("brief", "intent"),
    [
        ("Toner refill campaign. Reply TONER -> purchase offer of their latest cart.", "toner"),
        (
            "Campaña de recompra. Si contestan VALE, les enviamos su último carrito para que lo compren.",
            "vale",
        ),
    ],
)
def test_a_reply_to_the_latest_cart_reaches_a_latest_cart_offer(brief: str, intent: str) -> None:
    offers = [s for s in _reached(_flow(brief), intent) if s["type"] == "purchase_offer"]
    assert offers and offers[0].get("cartSource") == "latest"


@pytest.mark.parametrize(
    ("brief", "intent"),
    [
        (
            "Fête des mères pour nos abonnés. Si elles répondent OUI, on leur montre nos bouquets les plus populaires.",
            "oui",
        ),
        ("Aktion für Newsletter-Abonnenten. Antwort INFO -> die beliebtesten Angebote zeigen.", "info"),
        ("Holiday promo to parents. Reply YES and we show them the most popular toys.", "yes"),
    ],
)
def test_a_reply_to_the_most_popular_reaches_a_popularity_choice(brief: str, intent: str) -> None:
    choices = [s for s in _reached(_flow(brief), intent) if s["type"] == "product_choice"]
    assert choices and choices[0].get("productSelection") == "popularity"


@pytest.mark.parametrize(
    ("brief", "intent", "days"),
    [
        (
            "Spring sale to subscribers. Reply YES to shop, reply SNOOZE -> wait 5 days and ask again.",
            "snooze",
            5,
        ),
        (
            "Rebajas para suscriptores. Responde SI para comprar; responde LUEGO para esperar 3 días y volver a preguntar.",
            "luego",
            3,
        ),
        (
            "Soldes pour nos abonnés. Répondez OUI pour acheter, ou PLUSTARD : attendre 7 jours et redemander.",
            "plustard",
            7,
        ),
        (
            "Sommerschlussverkauf für Abonnenten. Antwort JA zum Kaufen, Antwort SPAETER -> 2 Tage warten und erneut fragen.",
            "spaeter",
            2,
        ),
    ],
)
def test_a_reply_to_ask_again_waits_then_asks_the_question_again(brief: str, intent: str, days: int) -> None:
    flow = _flow(brief)
    assert requirement_met({"check": "reply_reaches", "intent": intent, "type": "delay"}, flow)
    assert requirement_met({"check": "delay", "days": days}, flow)
    by_id = {s["id"]: s for s in flow["steps"]}
    delay = next(s for s in _reached(flow, intent) if s["type"] == "delay")
    again = by_id[delay["events"][0]["nextStepID"]]
    assert any(e.get("type") == "reply" for e in again.get("events", []))


def test_a_keyword_they_answer_with_is_a_reply_keyword() -> None:
    flow = _flow("Back-to-school promo to parents. When they answer PENS, show them the most popular pens.")
    choices = [s for s in _reached(flow, "pens") if s["type"] == "product_choice"]
    assert choices and choices[0].get("productSelection") == "popularity"
