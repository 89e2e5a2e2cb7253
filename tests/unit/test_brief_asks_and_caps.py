"""Asks inside longer messages, status updates and incident reports that are no brief, caps and
cadence written as labels, and must-mentions given as "the date, June 14" (sentences written for
the test, in English, Spanish, French and German)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import FrequencyCap, extract_brief, not_a_brief_reason, read_stated_content

TODAY = date(2026, 3, 2)


# --- an event glossed between dashes keeps its window -------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Ops: the new lanes open Monday. Finance: invoices are due Friday. Marketing ask (the one "
            "thing I need from you this week): please build an SMS flow for everyone who booked a lane "
            "with us — placed an order — in the last 90 days, offering 15% off with code LANE15.",
            90,
        ),
        ("Text everyone who grabbed a ticket – placed an order – within the past 30 days, 10% off.", 30),
        ("Text everyone who placed an order — our regulars — in the last 60 days, 10% off.", 60),
        ("Text everyone who booked a court - placed an order - in the last 45 days with 10% off.", 45),
    ],
)
def test_dash_glossed_event_keeps_its_window(text: str, days: int) -> None:
    audience = extract_brief(text, TODAY).audience
    orders = [c for c in audience if c.action == "placed_order" and c.operator == "has"]
    assert [c.days for c in orders] == [days]


def test_dash_aside_lends_no_window_from_another_clause() -> None:
    audience = extract_brief("Text everyone who placed an order — reply YES — for 10% off.", TODAY).audience
    assert [c.days for c in audience if c.action == "placed_order"] == [None]


# --- future narration: a wait and a property set on a reply ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please text everyone who placed an order in the last 90 days. Two days later we'll ask them to rate their visit.",
        "Envía a todos los que hicieron un pedido en los últimos 90 días. Dos días después les pediremos que valoren su visita.",
        "Envoie à tous ceux qui ont passé une commande ces 90 derniers jours. Deux jours plus tard, on leur demandera de noter leur visite.",
        "Schick allen, die in den letzten 90 Tagen bestellt haben, eine SMS. Zwei Tage später bitten wir sie, ihren Besuch zu bewerten.",
    ],
)
def test_future_narration_gives_a_wait(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert [(w.value, w.unit) for w in brief.waits] == [(2, "days")]


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        (
            "Texte les joueurs inscrits au club. S'ils répondent INSCRIT, on mettra la propriété tournoi_rapide = inscrit.",
            "tournoi_rapide",
            "inscrit",
        ),
        (
            "Texte les joueurs du club. S'ils répondent OUI, nous mettrons la propriété tournoi = oui.",
            "tournoi",
            "oui",
        ),
        (
            "Texte les joueurs du club. S'ils répondent OUI, on va mettre la propriété tournoi = oui.",
            "tournoi",
            "oui",
        ),
        (
            "Escribe a los jugadores del club. Si responden SI, pondremos la propiedad torneo = si.",
            "torneo",
            "si",
        ),
        (
            "Text the club players. If they reply IN, we'll set the property tournament = in.",
            "tournament",
            "in",
        ),
    ],
)
def test_future_tense_update_is_set_on_the_reply(text: str, name: str, value: str) -> None:
    brief = extract_brief(text, TODAY)
    assert [(u.name, u.value, u.on_reply) for u in brief.property_updates] == [(name, value, value)]
    assert not [c for c in brief.audience if c.property_name == name]


def test_german_inverted_setting_verb_sets_the_property() -> None:
    text = "Schick den VIPs eine SMS mit 10 % Rabatt. Wenn sie JA antworten, setzen wir die Eigenschaft turnier = ja."
    assert [(u.name, u.value) for u in extract_brief(text, TODAY).property_updates] == [("turnier", "ja")]


def test_property_named_as_a_filter_is_no_update() -> None:
    text = "Texte les joueurs dont la propriété tournoi = oui, répondez OUI pour confirmer."
    assert extract_brief(text, TODAY).property_updates == []


# --- status updates and incident reports are no brief -------------------------------------------

STATUS_UPDATES = [
    "Update: the spring flow went out Tuesday. 1,204 delivered, 38 replies, 6 opt-outs. Nothing needed from you, just FYI.",
    "Quick status: the VIP restock text went out this morning — 860 delivered, 52 replies, 3 opt-outs. No action needed.",
    "Heads up, the cart flow has been sent. 2,300 sent, 41 clicks. FYI only.",
    "Actualización: el flujo de primavera salió el martes. 1.204 entregados, 38 respuestas, 6 bajas. No hace falta nada, solo para que lo sepas.",
    "Point d'étape : la campagne de printemps est partie mardi. 1 204 livrés, 38 réponses, 6 désinscriptions. Rien à faire de ton côté, juste pour info.",
    "Update: Die Frühlings-SMS ging am Dienstag raus. 1.204 zugestellt, 38 Antworten, 6 Abmeldungen. Nur zur Info, du musst nichts tun.",
]

INCIDENTS = [
    "The flow you made last week texted three customers twice on the same day. I want to know what happened.",
    "The winback campaign we sent Friday hit people who had already ordered. What went wrong?",
    "El flujo que hiciste la semana pasada mandó dos SMS el mismo día a tres clientes. Quiero saber qué pasó.",
    "Le parcours que tu as fait la semaine dernière a envoyé deux SMS le même jour à trois clients. Je veux savoir ce qui s'est passé.",
    "Der Flow, den du letzte Woche gebaut hast, hat drei Kunden zweimal am selben Tag geschrieben. Ich will wissen, was passiert ist.",
]


@pytest.mark.parametrize("text", STATUS_UPDATES)
def test_status_update_is_refused(text: str) -> None:
    reason = not_a_brief_reason(text)
    assert reason is not None and "status update" in reason
    assert "\n" not in reason


@pytest.mark.parametrize("text", INCIDENTS)
def test_incident_report_is_refused(text: str) -> None:
    reason = not_a_brief_reason(text)
    assert reason is not None and "went wrong" in reason
    assert "\n" not in reason


@pytest.mark.parametrize(
    "text",
    [
        "Update: the spring flow went out Tuesday. 1,204 delivered, 38 replies, 6 opt-outs. Nothing needed from you, just FYI. Next: text VIPs 10% off, reply YES",
        "The flow you made last week worked great. Do the same for VIPs: 15% off, reply YES to claim.",
        "Last week's flow went out to 1,200 people and got 38 replies. Now text the non-responders a reminder with 10% off.",
        "FYI: text VIPs on Friday with 20% off, reply YES to shop.",
        "Something went wrong with checkout, I want to know what happened. Text cart abandoners 10% off, code CART10.",
        "Actualización: el flujo salió el martes, 38 respuestas. Ahora envía a los VIP un 10% de descuento, responde SI.",
    ],
)
def test_a_real_ask_beside_a_past_flow_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


def test_status_update_with_a_real_ask_is_read() -> None:
    text = STATUS_UPDATES[0] + " Next: text VIPs 10% off, reply YES"
    brief = extract_brief(text, TODAY)
    assert brief.reply_keywords == ["yes"]
    assert [d.value for d in brief.discounts if d.kind == "percentage"] == ["10"]


# --- caps and cadence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("Text VIPs 20% off, reply YES. No customer gets more than 2 texts on any path.", 2),
        ("Text VIPs 20% off, reply YES. No one gets more than two messages, whatever path they take.", 2),
        ("Text VIPs 20% off, reply YES. Never send anyone more than 3 texts.", 3),
    ],
)
def test_no_one_gets_more_than_is_a_send_limit(text: str, limit: int) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.max_sends == limit
    assert brief.frequency_caps == []


def test_no_one_gets_more_than_a_week_stays_a_cap() -> None:
    brief = extract_brief("Text VIPs 20% off. No customer gets more than 2 texts a week.", TODAY)
    assert brief.max_sends is None
    assert brief.frequency_caps == [FrequencyCap(occurrences=2, timespan=7, period="Days")]


@pytest.mark.parametrize(
    "text",
    [
        "Text VIPs 20% off, reply YES. No customer gets more than 20% off.",
        "Text VIPs 20% off, reply YES. No customer has ordered more than 2 times.",
    ],
)
def test_more_than_without_texts_is_no_send_limit(text: str) -> None:
    assert extract_brief(text, TODAY).max_sends is None


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("Text VIPs 20% off, reply YES. Frequency cap: 2 texts per 7 days.", (2, 7)),
        (
            "Envía a los VIP 20% de descuento, responde SI. Tope de frecuencia: 2 mensajes cada 7 días.",
            (2, 7),
        ),
        (
            "Envía a los VIP 20% de descuento, responde SI. Límite de frecuencia: 1 mensaje cada 3 días.",
            (1, 3),
        ),
        ("Envoie aux VIP 20 % de remise, répondez OUI. Plafond : 2 SMS par 7 jours.", (2, 7)),
        ("Envoie aux VIP 20 % de remise, répondez OUI. Plafond de fréquence : 3 SMS par semaine.", (3, 7)),
        ("Schick den VIPs 20 % Rabatt, antwortet JA. Frequenz-Cap: max. 2 SMS pro 7 Tage.", (2, 7)),
        ("Schick den VIPs 20 % Rabatt, antwortet JA. Frequenz-Cap: 1 SMS pro 2 Tage.", (1, 2)),
    ],
)
def test_labelled_cap_is_a_frequency_cap(text: str, cap: tuple[int, int]) -> None:
    brief = extract_brief(text, TODAY)
    assert [(c.occurrences, c.timespan, c.period) for c in brief.frequency_caps] == [(*cap, "Days")]
    assert brief.waits == []  # "cada 7 días" is the cap's period, not a wait
    assert brief.max_sends is None


@pytest.mark.parametrize(
    "text",
    [
        "Text VIPs 20% off, reply YES. We sent 2 texts per week last year.",
        "Envía a los VIP 20% de descuento, responde SI. El año pasado enviamos 2 mensajes cada 7 días.",
        "Envoie aux VIP 20 % de remise, répondez OUI. Le plafond de la remise est de 20 %.",
    ],
)
def test_past_or_other_counts_are_no_cap(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.frequency_caps == []
    assert brief.max_sends is None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        (
            "Text VIPs 20% off, reply YES. Cadence: one touch, then one follow-up after 2 days if no response.",
            48,
        ),
        (
            "Envía a los VIP 20% de descuento, responde SI. Cadencia: un envío y un recordatorio a las 48 h si no responden.",
            48,
        ),
        (
            "Envoie aux VIP 20 % de remise, répondez OUI. Cadence : un envoi et une relance après 48 h sans réponse.",
            48,
        ),
        (
            "Schick den VIPs 20 % Rabatt, antwortet JA. Kadenz: eine SMS und eine Erinnerung nach 48 Std. ohne Antwort.",
            48,
        ),
    ],
)
def test_cadence_line_is_one_reminder_on_silence(text: str, hours: int) -> None:
    brief = extract_brief(text, TODAY)
    assert [d.value * (24 if d.unit == "days" else 1) for d in brief.no_reply_after] == [hours]
    assert brief.reminders == 1


# --- must-mention given as "the date, June 14" ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Text VIPs about the launch party, reply YES to RSVP. The text must mention the date, June 14, and the address, 18 Alder St.",
            ["June 14", "18 Alder St"],
        ),
        (
            "Text VIPs about the open day. The message should mention the time: 6pm, and the venue: Alder Hall.",
            ["6pm", "Alder Hall"],
        ),
        (
            "Text VIPs about the open day. The text must include the date (June 14) and the address (18 Alder St).",
            ["June 14", "18 Alder St"],
        ),
        (
            "Envía a los VIP la invitación. El mensaje debe mencionar la fecha, 14 de junio, y la dirección, Calle Alder 18.",
            ["14 de junio", "Calle Alder 18"],
        ),
        (
            "Envoie aux VIP l'invitation. Le SMS doit mentionner la date, 14 juin, et l'adresse, 18 rue Alder.",
            ["14 juin", "18 rue Alder"],
        ),
    ],
)
def test_labelled_values_are_what_the_first_text_must_say(text: str, words: list[str]) -> None:
    musts = [m for m in read_stated_content(text).must_say if m.kind == "words"]
    assert [m.words for m in musts] == words
    assert not any(m.follow_up for m in musts)


def test_a_label_with_no_value_invents_none() -> None:
    text = "Text VIPs about the open day. The text must mention the date, and keep it short."
    words = [m.words for m in read_stated_content(text).must_say]
    assert "keep it short" not in words
    assert not any(w[:1].isdigit() for w in words)
