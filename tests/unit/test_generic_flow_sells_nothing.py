"""A generic flow whose brief asks for no products (news, an event, a booking, a class) offers
none: a reply whose destination the brief leaves unsaid gets a plain confirmation text, reported
as assumed, and a reminder speaks of what the first text was about, in the brief's language,
never of "picks"."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import confirmed_by_default, extract_brief, sells_nothing, understood_lines
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
_PRODUCT_STEPS = {"product_choice", "purchase", "purchase_offer"}
_PICK_WORDS = ("picks", "picked", "bestsellers", "productos", "produits", "produkte")


def _flow(brief: str) -> dict[str, Any]:
    flow: dict[str, Any] = generate_flow(brief, settings=SETTINGS).flow
    assert not validate_flow(flow).errors
    return flow


def _by_id(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in flow["steps"]}


def _reply_target(flow: dict[str, Any], intent: str) -> dict[str, Any]:
    steps = _by_id(flow)
    for step in flow["steps"]:
        for event in step.get("events", []):
            if event.get("type") == "reply" and event.get("intent") == intent:
                target = steps[event["nextStepID"]]
                while target["type"] == "property":  # the update on the way, then the step
                    target = steps[target["events"][0]["nextStepID"]]
                return target
    raise AssertionError(f"no reply {intent}")


def _reminders(flow: dict[str, Any]) -> list[str]:
    return [
        str(s["text"]) for s in flow["steps"] if s["type"] == "message" and s["id"].startswith("reminder")
    ]


# (brief, the keyword as the flow routes it): bare keywords and keywords whose meaning names no
# destination, in flows about news, an event, a booking, a class
BARE_REPLY_BRIEFS = [
    ("Text members about Saturday's book club meeting. Reply GO. If no reply in 2 days send one reminder.", "go"),
    ("Announce our cooking class next week. Reply OK to sign up. One reminder after 2 days.", "ok"),
    ("Let everyone know the pool reopens Monday. Reply YES to book a lane.", "yes"),
    ("Envía un SMS a todos sobre la reunión de vecinos del jueves. Responde VOY.", "voy"),
    ("Envoyez un SMS à tous pour notre atelier de poterie samedi. Répondez OUI pour réserver.", "oui"),
    ("Schick allen eine SMS zu unserem Kochkurs am Samstag. Antworte JA zum Buchen.", "ja"),
]  # fmt: skip


@pytest.mark.parametrize(("brief", "intent"), BARE_REPLY_BRIEFS)
def test_a_reply_in_a_flow_that_sells_nothing_gets_a_confirmation(brief: str, intent: str) -> None:
    flow = _flow(brief)
    target = _reply_target(flow, intent)
    assert target["type"] == "message"
    assert target["id"].startswith("confirmation")
    assert not {s["type"] for s in flow["steps"]} & _PRODUCT_STEPS


@pytest.mark.parametrize(("brief", "intent"), BARE_REPLY_BRIEFS)
def test_the_assumed_confirmation_is_reported(brief: str, intent: str) -> None:
    parsed = extract_brief(brief)
    assert sells_nothing(parsed)
    assert confirmed_by_default(parsed, intent)
    assumed = [line for line in understood_lines(parsed) if line.startswith("Assumed: reply")]
    assert any(intent.upper() in line and "confirmation" in line for line in assumed), assumed


# briefs that ask for products, recommendations, a catalogue, a cart or a sale keep them
SHOPPING_BRIEFS = [
    ("Spring promo, 10% off everything. Reply SHOP to see our bestsellers.", "shop"),
    ("Text our VIPs: reply GO for product recommendations picked for them.", "go"),
    ("Manda un SMS: responde VER para ver nuestro catálogo de productos.", "ver"),
    ("Envoyez un SMS : répondez VOIR pour découvrir nos produits.", "voir"),
    ("Schick eine SMS: antworte SEHEN, um unsere Produkte zu sehen.", "sehen"),
]  # fmt: skip


@pytest.mark.parametrize(("brief", "intent"), SHOPPING_BRIEFS)
def test_a_brief_asking_for_products_keeps_them(brief: str, intent: str) -> None:
    parsed = extract_brief(brief)
    assert not sells_nothing(parsed)
    assert not confirmed_by_default(parsed, intent)
    flow = _flow(brief)
    assert {s["type"] for s in flow["steps"]} & _PRODUCT_STEPS
    assert not any(line.startswith("Assumed: reply") for line in understood_lines(parsed))


def test_a_help_reply_still_gets_the_team_not_a_confirmation() -> None:
    brief = "Text everyone: the spring newsletter is out. Reply INFO for details."
    assert not confirmed_by_default(extract_brief(brief), "info")
    assert _reply_target(_flow(brief), "info")["id"].startswith("support")


# flows about news, an event, a booking, a class, each with a no-reply reminder
REMINDER_BRIEFS = [
    ("Text members about Saturday's book club meeting. Reply GO. If no reply in 2 days send one reminder.", "en", "reminder"),
    ("Send a quick text, we have an update on the parking lot works. Reply OK. Remind them once after a day.", "en", "reminder"),
    ("Envía un SMS a todos sobre la reunión de vecinos del jueves. Responde VOY. Si no responden en 2 días, envía un recordatorio.", "es", "recordamos"),
    ("Envoyez un SMS à tous pour notre atelier de poterie samedi. Répondez OUI pour réserver. Relancez une fois après 2 jours sans réponse.", "fr", "rappel"),
    ("Schick allen eine SMS zu unserem Kochkurs am Samstag. Antworte JA zum Buchen. Eine Erinnerung nach 2 Tagen ohne Antwort.", "de", "erinnerung"),
]  # fmt: skip


@pytest.mark.parametrize(("brief", "language", "word"), REMINDER_BRIEFS)
def test_a_reminder_in_a_flow_that_sells_nothing_names_no_picks(brief: str, language: str, word: str) -> None:
    assert extract_brief(brief).language == language
    reminders = _reminders(_flow(brief))
    assert reminders
    for text in reminders:
        assert word in text.lower(), text
        assert not any(w in text.lower() for w in _PICK_WORDS), text


def test_the_first_text_of_a_flow_that_sells_nothing_offers_no_bestsellers() -> None:
    flow = _flow("Text members about Saturday's book club meeting. Reply GO.")
    first = next(s for s in flow["steps"] if s["type"] == "message")
    assert not any(w in first["text"].lower() for w in _PICK_WORDS), first["text"]


def test_a_german_reminder_repeats_what_the_first_text_said() -> None:
    brief = "Schick allen eine SMS zu unserem Kochkurs am Samstag. Antworte JA. Eine Erinnerung nach 2 Tagen."
    (reminder,) = _reminders(_flow(brief))
    assert "Kochkurs" in reminder
