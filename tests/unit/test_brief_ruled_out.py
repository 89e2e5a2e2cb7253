"""What the brief rules out never reaches the flow: an offer first considered and then dropped in
favour of no discount, and a rule the brief assigns to another campaign."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _discounted(flow: dict[str, Any]) -> bool:
    for s in flow["steps"]:
        if s["type"] == "message" and s.get("discountType") not in (None, "none"):
            return True
        if s["type"] in ("purchase", "purchase_offer") and s.get("discount") is True:
            return True
        if s["type"] == "product_choice" and s.get("discount") not in (None, "", "None"):
            return True
    return False


DROPPED_OFFERS = [
    "Neue Kollektion an alle. Ich hatte erst an 15 % Rabatt gedacht, aber lassen wir das: diesmal komplett "
    "ohne Rabatt und ohne Code. Antworte JA",
    "Wir wollten eigentlich 20 % Rabatt geben, aber nein: kein Rabatt diesmal. Antworte JA",
    "Ursprünglich 10 € Rabatt, aber doch nicht: keine Rabatte und kein Gutschein.",
    "Pensaba en un 15 % de descuento, pero mejor no: esta vez sin descuento. Responde SI",
    "Pensamos en dar un 20 % de descuento, pero no: nada de descuentos esta vez.",
    "Je pensais à 15 % de remise, mais finalement non : aucune remise cette fois. Répondez OUI",
    "On avait prévu 20 % de réduction, mais non : pas de réduction cette fois.",
    "I was going to do 15% off but let's not — no discount this time. Reply SHOP",
    "Au début 15 % de remise, mais finalement on laisse tomber la remise. Répondez OUI",
    "Wir dachten an 15 % Rabatt, aber lassen wir den Rabatt weg. Antworte JA",
    "Pensé en 15 % de descuento, pero quitamos el descuento. Responde SI",
    "Había pensado en 15 % de descuento, pero no vamos a dar descuento. Responde SI",
]


@pytest.mark.parametrize("text", DROPPED_OFFERS)
def test_an_offer_dropped_for_no_discount_is_no_offer(text: str) -> None:
    brief = extract_brief(text)
    assert brief.discounts == []
    assert not _discounted(generate_flow(text, settings=SETTINGS).flow)
    assert any(line.startswith("Offer: no discount") for line in understood_lines(brief))


def test_a_stated_offer_says_no_no_discount() -> None:
    lines = understood_lines(extract_brief("20% off for everyone, reply SHOP"))
    assert not any(line.startswith("Offer: no discount") for line in lines)


OTHER_RULES = [
    (
        "New deck drop — send it to our whole list. (Note for Sam: the 'exclude anyone who ordered in "
        "the last 30 days' rule is for next week's restock campaign, not this one.) Reply DECK to see "
        "the most popular decks.",
        "exclude anyone who ordered",
    ),
    (
        "New arrivals for everyone. Only people who ordered in the last 30 days — that's for the other "
        "flow. Reply NEW to see them.",
        "that's for the other flow",
    ),
    (
        "Nueva colección para toda la lista. (Ojo: la regla de excluir a quien compró en los últimos "
        "30 días es para la campaña de reposición de la semana que viene, no para esta.) Responde SI.",
        "(Ojo: la regla de excluir",
    ),
    (
        "Nouvelle collection pour toute la liste. (Note : exclure ceux qui ont commandé dans les 30 "
        "derniers jours, c'est pour la campagne de réassort, pas celle-ci.) Répondez OUI.",
        "(Note : exclure ceux",
    ),
    (
        "Neue Kollektion an die ganze Liste. (Hinweis: alle ausschließen, die in den letzten 30 Tagen "
        "bestellt haben, gilt für die Restock-Kampagne nächste Woche, nicht für diese.) Antworte JA.",
        "(Hinweis: alle ausschließen",
    ),
]


@pytest.mark.parametrize(("text", "words"), OTHER_RULES)
def test_a_rule_for_another_campaign_is_no_condition(text: str, words: str) -> None:
    brief = extract_brief(text)
    assert brief.audience == []
    assert brief.playbook != "back_in_stock"
    result = generate_flow(text, settings=SETTINGS)
    assert not any(s["type"] == "segment" for s in result.flow["steps"])
    assert any(words in line for line in understood_lines(brief) if line.startswith("Not used"))


@pytest.mark.parametrize(
    "text",
    [
        "This campaign is for next week: exclude anyone who ordered in the last 30 days. Reply YES",
        "The rule is for this campaign: exclude anyone who ordered in the last 30 days.",
    ],
)
def test_a_rule_of_this_campaign_stays_a_condition(text: str) -> None:
    assert any(c.action == "placed_order" for c in extract_brief(text).audience)


@pytest.mark.parametrize(
    "text",
    [
        "This flow is for the spring sale campaign: VIPs who ordered in the last 30 days get 20% off.",
        "Esta secuencia es para la campaña de primavera: clientes que compraron en los últimos 30 días.",
    ],
)
def test_the_campaign_being_planned_keeps_its_audience(text: str) -> None:
    assert any(c.action == "placed_order" for c in extract_brief(text).audience)


@pytest.mark.parametrize(
    "text",
    [
        "From May 1 to May 7, Pacific time, send 20% off the spring menu; outside those dates send a "
        "plain hello with no discount.",
        "On Saturdays the text carries $5 off brunch; on weekdays send a menu reminder with no offer.",
        "Send 15% off during the sale weekend, otherwise no discount.",
    ],
)
def test_a_refusal_for_the_other_branch_keeps_the_main_offer(text: str) -> None:
    brief = extract_brief(text)
    assert brief.discounts
    assert not brief.no_discount
