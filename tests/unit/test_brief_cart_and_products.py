"""Cart recovery audiences, product selection and variant ids, as briefs word them in four languages."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _flow(text: str) -> dict[str, Any]:
    return generate_flow(text, settings=SETTINGS).flow


def _reaches(flow: dict[str, Any], step_type: str) -> bool:
    """A reply event leads, through default-only steps, to a step of `step_type`."""
    by_id = {s["id"]: s for s in flow["steps"]}
    for s in flow["steps"]:
        for e in s["events"]:
            if e["type"] != "reply":
                continue
            cur = by_id[e["nextStepID"]]
            for _ in range(10):
                if cur["type"] == step_type:
                    return True
                if len(cur["events"]) != 1 or cur["events"][0]["type"] != "default":
                    break
                cur = by_id[cur["events"][0]["nextStepID"]]
    return False


CART_BRIEFS = [
    (
        "Audience: shoppers with items in their cart who haven't bought. Send 10% off.",
        "added_product_to_cart",
    ),
    (
        "People who have stuff sitting in their cart from the last 3 days - nudge them, reply YES",
        "added_product_to_cart",
    ),
    ("Folks with an open cart: free shipping, reply YES", "added_product_to_cart"),
    ("Text shoppers who left at checkout, reply BUY to finish", "started_checkout"),
    ("Anyone with an incomplete checkout in the last 5 days gets 10% off", "started_checkout"),
    ("Abandoned checkout in the last 5 days: 10% off, reply BUY", "started_checkout"),
    ("Clientes que abandonaron el checkout en los últimos 5 días: 10% de descuento.", "started_checkout"),
    ("Personas con productos en su carrito: 10% de descuento, responde SI", "added_product_to_cart"),
    ("Clients avec des articles dans leur panier : 10 % de remise, répondez OUI", "added_product_to_cart"),
    ("Clients qui ont abandonné le paiement : 10 % de remise, répondez OUI", "started_checkout"),
    ("Checkout abgebrochen in den letzten 5 Tagen: 10 % Rabatt, Antwort JA", "started_checkout"),
    ("Kunden mit Artikeln im Warenkorb: 10 % Rabatt, Antwort JA", "added_product_to_cart"),
    ("Kunden, die den Kaufvorgang abgebrochen haben: 5 € Rabatt, Antwort JA", "started_checkout"),
]


@pytest.mark.parametrize(("text", "action"), CART_BRIEFS)
def test_a_cart_audience_ends_in_the_latest_cart(text: str, action: str) -> None:
    brief = extract_brief(text)
    assert any(c.action == action and c.operator == "has" for c in brief.audience)
    assert brief.playbook in ("abandoned_cart", "abandoned_checkout")
    flow = _flow(text)
    offers = [s for s in flow["steps"] if s["type"] == "purchase_offer"]
    assert offers and all(s["cartSource"] == "latest" for s in offers)
    assert _reaches(flow, "purchase")


def test_a_more_specific_trigger_still_wins_over_the_cart() -> None:
    assert (
        extract_brief("Back in stock alert for people who added the kettle to cart").playbook
        == "back_in_stock"
    )


def test_a_cart_exclusion_makes_no_recovery() -> None:
    brief = extract_brief("Promote the new mugs, but not to people with items in their cart")
    assert brief.playbook not in ("abandoned_cart", "abandoned_checkout")


@pytest.mark.parametrize(
    ("text", "selection"),
    [
        ("Let customers pick from products we chose manually. Reply PICK to see them.", "manually"),
        ("Show VIPs a hand-picked selection of products, reply SHOP", "manually"),
        ("We pick the products ourselves, let them choose, reply SHOP", "manually"),
        ("Produits choisis à la main pour nos clients, répondez OUI", "manually"),
        ("Productos seleccionados manualmente, responde SI", "manually"),
        ("Handverlesene Produkte für Stammkunden, antworte JA", "manually"),
        ("Product picker, let the system choose the products. Reply SHOP.", "automatically"),
        ("Let them pick, products chosen automatically. Reply SHOP", "automatically"),
        ("Productos elegidos automáticamente, responde SI", "automatically"),
        ("Produits sélectionnés automatiquement, répondez OUI", "automatically"),
        ("Show our most popular items and let them choose, reply SHOP", "popularity"),
        ("Montrez nos meilleures ventes, répondez OUI", "popularity"),
        ("Muestra los productos más vendidos, responde SI", "popularity"),
        ("Zeig unsere beliebtesten Produkte, antworte JA", "popularity"),
    ],
)
def test_how_the_products_are_chosen(text: str, selection: str) -> None:
    cues = extract_brief(text).cues
    assert cues is not None and cues.selection == selection


@pytest.mark.parametrize(
    "text",
    [
        "We pick the products ourselves: variant 4412 and variant 5521. Let them choose, reply SHOP.",
        "Hand-picked: SKU 4412, SKU 5521. Product picker, reply SHOP",
        "Product picker with variant 4412 and variant 5521, reply SHOP",
    ],
)
def test_hand_picked_products_are_listed_in_the_choice(text: str) -> None:
    flow = _flow(text)
    choices = [s for s in flow["steps"] if s["type"] == "product_choice"]
    assert choices
    for s in choices:
        assert s["productSelection"] == "manually"
        assert [p["id"] for p in s["products"]] == ["4412", "5521"]


def test_automatic_picks_list_no_products() -> None:
    flow = _flow("Product picker, let the system choose the products automatically. Reply SHOP.")
    choices = [s for s in flow["steps"] if s["type"] == "product_choice"]
    assert choices and all(s["productSelection"] == "automatically" and not s["products"] for s in choices)


@pytest.mark.parametrize(
    ("text", "variant", "quantity"),
    [
        ("Offer SKU id 88123 as a one-tap purchase, reply BUY", "88123", "1"),
        ("purchase offer with productVariantId: 123, qty 2. reply YES", "123", "2"),
        ("Restock offer: variant_id=9912 x2, reply YES", "9912", "2"),
        ("Send variant #4412 to VIPs, reply BUY", "4412", "1"),
        ("Offre d'achat pour la variante 5521, répondez OUI", "5521", "1"),
        ("Oferta de compra: variante 5521, cantidad 2. Responde SI", "5521", "2"),
        ("Kaufangebot für Variante Nr. 5521, Menge 3. Antworte JA", "5521", "3"),
    ],
)
def test_variant_ids_become_the_checkout_products(text: str, variant: str, quantity: str) -> None:
    brief = extract_brief(text)
    assert [(p.variant_id, str(p.quantity)) for p in brief.products] == [(variant, quantity)]
    flow = _flow(text)
    products = [p for s in flow["steps"] for p in s.get("products") or [] if "productVariantId" in p]
    assert products and all(p["productVariantId"] == variant and p["quantity"] == quantity for p in products)


@pytest.mark.parametrize(
    "text",
    [
        "VIP early access to the new line, 15% off. Reply CART to see the items in your cart.",
        "VIP early access to the new line, 15% off. Reply CART to see the items in the cart.",
    ],
)
def test_a_reply_that_shows_the_cart_names_no_cart_audience(text: str) -> None:
    brief = extract_brief(text)
    assert not any(c.action == "added_product_to_cart" for c in brief.audience)
    assert brief.playbook != "abandoned_cart"
