"""`reply_cart_choice`: texts cart items and takes the reply choosing among them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.format.variables import PURCHASE_OFFER_VARIABLES
from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base, sms, unique_id
from flowgen_core.steps.events import offer_rule, offer_transitions
from flowgen_core.steps.read import text_fields

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep


def compile_reply_cart_choice(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    text = sms(step)
    items = [
        {
            "id": str(p.variant_id),
            "label": p.label or str(p.variant_id),
            "showLabel": True,
            "uniqueId": unique_id(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
    ]
    out = base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "cartSelection": "manual" if items else "latest",
        "cartItems": items,
    }
    return out


def decompile_reply_cart_choice(step: StepJSON) -> dict[str, Any]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanProduct

    items = [
        PlanProduct(variant_id=str(item.get("id")), label=item.get("label"))
        for item in step.get("cartItems") or []
        if isinstance(item, dict) and item.get("id")
    ]
    return text_fields(step) | {"products": items or None}


KIND = StepKind(
    name="reply_cart_choice",
    compile=compile_reply_cart_choice,
    decompile=decompile_reply_cart_choice,
    transitions=offer_transitions("buy"),
    plan_fields=("text!", "products", "message_type"),
    event_rule=offer_rule,
    sends_text=True,
    offer=True,
    emoji="🛒",
    path_word="cart picks",
    diagram_shape="box",
    variables=PURCHASE_OFFER_VARIABLES,
)
