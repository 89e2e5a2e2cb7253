"""Numbered answers ("reply 1 for X, 2 for Y", "which do you prefer? 1) ... 2) ...") and properties
recorded from the answer ("save their rating as `rating`", "guarda la respuesta como valoracion"),
read in English, Spanish, French and German and planned as reply -> property."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.planners.offline.composer import OfflineGenerator


def _flow(text: str) -> dict[str, Any]:
    return OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow


def _reply_sets(flow: dict[str, Any], intent: str, name: str) -> str | None:
    """The value property `name` gets on the branch of reply `intent`, if any."""
    by_id = {s["id"]: s for s in flow["steps"]}
    for step in flow["steps"]:
        for event in step.get("events", []):
            if event["type"] != "reply" or event.get("intent") != intent:
                continue
            queue, seen = deque([event["nextStepID"]]), set()
            while queue:
                sid = queue.popleft()
                if sid in seen or sid not in by_id:
                    continue
                seen.add(sid)
                for prop in by_id[sid].get("properties", []) or []:
                    if prop["name"] == name:
                        return str(prop["value"])
                queue.extend(e["nextStepID"] for e in by_id[sid].get("events", []) if e["type"] == "default")
    return None


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        (
            "Text customers who ordered last month: which do you prefer? 1) our classic roast 2) the new espresso blend.",
            {"1": "our classic roast", "2": "the new espresso blend"},
        ),
        (
            "Which workshop should we run next? Text back 1, 2 or 3: 1 = pottery, 2 = painting, 3 = weaving",
            {"1": "pottery", "2": "painting", "3": "weaving"},
        ),
        ("Which do you prefer?\n1. Hoodies\n2. Tees\n3. Caps", {"1": "hoodies", "2": "tees", "3": "caps"}),
        (
            "Ask members their favourite class (options: 1. yoga, 2. pilates, 3. spin) and reply with the number.",
            {"1": "yoga", "2": "pilates", "3": "spin"},
        ),
        ("Reply 1 if you loved it, 2 if it was ok, 3 if not.", {"1": "you loved it", "2": "it was ok"}),
        (
            "Encuesta para clientes: responde 1 si te encantó, 2 si estuvo bien, 3 si no te gustó.",
            {"1": "te encantó", "2": "estuvo bien", "3": "no te gustó"},
        ),
        (
            "Welcher Kurs gefällt dir am besten? 1) Yoga 2) Pilates 3) Spinning",
            {"1": "yoga", "2": "pilates", "3": "spinning"},
        ),
        (
            "Quelle saveur préférez-vous ? 1) vanille 2) chocolat 3) fraise",
            {"1": "vanille", "2": "chocolat", "3": "fraise"},
        ),
    ],
)
def test_numbered_answers_are_reply_keywords_with_their_meanings(text: str, answers: dict[str, str]) -> None:
    brief = extract_brief(text)
    assert [k for k in brief.reply_keywords if k.isdigit()][: len(answers)] == list(answers)
    for key, meaning in answers.items():
        assert brief.reply_meanings[key] == meaning


@pytest.mark.parametrize(
    "text",
    [
        "Encuesta: responde 1, 2 o 3 y guarda su valoración en la propiedad nota_final.",
        "Umfrage an Käufer: Wie zufrieden bist du? Antworte mit 1, 2 oder 3.",
        "Sondage : répondez 1, 2 ou 3 selon votre avis.",
    ],
)
def test_a_list_of_numbers_joined_in_the_briefs_language_gives_every_number(text: str) -> None:
    assert [k for k in extract_brief(text).reply_keywords if k.isdigit()] == ["1", "2", "3"]


def test_the_numbered_steps_of_a_plan_are_no_answers() -> None:
    brief = extract_brief("Plan:\n1. Send a welcome text\n2. Wait 2 days\n3. Send 10% off")
    assert "1" not in brief.reply_keywords and "3" not in brief.reply_keywords


def test_a_numbered_question_is_planned_with_one_reply_per_answer() -> None:
    flow = _flow(
        "Text past buyers: which do you prefer? 1) our classic roast 2) the new espresso blend 3) decaf"
    )
    intents = {e.get("intent") for s in flow["steps"] for e in s.get("events", []) if e["type"] == "reply"}
    assert {"1", "2", "3"} <= intents
    first = next(s for s in flow["steps"] if s["type"] == "message")
    assert "classic roast" in first["text"] and "decaf" in first["text"]
    texts = " ".join(str(s.get("text", "")) for s in flow["steps"])
    assert "our our" not in texts and "our the" not in texts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Post-visit survey: which treatment was best? Reply 1, 2 or 3. Save their answer as concern.",
            "concern",
        ),
        (
            "Ask what held them back: reply 1 for price, 2 for shipping. Store the answer in concern.",
            "concern",
        ),
        ("Which do you prefer? 1) roast 2) blend. Save their choice as `coffee_pref`.", "coffee_pref"),
        ("Reply 1, 2 or 3 and save their pick as 'fav_pick'.", "fav_pick"),
        ("Encuesta: responde 1, 2 o 3. Guarda la respuesta como valoracion.", "valoracion"),
        ("Umfrage: Antworte mit 1, 2 oder 3. Die Antwort als zufriedenheit speichern.", "zufriedenheit"),
        ("Umfrage: Antworte mit 1, 2 oder 3. Speichere die Bewertung unter bewertung.", "bewertung"),
        ("Sondage : répondez 1, 2 ou 3. Enregistrez sa note comme satisfaction.", "satisfaction"),
        ("Quick poll: reply 1 for candles, 2 for mugs. Keep track of the answer in next_drop.", "next_drop"),
        ("Kurze Umfrage: Antworte 1, 2 oder 3. Antwort unter kaufrhythmus speichern.", "kaufrhythmus"),
        (
            "Which room did you like? (1) Garden suite (2) Ocean view. Record their pick under favorite_room.",
            "favorite_room",
        ),
    ],
)
def test_the_answer_is_recorded_in_the_named_property(text: str, name: str) -> None:
    brief = extract_brief(text)
    assert [(u.name, u.value) for u in brief.property_updates] == [(name, "{{reply}}")]
    flow = _flow(text)
    for intent in ("1", "2"):
        assert _reply_sets(flow, intent, name) not in (None, "", "{{reply}}")


@pytest.mark.parametrize(
    "text",
    [
        "Post-visit survey for the spa: rate us 1-5. Save their rating as `rating`, then thank them.",
        "Rate your stay from 1 to 5 and store the score in stay_score.",
        "Umfrage: Bewerte uns mit 1 bis 5. Die Antwort als zufriedenheit speichern.",
    ],
)
def test_a_score_survey_records_the_score_in_the_briefs_property(text: str) -> None:
    brief = extract_brief(text)
    name = brief.property_updates[0].name
    flow = _flow(text)
    assert _reply_sets(flow, "1", name) == "1"
    assert _reply_sets(flow, "5", name) == "5"


@pytest.mark.parametrize(
    "text",
    [
        "Keep it to one SMS.",
        "Save it as a draft before sending.",
        "Log their reply as usual.",
        "Store it in the CRM.",
        "Keep them in mind for the holiday push.",
    ],
)
def test_common_words_after_save_or_store_name_no_property(text: str) -> None:
    assert extract_brief(text).property_updates == []


@pytest.mark.parametrize(
    "text",
    [
        "Encuesta a clientes: califícanos del 1 al 5 y guarda la respuesta como valoracion.",
        "Sondage clients : notez-nous de 1 à 5 et enregistrez la réponse comme valoracion.",
        "Umfrage an Kunden: Bewerte uns von 1 bis 5. Die Antwort als valoracion speichern.",
    ],
)
def test_a_rating_scale_in_spanish_french_or_german_is_a_score_survey(text: str) -> None:
    brief = extract_brief(text)
    assert brief.reply_keywords[:5] == ["1", "2", "3", "4", "5"]
    flow = _flow(text)
    for score in ("1", "3", "5"):
        assert _reply_sets(flow, score, "valoracion") == score
