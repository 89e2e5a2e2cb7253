"""`message`: a text to the customer, optionally with a discount."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind
from flowgen_core.steps.build import base, clean_discount, sms
from flowgen_core.steps.events import reply_transitions
from flowgen_core.steps.read import digits, text_fields

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount, PlanStep


def compile_message(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    text = sms(step)
    out = base(step, step_id, text, events)
    discount = clean_discount(step.discount)
    out |= {
        "text": text,
        "messageText": text,
        "addImage": bool(step.image_url),
        "imageUrl": step.image_url or "",
        "sendContactCard": False,
        "discountType": discount.kind if discount else "none",
        "discountValue": (discount.value or "") if discount else "",
        "discountCode": (discount.code or "") if discount else "",
        "discountEmail": "",
        "discountExpiry": "",
        "handled": False,
        "aiGenerated": True,
    }
    return out


def decompile_message(step: StepJSON) -> dict[str, Any]:
    image = str(step.get("imageUrl") or "") if step.get("addImage") is True else ""
    return text_fields(step, with_message_type=False) | {
        "discount": _discount(step),
        "image_url": image or None,
    }


def _discount(step: StepJSON) -> PlanDiscount | None:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanDiscount

    kind = step.get("discountType")
    if kind not in ("percentage", "amount", "code"):
        return None
    return PlanDiscount(
        kind=kind, value=str(step.get("discountValue") or "") or None, code=step.get("discountCode") or None
    )


def event_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    if "default" in kinds:
        if kinds != ["default"] and kinds.count("default") == 1:
            return ShapeProblem(
                "event_count",
                f"Message {sid!r} mixes a default event with {kinds}: use reply/noreply events or one default",
            )
    elif "split" in kinds:
        return ShapeProblem("event_count", f"Message {sid!r} cannot have split events")
    return None


def offer_text(step: StepJSON) -> str | None:
    dtype = step.get("discountType")
    value = step.get("discountValue")
    code = step.get("discountCode")
    if dtype == "percentage" and value:
        return f"offer: {value}% off" + (f" (code {code})" if code else "")
    if dtype == "amount" and value:
        return f"offer: {value} off" + (f" (code {code})" if code else "")
    if dtype == "code" and code:
        return f"offer: code {code}"
    return None


def outline(step: StepJSON) -> tuple[str, list[str]]:
    offer = offer_text(step)
    return str(step.get("label") or "Message"), [offer] if offer else []


def offer_words(step: StepJSON) -> str | None:
    dtype, value, code = step.get("discountType"), step.get("discountValue"), step.get("discountCode")
    if dtype == "percentage" and value:
        return f" with {value}% off"
    if dtype == "amount" and value:
        return f" with {value} off"
    if dtype == "code" and code:
        return " with a discount code"
    return None


def node_discount(step: StepJSON) -> tuple[str, str] | None:
    kind = step.get("discountType")
    if kind in ("percentage", "amount"):
        return (kind, str(step.get("discountValue", "")))
    if kind == "code":
        return ("code", str(step.get("discountCode", "")))
    return None


def discount_terms(step: StepJSON) -> tuple[str, str, str] | None:
    kind = str(step.get("discountType") or "none")
    if kind not in ("percentage", "amount", "code"):
        return None
    value = digits(step.get("discountValue")) if kind != "code" else ""
    return (kind, value, str(step.get("discountCode") or "").strip())


KIND = StepKind(
    name="message",
    continues_when_dead_end=True,
    compile=compile_message,
    decompile=decompile_message,
    transitions=reply_transitions,
    plan_fields=("text!", "discount", "image_url"),
    event_rule=event_rule,
    sends_text=True,
    carries_image=True,
    planned=True,
    emoji="💬",
    outline=outline,
    offer_words=offer_words,
    path_word="text",
    path_repeat_word="reminder",
    diagram_shape="box",
    diagram_fill="#E8F1FB",
    text_field="content",
    field_rules=("message",),
    node_discount=node_discount,
    discount_terms=discount_terms,
    prompt_rule=(
        "message: reply transitions (one per intent) plus at most one noreply, or exactly one\n"
        '  default. Text saying "Reply X" needs a reply transition with intent "x".'
    ),
)
