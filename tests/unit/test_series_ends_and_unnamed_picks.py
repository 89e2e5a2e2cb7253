"""A content series ends on its last part, in every language the brief may be written in, and
a brief that asks for products picked by hand but names none says so in its understanding."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.plan.model import FlowPlan
from flowgen_core.planners.offline.composer import OfflineGenerator

_SEND_TYPES = {"message", "product_choice", "purchase_offer", "reply_cart_choice"}


def _plan(text: str) -> FlowPlan:
    return OfflineGenerator().plan(extract_brief(text))


def _sends(plan: FlowPlan) -> list[str]:
    return [s.type for s in plan.steps if s.type in _SEND_TYPES]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Five texts on houseplant care, two days apart.", 5),
        ("Send cold brew tips on day 1, day 4 and day 9.", 3),
        ("A 3-part series about knife sharpening, one every 4 days.", 3),
        ("Serie de 3 consejos sobre jardinería, un mensaje cada 2 días.", 3),
        ("Envía consejos de jardinería el día 1, el día 3 y el día 6.", 3),
        ("Une série de 4 conseils sur le jardinage, un SMS tous les 3 jours.", 4),
        ("Envoyez des conseils sur le thé au jour 1, 2 et 5.", 3),
        ("Eine 4-teilige Serie mit Tipps zur Gartenpflege, alle 3 Tage eine Nachricht.", 4),
        ("Bildungsserie mit 3 Nachrichten über Tee, alle 2 Tage.", 3),
    ],
)
def test_a_series_of_n_parts_has_n_sends(text: str, parts: int) -> None:
    plan = _plan(text)
    assert _sends(plan) == ["message"] * parts, text
    last = {s.key: s for s in plan.steps}[f"part_{parts}"]
    assert [t.on for t in last.next] == ["default"], text
    assert "picks" not in (last.text or "").lower(), text


def test_a_series_whose_last_part_names_a_reply_keeps_it() -> None:
    plan = _plan("A 3-part series on espresso, a week apart. The last text: reply SHOP for our top sellers.")
    steps = {s.key: s for s in plan.steps}
    assert [t.on for t in steps["part_3"].next] == ["reply"]
    assert sorted(_sends(plan)) == ["message"] * 3 + ["product_choice"]


_NO_PRODUCTS_NOTE = "Assumed: the products shown (the brief asks for products picked by hand but names none)"


@pytest.mark.parametrize(
    "text",
    [
        "Text VIP customers a hand-selected set of products with 10% off.",
        "Share our picks for the holidays with everyone, reply SHOP to browse them.",
        "Clientes VIP: productos elegidos a mano con un 10 % de descuento.",
        "Clients VIP : des produits choisis à la main, avec 10 % de remise.",
        "VIP-Kunden bekommen handverlesene Artikel mit 10 % Rabatt.",
    ],
)
def test_picks_by_hand_without_products_are_reported_as_assumed(text: str) -> None:
    brief = extract_brief(text)
    assert not brief.products
    assert _NO_PRODUCTS_NOTE in understood_lines(brief), text
    plan = _plan(text)  # the flow still plans, with the playbook's selection
    assert all(s.product_selection != "manually" for s in plan.steps if s.type == "product_choice")


def test_picks_by_hand_with_a_named_product_need_no_note() -> None:
    brief = extract_brief("Show VIPs our hand-picked Walnut Board (variant 7781) with 10% off.")
    assert brief.products
    assert _NO_PRODUCTS_NOTE not in understood_lines(brief)


# ------------------------------------------------------------------ a follow-up "X later"


def _followed_by(plan: FlowPlan, key: str) -> list[tuple[str, str]]:
    """(transition, target type) of each way out of `key`."""
    steps = {s.key: s for s in plan.steps}
    return [(t.on, steps[t.to].type if t.to in steps else t.to) for t in steps[key].next]


@pytest.mark.parametrize(
    "text",
    [
        "Autumn promo: 25% off knitwear. Four days later, text a reminder.",
        "Autumn promo: 25% off knitwear, then nudge everyone again two days later.",
        "Promo de otoño: 25 % de descuento en punto. Una semana después, manda un recordatorio.",
        "Promo d'automne : 25 % de remise sur la maille. Une semaine plus tard, un rappel.",
        "Herbstaktion: 25 % Rabatt auf Strick. Eine Woche später eine Erinnerung senden.",
    ],
)
def test_a_follow_up_some_time_later_is_a_plain_wait(text: str) -> None:
    brief = extract_brief(text)
    assert brief.follow_up_unconditional, text
    assert brief.waits and not brief.no_reply_after, text
    plan = _plan(text)
    assert _followed_by(plan, "offer") == [("default", "delay")], text
    steps = {s.key: s for s in plan.steps}
    (wait,) = steps["offer"].next
    assert [t.to for t in steps[wait.to].next] == ["reminder"], text
    assert not any(t.on == "noreply" for s in plan.steps for t in s.next), text


@pytest.mark.parametrize(
    "text",
    [
        "Autumn promo: 25% off knitwear. If they haven't answered after 3 days, text a reminder.",
        "Autumn promo: 25% off knitwear; if they ignore it, a reminder 2 days later.",
        "Promo de otoño: 25 % de descuento. Si no hay respuesta en 2 días, manda un recordatorio.",
        "Promo d'automne : 25 % de remise. Sans réponse après 2 jours, un rappel.",
        "Herbstaktion: 25 % Rabatt. Nach 2 Tagen ohne Antwort eine Erinnerung senden.",
    ],
)
def test_a_follow_up_tied_to_silence_stays_a_no_reply_wait(text: str) -> None:
    brief = extract_brief(text)
    assert not brief.follow_up_unconditional, text
    assert brief.no_reply_after, text
    plan = _plan(text)
    assert ("noreply", "message") in _followed_by(plan, "offer"), text


def test_a_wait_before_the_first_send_still_opens_the_flow() -> None:
    plan = _plan("When someone subscribes, 2 hours later send a welcome with 10% off.")
    assert plan.steps[0].type == "delay" or any(s.type == "delay" for s in plan.steps)
    assert not extract_brief("When someone subscribes, 2 hours later send a welcome.").follow_up_unconditional
