"""`purchase_offer`: texts a cart or products with a purchase link and takes the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.format.variables import PURCHASE_OFFER_VARIABLES
from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import (
    base,
    cart_products,
    cart_source,
    clean_discount,
    offer_discount_fields,
    sms,
)
from flowgen_core.steps.events import offer_rule, offer_transitions
from flowgen_core.steps.read import cart_discount_terms, offer_discount, text_fields
from flowgen_core.steps.read import cart_products as read_cart_products

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_purchase_offer(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    text = sms(step)
    products = cart_products(step, step_id)
    source = cart_source(step, products)
    out = base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "cartSource": source,
        "products": products if source == "manual" else [],
    }
    out |= offer_discount_fields(clean_discount(step.discount))
    out |= {
        "customTotals": False,
        "shippingAmount": "",
        "includeProductImage": True,
        "skipForRecentOrders": False,
    }
    return out


def decompile_cart(step: StepJSON) -> dict[str, Any]:
    """The cart fields a purchase_offer and a purchase share."""
    return {
        "cart_source": step.get("cartSource") if step.get("cartSource") in ("manual", "latest") else None,
        "products": read_cart_products(step.get("products")),
        "discount": offer_discount(step),
    }


def decompile_purchase_offer(step: StepJSON) -> dict[str, Any]:
    return text_fields(step) | decompile_cart(step)


def cart_detail(step: StepJSON) -> list[str]:
    return [f"cart: {step.get('cartSource')}"] if step.get("cartSource") else []


def outline(step: StepJSON) -> tuple[str, list[str]]:
    details: list[str] = []
    if step.get("discount"):
        dtype = step.get("discountType")
        value = {
            "percentage": f"{step.get('discountPercentage')}% off",
            "amount": f"{step.get('discountAmount')} off",
            "code": f"code {step.get('discountCode')}",
        }.get(str(dtype))
        details.append(f"offer: {value}" if value else "offer: discount")
    return str(step.get("label") or "Purchase offer"), details + cart_detail(step)


def offer_words(step: StepJSON) -> str | None:
    if not step.get("discount"):
        return None
    if step.get("discountType") == "percentage" and step.get("discountPercentage"):
        return f" with {step.get('discountPercentage')}% off"
    return " with a discount"


def node_discount(step: StepJSON) -> tuple[str, str] | None:
    if step.get("discount") is not True:
        return None
    kind = step.get("discountType")
    field = {"percentage": "discountPercentage", "amount": "discountAmount", "code": "discountCode"}.get(
        str(kind)
    )
    return (str(kind), str(step.get(field, ""))) if field else None


def discount_terms(step: StepJSON) -> tuple[str, str, str] | None:
    return cart_discount_terms(step, applies_offer=False)


KIND = StepKind(
    name="purchase_offer",
    compile=compile_purchase_offer,
    decompile=decompile_purchase_offer,
    transitions=offer_transitions("yes"),
    plan_fields=("text!", "cart_source!", "products", "discount", "message_type"),
    event_rule=offer_rule,
    sends_text=True,
    offer=True,
    planned=True,
    emoji="🛒",
    outline=outline,
    offer_words=offer_words,
    path_word="checkout offer",
    prompt_rule=(
        "purchase_offer: text uses {{Cart List}} and {{Purchase Link}}; a reply transition\n"
        '  (intent "yes" or "buy").'
    ),
    variables=PURCHASE_OFFER_VARIABLES,
    field_rules=("cart", "offer_discount"),
    checkout=True,
    node_discount=node_discount,
    discount_terms=discount_terms,
)
