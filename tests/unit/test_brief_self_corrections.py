"""A brief that corrects itself keeps the value it settles on, in every reader and in the copy."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.corrections import apply_corrections
from tests.offline_flows import message_texts

# ------------------------------------------------------------------ said in one breath


def _durations(text: str) -> list[tuple[int, str]]:
    brief = extract_brief(text)
    return [(d.value, d.unit) for d in brief.waits + brief.no_reply_after]


def _days(text: str) -> list[int | None]:
    return [c.days for c in extract_brief(text).audience if c.kind == "event"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Text everyone who bought in the last 21 days... no wait, 45 days, about the new mugs.", 45),
        ("Texto a quienes compraron en los últimos 20 días, perdón, 40 días, sobre las tazas.", 40),
        ("SMS aux clients ayant acheté il y a moins de 10 jours, enfin non, 25 jours.", None),
        ("SMS an alle, die in den letzten 14 Tagen, äh, 35 Tagen bestellt haben, zu den Tassen.", 35),
    ],
)
def test_a_day_window_said_twice_keeps_the_second(text: str, days: int | None) -> None:
    found = _days(text)
    fixed = apply_corrections(text).text
    assert days is None or found == [days]
    # the window taken back is gone from what the readers see
    assert not any(str(n) in fixed for n in (21, 20, 10, 14))


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("Send the launch text, then after a couple of days, let's say three, a reminder.", (3, "days")),
        ("Send the promo text. Wait 6 hours, I mean 8 hours, then send a reminder.", (8, "hours")),
        ("Manda el SMS y espera un par de horas, o sea tres, antes del recordatorio.", (3, "hours")),
        ("Schick die SMS und warte ein paar Tage, sagen wir vier, dann eine Erinnerung.", (4, "days")),
        ("Envoyez le SMS puis attendez deux jours, enfin non, cinq jours, avant de relancer.", (5, "days")),
    ],
)
def test_a_wait_said_twice_keeps_the_second(text: str, wait: tuple[int, str]) -> None:
    found = _durations(text)
    assert wait in found
    assert len({d for d in found if d[1] == wait[1]}) == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Text VIPs 10% off the new candles... no wait, 12% off.", "12"),
        ("SMS a los VIP con 10 % de descuento, digo, 18 % de descuento en las velas.", "18"),
        ("SMS aux VIP avec 10 % de remise, enfin non, 22 % de remise sur les bougies.", "22"),
        ("SMS an VIPs mit 10 % Rabatt, ich meine 16 % Rabatt auf die Kerzen.", "16"),
    ],
)
def test_a_discount_said_twice_keeps_the_second(text: str, value: str) -> None:
    money = [d for d in extract_brief(text).discounts if d.kind in ("percentage", "amount")]
    assert [(d.kind, d.value) for d in money] == [("percentage", value)]


def test_a_number_that_is_no_correction_stays() -> None:
    for text in (
        "Send 1 text, wait 2 hours, then send a reminder.",
        "Reply 1 not 2 if you want the guide.",
        "15% off for VIPs, and if no reply after 48 hours send a reminder.",
    ):
        assert apply_corrections(text).text == text


# ------------------------------------------------------------------ later messages of a chain


def _flow_text(text: str) -> str:
    """The copy of every message of the flow made for `text`."""
    texts = message_texts(text)
    assert texts
    return "\n".join(texts)


_QUOTED_CHAIN = """Re: Re: Fwd: lamp launch

---------- Forwarded message ----------
Hello, please text our subscribers about the new desk lamp with 25% off, code LAMP25.
If they don't reply within 72 hours, send one reminder.

> Re: Nice. Let's make it $12 off instead of the percentage.
>> Re: And send the reminder after 36 hours, not 72.
"""

_TOP_POSTED = """Fwd (Marta): cambio de última hora: mejor 8 € de descuento en vez del porcentaje, y el recordatorio a las 12 horas, no 24.

