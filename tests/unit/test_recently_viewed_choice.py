"""A send of the products each person recently viewed is a product choice with the
recently_viewed selection; "personalised" makes its message personalized."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.facts import cues_of
from tests.offline_flows import valid_offline_flow
from tests.scoring import requirement_met


def _choices(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if s["type"] == "product_choice"]


def _first_send(flow: dict[str, Any]) -> dict[str, Any]:
    """The first send, through the audience's include branch."""
    by_id = {s["id"]: s for s in flow["steps"]}
    step = by_id[flow["initialStepID"]]
    while step["type"] not in ("message", "purchase_offer", "product_choice"):
        events = step["events"]
        step = by_id[next((e for e in events if e.get("action") == "include"), events[0])["nextStepID"]]
    return step


@pytest.mark.parametrize(
    "brief",
    [
        "Send everyone a personalized text with the products each person recently viewed. Reply BUY to purchase.",
        "Show recently viewed jewellery to our VIP list, personalised message type.",
        "Envoyer aux abonnés un SMS pour renvoyer les plantes qu'ils ont vues récemment.",
        "Enviar a los clientes un SMS con los productos que vieron hace poco.",
        "Mandar a los suscriptores sus productos vistos recientemente.",
        "SMS an alle Kunden mit den Produkten, die sie kürzlich angesehen haben. Antwort KAUFEN zum Bestellen.",
        "Schick allen Abonnenten die zuletzt angesehenen Artikel. Antwort KAUFEN zum Bestellen.",
    ],
)
def test_recently_viewed_products_are_a_product_choice(brief: str) -> None:
    cues = cues_of(extract_brief(brief))
    assert (cues.named_step, cues.selection) == ("product_choice", "recently_viewed")
    flow = valid_offline_flow(brief)
    assert _first_send(flow)["type"] == "product_choice"
    assert all(s["productSelection"] == "recently_viewed" for s in _choices(flow))


@pytest.mark.parametrize(
    "brief",
    [
        "Send everyone a personalized text with the products each person recently viewed. Reply BUY to purchase.",
        "Show recently viewed jewellery to our VIP list, personalised message type.",
    ],
)
def test_a_personalised_choice_has_the_personalized_message_type(brief: str) -> None:
    choices = _choices(valid_offline_flow(brief))
    assert choices and choices[0]["messageType"] == "personalized"


def test_a_personalised_purchase_offer_has_the_personalized_message_type() -> None:
    flow = valid_offline_flow(
        "VIP reorder: a personalised purchase offer with their latest cart. Reply YES to buy."
    )
    assert requirement_met(
        {"check": "field", "type": "purchase_offer", "field": "messageType", "value": "personalized"}, flow
    )


def test_people_who_viewed_a_product_are_an_audience_not_a_product_choice() -> None:
    cues = cues_of(
        extract_brief("Text people who recently viewed a product in the last 7 days with 10% off.")
    )
    assert cues.named_step is None


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        ("Text our subscribers: reply LOOK for the products they recently viewed.", "look"),
        ("Envoyez aux abonnés : répondez VOIR pour les plantes qu'ils ont vues récemment.", "voir"),
        ("Mensaje a los suscriptores: responde VER para los productos que vieron hace poco.", "ver"),
    ],
)
def test_viewed_products_in_a_replys_words_are_the_replys(brief: str, keyword: str) -> None:
    assert extract_brief(brief).reply_destinations.get(keyword) == "product_choice"
    flow = valid_offline_flow(brief)
    assert _first_send(flow)["type"] == "message"
    by_id = {s["id"]: s for s in flow["steps"]}
    reached = [
        by_id[e["nextStepID"]]
        for e in _first_send(flow)["events"]
        if e.get("type") == "reply" and e.get("intent") == keyword
    ]
    assert [(s["type"], s["productSelection"]) for s in reached] == [("product_choice", "recently_viewed")]
