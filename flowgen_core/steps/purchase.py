"""`purchase`: completes the order (a cart or chosen products) without a text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base, cart_products, cart_source, clean_discount, offer_discount_fields
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.purchase_offer import cart_detail, decompile_cart
from flowgen_core.steps.read import cart_discount_terms

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_purchase(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    products = cart_products(step, step_id)
    source = cart_source(step, products)
    discount = clean_discount(step.discount)
    out = base(
        step,
        step_id,
        f"Complete the order ({'selected products' if source == 'manual' else 'latest cart'})",
        events,
    )
    out |= {
        "cartSource": source,
        "products": products if source == "manual" else [],
        "discount": discount is not None,
        "customTotals": False,
        "shippingAmount": "",
        "sendReminderForNonPurchasers": False,
        "allowAutomaticPayment": False,
    }
    if discount is not None:
        out |= {k: v for k, v in offer_discount_fields(discount).items() if k != "discount"}
    return out


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return str(step.get("label") or "Purchase"), cart_detail(step)


def discount_terms(step: StepJSON) -> tuple[str, str, str] | None:
    return cart_discount_terms(step, applies_offer=True)


KIND = StepKind(
    name="purchase",
    compile=compile_purchase,
    decompile=decompile_cart,
    transitions=single_default_transitions,
    plan_fields=("cart_source!", "products", "discount"),
    event_rule=single_default_rule,
    single_default=True,
    planned=True,
    emoji="💳",
    outline=outline,
    field_rules=("cart",),
    checkout=True,
    discount_terms=discount_terms,
)
