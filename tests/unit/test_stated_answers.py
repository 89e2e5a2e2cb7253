"""What the brief says the message for one answer says: which answer or score range gets what text.

"4 or 5 -> ask for a Google review, 1-3 -> say the owner will phone them", "si responden NO, diles
que un asesor les llamará", "Bei NEIN eine Nachricht, dass sich unser Support meldet": the reader
keeps each answer's content with its source span, and the planner writes that answer's closing
text from it, in the brief's language, instead of a stock review or support text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.stated import read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator
from flowgen_core.planners.offline.copywriting import segments

# ------------------------------------------------------------------ the reader


@pytest.mark.parametrize(
    ("text", "language", "label", "content"),
    [
        (
            "Post-visit survey: have them rate us 1-5. 1-3 -> say the owner will phone them tomorrow.",
            "en",
            "1-3",
            "The owner will phone you tomorrow.",
        ),
        (
            "Ask guests for a score from 1 to 5; 4 or 5 → ask them for a Yelp review.",
            "en",
            "4 or 5",
            "Would you leave us a Yelp review? {{store_url}}",
        ),
        (
            "NPS 0-10 for members. Scores 9-10 => invite them to the referral programme.",
            "en",
            "9 or 10",
            "You're invited to the referral programme!",
        ),
        (
            "Confirm the tasting: reply YES or NO. If they reply NO, let them know their seat stays free "
            "until Sunday.",
            "en",
            "NO",
            "Your seat stays free until Sunday.",
        ),
        (
            "¿Vienes al taller? Responde SÍ o NO. Si contestan NO, diles que una asesora les escribirá mañana.",
            "es",
            "NO",
            "Una asesora te escribirá mañana.",
        ),
        (
            "Encuesta del 1 al 5: si ponen 1 a 3, diles que su pedido será revisado hoy.",
            "es",
            "1-3",
            "Tu pedido será revisado hoy.",
        ),
        (
            "Vous venez jeudi ? Réponse OUI ou NON. Si NON, dites que notre équipe vous rappelle dans la journée.",
            "fr",
            "NON",
            "Notre équipe vous rappelle dans la journée.",
        ),
        (
            "Note de 1 à 5. Si 4 ou 5, demandez un avis Google.",
            "fr",
            "4 or 5",
            "Pourriez-vous nous laisser un avis Google ? {{store_url}}",
        ),
        (
            "Zufrieden mit der Reparatur? Antwort JA oder NEIN. Bei NEIN eine Nachricht, dass sich unser "
            "Kundenservice meldet.",
            "de",
            "NEIN",
            "Unser Kundenservice meldet sich.",
        ),
        (
            "Bewertung 1-5. Bei 1 bis 3 sag ihnen, dass wir sie morgen zurückrufen.",
            "de",
            "1-3",
            "Wir rufen dich morgen zurück.",
        ),
        (
            "Kommst du am Samstag? Antwort JA oder NEIN. Bei NEIN schreib ihnen, dass das Team sich bei "
            "ihnen meldet.",
            "de",
            "NEIN",
            "Das Team meldet sich bei dir.",
        ),
    ],
)
def test_each_answer_keeps_what_its_message_says(text: str, language: str, label: str, content: str) -> None:
    stated = read_stated_content(text, language)
    found = {a.label: a for a in stated.answers}
    assert label in found, stated.answers
    answer = found[label]
    assert answer.content == content
    # the source span is the brief's own words, and no main-path message takes them
    assert text[answer.start : answer.end] == answer.words
    assert answer.words and answer.words in text
    assert all(not (m.start < answer.end and answer.start < m.end) for m in stated.messages)
    assert any(s.fact == "stated.answer" and s.value == content for s in stated.sources)


def test_a_german_dass_clause_puts_its_verb_second() -> None:
    stated = read_stated_content(
        "Antwort JA oder NEIN. Bei NEIN eine SMS, dass unser Team sich meldet.", "de"
    )
    assert stated.answers[0].content == "Unser Team meldet sich."
    # an auxiliary is the verb in second place, the infinitive stays last
    stated = read_stated_content("Bei NEIN eine Nachricht, dass wir dich morgen anrufen werden.", "de")
    assert stated.answers[0].content == "Wir werden dich morgen anrufen."


def test_a_dass_clause_whose_subject_cannot_be_told_is_not_copied() -> None:
    # no subject the reader can tell: no broken German, the planner's own text stays
    stated = read_stated_content("Bei NEIN eine Nachricht, dass morgen angerufen wird.", "de")
    assert stated.answers == []


def test_scores_and_words_are_told_apart() -> None:
    stated = read_stated_content(
        "Rate us 1-5. 4 or 5 -> ask for a Google review, 1-3 -> say the owner will phone them.", "en"
    )
    assert [(a.answer, a.scores) for a in stated.answers] == [(None, [4, 5]), (None, [1, 2, 3])]
    assert stated.for_answer("2") is stated.answers[1]
    assert stated.for_answer("5") is stated.answers[0]
    assert stated.for_answer("no") is None


def test_an_accent_does_not_hide_the_answer() -> None:
    stated = read_stated_content(
        "Responde SÍ o NO. Si responden SÍ, diles que les esperamos el sábado.", "es"
    )
    assert stated.for_answer("si") is not None


def test_plain_replies_state_no_answer_message() -> None:
    for text, language in (
        ("Reply YES for the blue one, NO for the red one.", "en"),
        ("Responde SI para reservar.", "es"),
        ("Antworte JA, um dabei zu sein.", "de"),
        # silence is no answer: "no reply" names a wait, not a reply word
        ("If no reply in 2 days, tell them the offer ends Friday.", "en"),
        ("If no reply, say 'last chance'.", "en"),
        ("Si no responden en 2 días, diles que la oferta termina el viernes.", "es"),
        ("Bei keiner Antwort nach 2 Tagen eine Nachricht, dass das Angebot endet.", "de"),
        ("Si pas de réponse sous 2 jours, dites que l'offre se termine.", "fr"),
    ):
        assert read_stated_content(text, language).answers == []


# ------------------------------------------------------------------ the planner


def _flow(text: str, brand: str = "Acme") -> dict[str, Any]:
    return OfflineGenerator().generate(extract_brief(text), brand_name=brand).flow


def _closing_text(flow: dict[str, Any], answer: str) -> str:
    """The text a reply `answer` to the first question ends with, through its property steps."""
    steps = {s["id"]: s for s in flow["steps"]}
    question = next(s for s in flow["steps"] if any(e.get("intent") == answer for e in s.get("events", [])))
    step = steps[next(e["nextStepID"] for e in question["events"] if e.get("intent") == answer)]
    while not step.get("text"):
        step = steps[step["events"][0]["nextStepID"]]
    return str(step["text"])


_ENGLISH_WORDS = re.compile(r"\b(?:the|you|your|we|our|thanks|review|will|sorry|shortly|reach)\b", re.I)


def test_a_score_survey_answers_each_range_with_its_stated_message() -> None:
    flow = _flow(
        "Survey last week's buyers: ask them to rate us 1-5. 4 or 5 -> ask for a Google review, "
        "1-3 -> say the owner will phone them."
    )
    for score in ("1", "2", "3"):
        text = _closing_text(flow, score)
        assert "The owner will phone you." in text
        assert "support team" not in text
    for score in ("4", "5"):
        assert "Would you leave us a Google review? {{store_url}}" in _closing_text(flow, score)
    # answers sharing a statement share one step
    assert _closing_text(flow, "1") == _closing_text(flow, "3")


def test_an_nps_survey_keeps_the_stock_text_for_scores_the_brief_leaves_unsaid() -> None:
    flow = _flow("NPS for members, 0-10. Score 9-10 → invite them to the referral programme.")
    assert "You're invited to the referral programme!" in _closing_text(flow, "10")
    assert "referral" not in _closing_text(flow, "3")


@pytest.mark.parametrize(
    ("text", "answer", "said", "stock"),
    [
        (
            "Text class members: are you still coming Friday? Reply YES or NO. If they say NO, tell them "
            "we'll hold their spot for a week.",
            "no",
            "We'll hold your spot for a week.",
            "won't remind you",
        ),
        (
            "Encuesta para clientes: ¿vendrás a la clase del sábado? Responde SI o NO. Si responden NO, "
            "diles que un asesor les llamará.",
            "no",
            "Un asesor te llamara.",
            "soporte",
        ),
        (
            "Sondage clients : viendrez-vous samedi ? Réponse OUI ou NON. Si NON, dites que l'équipe vous "
            "rappelle sous 24 h.",
            "non",
            "L'équipe vous rappelle sous 24 h.",
            "service client",
        ),
        (
            "Umfrage an Kunden: Wart ihr zufrieden? Antwort JA oder NEIN. Bei NEIN eine Nachricht, dass "
            "sich unser Support meldet.",
            "nein",
            "Unser Support meldet sich.",
            "Support-Team",
        ),
    ],
)
def test_a_yes_no_answer_gets_its_stated_message_in_the_brief_language(
    text: str, answer: str, said: str, stock: str
) -> None:
    brief = extract_brief(text)
    flow = _flow(text)
    closing = _closing_text(flow, answer)
    assert said in closing
    assert stock not in closing
    assert "{{first_name}}" in closing
    if brief.language != "en":
        assert not _ENGLISH_WORDS.search(closing.replace("{{first_name}}", "")), closing


def test_the_stated_message_keeps_to_one_segment_when_the_brief_asks() -> None:
    flow = _flow(
        "Keep every text to one SMS. Ask members if they can make the cleanup day, reply YES or NO. If they "
        "say NO, tell them that we will keep them posted about the next cleanup day and the one after that, "
        "with the dates."
    )
    closing = _closing_text(flow, "no")
    assert "We will keep you posted about the next cleanup day" in closing
    assert segments(closing) == 1


def test_what_i_understood_lists_each_answer_message() -> None:
    brief = extract_brief(
        "Survey last week's buyers: ask them to rate us 1-5. 4 or 5 -> ask for a Google review, "
        "1-3 -> say the owner will phone them."
    )
    lines = understood_lines(brief)
    assert any(
        line.startswith("Reply 1-3 message: The owner will phone you.") and "“1-3 -> say the owner" in line
        for line in lines
    ), lines
    assert any(line.startswith("Reply 4 or 5 message: Would you leave us a Google review?") for line in lines)
