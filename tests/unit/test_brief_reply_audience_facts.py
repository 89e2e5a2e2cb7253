"""Audience and property facts: an update tied to whoever replies is set on the reply's path
and filters no one; "members or not" widens the audience in four languages; a bracketed
property after a group filters it; "no orders in 90 days" and "carted but didn't order" read
as event conditions."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief.extract import extract_brief
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(brief: str) -> dict[str, Any]:
    flow: dict[str, Any] = generate_flow(brief, settings=SETTINGS).flow
    assert not validate_flow(flow).errors
    return flow


def _property_names(brief: str) -> set[str]:
    return {c.property_name or "" for c in extract_brief(brief).audience if c.kind == "property"}


REPLY_TIED = [
    ("Garden party invite for all subscribers. Mark everyone who replies with guest = yes.", "guest", "yes"),
    (
        "Invite all customers to our open studio night. Tag whoever responds with curious = yes.",
        "curious",
        "yes",
    ),
    (
        "Enviad la invitación a la noche de tapas a todos los clientes; a quien responda, marcadlo con apuntado = si.",
        "apuntado",
        "si",
    ),
    ("Atelier pour tous les clients : marquez ceux qui répondent avec partant = oui.", "partant", "oui"),
    (
        "Schickt allen Kunden die Einladung zum Grillabend; markiert alle, die antworten, mit dabei = ja.",
        "dabei",
        "ja",
    ),
]


@pytest.mark.parametrize(("brief", "name", "value"), REPLY_TIED)
def test_update_for_whoever_replies_is_no_filter(brief: str, name: str, value: str) -> None:
    facts = extract_brief(brief)
    update = next(u for u in facts.property_updates if u.name == name)
    assert update.value == value
    assert update.on_reply is not None or update.after_reply
    assert name not in _property_names(brief)


@pytest.mark.parametrize(("brief", "name", "value"), REPLY_TIED)
def test_update_for_whoever_replies_comes_after_the_reply(brief: str, name: str, value: str) -> None:
    flow = _flow(brief)
    by_id = {s["id"]: s for s in flow["steps"]}
    setting = [
        s
        for s in flow["steps"]
        if s["type"] == "property" and any(p["name"] == name for p in s["properties"])
    ]
    assert setting, "the property is set somewhere"
    assert flow["initialStepID"] not in {s["id"] for s in setting}
    reached = {
        e["nextStepID"]
        for s in by_id.values()
        for e in s.get("events", [])
        if e.get("type") == "reply" and e.get("nextStepID")
    }
    assert any(s["id"] in reached for s in setting)


@pytest.mark.parametrize(
    ("brief", "name"),
    [
        ("Spring sale for all subscribers, members or not (property club = gold).", "club"),
        ("Taller de cocina para todos los clientes, tengan o no la propiedad plan = premium.", "plan"),
        ("Atelier pour tous les abonnés, membres du club ou pas (propriété club_vin).", "club_vin"),
        ("Weinprobe für alle Kunden, egal ob Eigenschaft abo = jahr oder nicht.", "abo"),
    ],
)
def test_members_or_not_filters_no_property(brief: str, name: str) -> None:
    assert name not in _property_names(brief)


@pytest.mark.parametrize(
    ("brief", "name", "value"),
    [
        ("Vinyl week for crate diggers (property digger = yes). 15% off records.", "digger", "yes"),
        ("Trail weekend for hikers (property hiker = true), free map with any order.", "hiker", "true"),
    ],
)
def test_bracketed_property_after_a_group_filters_it(brief: str, name: str, value: str) -> None:
    conditions = [c for c in extract_brief(brief).audience if c.property_name == name]
    assert [(c.property_operator, c.property_value) for c in conditions] == [("with a value of", value)]


def test_bracket_after_a_preposition_needs_the_word_property() -> None:
    # a bracket of plain words after "for" names no property
    assert not _property_names("Deals for weekends (score = 5 max). Keep it short.") - {"score"}


@pytest.mark.parametrize(
    "brief",
    [
        "Te echamos de menos: 20% para clientes sin pedidos en 90 dias.",
        "Vous nous manquez : 20% pour les clients sans commande depuis 90 jours.",
        "Wir vermissen dich: 20% für Kunden ohne Bestellung seit 90 Tagen.",
        "We miss you: 20% off for customers with no orders in 90 days.",
    ],
)
def test_no_orders_in_a_window(brief: str) -> None:
    events = [(c.action, c.operator, c.days) for c in extract_brief(brief).audience if c.kind == "event"]
    assert ("placed_order", "has_not", 90) in events


@pytest.mark.parametrize(
    "brief",
    [
        "Nudge shoppers who added to cart in the last 7 days but didn't place an order.",
        "Remind people who added something to their cart in the past 7 days and did not place an order.",
        "Text anyone who added items to cart in the last 7 days but never made a purchase.",
    ],
)
def test_carted_but_did_not_order(brief: str) -> None:
    events = {(c.action, c.operator) for c in extract_brief(brief).audience if c.kind == "event"}
    assert ("added_product_to_cart", "has") in events
    assert ("placed_order", "has_not") in events
    cart = next(c for c in extract_brief(brief).audience if c.action == "added_product_to_cart")
    assert cart.days == 7
