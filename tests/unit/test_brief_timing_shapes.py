"""Timing facts in shapes the readers used to miss: durations said without a count ("half a
day"), a formal passive before a timeout, delimiter tables whose column names each row's kind,
send hours written as words or with their zone stated apart, and caps in shorthand ("1 txt/day"),
each in English, Spanish, French and German."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief

TODAY = date(2026, 12, 1)


def _brief(text: str):  # type: ignore[no-untyped-def]
    return extract_brief(text, today=TODAY)


def _no_reply(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in _brief(text).no_reply_after]


def _durations(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in _brief(text).waits]


def _caps(text: str) -> list[tuple[int, int, str]]:
    return [(c.occurrences, c.timespan, c.period) for c in _brief(text).frequency_caps]


@pytest.mark.parametrize(
    "text",
    [
        "Ping our regulars about brunch, reply BOOK to reserve. Nothing back after half a day? One nudge.",
        "Texto a clientes fieles: responde RESERVA. Si no hay respuesta en medio día, un recordatorio.",
        "SMS aux habitués : répondez RESA. Sans réponse après une demi-journée, une relance.",
        "SMS an Stammkunden: antworte TISCH. Wenn keine Antwort nach einem halben Tag, eine Erinnerung.",
    ],
)
def test_half_a_day_is_a_twelve_hour_no_reply_wait(text: str) -> None:
    assert _no_reply(text) == [(12, "hours")]


@pytest.mark.parametrize(
    ("text", "waits", "no_reply"),
    [
        (
            "Text members. Hold a couple of hours, then send the menu. Reply Y to book; "
            "no reply in a couple of days gets a reminder.",
            [(2, "hours")],
            [(2, "days")],
        ),
        (
            "SMS a socios. Esperar un par de horas y mandar el menú. Responde S; "
            "si no hay respuesta en un par de días, recordatorio.",
            [(2, "hours")],
            [(2, "days")],
        ),
        (
            "Text fans, reply GO. If they haven't answered after a day and a half, nudge them.",
            [],
            [(36, "hours")],
        ),
    ],
)
def test_fuzzy_counts_of_time(text: str, waits: list, no_reply: list) -> None:
    assert _durations(text) == waits
    assert _no_reply(text) == no_reply


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        (
            "Customers are invited to reply YES. Where no reply is received within 72 hours, "
            "a single follow-up message is sent.",
            (72, "hours"),
        ),
        (
            "Recipients may reply JOIN. Should no response be received within 48 hours, one reminder shall be sent.",
            (48, "hours"),
        ),
        ("Members reply RSVP. If no answer has been given within 3 days, a reminder follows.", (3, "days")),
    ],
)
def test_formal_passive_timeouts_keep_their_time(text: str, timeout: tuple[int, str]) -> None:
    assert _no_reply(text) == [timeout]


@pytest.mark.parametrize(
    ("text", "waits", "no_reply", "caps"),
    [
        (
            "step,type,detail\n1,sms,Fresh drop is live, reply SHOW to see it\n2,wait,3 hours\n"
            "3,if no reply,after 12 hours send a reminder\n4,limit,1 sms per day",
            [(3, "hours")],
            [(12, "hours")],
            [(1, 1, "Days")],
        ),
        (
            "étape;type;détail\n1;sms;La collection est là, répondez VOIR\n2;attente;3 jours\n"
            "3;sans réponse;2 jours\n4;limite;2 sms par semaine",
            [(3, "days")],
            [(2, "days")],
            [(2, 7, "Days")],
        ),
        (
            "paso,tipo,detalle\n1,sms,Ya llegó la colección, responde VER\n2,espera,2 días\n3,sin respuesta,12 horas",
            [(2, "days")],
            [(12, "hours")],
            [],
        ),
        (
            "Schritt;Typ;Inhalt\n1;sms;Die Kollektion ist da, antworte SEHEN\n2;warten;3 Stunden\n"
            "3;keine Antwort;12 Stunden\n4;limit;1 SMS pro Tag",
            [(3, "hours")],
            [(12, "hours")],
            [(1, 1, "Days")],
        ),
    ],
)
def test_typed_table_rows_read_as_their_kind(text: str, waits: list, no_reply: list, caps: list) -> None:
    assert _durations(text) == waits
    assert _no_reply(text) == no_reply
    assert _caps(text) == caps


@pytest.mark.parametrize(
    "text",
    [
        "audience,offer,cta,follow_up\nVIP customers,15% off,Reply YES,if no reply after 2 days send a reminder",
        "audiencia;oferta;cta;seguimiento\nclientes VIP;15% de descuento;Responde SI;2 días",
    ],
)
def test_header_and_one_row_of_values(text: str) -> None:
    brief = _brief(text)
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(2, "days")]
    assert any(c.property_value == "vip" for c in brief.audience)


@pytest.mark.parametrize(
    ("text", "hours", "zone"),
    [
        (
            "Flash sale for VIPs, sent only between five and eight pm Eastern, any other time nothing goes out.",
            ("17:00", "20:00"),
            "America/New_York",
        ),
        (
            "Sends go out from nine to five Pacific only; otherwise end.",
            ("09:00", "17:00"),
            "America/Los_Angeles",
        ),
        (
            "SMS an VIPs zum Sale. zeitfenster: nur 9-18 Uhr MEZ (Europe/Berlin), außerhalb: Ende",
            ("09:00", "18:00"),
            "Europe/Berlin",
        ),
        (
            "campaña: rebajas\nzona_horaria: Europe/Madrid\nventana: solo de 18:00 a 21:00\nfuera de la ventana: terminar",
            ("18:00", "21:00"),
            "Europe/Madrid",
        ),
        (
            "Soldes pour les VIP.\nfuseau: Europe/Paris\ncréneau : de 9h à 19h, sinon fin",
            ("09:00", "19:00"),
            "Europe/Paris",
        ),
    ],
)
def test_send_hours_spoken_or_zoned_apart(text: str, hours: tuple[str, str], zone: str) -> None:
    brief = _brief(text)
    assert [(h.start, h.end, h.timezone) for h in brief.send_hours] == [(*hours, zone)]
    assert brief.cues is not None and brief.cues.outside_hours_end


def test_number_words_elsewhere_are_no_hours() -> None:
    assert _brief("Send five texts from one store to the next.").send_hours == []


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("Remind gym members about classes. Max 1 txt/day.", (1, 1, "Days")),
        ("Remind gym members about classes, max. 3 msgs / week", (3, 7, "Days")),
        ("Rappel aux membres pour les cours. max 2 sms/semaine", (2, 7, "Days")),
        ("Recordatorio a socios del gimnasio. máx. 1 SMS al día", (1, 1, "Days")),
        ("Recordatorio a socios del gimnasio. Máximo 2 mensajes/semana", (2, 7, "Days")),
        ("Erinnerung an Mitglieder zu den Kursen. höchstens 1 SMS/Tag", (1, 1, "Days")),
    ],
)
def test_shorthand_caps(text: str, cap: tuple[int, int, str]) -> None:
    assert _caps(text) == [cap]
