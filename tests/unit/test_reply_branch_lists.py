"""Reply keywords and their branches: two keywords joined by "or", bulleted or arrowed branch
lists whose branches set one property to values of their own, numbered answers that lead to
a stated step, and a poll whose answers a named property stores, in four languages."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.summary import understood_lines
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _updates(text: str) -> set[tuple[str, str, str | None]]:
    return {(u.name, u.value, u.on_reply) for u in extract_brief(text).property_updates}


def _steps(text: str) -> dict[str, dict[str, Any]]:
    flow: dict[str, Any] = generate_flow(text, settings=SETTINGS).flow
    assert not validate_flow(flow).errors
    return {s["id"]: s for s in flow["steps"]}


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        (
            "Text our customers about the plant sale. Reply PICKUP for opening hours or DELIVERY to have it "
            "brought to you.",
            ["pickup", "delivery"],
        ),
        ("Text the club: reply IN or OUT for Saturday's match.", ["in", "out"]),
        (
            "Schick eine SMS an alle Kunden zum Pflanzenmarkt: antworte ABHOLEN für Öffnungszeiten oder "
            "LIEFERN für eine Lieferung.",
            ["abholen", "liefern"],
        ),
        (
            "Envía un SMS a los clientes: responde RECOGER para ver el horario o ENVÍO para recibirlo en casa.",
            ["recoger", "envío"],
        ),
        (
            "Envoyez un SMS aux clients : répondez RETRAIT pour les horaires ou LIVRAISON pour être livré.",
            ["retrait", "livraison"],
        ),
    ],
)
def test_two_keywords_joined_by_or_are_both_replies(text: str, keywords: list[str]) -> None:
    assert extract_brief(text).reply_keywords[: len(keywords)] == keywords


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Text volunteers about the build day. Replies:\n"
            "- BUILD → set property volunteer_role = builder, then confirm\n"
            "- COOK → set property volunteer_role = cook, then confirm",
            {("volunteer_role", "builder", "build"), ("volunteer_role", "cook", "cook")},
        ),
        (
            "Text our customers about the plant sale:\n"
            "• PICKUP → text with opening hours\n"
            "• DELIVERY → set property wants_delivery = yes, then a text saying we'll call",
            {("wants_delivery", "yes", "delivery")},
        ),
        (
            "SMS à nos clients pour le chantier. Réponses :\n"
            "- Si DEVIS : propriété devis_demande = oui, puis message de confirmation\n"
            "- Si VISITE : propriété devis_demande = visite, puis message de confirmation",
            {("devis_demande", "oui", "devis"), ("devis_demande", "visite", "visite")},
        ),
        (
            "SMS an Kunden: Möchtest du teilnehmen? Antworte JA oder NEIN.\n"
            "- Bei JA: Eigenschaft teilnahme = ja setzen, dann Bestätigung\n"
            "- Bei NEIN: Eigenschaft teilnahme = nein setzen",
            {("teilnahme", "ja", "ja"), ("teilnahme", "nein", "nein")},
        ),
        (
            "Envía un SMS a los voluntarios:\n"
            "- Si COCINA: propiedad rol = cocina, luego confirmación\n"
            "- Si MONTAJE: propiedad rol = montaje, luego confirmación",
            {("rol", "cocina", "cocina"), ("rol", "montaje", "montaje")},
        ),
    ],
)
def test_each_branch_of_a_list_keeps_its_own_setting(text: str, expected: set[tuple[str, str, str]]) -> None:
    brief = extract_brief(text)
    assert expected <= _updates(text)
    assert {kw for _, _, kw in expected} <= set(brief.reply_keywords)
    # the branches' settings are the flow's, no entry filter
    assert not [c for c in brief.audience if c.kind == "property"]
    lines = understood_lines(brief)
    updates = next(line for line in lines if line.startswith("Updates:"))
    for name, value, kw in expected:
        assert f"set {name} = {value} on reply {kw.upper()}" in updates


def test_each_branch_sets_its_value_in_the_flow() -> None:
    text = (
        "Text volunteers about the build day. Replies:\n"
        "- BUILD → set property volunteer_role = builder, then confirm\n"
        "- COOK → set property volunteer_role = cook, then confirm"
    )
    steps = _steps(text)
    first = next(iter(steps.values()))
    targets = {e["intent"]: e["nextStepID"] for e in first["events"] if e["type"] == "reply"}
    set_on = {kw: [(p["name"], p["value"]) for p in steps[t]["properties"]] for kw, t in targets.items()}
    assert set_on == {"build": [("volunteer_role", "builder")], "cook": [("volunteer_role", "cook")]}


@pytest.mark.parametrize(
    "text",
    [
        "Text customers whose phone is 3 years old: is your battery weak? Reply 1 = yes, offer them our battery "
        "replacement (variant id 5521, quantity 1) as a purchase offer. Reply 2 = no, just a thanks message.",
        "Envía un SMS: ¿tu batería dura poco? Responde 1 = sí, ofrécele el cambio de batería (variante 5521) "
        "como oferta de compra. Responde 2 = no, solo un mensaje de agradecimiento.",
        "Envoyez un SMS : votre batterie faiblit ? Répondez 1 = oui, proposez le remplacement (variante 5521) "
        "en offre d'achat. Répondez 2 = non, juste un message de remerciement.",
        "Schick eine SMS: Hält dein Akku nicht mehr? Antworte 1 = ja, biete den Akkutausch (Variante 5521) als "
        "Kaufangebot an. Antworte 2 = nein, nur eine Dankesnachricht.",
    ],
)
def test_a_numbered_answer_leads_where_the_brief_says(text: str) -> None:
    brief = extract_brief(text)
    assert brief.reply_destinations.get("1") == "purchase_offer"
    assert "2" not in brief.reply_destinations
    assert any(line.startswith("Reply 1 leads to: a purchase offer") for line in understood_lines(brief))
    steps = _steps(text)
    poll = next(s for s in steps.values() if any(e.get("intent") == "1" for e in s["events"]))
    targets = {e["intent"]: steps[e["nextStepID"]]["type"] for e in poll["events"] if e["type"] == "reply"}
    assert targets == {"1": "purchase_offer", "2": "message"}


@pytest.mark.parametrize(
    ("text", "name", "answers"),
    [
        (
            "Invite members to the open house: reply 1 for yes, 2 for no. Store RSVP as property open_house_rsvp.",
            "open_house_rsvp",
            {"1": "yes", "2": "no"},
        ),
        (
            "Text our music store customers: reply 1 for acoustic, 2 for electric. Tag them with property "
            "instrument_interest.",
            "instrument_interest",
            {"1": "acoustic", "2": "electric"},
        ),
        (
            "Envía un SMS a los clientes: responde 1 para acústica, 2 para eléctrica. Guarda la respuesta como "
            "propiedad interes_instrumento.",
            "interes_instrumento",
            {"1": "acústica", "2": "eléctrica"},
        ),
    ],
)
def test_a_poll_s_answers_are_stored_in_the_named_property(
    text: str, name: str, answers: dict[str, str]
) -> None:
    assert (name, "{{reply}}", None) in _updates(text)
    steps = _steps(text)
    poll = next(s for s in steps.values() if any(e.get("intent") == "1" for e in s["events"]))
    recorded = {
        e["intent"]: [(p["name"], p["value"]) for p in steps[e["nextStepID"]].get("properties", [])]
        for e in poll["events"]
        if e["type"] == "reply"
    }
    assert recorded == {digit: [(name, value)] for digit, value in answers.items()}


def test_a_bare_colon_line_is_no_branch() -> None:
    brief = extract_brief("Text our customers about the sale.\n- NOTE: the store opens at 9 on Saturday")
    assert "note" not in brief.reply_keywords
