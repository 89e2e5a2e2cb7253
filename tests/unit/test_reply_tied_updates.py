"""A property update tied to one reply (checklist items, arrows, "save x = y" in four
languages) sets that property on the reply's path and never filters the audience; a
bulleted routing line sends its reply to the offer it names; a hand-picked product choice
lists the products named with their ids."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.products import extract_products
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(brief: str) -> dict[str, Any]:
    flow: dict[str, Any] = generate_flow(brief, settings=SETTINGS).flow
    assert not validate_flow(flow).errors
    return flow


def _after_reply(flow: dict[str, Any], intent: str, *, defaults_only: bool) -> list[dict[str, Any]]:
    """The steps a reply `intent` reaches through default (and split) events."""
    by_id = {s["id"]: s for s in flow["steps"]}
    starts = [
        e.get("nextStepID")
        for s in flow["steps"]
        for e in s.get("events", [])
        if e.get("type") == "reply" and str(e.get("intent", "")).lower() == intent
    ]
    seen: set[str] = set()
    found: list[dict[str, Any]] = []
    queue = deque(starts)
    while queue:
        sid = queue.popleft()
        if sid not in by_id or sid in seen:
            continue
        seen.add(sid)
        found.append(by_id[sid])
        if defaults_only and by_id[sid]["type"] in ("message", "purchase_offer", "product_choice"):
            continue
        queue.extend(
            e.get("nextStepID") for e in by_id[sid].get("events", []) if e.get("type") in ("default", "split")
        )
    return found


def _sets_after(flow: dict[str, Any], intent: str, name: str, value: str) -> bool:
    return any(
        p.get("name") == name and str(p.get("value")).lower() == value
        for s in _after_reply(flow, intent, defaults_only=False)
        if s["type"] == "property"
        for p in s.get("properties", [])
    )


def _filters_on(flow: dict[str, Any], name: str) -> bool:
    return any(
        str(c.get("propertyName", "")).lower() == name
        for s in flow["steps"]
        if s["type"] == "segment"
        for c in s.get("conditions", []) or []
    )


TIED = [
    # checklist item with the keyword inside the sentence
    (
        "Members' night invite.\n- [ ] tag anyone who texts GUEST with guest_list = yes",
        "guest",
        "guest_list",
        "yes",
    ),
    # arrow after the keyword written as a plural noun
    (
        "Ask them to reply SEAT for the tasting.\nSEATs → set property tasting_seat = held",
        "seat",
        "tasting_seat",
        "held",
    ),
    (
        "Poll: reply YES or NO to a Sunday brunch.\nthe YESes → property brunch_fan = true",
        "yes",
        "brunch_fan",
        "true",
    ),
    # "save their interest as x = y": the stated value, not the reply
    (
        "Reply SOON if you want launch news and we save their interest as launch_news = yes.",
        "soon",
        "launch_news",
        "yes",
    ),
    # Spanish, French, German: the verb before or after the equation
    (
        "Pregunta si quieren la guía de regalos. Si responden GUIA, guardar guia_regalos = si.",
        "guia",
        "guia_regalos",
        "si",
    ),
    (
        "- Responde MESA → guarda reserva_mesa = si\n- Sin respuesta en 1 día → recordatorio",
        "mesa",
        "reserva_mesa",
        "si",
    ),
    (
        "Demande-leur de répondre CLUB pour rejoindre le club.\nCLUB → propriété club_membre = oui",
        "club",
        "club_membre",
        "oui",
    ),
    (
        "Petit sondage : un cours de yoga vous tente ? S'ils répondent YOGA, enregistrer yoga = oui.",
        "yoga",
        "yoga",
        "oui",
    ),
    (
        "SMS an unsere Stammkunden mit der Einladung zum Weinabend. Wer mit WEIN antwortet: speichere weinabend = ja.",
        "wein",
        "weinabend",
        "ja",
    ),
    (
        "Einladung zur Messe. Bitte mit MESSE antworten.\n- MESSE → messe = angemeldet speichern",
        "messe",
        "messe",
        "angemeldet",
    ),
]


@pytest.mark.parametrize(("brief", "keyword", "name", "value"), TIED)
def test_update_is_read_with_its_reply(brief: str, keyword: str, name: str, value: str) -> None:
    facts = extract_brief(brief)
    updates = {u.name: u for u in facts.property_updates}
    assert name in updates, facts.property_updates
    assert updates[name].value == value
    assert updates[name].on_reply == keyword
    assert not any(c.property_name == name for c in facts.audience)


@pytest.mark.parametrize(("brief", "keyword", "name", "value"), TIED)
def test_reply_leads_to_the_property_step(brief: str, keyword: str, name: str, value: str) -> None:
    flow = _flow(brief)
    assert _sets_after(flow, keyword, name, value)
    assert not _filters_on(flow, name)


def test_audience_equation_is_still_a_filter() -> None:
    facts = extract_brief("Send to customers with loyalty_tier = gold: reply GOLD for early access.")
    assert any(c.property_name == "loyalty_tier" for c in facts.audience)
    assert not any(u.name == "loyalty_tier" for u in facts.property_updates)


def test_single_keyword_survey_asks_for_the_word() -> None:
    flow = _flow(
        "Quick survey: would they join a cooking class? If they reply CLASS, save cooking_class = yes."
    )
    intents = {
        str(e.get("intent")) for s in flow["steps"] for e in s.get("events", []) if e.get("type") == "reply"
    }
    assert "class" in intents and "1" not in intents
    assert _sets_after(flow, "class", "cooking_class", "yes")


@pytest.mark.parametrize(
    ("brief", "keyword", "variant"),
    [
        (
            "Plan:\n1. SMS: the travel kit is back\n2. Replies:\n   - Reply KIT → purchase offer for the kit (variant 60311), qty 1",
            "kit",
            "60311",
        ),
        (
            "Flujo:\n- SMS: vuelve la mochila\n- Responde MOCHILA → oferta de compra (variante 60312), cantidad 1",
            "mochila",
            "60312",
        ),
        (
            "Déroulé :\n- SMS : le sac revient\n- Réponse SAC → offre d'achat du sac (variante 60313), quantité 1",
            "sac",
            "60313",
        ),
        (
            "Ablauf:\n* SMS: die Jacke ist zurück\n* Antwort JACKE → Kaufangebot (Variante 60314), Menge 1",
            "jacke",
            "60314",
        ),
    ],
)
def test_bulleted_reply_reaches_its_purchase_offer(brief: str, keyword: str, variant: str) -> None:
    flow = _flow(brief)
    offers = [s for s in _after_reply(flow, keyword, defaults_only=True) if s["type"] == "purchase_offer"]
    assert offers
    assert any(p.get("productVariantId") == variant for s in offers for p in s.get("products", []))


def test_french_sms_speak_reply_reaches_best_sellers() -> None:
    flow = _flow("promo pr nos abonnés ! rép HIT pr découvrir les best-sellers")
    picks = [s for s in _after_reply(flow, "hit", defaults_only=True) if s["type"] == "product_choice"]
    assert picks and picks[0]["productSelection"] == "popularity"


def test_named_products_with_ids() -> None:
    products = extract_products("Choose from Wool Scarf (id 4401), Knit Cap (ID: 4402) and Mitts (#4403).")
    assert [p.variant_id for p in products] == ["4401", "4402", "4403"]
    assert products[0].name == "Wool Scarf"
    assert extract_products("our order (id unknown) ships soon") == []


@pytest.mark.parametrize(
    "brief",
    [
        "Send all subscribers a product choice of two picks chosen manually: Clay Mug (id 5101), Tea Tin (id 5102).",
        "Mandar a todos una selección de productos elegidos a mano: Taza (id 5101), Lata de Té (id 5102).",
        "Envoyer à tous les abonnés un choix de produits choisis à la main : Tasse (id 5101), Boîte à Thé (id 5102).",
        "Produktauswahl an alle Abonnenten senden, von Hand gewählt: Tasse (id 5101), Teedose (id 5102).",
    ],
)
def test_hand_picked_product_choice_lists_its_products(brief: str) -> None:
    flow = _flow(brief)
    choices = [s for s in flow["steps"] if s["type"] == "product_choice"]
    assert choices and choices[0]["productSelection"] == "manually"
    ids = {str(p.get("id")) for p in choices[0]["products"]}
    assert {"5101", "5102"} <= ids
