"""Reply keywords in the shapes briefs write them, and where each reply leads: short quoted
keywords in any language's quote marks, accented capitals, arrow lines naming a step, the
customer's own cart, opinion polls and booking verbs."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.check import validate_flow
from flowgen_core.settings import Settings
from tests.offline_flows import reply_targets, valid_offline_flow

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(brief: str) -> dict[str, Any]:
    return valid_offline_flow(brief)


_reached = reply_targets


def _texts(flow: dict[str, Any]) -> str:
    return " ".join(str(s.get("text") or "") for s in flow["steps"])


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        ("Text the new members. Reply: 'IN' to sign up -> set property signed_up = yes", "in"),
        ('Message our runners: text "GO" to start the challenge.', "go"),
        ("Envoyez un SMS aux membres : répondez « OK » pour valider votre inscription.", "ok"),
        ("Schick den Mitgliedern eine SMS: Antworte „JA“, um dich anzumelden.", "ja"),
        ("Manda un SMS a los socios: responde “SI” para apuntarte.", "si"),
    ],
)
def test_short_quoted_keywords_are_read(brief: str, keyword: str) -> None:
    assert keyword in extract_brief(brief).reply_keywords
    assert _reached(_flow(brief), keyword)


@pytest.mark.parametrize(
    "brief",
    [
        "Send a text: reply in the next hour to get the early price.",
        "Text our members and tell them to go to the store this weekend.",
    ],
)
def test_lower_case_in_and_go_in_running_text_are_no_keywords(brief: str) -> None:
    keywords = extract_brief(brief).reply_keywords
    assert "in" not in keywords and "go" not in keywords


@pytest.mark.parametrize(
    ("brief", "keyword", "written"),
    [
        (
            "Envoyez un SMS aux inscrits de l'atelier. Répondez RÉSERVER pour garder votre place.",
            "réserver",
            "RÉSERVER",
        ),
        ("Envoyez un SMS aux clients : répondez ÉTÉ pour la collection d'été.", "été", "ÉTÉ"),
        ("Manda un SMS a los socios: responde AÑADIR para sumarte a la lista.", "añadir", "AÑADIR"),
        ("Schick eine SMS an die Mitglieder: Antworte GRÜN, um dich anzumelden.", "grün", "GRÜN"),
        ("Schick eine SMS: Antworte SCHÖN, um dabei zu sein.", "schön", "SCHÖN"),
        ("Envoyez un SMS aux membres : répondez FORÇA pour rejoindre le club.", "força", "FORÇA"),
    ],
)
def test_accented_keywords_survive_in_copy_and_intent(brief: str, keyword: str, written: str) -> None:
    flow = _flow(brief)
    assert _reached(flow, keyword), [e.get("intent") for s in flow["steps"] for e in s.get("events", [])]
    assert written in _texts(flow)
    report = validate_flow(flow, extract_brief(brief))
    assert not [f for f in report.warnings if f.code == "brief_reply_missing"]


@pytest.mark.parametrize(
    ("brief", "keyword", "kind"),
    [
        (
            'Court booking SMS.\nAcceptance criteria:\n- Reply "COURT" -> product choice of three courts\n- NO -> a confirmation text',
            "court",
            "product_choice",
        ),
        (
            "Reminder SMS.\nAcceptance criteria:\n- YES -> checkout with their cart\n- NO -> a confirmation text",
            "yes",
            "purchase_offer",
        ),
        (
            'SMS de recordatorio.\nCriterios:\n- Responde "PISTA" -> selección de productos\n- NO -> confirmación',
            "pista",
            "product_choice",
        ),
        (
            "SMS de recordatorio.\nCriterios:\n- SI -> checkout con su carrito\n- NO -> confirmación",
            "si",
            "purchase_offer",
        ),
        (
            "Erinnerungs-SMS.\nKriterien:\n- Antwort „JA“ -> Anmeldebestätigung\n- INFO -> Produktauswahl",
            "info",
            "product_choice",
        ),
        (
            "SMS de rappel.\nCritères :\n- OUI -> sélection de produits\n- NON -> confirmation",
            "oui",
            "product_choice",
        ),
    ],
)
def test_arrow_lines_name_the_step_a_reply_leads_to(brief: str, keyword: str, kind: str) -> None:
    steps = _reached(_flow(brief), keyword)
    assert steps and steps[0]["type"] == kind
    if kind == "purchase_offer":
        assert steps[0]["cartSource"] == "latest"


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        (
            "Erinnerungs-SMS.\nKriterien:\n- Antwort „JA“ -> Anmeldebestätigung\n- INFO -> Produktauswahl",
            "ja",
        ),
        (
            "Reminder SMS.\nAcceptance criteria:\n- YES -> checkout with their cart\n- NO -> a confirmation text",
            "no",
        ),
    ],
)
def test_arrow_to_a_confirmation_is_a_text(brief: str, keyword: str) -> None:
    steps = _reached(_flow(brief), keyword)
    assert steps and steps[0]["type"] == "message"


@pytest.mark.parametrize(
    "brief",
    [
        "Visitors of the booking page yesterday: text them at half past six with their cart, reply YES to book it.",
        "For people who browsed the shoes: send them their basket, reply BUY to check out.",
        "Kunden, die gestern im Shop waren: nach 1 Std ihren Warenkorb schicken, Antwort JA zum Kaufen.",
        "Pour les visiteurs d'hier : leur envoyer leur panier, répondez OUI pour commander.",
        "Para los visitantes de ayer: mandarles su carrito, responde SI para comprar.",
    ],
)
def test_their_cart_is_a_purchase_offer_of_the_latest_cart(brief: str) -> None:
    flow = _flow(brief)
    offers = [s for s in flow["steps"] if s["type"] == "purchase_offer"]
    assert offers and all(s["cartSource"] == "latest" for s in offers)
    assert not [s for s in flow["steps"] if s["type"] == "product_choice"]


@pytest.mark.parametrize(
    "brief",
    [
        "Survey for last week's event attendees: reply 1 if you enjoyed the event, 2 if you didn't.",
        "Encuesta para los asistentes del taller: responde 1 si te gustó, 2 si no.",
        "Sondage auprès des participants de la soirée : répondez 1 si vous avez aimé, 2 si vous n'avez pas aimé.",
        "Umfrage an die Teilnehmer: antworte 1 wenn dir das Event gefallen hat, 2 wenn nicht.",
    ],
)
def test_opinion_poll_answers_are_thanked_not_sold_to(brief: str) -> None:
    flow = _flow(brief)
    assert not [s for s in flow["steps"] if s["type"] in ("product_choice", "purchase_offer", "purchase")]
    for answer in ("1", "2"):
        steps = _reached(flow, answer)
        assert steps and steps[0]["type"] in ("message", "property")
    assert "here are our" not in _texts(flow)


@pytest.mark.parametrize(
    "brief",
    [
        "Text our subscribers: which do you prefer? Reply 1 for hoodies, 2 for tees.",
        "Manda un SMS: ¿qué prefieres? Responde 1 para sudaderas, 2 para camisetas.",
    ],
)
def test_a_poll_of_categories_still_opens_its_picks(brief: str) -> None:
    assert {s["type"] for s in _reached(_flow(brief), "1")} == {"product_choice"}


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        ("Manda un SMS a los inscritos del taller: responde SI para reservar.", "si"),
        ("Envoyez un SMS aux inscrits de l'atelier : répondez OUI pour réserver.", "oui"),
        ("Schick den Teilnehmern des Workshops eine SMS: Antworte JA, um zu buchen.", "ja"),
        ("Text the workshop signups: reply YES to book.", "yes"),
    ],
)
def test_booking_verbs_lead_where_english_to_book_does(brief: str, keyword: str) -> None:
    assert extract_brief(brief).reply_destinations.get(keyword) != "service"
    steps = _reached(_flow(brief), keyword)
    assert steps and steps[0]["type"] == "message"
    assert "team will get back" not in str(steps[0].get("text"))
