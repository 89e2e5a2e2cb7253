"""Helpers the step kinds share to read a FlowBuilder step back into plan fields.

Any JSON may arrive here (a client's flow, a stored version): readers return None for a
value they cannot read and leave the rest to the plan model's validation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.format.sms import step_text
from flowgen_core.steps.base import APPLIES_OFFER, StepJSON

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount, PlanLimit, PlanProduct, PlanWait

__all__ = [
    "cart_discount_terms",
    "cart_products",
    "digits",
    "label_discount",
    "offer_discount",
    "read_limit",
    "read_wait",
    "text_fields",
]

_UNITS = {"seconds", "minutes", "hours", "days"}
_DISCOUNT_KINDS = ("percentage", "amount", "code")


def read_wait(value: Any, unit: Any) -> PlanWait | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanWait

    try:
        amount = int(str(value))
    except (TypeError, ValueError):
        return None
    unit_name = str(unit or "").lower()
    unit_name = unit_name if unit_name.endswith("s") else unit_name + "s"
    if amount <= 0 or unit_name not in _UNITS:
        return None
    return PlanWait(value=amount, unit=unit_name)  # type: ignore[arg-type]


def read_limit(step: StepJSON) -> PlanLimit | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanLimit

    try:
        return PlanLimit(
            occurrences=int(str(step.get("occurrences"))),
            timespan=int(str(step.get("timespan"))),
            period=step.get("period"),  # type: ignore[arg-type]  # validated by the model
        )
    except (TypeError, ValueError):
        return None


def text_fields(step: StepJSON, *, with_message_type: bool = True) -> dict[str, Any]:
    """The copy of a step that texts (any format revision) and its message type."""
    return {
        "text": step_text(step) or None,
        "message_type": step.get("messageType") if with_message_type else None,
    }


def offer_discount(step: StepJSON) -> PlanDiscount | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount

    if step.get("discount") is not True:
        return None
    kind = step.get("discountType")
    value = step.get("discountPercentage") if kind == "percentage" else step.get("discountAmount")
    if kind not in _DISCOUNT_KINDS:
        return None
    return PlanDiscount(kind=kind, value=str(value or "") or None, code=step.get("discountCode") or None)


def label_discount(label: Any) -> PlanDiscount | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount

    text = str(label or "").strip()
    if not text or text == "None":
        return None
    if text.endswith("%") and text[:-1].isdigit():
        return PlanDiscount(kind="percentage", value=text[:-1])
    if text.startswith("$") and text[1:].isdigit():
        return PlanDiscount(kind="amount", value=text[1:])
    return PlanDiscount(kind="code", code=text)


def cart_products(products: Any) -> list[PlanProduct] | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanProduct

    out = []
    for p in products or []:
        if isinstance(p, dict) and p.get("productVariantId"):
            try:
                quantity = int(str(p.get("quantity") or 1))
            except ValueError:
                quantity = 1
            out.append(PlanProduct(variant_id=str(p["productVariantId"]), quantity=quantity))
    return out or None


def digits(value: Any) -> str:
    """A discount value as digits: `$5.00` -> `5`, `12.5%` -> `12.5`; non-numbers as written."""
    text = str(value or "").strip().lstrip("$").rstrip("%")
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number == int(number) else str(number)


def cart_discount_terms(step: StepJSON, *, applies_offer: bool) -> tuple[str, str, str] | None:
    """(kind, value, code) a cart step applies; `applies_offer`: a bare flag takes the offer's."""
    if step.get("discount") is not True:
        return None
    kind = str(step.get("discountType") or "")
    if applies_offer and not kind:
        return APPLIES_OFFER
    field = {"percentage": "discountPercentage", "amount": "discountAmount"}.get(kind)
    if field is None and kind != "code":
        return None
    return (kind, digits(step.get(field)) if field else "", str(step.get("discountCode") or "").strip())
