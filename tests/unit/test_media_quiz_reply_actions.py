"""The brief's picture on each kind of first send, the quiz's answers, and the brief's own reply
actions in Spanish, French and German copy."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.reply_actions import local_reply_actions
from flowgen_core.check.pictures import first_sends, picture_not_attached
from flowgen_core.pipeline import generate_flow
from flowgen_core.planners.offline.copywriting import segments
from flowgen_core.settings import Settings


def _result(text: str) -> Any:
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    return result


PICTURE_BRIEFS = [
    # (brief, type of the first send, attached?)
    (
        "Tell everyone about the linen shirts, 10% off. Add the photo https://img.test/linen.jpg to the text.",
        "message",
        True,
    ),
    (
        "Manda un mensaje con la foto https://img.test/sandalias.png de las sandalias nuevas, 15 % de descuento.",
        "message",
        True,
    ),
    (
        "Abandoned cart reminder: remind them of their cart with 10% off, add the photo https://img.test/cart.jpg to the text.",
        "purchase_offer",
        False,
    ),
    (
        "Cross-sell after purchase: show them products that go with their order, include the picture https://img.test/pair.png.",
        "product_choice",
        False,
    ),
]


@pytest.mark.parametrize(("text", "first_type", "attached"), PICTURE_BRIEFS)
def test_the_picture_goes_where_the_first_send_can_carry_it(
    text: str, first_type: str, attached: bool
) -> None:
    result = _result(text)
    sends = first_sends(result.flow)
    assert sends and sends[0]["type"] == first_type
    missing = [line for line in result.understood if "picture not attached:" in line]
    if attached:
        assert sends[0]["addImage"] is True and sends[0]["imageUrl"].startswith("https://img.test/")
        assert not missing
    else:
        assert "addImage" not in sends[0]
        assert len(missing) == 1 and first_type.replace("_", " ") in missing[0]


def test_no_picture_asked_for_reports_nothing() -> None:
    flow = {"initialStepID": "a", "steps": [{"id": "a", "type": "purchase_offer", "events": []}]}
    assert picture_not_attached(flow, None) == []
    assert picture_not_attached(flow, "https://img.test/x.jpg")[0].startswith(
        "Not used: picture not attached: "
    )


@pytest.mark.parametrize(
    "text",
    [
        "Quiz for new signups. 1. Which roast do you like? 2. How do you brew at home? Then suggest a coffee.",
        "Envía un cuestionario a los clientes: 1. ¿Qué estilo prefieres? 2. ¿Cuál es tu presupuesto? Luego recomienda un producto.",
        "Envoyez un quiz aux abonnés : 1. Quelle couleur aimez-vous ? 2. Quelle taille portez-vous ? Puis recommandez un article.",
        "Schick ein Quiz an alle Abonnenten: 1. Welche Farbe magst du? 2. Welche Größe trägst du? Danach ein Produkt empfehlen.",
    ],
)
def test_a_quiz_whose_answers_pick_no_products_says_so(text: str) -> None:
    lines = understood_lines(extract_brief(text))
    assert any(line.startswith("Assumed: every quiz answer leads to the same") for line in lines)


REPLY_ACTION_BRIEFS = [
    (
        "Responde RESERVAR para reservar tu plaza en la cata del viernes.",
        "Responde RESERVAR para reservar tu plaza",
        "Responde STOP",
    ),
    (
        "Envía a todos: contesta, responde CITA para pedir una cita con el asesor.",
        "CITA para pedir una cita con el asesor",
        "Responde STOP",
    ),
    (
        "Répondez PLACE pour réserver votre place à la dégustation.",
        "Répondez PLACE pour réserver votre place",
        "Répondez STOP",
    ),
    (
        "Envoyez à tous : répondez MENU pour recevoir la carte du jour.",
        "MENU pour recevoir la carte du jour",
        "Répondez STOP",
    ),
    (
        "Antworte BUCHEN, um deinen Platz bei der Weinprobe zu sichern.",
        "Antworte BUCHEN, um deinen Platz bei der Weinprobe zu sichern",
        "Antworte STOP",
    ),
    (
        "An alle: antworte TERMIN, um einen Termin zu vereinbaren.",
        "TERMIN, um einen Termin zu vereinbaren",
        "Antworte STOP",
    ),
]


@pytest.mark.parametrize(("text", "cta", "opt_out"), REPLY_ACTION_BRIEFS)
def test_localized_copy_says_what_the_briefs_keyword_does(text: str, cta: str, opt_out: str) -> None:
    result = _result(text)
    first = first_sends(result.flow)[0]["text"]
    assert cta in first, first
    assert opt_out in first
    assert segments(first) <= 2


def test_a_reply_action_is_only_the_briefs_short_words() -> None:
    assert local_reply_actions("Responde SI para 20 % de descuento.", "es") == {}
    assert local_reply_actions("responde si para reservar.", "es") == {}
    assert local_reply_actions("Reply BOOK to reserve.", "en") == {}
    assert local_reply_actions("Responde SI para " + " ".join(["palabra"] * 12) + ".", "es") == {}
    actions = local_reply_actions("Répondez RÉSERVER pour réserver.", "fr")
    assert actions["reserver"] == actions["rserver"] == "réserver"
    assert local_reply_actions("Antworte JA, um dabei zu sein.", "de") == {"ja": "dabei zu sein"}
