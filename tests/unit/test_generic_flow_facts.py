"""A generic flow says only what the brief says: a reply tied to a service gets a text back, not
products; a reminder reuses the brief's own keywords or asks for no reply; a refusal's reason is
no topic; a window's offer survives the other branch's "no discount"; a send verb's bracket names
an audience filter."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.destinations import reply_destination
from flowgen_core.brief.discounts import refuses_discount
from flowgen_core.brief.negated import mask_negated
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings
from tests.scoring import requirement_met

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(brief: str) -> dict[str, Any]:
    flow: dict[str, Any] = generate_flow(brief, settings=SETTINGS).flow
    assert not validate_flow(flow).errors
    return flow


def _texts(flow: dict[str, Any]) -> list[str]:
    return [str(s.get("text") or s.get("content") or "") for s in flow["steps"]]


SERVICE_BRIEFS = [
    ("Tell renters their yearly check-up is open. Reply CHECK if you want an advisor to walk you through it.", "check"),
    ("let patients know we open saturdays now. reply RING for a call back from reception", "ring"),
    ("New stylists at the salon. Reply SLOTS to get the open times this week.", "slots"),
    ("Trivia night on Friday, reply WINGS to reserve a table.", "wings"),
    ("Avisa a los clientes del seguro que pueden revisar su póliza. Responde ASESOR para que un asesor te llame.", "asesor"),
    ("Informez nos clients que le cabinet ouvre le samedi. Répondez RAPPEL pour être rappelé par un conseiller.", "rappel"),
    ("Neue Öffnungszeiten in der Praxis. Antworte TERMINE, um freie Termine zu erhalten.", "termine"),
]  # fmt: skip


@pytest.mark.parametrize(("brief", "intent"), SERVICE_BRIEFS)
def test_a_reply_asking_for_a_service_gets_a_text_back_and_no_products(brief: str, intent: str) -> None:
    assert reply_destination(brief, intent.upper(), [intent.upper()]) == "service"
    flow = _flow(brief)
    assert requirement_met({"check": "reply_reaches", "intent": intent, "type": "message"}, flow)
    types = {s["type"] for s in flow["steps"]}
    assert not types & {"product_choice", "purchase", "purchase_offer"}


def test_a_reply_asking_for_products_still_shows_them() -> None:
    flow = _flow("Spring promo, 10% off everything. Reply SHOP to see our bestsellers.")
    assert requirement_met({"check": "reply_reaches", "intent": "shop", "type": "product_choice"}, flow)


@pytest.mark.parametrize(
    "brief",
    [
        "Tell renters their yearly check-up is open. Reply CHECK for a call back. One reminder after 2 days.",
        "Nuevo horario en la clínica. Responde CITA para ver los horarios disponibles. Un recordatorio a los 2 días.",
        "Neue Sprechzeiten. Antworte TERMIN, um freie Termine zu bekommen. Wenn keine Antwort nach 2 Tagen, eine Erinnerung.",
    ],
)
def test_a_capped_reminder_invents_no_keyword_and_no_purchase(brief: str) -> None:
    flow = _flow(brief)
    intents = {
        str(e.get("intent", "")).lower()
        for s in flow["steps"]
        for e in s.get("events", [])
        if e["type"] == "reply"
    }
    assert intents <= {"check", "cita", "termin", "stop"}
    assert not any(s["type"] in ("purchase", "product_choice") for s in flow["steps"])
    assert not any("YES" in t or "buy" in t.lower() for t in _texts(flow))


@pytest.mark.parametrize(
    ("brief", "leak"),
    [
        ("Announce our walk-in vaccine hours. No coupons please, we can't offer them on prescription items.", "prescription"),
        ("Anuncia el nuevo horario de vacunación. Sin descuentos, por favor: no podemos ofrecerlos en medicamentos con receta.", "receta"),
        ("Annoncez nos nouvelles heures. Pas de remise : on ne peut pas en faire sur les produits réglementés.", "réglementés"),
        ("Neue Impfzeiten ankündigen. Keine Rabatte bitte, das dürfen wir bei rezeptpflichtigen Mitteln nicht.", "rezeptpflichtig"),
    ],
)  # fmt: skip
def test_a_refusal_and_its_reason_never_become_copy(brief: str, leak: str) -> None:
    assert leak not in mask_negated(brief)
    brief_facts = extract_brief(brief)
    assert not brief_facts.discounts
    assert not any(leak in t for t in brief_facts.topics)
    assert not any(leak in t.lower() for t in _texts(_flow(brief)))


@pytest.mark.parametrize(
    ("brief", "percent", "code"),
    [
        ("From May 4 to May 10 we run 20% off with code MAY20; outside that window, e.g. the rest of the month, send our standard text with no discount.", "20", "MAY20"),
        ("Promo window May 4-10: 15% off with code DAYS15. Outside of it we send the standard text with no discount.", "15", "DAYS15"),
        ("May 4-10: 20% off with code MAY20. Before and after those dates they get our standard text without any discount.", "20", "MAY20"),
        ("Del 4 al 10 de mayo: 25 % de descuento con el código MAYO25. Fuera de esas fechas, p. ej. el resto del mes, nuestro texto habitual sin descuento.", "25", "MAYO25"),
        ("Vom 4.5. bis 10.5. gibt es 20 % Rabatt mit dem Code MAI20. Außerhalb davon, z. B. den Rest des Monats, unseren normalen Text ohne Rabatt.", "20", "MAI20"),
    ],
)  # fmt: skip
def test_the_other_branchs_no_discount_leaves_the_window_offer(brief: str, percent: str, code: str) -> None:
    assert not refuses_discount(brief)
    flow = _flow(brief)
    assert requirement_met({"check": "discount", "percent": int(percent)}, flow)
    assert requirement_met({"check": "discount", "code": code}, flow)


def test_a_plain_refusal_still_rules_the_discount_out() -> None:
    assert refuses_discount("New menu launch at the cafe. No discount this time. Reply MENU to see it.")


@pytest.mark.parametrize(
    "brief",
    [
        "Trivia night: text our faithfuls (property darts_team = yes) on April 2 between 6pm and 9pm about half-price wings.",
        "Noche de trivia: escribe a los fieles (propiedad darts_team = yes) el 2 de abril entre las 18 y las 21 h.",
        "Soirée quiz : envoyez aux fidèles (propriété darts_team = yes) le 2 avril entre 18h et 21h.",
        "Quizabend: schreib den Stammgästen (Eigenschaft darts_team = yes) am 2. April zwischen 18 und 21 Uhr.",
    ],
)
def test_a_send_verbs_bracket_names_a_filter_in_a_long_sentence(brief: str) -> None:
    conditions = [(c.property_name, c.property_value) for c in extract_brief(brief).audience]
    assert ("darts_team", "yes") in conditions


@pytest.mark.parametrize(
    "brief",
    [
        "Subject: renewals\n\nHello Priya,\n\nWe want an SMS to go to policyholders whose property renewal_month is march, "
        "reminding them to renew. Reply RENEW for a call back.\n\nKind regards,\nTom\nRetention",
        "Hola equipo: queremos enviar un SMS a los asegurados cuya propiedad renewal_month es march. Saludos, Marta",
        "Hallo zusammen, bitte eine SMS an Versicherte, deren Eigenschaft renewal_month ist march. Viele Grüße, Jonas",
    ],
)
def test_a_property_filter_inside_an_email_is_read(brief: str) -> None:
    flow = _flow(brief)
    assert requirement_met({"check": "segment", "property": "renewal_month", "value": "march"}, flow)


@pytest.mark.parametrize(
    ("brief", "intent"),
    [
        ("Darts league signups are open. Reply JOIN to join the league.", "join"),
        ("Our pub quiz is back. Reply QUIZ to sign up your team.", "quiz"),
        ("Vuelve la liga de dardos. Responde UNIRME para apuntarte a la liga.", "unirme"),
        ("La ligue de fléchettes reprend. Répondez LIGUE pour inscrire votre équipe.", "ligue"),
    ],
)
def test_a_generic_reply_naming_nothing_to_shop_gets_a_confirmation(brief: str, intent: str) -> None:
    flow = _flow(brief)
    assert requirement_met({"check": "reply_reaches", "intent": intent, "type": "message"}, flow)
    assert not any(s["type"] in ("purchase", "product_choice") for s in flow["steps"])


def test_a_generic_reply_to_shop_still_opens_picks() -> None:
    flow = _flow("Reply GO to shop our spring sale.")
    assert requirement_met({"check": "reply_reaches", "intent": "go", "type": "product_choice"}, flow)


@pytest.mark.parametrize(
    "brief",
    [
        "Pottery studio: text students with property level = beginner. Reply CLAY to get the class "
        "list. If no reply after 2 days send two reminders.",
        "Taller de cerámica: SMS a los alumnos con la propiedad nivel = inicial. Responde BARRO para "
        "recibir la lista de clases. Si no contestan en 2 días, dos recordatorios.",
    ],
)
def test_reminders_without_a_reply_to_wait_for_follow_each_other_after_a_delay(brief: str) -> None:
    result = generate_flow(brief, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    steps = {s["id"]: s for s in result.flow["steps"]}
    reminders = [
        s for s in result.flow["steps"] if s["type"] == "message" and "eminder" in (s.get("label") or "")
    ]
    assert len(reminders) == 2
    first_events = reminders[0]["events"]
    assert [e["type"] for e in first_events] == ["default"]
    assert steps[first_events[0]["nextStepID"]]["type"] == "delay"
