"""Silence said with a subject ("if nobody answers"), reminder counts with their "more" word, a
series count set apart from its spacing by its topic, a sale named right before its percentage,
and a code that gives a free item, in English, Spanish, French and German."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.summary import fact_lines, understood_lines
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

TODAY = date(2026, 12, 1)
SENDS = {"message", "purchase_offer", "product_choice"}


def _flow(text: str) -> dict[str, Any]:
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    return result.flow


def _texts(flow: dict[str, Any]) -> list[str]:
    return [str(s.get("text") or s.get("messageText") or "") for s in flow["steps"] if s["type"] in SENDS]


def _timeouts(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in extract_brief(text, TODAY).no_reply_after]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Introduce our oat latte to everyone. If nobody replies within 2 days, send one reminder.",
            (2, "days"),
        ),
        ("Share the spring lookbook. If no-one gets back to us in 36 hours, nudge them.", (36, "hours")),
        (
            "Ask last month's buyers for a review. If they go silent for 3 days, remind them once.",
            (3, "days"),
        ),
        ("Promote the pop-up event. If customers stay quiet for 1 day, follow up.", (1, "days")),
        (
            "Presenta la nueva línea de bolsos. Si nadie responde en 3 días, manda un recordatorio.",
            (3, "days"),
        ),
        ("Anuncia la preventa. Si se quedan callados durante 2 días, envía un recordatorio.", (2, "days")),
        (
            "Présente la collection d'été. Si personne ne réagit sous 2 jours, envoie une relance.",
            (2, "days"),
        ),
        ("Annonce la vente privée. S'ils restent muets pendant 3 jours, envoie une relance.", (3, "days")),
        (
            "Stell die neue Teesorte vor. Falls niemand binnen 2 Tagen antwortet, eine Erinnerung senden.",
            (2, "days"),
        ),
        (
            "Kündige den Sommerschlussverkauf an. Wenn sich niemand innerhalb von 3 Tagen meldet, erinnern.",
            (3, "days"),
        ),
        ("Bewirb das Event. Wenn sie 2 Tage lang stumm bleiben, eine Erinnerung schicken.", (2, "days")),
    ],
)
def test_silence_with_a_subject_is_a_no_reply_timeout(text: str, want: tuple[int, str]) -> None:
    assert _timeouts(text) == [want]


def test_a_silence_with_a_subject_times_the_reminder_in_the_flow() -> None:
    flow = _flow(
        "Introduce our oat latte to all subscribers. If nobody replies within 2 days, send one reminder."
    )
    noreply = [e for s in flow["steps"] for e in s.get("events", []) if e.get("type") == "noreply"]
    assert any(e["after"] == {"value": 2, "unit": "days"} for e in noreply)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody should miss the spring sale: text all subscribers 20% off.",
        "The store stays quiet on Sundays; text everyone about the new hours.",
    ],
)
def test_subject_words_alone_time_nothing(text: str) -> None:
    assert _timeouts(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("If no reply in 2 days, send two more reminders.", 2),
        (
            "Recupera los carritos abandonados. Si no contestan en 2 días, manda dos recordatorios adicionales.",
            2,
        ),
        ("Si no contestan en 2 días, manda un recordatorio más.", 1),
        ("Sans réponse sous 2 jours, envoie deux relances supplémentaires.", 2),
        ("Sans réponse sous 2 jours, envoie trois relances.", 3),
        ("Wenn sie nicht innerhalb von 2 Tagen antworten, zwei weitere Erinnerungen schicken.", 2),
        ("Wenn sie nicht innerhalb von 2 Tagen antworten, eine weitere Erinnerung schicken.", 1),
    ],
)
def test_reminder_counts_with_their_more_word(text: str, want: int) -> None:
    assert extract_brief(text, TODAY).reminders == want


@pytest.mark.parametrize(
    "text",
    [
        "Three texts on our new trail running shoes and socks, four days apart, to all subscribers.",
        "Tres mensajes sobre la nueva colección de gafas de sol, con cuatro días entre cada uno.",
        "Trois messages sur notre nouvelle gamme de bougies parfumées, à quatre jours d'intervalle.",
        "Drei Nachrichten über unsere neuen Regenjacken und Schirme, im Abstand von vier Tagen.",
    ],
)
def test_a_series_count_far_from_its_spacing(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.series_length == 3
    assert [(w.value, w.unit) for w in brief.waits] == [(4, "days"), (4, "days")]


def test_a_second_count_of_sends_ends_the_series_reach() -> None:
    # "2 reminders" is its own count: "5 texts" is not spaced by the gap after it
    brief = extract_brief("5 texts about socks now, and 2 reminders a day apart.", TODAY)
    assert brief.series_length != 5


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Winter sale 30% on all knitwear, tell every subscriber.", "30"),
        ("Flash sale: 15% on everything today.", "15"),
        ("Rebajas 25% en toda la tienda, avisa a todos.", "25"),
        ("Rebajas de hasta el 40% en abrigos.", "40"),
        ("Soldes -35% sur les bottes, préviens tout le monde.", "35"),
        ("Soldes 20 % sur les sacs.", "20"),
        ("Sale 25 % auf alle Sneaker, an alle Abonnenten.", "25"),
        ("Räumungsverkauf 50% für alle Möbel.", "50"),
    ],
)
def test_a_sale_named_before_its_percentage_is_money_off(text: str, want: str) -> None:
    assert [(d.kind, d.value) for d in extract_brief(text, TODAY).discounts] == [("percentage", want)]


@pytest.mark.parametrize(
    "text",
    [
        "Our new hoodies are 25% cotton, now 25, tell all subscribers.",
        "Tell everyone 25% of profits go to charity this month.",
        "Our new app is rated 25% faster, tell all subscribers.",
        "Sale 20% cotton blend tees just landed, tell all subscribers.",
        "Sales grew 30% this year: thank all subscribers.",
        "Sale items are 10% more popular this year, tell everyone.",
    ],
)
def test_shares_and_prices_are_no_discount(text: str) -> None:
    kinds = {d.kind for d in extract_brief(text, TODAY).discounts}
    assert not kinds & {"percentage", "amount"}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Tell all subscribers about a free muffin with code MUFFIN this week.", "a free muffin"),
        ("Free tote bag with code TOTE for everyone who orders this weekend.", "Free tote bag"),
        ("Un helado gratis con el código HELADO para todos los suscriptores.", "Un helado gratis"),
        ("Une crêpe offerte avec le code CREPE pour tous les abonnés.", "Une crêpe offerte"),
        ("Ein Gratis-Brötchen mit dem Code BROT für alle Abonnenten.", "Ein Gratis-Brötchen"),
    ],
)
def test_a_free_item_with_a_code(text: str, item: str) -> None:
    assert extract_brief(text, TODAY).free_item == item


@pytest.mark.parametrize(
    "text",
    [
        "Free shipping with code SHIPIT for all subscribers.",
        "20% off and a free tote with code TOTE20 for all subscribers.",
        "A free gift for all subscribers this week.",
        "Dessert is free with code SWEET for all subscribers.",
        "Feel free to use code HELLO for all subscribers.",
    ],
)
def test_no_free_item_without_a_bare_code(text: str) -> None:
    assert extract_brief(text, TODAY).free_item is None


@pytest.mark.parametrize(
    ("text", "item", "not_said"),
    [
        (
            "Tell all subscribers about a free muffin with code MUFFIN this week.",
            "free muffin",
            "special discount",
        ),
        (
            "Un helado gratis con el código HELADO para todos los suscriptores.",
            "helado gratis",
            "descuento especial",
        ),
        (
            "Une crêpe offerte avec le code CREPE pour tous les abonnés.",
            "crepe offerte",  # the copy is written in GSM-7 letters
            "réduction spéciale",
        ),
        (
            "Ein Gratis-Brötchen mit dem Code BROT für alle Abonnenten.",
            "Gratis-Brötchen",
            "besonderen Rabatt",
        ),
    ],
)
def test_free_item_copy_names_the_item_not_a_discount(text: str, item: str, not_said: str) -> None:
    flow = _flow(text)
    texts = _texts(flow)
    assert any(item.lower() in t.lower() for t in texts), texts
    blob = json.dumps(flow, ensure_ascii=False).lower()
    assert not_said.lower() not in blob
    assert "%" not in " ".join(texts)


def test_the_understanding_names_the_free_item() -> None:
    brief = extract_brief("Tell all subscribers about a free muffin with code MUFFIN this week.", TODAY)
    assert any("code MUFFIN for a free muffin" in line for line in understood_lines(brief))
    assert fact_lines(brief)["Offer"] == "code MUFFIN for a free muffin"
