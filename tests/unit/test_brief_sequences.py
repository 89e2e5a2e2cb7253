"""Multi-message sequences as marketers write them: numbered SMS headings with no-reply waits,
numbered plan steps with a wait step, chained relative waits ("after that", "después",
"ensuite", "danach"), a first wait timed from the trigger, and a cap on the texts a path holds.
Each shape in English, Spanish, French and German."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.summary import understood_lines
from flowgen_core.planners.offline.composer import OfflineGenerator

_SENDS = {"message", "purchase_offer", "product_choice", "reply_cart_choice"}


def _flow(text: str) -> dict[str, Any]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return flow


def _longest_sends(flow: dict[str, Any]) -> int:
    by_id = {s["id"]: s for s in flow["steps"]}
    memo: dict[str, int] = {}

    def longest(sid: str, depth: int = 0) -> int:
        if sid in memo or depth > 200:
            return memo.get(sid, 0)
        step = by_id[sid]
        onward = [
            longest(e["nextStepID"], depth + 1)
            for e in step.get("events", [])
            if e.get("nextStepID") in by_id
        ]
        memo[sid] = int(step["type"] in _SENDS) + max(onward, default=0)
        return memo[sid]

    return longest(flow["initialStepID"])


def _seconds(value: Any, unit: str) -> int:
    return int(value) * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[unit.lower()]


def _no_reply_waits(flow: dict[str, Any]) -> list[int]:
    return [
        _seconds(e["after"]["value"], e["after"]["unit"])
        for s in flow["steps"]
        for e in s.get("events", [])
        if e.get("type") == "noreply" and isinstance(e.get("after"), dict)
    ]


def _delays(flow: dict[str, Any]) -> list[int]:
    return [_seconds(s["time"], s["period"]) for s in flow["steps"] if s["type"] == "delay"]


_DAY, _HOUR = 86400, 3600

# --------------------------------------------------------------- 1. numbered SMS with no-reply waits
_NUMBERED_SMS = [
    "SMS 1 (day 0): tell them about our new granola, reply GET to order.\n"
    "SMS 2 (2 days later, only if they did not reply): nudge them and mention free shipping.\n"
    "SMS 3 (3 days after SMS 2, if still no reply): final call with $25 off.",
    "SMS 1 (día 0): presenta nuestra nueva granola, responde QUIERO para pedir.\n"
    "SMS 2 (2 días después, solo si no responden): recuérdales el envío gratis.\n"
    "SMS 3 (3 días después del SMS 2, si siguen sin responder): última llamada, 25 € de descuento.",
    "SMS 1 (jour 0) : présenter notre nouveau granola, répondez OUI pour commander.\n"
    "SMS 2 (2 jours plus tard, seulement sans réponse) : relance avec la livraison gratuite.\n"
    "SMS 3 (3 jours après le SMS 2, toujours sans réponse) : dernière chance, 25 € de remise.",
    "SMS 1 (Tag 0): unser neues Müsli vorstellen, antworte JA zum Bestellen.\n"
    "SMS 2 (2 Tage später, nur wenn keine Antwort): Erinnerung mit kostenlosem Versand.\n"
    "SMS 3 (3 Tage nach SMS 2, falls immer noch keine Antwort): letzte Chance, 25 € Rabatt.",
]


@pytest.mark.parametrize("text", _NUMBERED_SMS)
def test_numbered_sms_are_three_sends_with_their_no_reply_waits(text: str) -> None:
    brief = extract_brief(text)
    assert brief.series_length == 3
    assert [d.seconds for d in brief.no_reply_after] == [2 * _DAY, 3 * _DAY]
    flow = _flow(text)
    assert sorted(_no_reply_waits(flow)) == [2 * _DAY, 3 * _DAY]
    texts = {s.get("label"): s for s in flow["steps"] if s["type"] == "message"}
    assert {"Reminder", "Reminder 2"} <= set(texts)
    # the $25 is the third message's, free shipping the second's
    assert "25" in str(texts["Reminder 2"].get("discountAmount", "")) + texts["Reminder 2"]["messageText"]
    assert "25" not in texts["Reminder"]["messageText"]
    assert "25" not in next(s for s in flow["steps"] if s["id"] == _first_send(flow))["messageText"]


def _first_send(flow: dict[str, Any]) -> str:
    by_id = {s["id"]: s for s in flow["steps"]}
    cur = flow["initialStepID"]
    while by_id[cur]["type"] not in _SENDS:
        cur = by_id[cur]["events"][0]["nextStepID"]
    return str(cur)


@pytest.mark.parametrize("text", _NUMBERED_SMS)
def test_what_i_understood_shows_the_sequence(text: str) -> None:
    lines = understood_lines(extract_brief(text))
    sequence = next(line for line in lines if line.startswith("Sequence:"))
    assert "text 1, no reply after 2 days, text 2, no reply after 3 days, text 3" in sequence
    assert "“SMS 1”" in sequence and "“SMS 3”" in sequence


def test_a_day_schedule_quotes_its_days() -> None:
    lines = understood_lines(extract_brief("Day 1: welcome them.\nDay 4: care tips.\nDay 9: 10% off."))
    assert "Timing: wait 3 days, wait 5 days — from “Day 4”, “Day 9”" in lines
    assert not any(line.startswith("Assumed: wait") for line in lines)


# --------------------------------------------------------------- 2. numbered plan steps
_PLAN_STEPS = [
    "1. Send a thank-you to first-time buyers. 2. Wait 3 days. 3. Show them our bestsellers.",
    "1. Enviar un agradecimiento a quienes compran por primera vez. 2. Esperar 3 días. 3. Mostrar los más vendidos.",
    "1. Envoyer un merci aux nouveaux acheteurs. 2. Attendre 3 jours. 3. Montrer nos meilleures ventes.",
    "1. Neuen Käufern danken.\n2. 3 Tage warten.\n3. Unsere Bestseller zeigen.",
]


@pytest.mark.parametrize("text", _PLAN_STEPS)
def test_a_wait_step_between_numbered_steps_is_a_delay_between_two_sends(text: str) -> None:
    brief = extract_brief(text)
    assert brief.series_length == 2
    flow = _flow(text)
    assert _delays(flow) == [3 * _DAY]
    by_id = {s["id"]: s for s in flow["steps"]}
    first = _first_send(flow)
    delay = by_id[by_id[first]["events"][0]["nextStepID"]]
    assert delay["type"] == "delay"  # the wait follows the first send, never precedes it
    assert by_id[delay["events"][0]["nextStepID"]]["type"] in _SENDS
    assert not any(line.startswith('Not used: "2') for line in understood_lines(brief))


def test_a_numbered_answer_list_is_no_plan() -> None:
    assert extract_brief("Which class? Reply 1. yoga 2. pilates 3. spin").series_length is None


# --------------------------------------------------------------- 3. chained relative waits
_CHAINED = [
    "2 days after an order send a how-to text; 5 days after that send care tips; then a week later ask for a review.",
    "2 días después de un pedido envía una guía; 5 días después, consejos de cuidado; después, una semana "
    "más tarde, pide una reseña.",
    "2 jours après une commande, envoyer un guide ; 5 jours après, des conseils d'entretien ; ensuite, une "
    "semaine plus tard, demander un avis.",
    "2 Tage nach einer Bestellung eine Anleitung schicken; 5 Tage danach Pflegetipps; danach eine Woche "
    "später um eine Bewertung bitten.",
]


@pytest.mark.parametrize("text", _CHAINED)
def test_chained_waits_count_from_the_send_before(text: str) -> None:
    brief = extract_brief(text)
    assert brief.series_length == 3
    assert [d.seconds for d in brief.waits] == [2 * _DAY, 5 * _DAY, 7 * _DAY]
    flow = _flow(text)
    assert _delays(flow) == [2 * _DAY, 5 * _DAY, 7 * _DAY]
    assert sum(1 for s in flow["steps"] if s["type"] == "message") == 3
    sequence = next(line for line in understood_lines(brief) if line.startswith("Sequence:"))
    assert sequence.startswith("Sequence: wait 2 days, text 1, wait 5 days, text 2, wait 7 days, text 3")


def test_a_wait_counted_from_an_order_alone_is_no_chain() -> None:
    assert extract_brief("3 days after an order, send care tips.").series_length is None


# --------------------------------------------------------------- 4. first wait timed from the trigger
_TRIGGER_WAIT = [
    "3 hours after someone starts checkout, text them their cart.",
    "3 horas después de que alguien inicie el checkout, enviarle su carrito.",
    "3 heures après qu'un client a commencé le checkout, lui envoyer son panier.",
    "3 Stunden nachdem jemand den Checkout gestartet hat, den Warenkorb schicken.",
]


@pytest.mark.parametrize("text", _TRIGGER_WAIT)
def test_a_wait_after_the_trigger_comes_before_the_first_send(text: str) -> None:
    brief = extract_brief(text)
    assert brief.playbook == "abandoned_checkout"
    assert [d.seconds for d in brief.waits] == [3 * _HOUR]
    flow = _flow(text)
    assert 3 * _HOUR in _delays(flow)


# --------------------------------------------------------------- 5. caps on the texts of a path
_CAPPED = [
    "Text lapsed shoppers 15% off, reply YES to claim. If no reply after 3 days send 1 more and stop there. 2 texts max.",
    "Escribe a los clientes inactivos con 15% de descuento, responde SI para canjearlo. Si no responden en "
    "3 días, manda 1 más y ahí se acaba. Máximo 2 mensajes.",
    "Écrire aux clients inactifs avec 15 % de remise, répondez OUI pour en profiter. Sans réponse sous "
    "3 jours, envoyer 1 relance puis stop. 2 SMS maximum.",
    "Inaktive Kunden mit 15 % Rabatt anschreiben, antworte JA zum Einlösen. Wenn nach 3 Tagen keine "
    "Antwort kommt, noch 1 SMS und dann Schluss. Maximal 2 SMS.",
]


@pytest.mark.parametrize("text", _CAPPED)
def test_a_cap_on_texts_holds_on_every_path(text: str) -> None:
    brief = extract_brief(text)
    assert brief.max_sends == 2
    flow = _flow(text)
    assert _longest_sends(flow) <= 2
    assert 3 * _DAY in _no_reply_waits(flow)  # the reminder is still sent
    caps = next(line for line in understood_lines(brief) if line.startswith("Caps:"))
    assert "at most 2 texts on any path — from “2" in caps


def test_a_reply_to_a_capped_reminder_skips_only_the_extra_confirmation() -> None:
    flow = _flow(
        "Tell members about the new class, reply JOIN to sign up. One reminder after 2 days. Max 2 texts."
    )
    assert _longest_sends(flow) <= 2
    # the first text's reply still gets its confirmation
    by_id = {s["id"]: s for s in flow["steps"]}
    first = by_id[_first_send(flow)]
    reply = next(e for e in first["events"] if e.get("type") == "reply")
    assert by_id[reply["nextStepID"]]["type"] == "message"


def test_a_table_that_stops_after_the_reminder_holds_two_sends() -> None:
    text = (
        "| step | what |\n| First text | 15% off for lapsed customers, reply YES to claim |\n"
        "| If no reply after 2 days | one reminder |\n| After that | stop, no more texts |"
    )
    assert _longest_sends(_flow(text)) <= 2


_ONE_MORE_THEN_STOP = [
    "Tell members about the new class, reply JOIN to sign up. If no reply after 3 days send 1 more and stop there.",
    "Cuéntales a los socios la nueva clase, responde UNIR para apuntarte. Si no responden en 3 días, manda 1 "
    "más y ahí se acaba.",
    "Présentez le nouveau cours aux membres, répondez OUI pour vous inscrire. Sans réponse sous 3 jours, "
    "envoyer 1 relance puis stop.",
    "Den Mitgliedern den neuen Kurs vorstellen, antworte JA zum Anmelden. Wenn nach 3 Tagen keine Antwort "
    "kommt, noch 1 SMS und dann Schluss.",
]


@pytest.mark.parametrize("text", _ONE_MORE_THEN_STOP)
def test_one_more_text_then_stop_ends_the_path_after_the_reminder(text: str) -> None:
    brief = extract_brief(text)
    assert brief.reminders == 1
    flow = _flow(text)
    assert _longest_sends(flow) <= 2
    assert 3 * _DAY in _no_reply_waits(flow)
    timing = next(line for line in understood_lines(brief) if line.startswith("Timing:"))
    assert "1 reminder(s)" in timing
