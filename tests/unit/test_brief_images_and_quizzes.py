"""Images and quizzes a brief asks for: read in EN/ES/FR/DE, planned, compiled, never invented."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.check import validate_flow
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.decompile import decompile
from flowgen_core.planners.offline.composer import OfflineGenerator

IMAGE_BRIEFS = [
    (
        "en",
        "Tell everyone about the linen shirts, 10% off. Add the photo https://img.test/linen.jpg to the text.",
    ),
    (
        "es",
        "Manda un mensaje con la foto https://img.test/sandalias.png de las sandalias nuevas, 15 % de descuento.",
    ),
    ("fr", "Envoyez un SMS avec l'image https://img.test/manteau.webp du nouveau manteau, 20 % de remise."),
    ("de", "Schick eine SMS mit dem Bild https://img.test/jacke.jpg der neuen Jacke und 10 % Rabatt."),
]

NO_URL_BRIEFS = [
    ("en", "Text our VIPs as an MMS with a picture of the new mug, reply YES to buy."),
    ("es", "Envía un SMS con una imagen del bolso nuevo a todos los clientes."),
    ("fr", "Envoyez un SMS avec une photo du sac à tous les clients."),
    ("de", "Schick allen Kunden eine SMS mit einem Foto der neuen Tasche."),
]

QUIZ_BRIEFS = [
    (
        "en",
        "Quiz for new signups. 1. Which roast do you like? 2. How do you brew at home? Then suggest a coffee.",
        ["Which roast do you like?", "How do you brew at home?"],
    ),
    (
        "en",
        "Send a quiz to tea buyers: ask them which flavours they enjoy, how often they drink tea and "
        "whether they like it sweet, then recommend a blend.",
        ["Which flavours they enjoy?", "How often they drink tea?", "Whether they like it sweet?"],
    ),
    (
        "es",
        "Envía un cuestionario a los clientes: 1. ¿Qué estilo prefieres? 2. ¿Cuál es tu presupuesto? "
        "Luego recomienda un producto.",
        ["¿Qué estilo prefieres?", "¿Cuál es tu presupuesto?"],
    ),
    (
        "fr",
        "Envoyez un quiz aux abonnés : 1. Quelle couleur aimez-vous ? 2. Quelle taille portez-vous ? "
        "Puis recommandez un article.",
        ["Quelle couleur aimez-vous ?", "Quelle taille portez-vous ?"],
    ),
    (
        "de",
        "Schick ein Quiz an alle Abonnenten: 1. Welche Farbe magst du? 2. Welche Größe trägst du? "
        "Danach ein Produkt empfehlen.",
        ["Welche Farbe magst du?", "Welche Größe trägst du?"],
    ),
]

QUIZ_WITHOUT_QUESTIONS = [
    ("en", "Send a playful quiz to subscribers and suggest a product from what they answer."),
    ("es", "Envía un cuestionario divertido a los suscriptores y recomienda un producto."),
    ("fr", "Envoyez un quiz amusant aux abonnés et recommandez un produit."),
    ("de", "Schick ein lustiges Quiz an die Abonnenten und empfiehl ein Produkt."),
]


def _flow(text: str) -> dict[str, Any]:
    result = OfflineGenerator().generate(extract_brief(text))
    assert not result.report.errors, result.report.errors
    return result.flow


def _of_type(flow: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if s["type"] == type_]


@pytest.mark.parametrize(("lang", "text"), IMAGE_BRIEFS)
def test_an_image_url_goes_on_the_message(lang: str, text: str) -> None:
    brief = extract_brief(text)
    url = next(w for w in text.split() if w.startswith("https://"))
    assert brief.image_url == url
    assert brief.source_language == lang
    source = next(s for s in brief.sources if s.fact == "image")
    assert source.how == "stated" and url in source.words and text[source.start : source.end] == source.words
    messages = _of_type(_flow(text), "message")
    assert [m["imageUrl"] for m in messages if m["addImage"]] == [url]
    assert any(line.startswith("Image: " + url) for line in understood_lines(brief))


@pytest.mark.parametrize(("lang", "text"), NO_URL_BRIEFS)
def test_an_image_without_url_is_reported_not_invented(lang: str, text: str) -> None:
    brief = extract_brief(text)
    assert brief.image_requested and brief.image_url is None
    flow = _flow(text)
    assert all(not m["addImage"] and m["imageUrl"] == "" for m in _of_type(flow, "message"))
    assert any("image was asked for but no image URL" in line for line in understood_lines(brief))


def test_a_negated_image_or_a_url_alone_asks_for_none() -> None:
    assert not extract_brief("Plain text only, no image, 10% off for everyone.").image_requested
    assert not extract_brief("Ohne Bild: 10 % Rabatt für alle.").image_requested
    link = extract_brief("Link to https://shop.test/photos/sale in the text, 10% off.")
    assert not link.image_requested and link.image_url is None


@pytest.mark.parametrize(("lang", "text", "questions"), QUIZ_BRIEFS)
def test_a_quiz_asks_the_briefs_questions(lang: str, text: str, questions: list[str]) -> None:
    brief = extract_brief(text)
    assert brief.quiz_questions == questions
    sources = [s for s in brief.sources if s.fact == "quiz"]
    assert len(sources) == len(questions)
    assert all(text[s.start : s.end] == s.words for s in sources if s.start is not None)
    flow = _flow(text)
    (quiz,) = _of_type(flow, "quiz")
    assert [q["question"] for q in quiz["questions"]] == questions
    assert [e["type"] for e in quiz["events"]] == ["default"]
    assert not validate_flow(flow).errors
    assert any(line.startswith("Quiz: ") for line in understood_lines(brief))


@pytest.mark.parametrize(("lang", "text"), QUIZ_WITHOUT_QUESTIONS)
def test_a_quiz_without_questions_is_reported_not_invented(lang: str, text: str) -> None:
    brief = extract_brief(text)
    assert brief.quiz_requested and brief.quiz_questions == []
    assert not _of_type(_flow(text), "quiz")
    assert any(
        "quiz was asked for but the brief names no questions" in line for line in understood_lines(brief)
    )


def test_a_score_survey_stays_a_survey() -> None:
    brief = extract_brief(
        "Send a quick survey: how likely are you to recommend us, 1-10? Reply with a number."
    )
    assert not brief.quiz_requested and not brief.quiz_questions


def test_image_and_quiz_survive_decompile_and_compile() -> None:
    flow = _flow(
        "Quiz time! 1. Do you run? 2. Do you swim? Include the photo https://img.test/gear.png in the text."
    )
    plan, _ = decompile(flow)
    again = compile_plan(plan)
    assert [s["imageUrl"] for s in _of_type(again, "message") if s["addImage"]] == [
        "https://img.test/gear.png"
    ]
    assert [q["question"] for q in _of_type(again, "quiz")[0]["questions"]] == ["Do you run?", "Do you swim?"]


def test_the_picture_goes_on_each_first_text_not_the_follow_ups() -> None:
    flow = _flow(
        "A/B test urgent vs playful copy for the fall sale, 20% off, with the picture https://img.test/f.jpg"
    )
    experiment = _of_type(flow, "experiment")[0]
    firsts = {e["nextStepID"] for e in experiment["events"]}
    by_id = {s["id"]: s for s in flow["steps"]}
    assert all(by_id[k]["addImage"] and by_id[k]["imageUrl"] == "https://img.test/f.jpg" for k in firsts)
    assert not any(s["addImage"] for s in _of_type(flow, "message") if s["id"] not in firsts)
