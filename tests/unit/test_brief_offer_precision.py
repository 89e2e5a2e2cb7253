"""What must NOT reach the flow: another campaign's members as a condition, a refused discount,
an order condition on a welcome of new subscribers."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _result(text: str) -> Any:
    return generate_flow(text, settings=SETTINGS)


def _conditions(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in flow["steps"] if s["type"] == "segment" for c in s["conditions"]]


def _discounted(flow: dict[str, Any]) -> bool:
    for s in flow["steps"]:
        if s["type"] == "message" and s.get("discountType") not in (None, "none"):
            return True
        if s["type"] in ("purchase", "purchase_offer") and s.get("discount") is True:
            return True
        if s["type"] == "product_choice" and s.get("discount") not in (None, "", "None"):
            return True
    return False


OTHER_CAMPAIGNS = [
    (
        "20% off for everyone. Skip anyone already in the spring promo.",
        "Skip anyone already in the spring promo.",
    ),
    (
        "Summer sale 15% off for all customers. Don't include people who got the welcome series.",
        "Don't include people who got the welcome series.",
    ),
    (
        "Don't text anyone who already ordered during the spring promo campaign. 15% off to all customers.",
        "Don't text anyone who already ordered during the spring promo campaign.",
    ),
    (
        "Promo for VIPs with 20% off. Skip anyone already in the VIP early access flow.",
        "Skip anyone already in the VIP early access flow.",
    ),
    (
        "10% de descuento para todos. Excluir a quienes ya recibieron la campaña de primavera.",
        "Excluir a quienes ya recibieron la campaña de primavera.",
    ),
    (
        "10 % de remise pour tous. Exclure ceux qui sont déjà dans la promo de printemps.",
        "Exclure ceux qui sont déjà dans la promo de printemps.",
    ),
    (
        "10 % Rabatt für alle. Alle ausschließen, die schon in der Frühlingsaktion sind.",
        "Alle ausschließen, die schon in der Frühlingsaktion sind.",
    ),
]


@pytest.mark.parametrize(("text", "clause"), OTHER_CAMPAIGNS)
def test_another_campaigns_members_are_no_condition_and_are_reported(text: str, clause: str) -> None:
    result = _result(text)
    conditions = _conditions(result.flow)
    assert not any(c.get("action") in ("placed_order", "received_outbound") for c in conditions)
    assert any(clause in n for n in result.notices if n.startswith("brief_not_understood"))
    assert any(
        clause in line for line in understood_lines(extract_brief(text)) if line.startswith("Not used")
    )


def test_the_other_campaign_names_no_playbook_or_audience() -> None:
    assert (
        extract_brief("Summer sale 15% off. Don't include people who got the welcome series.").playbook
        != "welcome"
    )
    brief = extract_brief(
        "Spring sale, 15% off for everyone. Skip anyone already in the VIP early access flow."
    )
    assert brief.playbook not in ("launch", "vip_reorder") and brief.audience == []


@pytest.mark.parametrize(
    "text",
    [
        "Exclude anyone who ordered in the last 30 days. 10% off for subscribers.",
        "Don't send this promo to people who ordered in the last week. 10% off",
    ],
)
def test_an_exclusion_by_behaviour_is_still_a_condition(text: str) -> None:
    assert any(c.action == "placed_order" for c in extract_brief(text).audience)


@pytest.mark.parametrize(
    "text",
    [
        "Restock alert, we're not doing a discount this time. Last year it was 20% off. Reply SHOP",
        "Launch the new line. No offers or coupons this time (the 15% off was last month). Reply YES",
        "New arrivals text. Skip the discount this time, last year we gave 10% off",
        "VIP early access at full price, they usually get 10% off, reply YES",
        "Announce the new line to VIPs, no % off. Reply SHOP",
        "Anuncia la nueva colección, sin descuento (el año pasado 20%). Responde SI",
        "Annonce la nouvelle collection, sans remise. Répondez OUI",
        "Neue Kollektion ankündigen, ohne Rabatt. Antworte JA",
    ],
)
def test_a_discount_ruled_out_means_no_discount(text: str) -> None:
    assert extract_brief(text).discounts == []
    assert not _discounted(_result(text).flow)


@pytest.mark.parametrize(
    "text",
    [
        "Offer 20% off, no discount code needed",
        "10% off for everyone, no code needed",
        "No discounts in email; SMS gets 15% off",
    ],
)
def test_a_code_not_needed_or_another_channel_keeps_the_offer(text: str) -> None:
    assert any(d.kind == "percentage" for d in extract_brief(text).discounts)


@pytest.mark.parametrize(
    "text",
    [
        "Tell VIPs the blender is now $119, was $149. Reply BUY.",
        "Free shipping on orders over £40, reply SHOP",
        "Versandkostenfrei ab 50 € Bestellwert, antworte JA",
        "Le nouveau sac coûte 89 €, répondez OUI",
    ],
)
def test_a_price_or_threshold_is_no_money_off(text: str) -> None:
    assert not any(d.kind in ("amount", "percentage") for d in extract_brief(text).discounts)


@pytest.mark.parametrize(
    "text",
    [
        "Welcome new subscribers who bought nothing yet",
        "New subscribers: 10% off. Buyers who placed an order get a thank you instead.",
        "New subscribers who haven't purchased yet: 10% off",
        "Nouveaux abonnés qui n'ont pas encore commandé : 10 % de remise",
        "Nuevos suscriptores que todavía no han comprado: 10% de descuento",
        "Neue Abonnenten, die noch nicht bestellt haben: 10 % Rabatt",
    ],
)
def test_a_new_subscriber_audience_never_has_placed_an_order(text: str) -> None:
    brief = extract_brief(text)
    assert brief.playbook == "welcome"
    conditions = _conditions(_result(text).flow)
    assert not any(c.get("action") == "placed_order" and c["operator"] == "has" for c in conditions)


def test_new_signups_who_ordered_before_say_so_themselves() -> None:
    brief = extract_brief("Welcome new signups who have ordered before.")
    assert any(c.action == "placed_order" and c.operator == "has" for c in brief.audience)


def test_a_lapse_welcomed_back_is_still_a_winback() -> None:
    assert (
        extract_brief("Customers who haven't ordered in 90 days - welcome them back with 10% off").playbook
        == "winback"
    )
