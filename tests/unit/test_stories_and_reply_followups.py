"""User stories that ask for a send, and reply follow-ups written indirectly (EN/ES/FR/DE):
a property set on "those who reply", a no-reply wait before an arrow, recently viewed picks,
a variant id with its quantity and a send of the latest cart."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, not_a_brief_reason
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(text: str) -> dict[str, Any]:
    return generate_flow(text, settings=SETTINGS).flow


def _steps(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in flow["steps"]}


def _reply_target(flow: dict[str, Any], intent: str) -> dict[str, Any]:
    steps = _steps(flow)
    for step in flow["steps"]:
        for event in step.get("events", []):
            if event.get("type") == "reply" and str(event.get("intent", "")).lower() == intent:
                return steps[event["nextStepID"]]
    raise AssertionError(f"no reply {intent}")


@pytest.mark.parametrize(
    "text",
    [
        "As a salon owner I want to write to guests who missed their appointment so that they rebook.",
        "As a gym owner I want to text members who skipped a month so that they come back.",
        "Como dueña de la floristería quiero escribirles a las clientas que compraron en mayo para que vuelvan.",
        "En tant que fleuriste, je veux écrire aux futurs mariés qui ont demandé un devis afin qu'ils confirment.",
        "Als Inhaberin möchte ich Stammgästen schreiben, die seit 3 Monaten nicht da waren, damit sie wiederkommen.",
    ],
)
def test_a_user_story_asking_for_a_send_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "As a developer I want to send logs to the server so that we can debug faster.",
        "Als Entwickler möchte ich Tests schreiben, damit der Code stabil bleibt.",
        "En tant que manager, je veux écrire un rapport afin que mon équipe comprenne.",
        "Como gerente quiero escribir un informe para que el equipo entienda.",
    ],
)
def test_a_user_story_with_no_send_to_customers_is_still_refused(text: str) -> None:
    assert not_a_brief_reason(text) is not None


@pytest.mark.parametrize(
    ("text", "keyword", "name", "value"),
    [
        (
            "Text subscribers about the tasting menu. Reply TASTE to reserve. Flag them tasting_interest = yes when they do.",
            "taste",
            "tasting_interest",
            "yes",
        ),
        (
            "Send VIPs the spring preview. Reply GO for early access. Tag repliers preview_fan = yes.",
            "go",
            "preview_fan",
            "yes",
        ),
        (
            "Envía a los clientes el taller. Responde TALLER para apuntarte. A quienes respondan, ponles la propiedad taller_interes = si.",
            "taller",
            "taller_interes",
            "si",
        ),
        (
            "Envoyez aux abonnés l'atelier. Répondez ATELIER pour réserver. Ceux qui répondent : propriété atelier_inscrit = oui.",
            "atelier",
            "atelier_inscrit",
            "oui",
        ),
        (
            "Schicke den Kunden den Weinabend. Antworte WEIN zum Anmelden. Wer antwortet, bekommt weinabend_gast = ja.",
            "wein",
            "weinabend_gast",
            "ja",
        ),
    ],
)
def test_a_property_set_on_those_who_reply_follows_the_reply(
    text: str, keyword: str, name: str, value: str
) -> None:
    updates = {u.name: u for u in extract_brief(text).property_updates}
    assert updates[name].value == value and updates[name].on_reply == keyword
    target = _reply_target(_flow(text), keyword)
    steps = _steps(_flow(text))
    seen, todo = set(), [target["id"]]
    while todo:  # the reply reaches the property step, maybe through a confirmation text
        step = steps[todo.pop()]
        if step["type"] == "property":
            assert any(p["name"] == name for p in step["properties"])
            return
        seen.add(step["id"])
        todo += [e["nextStepID"] for e in step.get("events", []) if e.get("nextStepID") not in seen]
    raise AssertionError("no property step after the reply")


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Text cart abandoners 10% off. Reply BUY to check out. No reply after 6 hours -> one reminder.", 6),
        (
            "Envía a los clientes un 10% de descuento. Responde SI para comprar. Sin respuesta en 8 horas -> un recordatorio.",
            8,
        ),
        (
            "Envoyez aux clients 10 % de remise. Répondez OUI pour acheter. Pas de réponse en 5 heures -> une relance.",
            5,
        ),
        (
            "Schicke Kunden 10 % Rabatt. Antworte JA zum Kaufen. Keine Antwort nach 9 Stunden -> eine Erinnerung.",
            9,
        ),
    ],
)
def test_a_no_reply_wait_before_an_arrow(text: str, hours: int) -> None:
    assert [(d.value, d.unit) for d in extract_brief(text).no_reply_after][:1] == [(hours, "hours")]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Text shoppers who browsed. Reply LOOK to see the items they viewed lately.", "look"),
        ("Envía a los clientes: responde VER para ver los artículos que miraron hace poco.", "ver"),
        ("Envoyez aux clients : répondez VOIR pour les articles qu'ils ont consultés dernièrement.", "voir"),
        (
            "Schicke Kunden: antworte SEHEN, um die Produkte zu sehen, die sie zuletzt angesehen haben.",
            "sehen",
        ),
    ],
)
def test_a_reply_for_recently_viewed_products(text: str, keyword: str) -> None:
    target = _reply_target(_flow(text), keyword)
    assert target["type"] == "product_choice" and target["productSelection"] == "recently_viewed"


@pytest.mark.parametrize(
    "text",
    [
        "Schicke VIP-Kunden unseren Kaffee. Antworte JA zum Kaufen: Varianten-ID 77120, Menge 2.",
        "Envía a los VIP nuestro café. Responde SI para comprar: ID de variante 77120, cantidad 2.",
        "Envoyez aux VIP notre café. Répondez OUI pour acheter : variante 77120, quantité 2.",
        "Text VIPs about our coffee. Reply YES to buy: variant id 77120, quantity 2.",
    ],
)
def test_a_variant_id_with_its_quantity(text: str) -> None:
    assert [(p.variant_id, p.quantity) for p in extract_brief(text).products] == [("77120", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "Customers who left a cart. Send them their latest cart and reply YES to buy.",
        "Clientes que dejaron el carrito. Mándales su carrito más reciente y que respondan SI para comprar.",
        "Clients ayant abandonné leur panier. Envoyez-leur leur panier le plus récent ; répondez OUI pour acheter.",
        "Kunden mit verlassenem Warenkorb. Schick ihnen ihren letzten Warenkorb, antworte JA zum Kaufen.",
    ],
)
def test_sending_the_latest_cart_is_a_purchase_offer(text: str) -> None:
    offers = [s for s in _flow(text)["steps"] if s["type"] == "purchase_offer"]
    assert offers and offers[0]["cartSource"] == "latest"
