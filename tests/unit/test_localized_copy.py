"""Spanish, French and German briefs get their whole copy, default reply keywords included, in
their own language, and each reply routes the keyword its text tells the customer to send."""

from __future__ import annotations

import re
from typing import Any

import pytest

from flowgen_core.pipeline import generate_flow
from flowgen_core.planners.offline.copywriting import to_gsm7
from flowgen_core.settings import Settings

SENDS = {"message", "purchase_offer", "product_choice"}
# the English planner's own keywords and the words of its copy templates
ENGLISH_KEYWORDS = {"YES", "BUY", "SHOP", "REFILL", "ORDER"}
ENGLISH_WORDS = re.compile(r"\b(?:Hi|Reply|Thanks|sorry|review|feedback|experience|opt out|loved)\b")

REPLY_WORD = {"es": "Responde", "fr": "Répondez", "de": "Antworte"}
OPT_OUT = {
    "es": "Responde STOP para darte de baja.",
    "fr": "Répondez STOP pour vous désabonner.",
    "de": "Antworte STOP zum Abmelden.",
}
GREETING = {"es": "Hola {{first_name}}", "fr": "Bonjour {{first_name}}", "de": "Hallo {{first_name}}"}

PROMOTIONS = {
    "es": "Enviad un SMS a los clientes VIP con 20% de descuento, código VIP20. Un recordatorio después de 2 días.",
    "fr": "Envoyez un SMS à tous les clients avec 10% de réduction, code DIX.",
    "de": "Schickt allen Kunden mit Warenkorb eine SMS mit 10% Rabatt, Code ZEHN. Erinnerung nach 1 Tag.",
}
SURVEYS = {
    "es": "Enviad una encuesta de satisfacción a los clientes que compraron la semana pasada: puntuación de 1 a 5.",
    "fr": "Envoyez un sondage de satisfaction aux clients qui ont acheté : répondez de 1 à 5.",
    "de": "Schickt Kunden, die bestellt haben, eine Umfrage zur Zufriedenheit: Antwort von 1 bis 5.",
}


def _sends(text: str) -> list[dict[str, Any]]:
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    return [s for s in result.flow["steps"] if s["type"] in SENDS]


def _first(sends: list[dict[str, Any]]) -> dict[str, Any]:
    first = [s for s in sends if "STOP" in s["messageText"]]
    assert first, "no send carries the opt-out"
    return first[0]


def _in_language(lang: str, text: str) -> None:
    words = set(re.findall(r"[A-Z]{2,}", text))
    assert not words & ENGLISH_KEYWORDS, text
    assert not ENGLISH_WORDS.search(text), text


@pytest.mark.parametrize("lang", sorted(PROMOTIONS))
def test_promotion_copy_and_keywords_speak_the_brief_language(lang: str) -> None:
    sends = _sends(PROMOTIONS[lang])
    first = _first(sends)
    assert OPT_OUT[lang] in first["messageText"]
    assert GREETING[lang] in first["messageText"]
    for send in sends:
        text = send["messageText"]
        _in_language(lang, text)
        intents = [e["intent"] for e in send["events"] if e["type"] == "reply" and e["intent"] != "stop"]
        assert intents, text
        for intent in intents:
            # the text names the keyword its reply routes
            assert f"{REPLY_WORD[lang]} {intent.upper()}" in text, (intent, text)


@pytest.mark.parametrize("lang", sorted(SURVEYS))
def test_survey_question_answers_and_reminder_speak_the_brief_language(lang: str) -> None:
    sends = _sends(SURVEYS[lang])
    first = _first(sends)
    assert OPT_OUT[lang] in first["messageText"]
    assert f"{REPLY_WORD[lang]} " in first["messageText"]
    replies = [s for s in sends if s is not first]
    # the reminder and the answers to happy and unhappy scores
    assert len(replies) >= 3
    for send in sends:
        _in_language(lang, send["messageText"])
        assert GREETING[lang] in send["messageText"] or "{{first_name}}" in send["messageText"]


def test_accents_gsm7_lacks_keep_their_letter() -> None:
    assert to_gsm7("código rápido, garçon, être") == "codigo rapido, garcon, etre"
