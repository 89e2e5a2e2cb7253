"""`product_choice`: texts a list of products and takes the reply choosing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.format.variables import PRODUCT_CHOICE_VARIABLES
from flowgen_core.steps.base import StepJSON, StepKind
from flowgen_core.steps.build import base, clean_discount, discount_label, sms, unique_id
from flowgen_core.steps.events import offer_rule, offer_transitions
from flowgen_core.steps.read import digits, label_discount, text_fields

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep

_SELECTIONS = ("manually", "automatically", "popularity", "recently_viewed")


def compile_product_choice(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    text = sms(step)
    products = [
        {
            "id": str(p.variant_id).strip(),
            "label": p.label or str(p.variant_id),
            "showLabel": True,
            "uniqueId": unique_id(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
        if str(p.variant_id).strip()
    ]
    selection = step.product_selection or ("manually" if products else "popularity")
    if selection == "manually" and not products:
        selection = "popularity"
    discount = clean_discount(step.discount)
    out = base(step, step_id, text, events)
    out |= {
        "messageType": step.message_type or "standard",
        "messageText": text,
        "text": text,
        "prompt": "",
        "productSelection": selection,
        "productSelectionPrompt": "Products that complement the customer's past purchases"
        if selection == "automatically"
        else "",
        "products": products,
        "productImages": True,
        "customTotals": False,
        "customTotalsAmount": "",
        "discountExpiry": False,
        "discountExpiryDate": "",
        "discount": discount_label(discount),
    }
    return out


def decompile_product_choice(step: StepJSON) -> dict[str, Any]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanProduct

    selection = step.get("productSelection")
    return text_fields(step) | {
        "product_selection": selection if selection in _SELECTIONS else None,
        "products": [
            PlanProduct(variant_id=str(p.get("id")), label=p.get("label"))
            for p in step.get("products") or []
            if isinstance(p, dict) and p.get("id")
        ]
        or None,
        "discount": label_discount(step.get("discount")),
    }


def outline(step: StepJSON) -> tuple[str, list[str]]:
    title = str(step.get("label") or "Product choice")
    if step.get("discount") not in (None, "", "None"):
        return title, [f"offer: {step.get('discount')}"]
    return title, []


def node_discount(step: StepJSON) -> tuple[str, str] | None:
    value = str(step.get("discount", "None")).strip()
    if not value or value.lower() == "none":
        return None
    if value.endswith("%"):
        return ("percentage", value[:-1])
    if value.startswith("$"):
        return ("amount", value[1:])
    return ("code", value)


def discount_terms(step: StepJSON) -> tuple[str, str, str] | None:
    node = node_discount(step)
    if node is None:
        return None
    kind, value = node
    return (kind, digits(value), "") if kind != "code" else ("code", "", value)


KIND = StepKind(
    name="product_choice",
    compile=compile_product_choice,
    decompile=decompile_product_choice,
    transitions=offer_transitions("buy"),
    plan_fields=("text!", "product_selection!", "products", "discount", "message_type"),
    event_rule=offer_rule,
    sends_text=True,
    offer=True,
    planned=True,
    emoji="🛍️",
    outline=outline,
    path_word="product picks",
    prompt_rule='product_choice: text uses {{Product List}}; a reply transition (intent "buy").',
    variables=PRODUCT_CHOICE_VARIABLES,
    field_rules=("manual_products",),
    checkout=True,
    discount_as_label=True,
    node_discount=node_discount,
    discount_terms=discount_terms,
)
