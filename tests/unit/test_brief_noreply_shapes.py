"""No-reply timeouts in the shapes briefs write them: the silence named after its duration, slang
for no answer, a reminder timed in a flow that asks for a reply, a Spanish hour count after
"a las"; and the zone of dated windows named once for the whole brief (EN/ES/FR/DE)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief

TODAY = date(2026, 5, 1)


def _timeouts(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in extract_brief(text, today=TODAY).no_reply_after]


def _waits(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in extract_brief(text, today=TODAY).waits]


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        ("VIP promo, reply YES. A little patience: 3 days without a reply, then a reminder.", (3, "days")),
        ("VIP promo, reply YES. After 2 days with no response we nudge once.", (2, "days")),
        ("Reply GO to book. 48 hours no answer -> one follow-up.", (48, "hours")),
        ("Reply GO to book. Also: wait 5 days with no reply before one gentle follow-up.", (5, "days")),
        (
            "Reply GO. The flow shall wait 4 days without a reply before sending a single follow-up.",
            (4, "days"),
        ),
        ("Reply GO. Hold 12 hours without any answer, then a last text.", (12, "hours")),
        ("Oferta VIP, responde SI. 3 días sin respuesta, luego un recordatorio.", (3, "days")),
        ("Offre VIP, répondez OUI. 2 jours sans réponse, puis une relance.", (2, "days")),
    ],
)
def test_silence_named_after_its_duration_is_a_timeout(text: str, timeout: tuple[int, str]) -> None:
    assert _timeouts(text) == [timeout]
    assert timeout not in _waits(text)


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        ("Reply YES for the deal. If they ghost us for 2 days, one reminder and that's it.", (2, "days")),
        ("Reply YES. Anyone who ghosts the first text for 6 hours gets a nudge.", (6, "hours")),
        ("Reply YES. If they leave us on read for 1 day, send one reminder.", (1, "days")),
        ("Relance VIP, répondez OUI. S'ils nous ghostent pendant 2 jours, une relance.", (2, "days")),
        ("Offre, répondez OUI. S'ils nous ignorent pendant 3 jours, une relance.", (3, "days")),
        ("Promo, responde SI. Si nos ghostean durante 2 días, un recordatorio y listo.", (2, "days")),
        ("Aktion, antworte JA. Wenn sie uns 2 Tage lang ghosten, eine Erinnerung.", (2, "days")),
        ("Aktion, antworte JA. Wenn sie uns 8 Stunden ignorieren, eine Erinnerung.", (8, "hours")),
    ],
)
def test_slang_for_no_answer_is_a_timeout(text: str, timeout: tuple[int, str]) -> None:
    assert _timeouts(text) == [timeout]


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        ("Promo for VIPs, reply YES to claim. 1 reminder after 1 day / then end", (1, "days")),
        ("Text BOOK to reserve. Send a follow-up 2 days later, then stop.", (2, "days")),
        ("VIP-Aktion, antworte JA. 1 Erinnerung nach 2 Tagen, dann Ende.", (2, "days")),
        ("Promo VIP, responde SI. Un recordatorio después de 3 días y fin.", (3, "days")),
    ],
)
def test_a_reminder_timed_in_a_reply_flow_is_a_timeout(text: str, timeout: tuple[int, str]) -> None:
    assert _timeouts(text) == [timeout]
    assert _waits(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Restock reminder 35 days after the order, offer to reply YES to reorder.",
        "Rappel de réassort : 35 jours après la commande, proposer de répondre OUI pour recommander.",
        "Recordatorio: 20 días después de la compra, proponer responder SI para volver a pedir.",
    ],
)
def test_a_reminder_counted_from_an_event_stays_a_wait(text: str) -> None:
    assert _timeouts(text) == []
    assert _waits(text)


def test_a_reminder_counted_from_the_first_text_is_a_timeout() -> None:
    assert _timeouts("Reply YES. One reminder 2 days after the first text.") == [(2, "days")]


def test_a_reminder_without_a_reply_keyword_stays_a_wait() -> None:
    text = "Announce the new menu, then 1 reminder after 1 day."
    assert _timeouts(text) == []
    assert _waits(text) == [(1, "days")]


def test_a_stated_timeout_keeps_the_first_send_delay() -> None:
    text = "send reminder 30 minutes after checkout started, text BACK, free shipping if they dont reply in 6 hrs"
    assert _timeouts(text) == [(6, "hours")]
    assert _waits(text) == [(30, "minutes")]


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        ("Promo para VIPs, responde SI. Follow-up a las 72h si no hay reply.", (72, "hours")),
        ("Promo para VIPs, responde SI. Recordatorio a las 48 horas si no hay respuesta.", (48, "hours")),
    ],
)
def test_spanish_hour_counts_past_a_day_are_elapsed_time(text: str, timeout: tuple[int, str]) -> None:
    assert _timeouts(text) == [timeout]


def test_a_spanish_clock_time_stays_a_clock_time() -> None:
    assert _timeouts(
        "Promo VIP, responde SI. Enviar a las 10h, si no hay respuesta en 2 días un recordatorio."
    ) == [(2, "days")]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Summer sale from June 1 to June 15, 20% off, reply YES. All times Central.", "America/Chicago"),
        ("Sale June 1 to June 15. All times are Eastern.", "America/New_York"),
        ("Sale runs July 1 - July 10 (Chicago time).", "America/Chicago"),
        (
            "Soldes d'été du 1er juillet au 31 août (heure de Paris) : 20 % de remise, répondez OUI.",
            "Europe/Paris",
        ),
        (
            "Venta de verano del 1 al 15 de julio (hora de Madrid), 20% de descuento, responde SI.",
            "Europe/Madrid",
        ),
        (
            "Sommerschlussverkauf vom 1. bis 15. Juli (Uhrzeit Berlin), 20 % Rabatt, antworte JA.",
            "Europe/Berlin",
        ),
    ],
)
def test_the_zone_of_dated_windows_named_once(text: str, zone: str) -> None:
    windows = extract_brief(text, today=TODAY).send_windows
    assert windows
    assert {w.timezone for w in windows} == {zone}


def test_a_bare_region_word_is_no_zone() -> None:
    windows = extract_brief("Central park pop-up June 1 to June 15, reply YES.", today=TODAY).send_windows
    assert windows
    assert windows[0].timezone is None
