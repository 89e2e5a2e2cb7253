"""Helpers the step kinds share to compile a plan step into FlowBuilder JSON."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import StepJSON

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount, PlanStep, PlanWait

__all__ = [
    "base",
    "cart_products",
    "cart_source",
    "clean_discount",
    "discount_label",
    "normal_intent",
    "offer_discount_fields",
    "plan_wait",
    "sms",
    "title",
    "unique_id",
]


def title(step: PlanStep) -> str:
    if step.label and step.label.strip():
        return step.label.strip()
    words = re.sub(r"[_\-]+", " ", step.key).strip()
    return (words[:1].upper() + words[1:]) if words else step.type.replace("_", " ").title()


def base(step: PlanStep, step_id: str, content: str, events: list[StepJSON]) -> StepJSON:
    return {
        "id": step_id,
        "type": step.type,
        "label": title(step),
        "content": content,
        "active": True,
        "parameters": {},
        "events": events,
    }


def sms(step: PlanStep) -> str:
    text = (step.text or "").strip()
    if text:
        return text
    return f"Hi {{{{first_name}}}}, news from {{{{brand_name}}}}: {title(step)}. Visit {{{{store_url}}}}"


def normal_intent(raw: str | None) -> str:
    return re.sub(r"\s+", " ", (raw or "").strip().lower())


def plan_wait(step: PlanStep) -> PlanWait:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanWait

    return step.wait or PlanWait(value=1, unit="days")


def clean_discount(discount: PlanDiscount | None) -> PlanDiscount | None:
    """Digits-only values, upper-case codes; a discount that cannot be expressed is dropped."""
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount

    if discount is None or discount.kind == "none":
        return None
    value = re.sub(r"[^0-9]", "", str(discount.value or "").split(".")[0]) or None
    code = re.sub(r"[^A-Z0-9]", "", str(discount.code or "").upper()) or None
    kind = discount.kind
    if kind == "percentage" and value is not None:
        value = str(min(100, max(1, int(value))))
    if kind in ("percentage", "amount") and (value is None or int(value) == 0):
        if not code:
            return None
        kind, value = "code", None  # the code still stands on its own
    if kind == "code" and not code:
        return None
    return PlanDiscount(kind=kind, value=value, code=code)


def discount_label(discount: PlanDiscount | None) -> str:
    if discount is None:
        return "None"
    if discount.kind == "percentage":
        return f"{discount.value}%"
    if discount.kind == "amount":
        return f"${discount.value}"
    return discount.code or "None"


def unique_id(step_id: str, index: int) -> str:
    return f"{step_id}-item-{index}"


def cart_products(step: PlanStep, step_id: str) -> list[StepJSON]:
    return [
        {
            "productVariantId": str(p.variant_id).strip(),
            "quantity": str(max(1, p.quantity)),
            "uniqueId": unique_id(step_id, i),
        }
        for i, p in enumerate(step.products or [], start=1)
        if str(p.variant_id).strip()
    ]


def offer_discount_fields(discount: PlanDiscount | None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "discount": discount is not None,
        "discountType": discount.kind if discount else "percentage",
        "discountPercentage": "",
        "discountAmount": "",
        "discountCode": "",
        "discountAmountLabel": "",
        "discountEmail": "",
        "discountExpiry": False,
        "discountExpiryDate": "",
    }
    if discount is not None:
        if discount.kind == "percentage":
            fields["discountPercentage"] = discount.value or ""
        elif discount.kind == "amount":
            fields["discountAmount"] = discount.value or ""
        fields["discountCode"] = discount.code or ""
        fields["discountAmountLabel"] = discount_label(discount)
    return fields


def cart_source(step: PlanStep, products: list[StepJSON]) -> str:
    source = step.cart_source or ("manual" if products else "latest")
    return "latest" if source == "manual" and not products else source