-------- Mensaje reenviado --------
Asunto: lanzamiento de la lámpara
Envía un SMS a los suscriptores sobre la nueva lámpara con 30 % de descuento.
Si no responden en 24 horas, manda un recordatorio.
"""


def test_a_quoted_chain_applies_its_later_changes() -> None:
    brief = extract_brief(_QUOTED_CHAIN)
    money = [(d.kind, d.value) for d in brief.discounts if d.kind in ("percentage", "amount")]
    assert money == [("amount", "12")]
    assert (36, "hours") in [(d.value, d.unit) for d in brief.no_reply_after]
    assert 72 not in [d.value for d in brief.waits + brief.no_reply_after]
    flow = _flow_text(_QUOTED_CHAIN)
    assert "25%" not in flow and "25 %" not in flow
    assert "LAMP25" in flow  # the code is no value the chain changes
    lines = "\n".join(understood_lines(brief))
    assert "$12" in lines or "12" in lines
    assert "25%" not in lines


def test_a_top_posted_chain_applies_the_change_written_first() -> None:
    brief = extract_brief(_TOP_POSTED)
    money = [(d.kind, d.value) for d in brief.discounts if d.kind in ("percentage", "amount")]
    assert money == [("amount", "8")]
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(12, "hours")]
    flow = _flow_text(_TOP_POSTED)
    assert "30 %" not in flow and "30%" not in flow


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (
            "Send the teaser. If no reply in 48 hours send a reminder.\n> Re: make the reminder 24 hours, not 48.",
            48,
            24,
        ),
        (
            "SMS sobre la cafetera. Si no responden en 48 horas, recordatorio.\n> Re: mejor a las 12 horas, no 48.",
            48,
            12,
        ),
        (
            "SMS pour la bouilloire. Sans réponse sous 48 heures, une relance.\n> Re : plutôt 6 heures au lieu de 48.",
            48,
            6,
        ),
        (
            "SMS zum Wasserkocher. Ohne Antwort nach 48 Stunden eine Erinnerung.\n> AW: lieber nach 10 Stunden statt 48.",
            48,
            10,
        ),
    ],
)
def test_a_later_wait_replaces_the_one_it_names(text: str, old: int, new: int) -> None:
    values = [d.value for d in extract_brief(text).waits + extract_brief(text).no_reply_after]
    assert new in values and old not in values
    fixed = apply_corrections(text).text
    assert str(old) not in fixed


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (
            "Fwd: Text everyone about the new oat milk with 15% off, code OAT15.\n"
            "> Re: in the end no discount, just the announcement.",
            "oat milk",
        ),
        (
            "Envía un SMS sobre la nueva leche de avena con un 15 % de descuento, código AVENA15.\n"
            "> Re: al final sin descuento, solo el anuncio.",
            "leche de avena",
        ),
        (
            "Envoyez un SMS sur le nouveau lait d'avoine avec 15 % de remise, code AVOINE15.\n"
            "> TR : finalement aucune remise, juste l'annonce.",
            "lait d'avoine",
        ),
        (
            "Schick eine SMS zur neuen Hafermilch mit 15 % Rabatt, Code HAFER15.\n"
            "> AW: doch keinen Rabatt, nur die Ankündigung.",
            "Hafermilch",
        ),
    ],
)
def test_a_later_change_that_drops_the_offer_leaves_none(text: str, subject: str) -> None:
    brief = extract_brief(text)
    assert not [d for d in brief.discounts if d.kind in ("percentage", "amount", "code")]
    flow = _flow_text(text)
    assert "15" not in flow.replace("{{", "")
    fixed = apply_corrections(text).text
    assert subject in fixed and "15 %" not in fixed and "15%" not in fixed


def test_the_understanding_quotes_the_corrected_value() -> None:
    text = "Text everyone who ordered in the last 28 days... no wait, 30 days about the new tea."
    lines = understood_lines(extract_brief(text))
    audience = next(line for line in lines if line.startswith("Audience"))
    assert "30 days" in audience
