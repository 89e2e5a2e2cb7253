"""A late note ("P.S.", "P.D.", "N.B.", "Update:", "Nachtrag:") that changes a value: only the
note's value is used, and the old one never reaches the copy."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.corrections import apply_corrections
from tests.offline_flows import message_texts


def _flow_text(text: str) -> str:
    return "\n".join(message_texts(text))


def _offer(text: str) -> tuple[set[str], set[str]]:
    discounts = extract_brief(text).discounts
    return {d.value for d in discounts if d.value}, {d.code for d in discounts if d.code}


@pytest.mark.parametrize(
    ("text", "value", "code", "old_code"),
    [
        (
            "Email from the owner: text our refill customers a reminder with 10% off a refill with code"
            " REFILL10. Link: https://shop.example.com/refill\n"
            "P.S. The owner thinks 10% is too stingy — make it 15% off with code REFILL15 instead.",
            "15",
            "REFILL15",
            "REFILL10",
        ),
        (
            "Text our subscribers about the new teas: 10% off with code TEA10.\n"
            "Update: go with 20% off and code TEA20 instead.",
            "20",
            "TEA20",
            "TEA10",
        ),
        (
            "Campaña para clientes: 15 % de descuento con el código VIAJE15 en su próxima reserva."
            " Enlace: https://viajes.example.com\n"
            "P.D.: Mejor que el código sea VERANO15, el otro ya lo usamos en marzo.",
            "15",
            "VERANO15",
            "VIAJE15",
        ),
        (
            "SMS à nos abonnés : 15 % de remise avec le code AUTOMNE15 sur la nouvelle collection.\n"
            "P.S. : finalement, 20 % au lieu de 15 %, code AUTOMNE20.",
            "20",
            "AUTOMNE20",
            "AUTOMNE15",
        ),
        (
            "SMS an alle Abonnenten: 15 % Rabatt mit dem Code HERBST15 auf die neue Kollektion.\n"
            "PS: doch lieber Code HERBST20 statt HERBST15.",
            "15",
            "HERBST20",
            "HERBST15",
        ),
        (
            "Text our list about the spring boxes, 10% off with code BOX10.\n"
            "N.B. Switch the code to BOXES10, the other one is taken.",
            "10",
            "BOXES10",
            "BOX10",
        ),
    ],
)
def test_a_late_note_replaces_the_offer(text: str, value: str, code: str, old_code: str) -> None:
    values, codes = _offer(text)
    assert values == {value}
    assert codes == {code}
    assert old_code not in _flow_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ask browsers if they want a size guide, reply YES. If they don't reply within 48 hours, send one"
        " nudge.\nP.S. Scratch the 48 hours — send the nudge after 24 hours instead.",
        "Ask browsers if they want a size guide, reply YES. If they don't reply within 48 hours, send one"
        " nudge.\nEdit: 24 hours instead of 48 hours for the nudge.",
        "Pregunta si quieren la guía de tallas, responde SI. Si no responden en 48 horas, manda un"
        " recordatorio.\nP.D.: mejor 24 horas en vez de 48 horas.",
    ],
)
def test_a_late_note_replaces_the_wait(text: str) -> None:
    brief = extract_brief(text)
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(24, "hours")]


@pytest.mark.parametrize(
    "text",
    [
        "Please text members (property member = yes) about our spring sale, 20% off sitewide.\n"
        "P.S. Actually, don't filter on membership at all — send it to everyone on the list.",
        "Texto para los socios (propiedad socio = si) con la oferta de primavera, 20 % de descuento.\n"
        "P.D.: al final, mejor sin filtrar, a todos los contactos.",
        "SMS aux membres (propriété membre = oui) pour les soldes, 20 % de remise.\n"
        "N.B. finalement, à tout le monde, pas de filtre.",
        "SMS an Mitglieder (Eigenschaft mitglied = ja) zum Frühlingssale, 20 % Rabatt.\n"
        "Nachtrag: doch lieber an alle Kontakte, kein Filter.",
        "ICP: all subscribers. We're NOT segmenting this one. Background: our VIP tier (property vip ="
        " true) gets its own campaign next month. Offer: 10% off.",
        "Audience: everyone. No segment. Offer: free shipping this weekend.",
    ],
)
def test_the_audience_taken_back_leaves_no_segment(text: str) -> None:
    assert extract_brief(text).audience == []


# ------------------------------------------------------------------ near misses: nothing changes


def test_a_note_that_only_adds_keeps_the_earlier_facts() -> None:
    text = (
        "Text our subscribers about the new teas: 10% off with code TEA10.\n"
        "P.S. use their first name, and make it friendly instead of salesy."
    )
    assert _offer(text) == ({"10"}, {"TEA10"})


def test_a_note_about_last_year_is_background() -> None:
    text = "Text our subscribers about the new teas: 15% off with code TEA15.\nP.S. last year we did 10%."
    assert _offer(text) == ({"15"}, {"TEA15"})


def test_a_note_naming_no_old_wait_changes_no_window() -> None:
    # "30 days" is the audience window, not a wait the note could mean
    text = (
        "Text customers who ordered in the last 30 days about refills.\n"
        "P.S. actually send the follow-up after 2 days instead."
    )
    assert [c.days for c in extract_brief(text).audience if c.kind == "event"] == [30]


def test_a_note_with_two_codes_to_choose_from_changes_neither() -> None:
    text = "VIPs get code VIP20 and everyone else code ALL10.\nP.S. make it code NEW15 instead."
    fixed = apply_corrections(text).text
    assert "VIP20" in fixed and "ALL10" in fixed


def test_a_segment_said_with_a_turn_is_kept() -> None:
    text = "No segmentation by country, but only VIPs (property vip = true). 10% off."
    assert extract_brief(text).audience != []


def test_a_membership_note_that_keeps_the_filter_keeps_it() -> None:
    text = (
        "Please text members (property member = yes) about our spring sale, 20% off sitewide.\n"
        "P.S. use their first name."
    )
    assert extract_brief(text).audience != []
