"""Timing and caps as people who never saw the code write them: drips stated by count and gap,
by cadence and count, by the days of a schedule or as numbered messages with "Wait:" lines;
waits counted "on" from a send; no-reply timeouts, caps, message-count limits and US zones in
English, Spanish, French and German."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from tests.offline_flows import delays, valid_offline_flow

TODAY = date(2026, 12, 1)
SENDS = {"message", "purchase_offer", "product_choice"}


_flow = valid_offline_flow
_delays = delays


def _messages(flow: dict[str, Any]) -> int:
    return sum(1 for s in flow["steps"] if s["type"] == "message")


def _longest_path_sends(flow: dict[str, Any]) -> int:
    """Sends on the longest path, as the eval counts them (a cycle counts once)."""
    by_id = {s["id"]: s for s in flow["steps"]}
    memo: dict[str, int] = {}

    def longest(sid: str) -> int:
        if sid not in memo:
            memo[sid] = 0  # a cycle counts once
            step = by_id[sid]
            memo[sid] = (step["type"] in SENDS) + max(
                (longest(e["nextStepID"]) for e in step["events"]), default=0
            )
        return memo[sid]

    return longest(flow["initialStepID"])


def _durations(items: list[Any]) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in items]


@pytest.mark.parametrize(
    ("text", "sends", "waits"),
    [
        ("Welcome series for new subscribers: 3 texts, 3 days apart.", 3, [(3, "days")] * 2),
        ("Coffee education drip: send a message every 3 days, four in all.", 4, [(3, "days")] * 3),
        ("Tips drip: a text every week, 5 in total.", 5, [(7, "days")] * 4),
        (
            "Onboarding for new members. Text 1 now, text 2 on day 3, text 3 on day 7.",
            3,
            [(3, "days"), (4, "days")],
        ),
        ("Day 1: welcome. Day 3: our best sellers. Day 7: 10% off.", 3, [(2, "days"), (4, "days")]),
        (
            "Skincare nurture\nMessage 1: welcome\nWait: 2 days\nMessage 2: reviews\nWait: 5 days\nMessage 3: 15% off",
            3,
            [(2, "days"), (5, "days")],
        ),
        (
            "Serie de bienvenida para nuevos suscriptores: 3 mensajes, con 2 días de diferencia.",
            3,
            [(2, "days")] * 2,
        ),
        (
            "Série de bienvenue pour les nouveaux abonnés : 3 SMS à 3 jours d'intervalle.",
            3,
            [(3, "days")] * 2,
        ),
        ("Willkommensserie für neue Abonnenten: 3 SMS im Abstand von 3 Tagen.", 3, [(3, "days")] * 2),
        ("welcome thing for new signups - 3 msgs, 2 days apart", 3, [(2, "days")] * 2),
        (
            "New member onboarding:\nDay 0 - welcome\nDay 2 - how it works\nDay 5 - 10% off",
            3,
            [(2, "days"), (3, "days")],
        ),
        (
            "Texto 1: bienvenida. Espera: 3 días. Texto 2: más vendidos. Espera: 4 días. Texto 3: 10% de descuento.",
            3,
            [(3, "days"), (4, "days")],
        ),
        (
            "Nachricht 1: Willkommen. Warte 2 Tage. Nachricht 2: Bestseller. Warte 3 Tage. Nachricht 3: 10 % Rabatt.",
            3,
            [(2, "days"), (3, "days")],
        ),
    ],
)
def test_a_stated_series_gives_its_sends_and_gaps(
    text: str, sends: int, waits: list[tuple[int, str]]
) -> None:
    brief = extract_brief(text, today=TODAY)
    assert brief.series_length == sends
    assert _durations(brief.waits) == waits


@pytest.mark.parametrize(
    ("text", "sends", "delays"),
    [
        (
            "Welcome series for new subscribers: 3 texts, 3 days apart. Intro the brand, then best sellers.",
            3,
            [("3", "Days")] * 2,
        ),
        ("Coffee education drip: send a message every 3 days, four in all.", 4, [("3", "Days")] * 3),
        (
            "Onboarding drip for new members. Text 1 now, text 2 on day 3, text 3 on day 7.",
            3,
            [("3", "Days"), ("4", "Days")],
        ),
        (
            "Skincare nurture\nMessage 1: welcome and how to use the serum\nWait: 2 days\n"
            "Message 2: customer reviews\nWait: 5 days\nMessage 3: 15% off code GLOW15",
            3,
            [("2", "Days"), ("5", "Days")],
        ),
        ("Send our customers 3 texts, 2 days apart, about the new tea range.", 3, [("2", "Days")] * 2),
        (
            "Serie de bienvenida para nuevos suscriptores: 3 mensajes, con 2 días de diferencia.",
            3,
            [("2", "Days")] * 2,
        ),
        (
            "Série de bienvenue pour les nouveaux abonnés : 3 SMS à 3 jours d'intervalle.",
            3,
            [("3", "Days")] * 2,
        ),
    ],
)
def test_a_stated_series_becomes_that_many_sends_with_delays(
    text: str, sends: int, delays: list[tuple[str, str]]
) -> None:
    flow = _flow(text)
    assert _messages(flow) == sends
    assert _delays(flow) == delays


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("Send the launch announcement, and a follow-up 48 hrs on.", (48, "hours")),
        ("Announce it, then 3 days on, a reminder.", (3, "days")),
        ("Send the news; a week on, send a reminder.", (7, "days")),
        ("Anuncia el lanzamiento y una semana después envía un recordatorio.", (7, "days")),
        ("Annonce du lancement puis une semaine plus tard une relance.", (7, "days")),
        ("Launch-SMS an alle Kunden und eine Woche danach eine Erinnerung.", (7, "days")),
        ("Launch text to everyone. 72h: last-chance reminder.", (72, "hours")),
        ("Launch text to everyone, then a 72h follow-up.", (72, "hours")),
        ("Launch text to everyone; reminder at 72h.", (72, "hours")),
        ("Launch text to everyone. +48h: reminder.", (48, "hours")),
        ("Launch text to everyone. T+48h send the reminder.", (48, "hours")),
        ("Launch text to everyone. Follow-up: 3 days.", (3, "days")),
    ],
)
def test_waits_counted_on_from_a_send(text: str, wait: tuple[int, str]) -> None:
    brief = extract_brief(text, today=TODAY)
    assert _durations(brief.waits) + _durations(brief.no_reply_after) == [wait]


@pytest.mark.parametrize(
    "text",
    [
        "The sale runs 2 days on the site.",
        "Sale on day 3 of the event.",
        "$5 + 2 day shipping on all orders.",
        "Give them 20% off and follow up once.",
        "One text a day a week before launch.",
        "Sale: days 3-5 only.",
    ],
)
def test_no_wait_and_no_series_where_none_is_stated(text: str) -> None:
    brief = extract_brief(text, today=TODAY)
    assert brief.waits == [] and brief.series_length is None


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (
            "Offre flash 15 % pour les clients VIP ; s'ils ne répondent pas dans la journée, on relance.",
            (1, "days"),
        ),
        ("Offre VIP 20 % pour les clients. Sans réponse dans la journée, une relance.", (1, "days")),
        (
            "Oferta VIP del 20% para los clientes. Si no contestan en el día, manda un recordatorio.",
            (1, "days"),
        ),
        (
            "VIP-Angebot mit 20 % Rabatt für Kunden. Wenn sie nicht innerhalb von 24 Stunden antworten, erinnern.",
            (24, "hours"),
        ),
        (
            "VIP-Angebot mit 20 % Rabatt für Kunden. Ohne Antwort binnen eines Tages eine Erinnerung.",
            (1, "days"),
        ),
    ],
)
def test_no_reply_within_a_day_in_other_languages(text: str, after: tuple[int, str]) -> None:
    assert _durations(extract_brief(text, today=TODAY).no_reply_after) == [after]


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("Ofertas semanales para clientes, no más de dos mensajes por semana.", (2, 7, "Days")),
        ("Promo flash pour les clients, pas plus de deux SMS par semaine.", (2, 7, "Days")),
        ("Wochenangebote für Kunden, nicht mehr als zwei Nachrichten pro Woche.", (2, 7, "Days")),
        ("Oferta del 15% para clientes VIP, máximo 1 mensaje al día.", (1, 1, "Days")),
        ("VIP sale 20% off. At most twice weekly.", (2, 7, "Days")),
        ("VIP sale 20% off. One text a day, tops.", (1, 1, "Days")),
        ("VIP sale 20% off. 2/wk max.", (2, 7, "Days")),
        ("VIP sale 20% off. No more than 3 texts in any 7-day period.", (3, 7, "Days")),
        ("VIP sale 20% off. Limit to two messages weekly.", (2, 7, "Days")),
        ("Oferta VIP del 20% para clientes. Máx. 1 SMS por día.", (1, 1, "Days")),
        ("Oferta VIP del 20% para clientes. Como máximo dos mensajes semanales.", (2, 7, "Days")),
        ("Offre VIP de 20 % pour les clients. Au plus 2 messages hebdomadaires.", (2, 7, "Days")),
        ("VIP-Angebot mit 20 % Rabatt für Kunden. Höchstens einmal pro Tag.", (1, 1, "Days")),
        ("VIP-Angebot mit 20 % Rabatt für Kunden. Maximal zwei Nachrichten wöchentlich.", (2, 7, "Days")),
    ],
)
def test_caps_in_four_languages(text: str, cap: tuple[int, int, str]) -> None:
    caps = extract_brief(text, today=TODAY).frequency_caps
    assert [(c.occurrences, c.timespan, c.period) for c in caps] == [cap]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Restock alert, weekdays 9-5 CT only.", "America/Chicago"),
        ("Flash sale 20% off, send 10 to 6 CT.", "America/Chicago"),
        ("Text 9 to 5 ET, Mon-Fri.", "America/New_York"),
        (
            "Oferta del 15% para clientes VIP. Enviar solo entre las 10 y las 18, hora central.",
            "America/Chicago",
        ),
        (
            "Angebot 15 % für VIP-Kunden, nur zwischen 10 und 18 Uhr US-Central-Zeit senden.",
            "America/Chicago",
        ),
        ("Angebot 15 % für VIP-Kunden, nur 10 bis 18 Uhr Pazifikzeit.", "America/Los_Angeles"),
    ],
)
def test_us_zones_after_hours(text: str, zone: str) -> None:
    hours = extract_brief(text, today=TODAY).send_hours
    assert [h.timezone for h in hours] == [zone]


def test_a_zone_after_bare_hours_names_the_schedule_zone() -> None:
    schedule = next(
        s for s in _flow("Restock alert, weekdays 9-5 CT only.")["steps"] if s["type"] == "schedule"
    )
    assert schedule["schedule"]["timezone"] == "America/Chicago"


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("Carrito abandonado: envía un solo mensaje a los clientes, sin recordatorios.", 1),
        ("Panier abandonné : envoyez un seul SMS aux clients, pas de relance.", 1),
        ("Warenkorbabbrecher: schicke den Kunden nur eine Nachricht, keine Erinnerung.", 1),
        ("Recupera a los clientes con 10% de descuento, solo un mensaje.", 1),
        ("Relance des paniers abandonnés avec 10 % de remise, un seul message.", 1),
    ],
)
def test_message_count_limits_in_other_languages(text: str, most: int) -> None:
    assert extract_brief(text, today=TODAY).reminders == most - 1
    flow = _flow(text)
    assert not any(e["type"] == "noreply" for s in flow["steps"] for e in s["events"])
