"""Timing written the way briefs write it: long and short units ("a fortnight", "2 wks", "36 hrs",
"quinze jours"), a chain of sends each timed from the one before, a reply that waits and asks
again, zones named after a send time or a window (IANA names, "MEZ"), and no-reply waits in hours,
in English, Spanish, French and German."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.model import Duration
from tests.offline_flows import delays, valid_offline_flow

TODAY = date(2026, 12, 1)


_flow = valid_offline_flow
_delays = delays


def _zones(flow: dict[str, Any]) -> list[str]:
    return [s["schedule"]["timezone"] for s in flow["steps"] if s["type"] == "schedule"]


@pytest.mark.parametrize(
    ("text", "lang", "wait"),
    [
        ("Send members a thank-you, then wait a fortnight and text them the new catalogue.", "en", 14),
        ("Text lapsed buyers a code. Wait 2 wks, then send one last reminder.", "en", 14),
        ("Envoyer un SMS de bienvenue, puis quinze jours plus tard un code de 10 %.", "fr", 14),
        ("Envoyez un message de bienvenue et relancez au bout de 15 jours avec un code.", "fr", 14),
        ("Mensaje de bienvenida a los nuevos suscriptores y dos semanas después un cupón.", "es", 14),
        (
            "Neukunden bekommen eine Willkommens-SMS. Zwei Wochen später schicken wir einen Gutschein.",
            "de",
            14,
        ),
    ],
)
def test_long_and_short_units_are_waits_in_days(text: str, lang: str, wait: int) -> None:
    assert Duration(value=wait, unit="days") in extract_brief(text, TODAY, language=lang).waits


def test_a_chain_of_sends_timed_from_each_other_is_a_series() -> None:
    text = "Welcome text right away, then 36 hrs later a care tip, then a fortnight after that an offer."
    brief = extract_brief(text, TODAY)
    assert brief.series_length == 3
    assert brief.waits == [Duration(value=36, unit="hours"), Duration(value=14, unit="days")]
    flow = _flow("New subscribers: " + text)
    assert _delays(flow) == [("36", "Hours"), ("14", "Days")]
    assert sum(s["type"] == "message" for s in flow["steps"]) >= 3


def test_one_timed_follow_up_is_no_series() -> None:
    assert extract_brief("Send the offer, then 2 days later a reminder.", TODAY).series_length is None


@pytest.mark.parametrize(
    ("text", "lang", "keyword"),
    [
        (
            "Ask if they want a refill. Reply YES to order. If they reply SOON we check back in 2 weeks.",
            "en",
            "soon",
        ),
        ("Reply YES to reorder; if they reply LATER, hold off 2 weeks and ask them again.", "en", "later"),
        (
            "Pregunta si quieren renovar. Responde SI para renovar. Si responden LUEGO, esperamos dos "
            "semanas y volvemos a preguntar.",
            "es",
            "luego",
        ),
        (
            "Répondez OUI pour commander. Si on répond ENSUITE, attendre 14 jours et on redemande.",
            "fr",
            "ensuite",
        ),
        (
            "Antworte JA zum Bestellen. Antworte PAUSE, dann warten wir zwei Wochen und fragen erneut.",
            "de",
            "pause",
        ),
    ],
)
def test_a_reply_that_waits_and_asks_again(text: str, lang: str, keyword: str) -> None:
    asks = extract_brief(text, TODAY, language=lang).reply_asks_again
    assert asks.get(keyword) == Duration(value=14, unit="days"), asks


def test_the_asking_again_reply_leads_to_the_wait() -> None:
    flow = _flow(
        "Ask past buyers if they want more coffee. Reply YES to order. If they reply SOON, wait 2 weeks and ask again."
    )
    by_id = {s["id"]: s for s in flow["steps"]}
    targets = [
        by_id[e["nextStepID"]]
        for s in flow["steps"]
        for e in s.get("events", [])
        if e.get("type") == "reply" and str(e.get("intent", "")).lower() == "soon"
    ]
    assert targets and all(t["type"] == "delay" and t["time"] == "14" for t in targets)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        (
            "Restock alert for everyone who viewed the shirts.\n\nNotes: only text on weekdays 08:30–18:00 Europe/Madrid.",
            "Europe/Madrid",
        ),
        (
            "Weekend sale for all subscribers, 20% off. Send on Saturday at 09:30 Europe/Dublin.",
            "Europe/Dublin",
        ),
        ("Flash sale, 30% off everything. Schedule: Thursday at 18:00 GMT.", "Europe/London"),
        (
            "Black-Week-Angebot für alle Abonnenten: 20 % Rabatt auf das ganze Sortiment. Versand am Freitag um 11:00 MEZ.",
            "Europe/Berlin",
        ),
        (
            "Sommeraktion: 15 % Rabatt für alle Abonnenten. Versand nur vom 3. bis 8. Juni, Zeitzone Europe/Vienna.",
            "Europe/Vienna",
        ),
        (
            "Annonce des soldes à tous les clients, 25 % de remise. Envoi le vendredi à 10:00 CET.",
            "Europe/Paris",
        ),
        (
            "Aviso de rebajas para todos los clientes, 20 % de descuento. Envío el viernes a las 10:00 Europe/Madrid.",
            "Europe/Madrid",
        ),
    ],
)
def test_the_schedule_names_the_zone_after_a_time_or_window(text: str, zone: str) -> None:
    assert _zones(_flow(text)) == [zone]


def test_an_iana_zone_after_a_send_time_is_read_whole() -> None:
    brief = extract_brief("Send on Saturday at 09:30 Europe/Dublin.", TODAY)
    assert [w.timezone for w in brief.send_windows] == ["Europe/Dublin"]


def test_hours_before_a_zone_starting_like_a_currency_are_hours() -> None:
    brief = extract_brief("Only text on weekdays 08:30-18:00 Europe/Madrid.", TODAY)
    assert [(h.start, h.end, h.timezone) for h in brief.send_hours] == [("08:30", "18:00", "Europe/Madrid")]


@pytest.mark.parametrize(
    ("text", "lang", "hours"),
    [
        ("Ask VIPs to pick a gift, reply GIFT to claim. If no answer in 36 hrs, one reminder.", "en", 36),
        (
            "Pregunta si quieren reservar, respondan SI. Un recordatorio a las 5 horas si no responden.",
            "es",
            5,
        ),
        (
            "Demandez s'ils veulent le parfum, répondez OUI. Relance au bout de 8 heures sans réponse.",
            "fr",
            8,
        ),
        (
            "Frag, ob sie das Set wollen, Antwort JA. Nach 4 Stunden nochmal erinnern, wenn keine Antwort kommt.",
            "de",
            4,
        ),
    ],
)
def test_no_reply_waits_in_hours(text: str, lang: str, hours: int) -> None:
    assert extract_brief(text, TODAY, language=lang).no_reply_after == [Duration(value=hours, unit="hours")]
