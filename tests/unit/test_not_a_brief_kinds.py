"""Text with no campaign intent is refused in every language the offline planner reads.

The decision rests on evidence of a campaign (an offer, a send verb, a trigger, a goal, reply
keywords, flow steps), not on a list of known non-briefs, so each kind below is refused without
its wording appearing in any vocabulary. Questions and chit-chat that happen to hold an
incidental campaign word ("order", "link", "weekend") are refused too.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_apps.slack.listeners.delivery import error_text
from flowgen_core.brief import not_a_brief_reason
from flowgen_core.brief.intent import campaign_evidence, framing
from flowgen_core.context import RequestContext
from flowgen_core.errors import NotABriefError
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings, get_settings

PLACEHOLDERS = [
    "[describe your campaign in this box]",
    "{{ brief_text }}",
    "<insert the offer and audience here>",
    "[escribe aquí tu campaña]",
    "[insérez le texte de la campagne ici]",
    "[Briefing hier einfügen]",
]
CHIT_CHAT = [
    "morning all! how was the match on saturday, did the team win?",
    "hope you had a lovely holiday, we missed you at lunch",
    "lol that final last night was wild",
    "hola, ¿qué tal el fin de semana? ¿viste el partido?",
    "salut ! ça va ? tu as vu le match hier soir ?",
    "Hallo! Wie war dein Wochenende? Hast du das Spiel gesehen?",
]
FACT_QUESTIONS = [
    "How many milligrams of paracetamol can a child take?",
    "what's the capital of australia?",
    "is it safe to take aspirin with coffee",
    "¿Cuál es la dosis de ibuprofeno para un adulto?",
    "Quelle est la dose de paracétamol pour un enfant de 20 kg ?",
    "Wie viel Ibuprofen darf ein Erwachsener am Tag nehmen?",
]
SUPPORT_QUESTIONS = [
    "I can't log into the admin dashboard, the reset link never arrives",
    "how do I change my password? the email link expired",
    "my order hasn't arrived yet, can you check the tracking link?",
    "can you tell me how to track my order?",
    "Where can I find the invoice for last month's order?",
    "¿Cómo cambio mi contraseña del portal? El enlace ha caducado",
    "Comment réinitialiser mon mot de passe ? Le lien a expiré",
    "Wie setze ich mein Passwort zurück? Der Link ist abgelaufen",
]
SMALL_TALK = [
    "thanks for the quick reply!",
    "you're welcome, have a great weekend",
    "see you on monday",
    "the printer on the 3rd floor is out of order again",
    "I'm on holiday next week, back on Monday",
    "can you help me reset my password?",
    "what is a webhook?",
    "Welcome aboard, Priya, great to have you on the team!",
    "happy birthday Marco, have a brilliant day",
    "thank you for sorting out the order mix-up yesterday",
    "Danke für die schnelle Lieferung der Bestellung",
    "merci pour ton aide avec la commande d'hier",
    "gracias por ayudarme con el pedido",
]
NOISE = ["!!!", "🙂🙂", "---", "zzxq vbnm"]

# Internal notes hold incidental campaign words ("order", "book", a weekday and a time) and no
# campaign: they need the evidence a question needs.
MEETING_NOTES = [
    "Meeting notes 2/11: present Ana, Raj. Talked about the warehouse lease and the new label "
    "printer; next check-in Tuesday 9:30. To do: Raj to order shelving, Ana to book a van.",
    "Agenda for Monday: budget review, hiring update, who orders lunch for the offsite",
    "Acta de la reunión del martes: Luis pide las sillas nuevas, Marta reserva la sala para el jueves.",
    "Compte rendu du 4/10 : Julie commande les cartons, Marc réserve la salle jeudi à 10h.",
    "Protokoll vom 3.5.: Ben bestellt neue Stühle, Anna bucht den Raum für Donnerstag 10 Uhr.",
]
NON_BRIEFS = (
    PLACEHOLDERS + CHIT_CHAT + FACT_QUESTIONS + SUPPORT_QUESTIONS + SMALL_TALK + NOISE + MEETING_NOTES
)


@pytest.mark.parametrize("text", NON_BRIEFS)
def test_text_without_campaign_intent_is_refused(text: str) -> None:
    assert not_a_brief_reason(text), (framing(text), campaign_evidence(text))


@pytest.mark.parametrize(
    "text",
    [
        "boost my VIP reorders",
        "txt everyone 2for1 tacos tues",
        "When someone abandons their cart, text them after 1 hour",
        "I want to text my VIPs early access to the sale",
        "Who: VIPs. What: 20% off. When: Friday 10am",
        "How about a winback for lapsed customers with 10% off?",
        "Can we run a Black Friday sale?",
        "Thank-you text for first-time buyers",
        "restock alert for the blue hoodie",
        "NPS survey after delivery",
        "reply YES for early access",
        "Quiero enviar un SMS a mis clientes VIP con 20% de descuento",
        "Relancer les paniers abandonnés après 2 heures avec 10% de réduction",
        "Ich möchte den Stammkunden eine SMS mit 15% Rabatt schicken",
        "hey team! text subscribers our new spring collection tomorrow",
        "Happy birthday text with 20% off for subscribers",
        "Thanks for shopping with us text after first purchase",
    ],
)
def test_briefs_framed_as_requests_or_questions_still_generate(text: str) -> None:
    assert not_a_brief_reason(text) is None, (framing(text), campaign_evidence(text))


def test_a_question_needs_more_evidence_than_a_statement() -> None:
    # the same campaign words: an order and a link are no campaign when they are asked about
    assert not_a_brief_reason("order confirmation text with the tracking link") is None
    assert not_a_brief_reason("where is the tracking link for my order?")


def test_framing_is_read_from_the_first_clause_after_a_greeting() -> None:
    assert framing("hi team! hope the launch went well") == "social"
    assert framing("Hey, how do I export a flow?") == "question"
    assert framing("Could you draft a winback for lapsed buyers?") == "request"
    assert framing("Audience: lapsed buyers. Offer: 10% off.") == "statement"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWGEN_GENERATOR", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.mark.parametrize("text", [PLACEHOLDERS[0], CHIT_CHAT[0], FACT_QUESTIONS[0], SUPPORT_QUESTIONS[1]])
def test_cli_refuses_with_exit_2_and_one_line(runner: CliRunner, text: str) -> None:
    result = runner.invoke(main, ["generate", text])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "campaign brief" in lines[0]


@pytest.mark.parametrize("text", [CHIT_CHAT[3], SUPPORT_QUESTIONS[6], FACT_QUESTIONS[5]])
def test_slack_answers_each_language_with_three_examples(text: str) -> None:
    with pytest.raises(NotABriefError) as raised:
        generate_flow(text, settings=Settings(flowgen_generator="offline"))
    reply, blocks = error_text(raised.value, RequestContext(source="slack"))
    assert "campaign brief" in reply
    assert json.dumps(blocks, ensure_ascii=False).count("•") == 3


@pytest.mark.parametrize("text", MEETING_NOTES)
def test_internal_notes_are_refused_as_notes(text: str) -> None:
    assert framing(text) == "notes"
    assert "internal notes" in (not_a_brief_reason(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Meeting notes: we agreed to text VIPs 20% off this weekend, reply YES to order",
        "Agenda item 1: send lapsed buyers a winback SMS with 10% off, code BACK10",
        "Acta de la reunión: enviar un SMS a los clientes VIP con un 15% de descuento",
        "Compte rendu : envoyer un SMS aux clients fidèles avec 10 % de remise",
        "Protokoll: SMS an alle Stammkunden mit 20 % Rabatt, Antwort JA zum Bestellen",
    ],
)
def test_a_brief_written_down_as_meeting_notes_still_generates(text: str) -> None:
    assert not_a_brief_reason(text) is None
