"""Discounts and codes: "make the discount 20%", "use code SAVE20", "remove the discount".

The node's discount fields and the copy change together (the validator checks they
agree), and checkout steps the offer leads to charge what the copy promises.
"""

from __future__ import annotations

import re
from collections import deque

from flowgen_core.brief import Discount
from flowgen_core.brief.money import money
from flowgen_core.errors import RefinementRefused
from flowgen_core.format.vocabulary import OFFER_TYPES
from flowgen_core.plan.model import PlanDiscount, PlanStep
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.text import REPLY_CTA, insert_sentence, sentences
from flowgen_core.refine.wording import VALUE, offer_mention, offer_words, sentence, value_off

_MESSAGE, _PURCHASE = "message", "purchase"
# Where checkout happens: the steps that must charge what the message promised.
_CHECKOUT_TYPES = (OFFER_TYPES - {"reply_cart_choice"}) | {_PURCHASE}
# Steps that may open an offer when the flow has no discount yet.
_FIRST_OFFER_TYPES = frozenset({_MESSAGE, "purchase_offer"})


def _has_discount(step: PlanStep) -> bool:
    return step.discount is not None and step.discount.kind != "none"


def _offer_steps(ctx: EditContext) -> list[PlanStep]:
    offers = [s for s in ctx.sends() if _has_discount(s)]
    if offers:
        return offers
    first = next((s for s in ctx.sends() if s.type in _FIRST_OFFER_TYPES), None)
    return [first] if first else []


def checkout_steps(ctx: EditContext, offers: list[PlanStep]) -> list[PlanStep]:
    """The offer/purchase steps the `offers` lead to, so that checkout charges what the copy
    promises. A message with a discount of its own starts its own offer and ends the search."""
    keys = {s.key for s in offers}
    by_key = ctx.plan.steps_by_key()
    seen, queue, out = set(keys), deque(keys), []
    while queue:
        step = by_key.get(queue.popleft())
        if step is None:
            continue
        for t in step.next:
            target = by_key.get(t.to)
            if target is None or target.key in seen:
                continue
            seen.add(target.key)
            if target.type in _CHECKOUT_TYPES:
                out.append(target)
            elif target.type == _MESSAGE and _has_discount(target):
                continue
            queue.append(target.key)
    return out


def _discount_words(value: Discount | None, code: str | None, currency: str | None) -> str:
    parts = []
    if value is not None:
        parts.append(f"{value.value}%" if value.kind == "percentage" else money(value.value or "", currency))
    if code:
        parts.append(f"code {code}")
    return " with ".join(parts) or "the new offer"


def _phrase(ctx: EditContext, discount: PlanDiscount | None) -> tuple[str, str] | None:
    """(phrase, value) of the offer in the flow's language: ("20% off", "20%"), ("10 € de descuento", "10 €")."""
    if discount is None or discount.kind not in ("percentage", "amount") or not discount.value:
        return None
    return offer_words(ctx.copy_language, discount.kind, discount.value, currency=_currency(ctx))


def _currency(ctx: EditContext) -> str | None:
    """What money off is written in: the currency the instruction names, else the one the flow's
    copy already prices in ("€", "£"), else none (dollars)."""
    said = ctx.facts.cues.currency if ctx.facts.cues else None
    if said:
        return said
    copy = " ".join(s.text or "" for s in ctx.plan.steps)
    return next((mark for mark in ("€", "£") if mark in copy), None)


def _retext_value(ctx: EditContext, text: str, phrase: str, value: str) -> str:
    replaced = value_off().sub(lambda m: value + m.group("off"), text)
    if replaced == text and not VALUE.search(text):
        return insert_sentence(text, sentence(ctx.copy_language, "enjoy", offer=phrase))
    if replaced == text:
        return VALUE.sub(value, text, count=1)
    return replaced


def retext_discount(ctx: EditContext, text: str, old: PlanDiscount | None, new: PlanDiscount) -> str:
    """Keep the copy in step with the node's discount fields (the validator checks both agree)."""
    words = _phrase(ctx, new)
    out = _retext_value(ctx, text, *words) if words else text
    if new.code:
        if old is not None and old.code and old.code != new.code:
            out = re.sub(rf"\b{re.escape(old.code)}\b", new.code, out)
        if new.code not in out:
            out = insert_sentence(out, sentence(ctx.copy_language, "use_code", code=new.code))
    return out


def _strip_discount_text(text: str, discount: PlanDiscount | None) -> str:
    keep = []
    for part in sentences(text):
        mentions = offer_mention().search(part) or (
            discount is not None and discount.code and discount.code in part
        )
        if mentions and not REPLY_CTA.search(part):
            continue
        keep.append(part)
    return " ".join(keep).strip() or text


def remove_discount(ctx: EditContext) -> str | None:
    if not ctx.asks("remove_discount"):
        return None
    touched = [s for s in ctx.sends() if _has_discount(s)]
    if not touched:
        raise RefinementRefused("This flow has no discount to remove.")
    for step in touched + [s for s in checkout_steps(ctx, touched) if s not in touched]:
        if step.text is not None and step.type != _PURCHASE:
            step.text = _strip_discount_text(step.text, step.discount)
        step.discount = None
    return f"Removed the discount from {len(touched)} step(s)"


def _new_discount(old: PlanDiscount | None, value: Discount | None, code: str | None) -> PlanDiscount:
    kind = value.kind if value else (old.kind if old and old.kind != "none" else "code")
    return PlanDiscount(
        kind=kind,  # type: ignore[arg-type]
        value=value.value if value else (old.value if old else None),
        code=code or (old.code if old else None),
    )


def _charge_checkouts(
    ctx: EditContext, step: PlanStep, new: PlanDiscount, targets: list[PlanStep], charged: list[PlanStep]
) -> None:
    """Checkout must charge what the message promises (validator: discount_inconsistent).

    The first (earliest) send reaching a checkout sets it: a product_choice label carries
    no code, so a later one must not drop the code from the purchase."""
    for checkout in checkout_steps(ctx, [step]):
        if any(checkout is s for s in targets + charged):
            continue
        charged.append(checkout)
        before, checkout.discount = checkout.discount, new.model_copy()
        if checkout.type != _PURCHASE and checkout.text is not None:
            checkout.text = retext_discount(ctx, checkout.text, before, new)


def set_discount(ctx: EditContext) -> str | None:
    discounts = [d for d in ctx.facts.discounts if d.kind in ("percentage", "amount", "code")]
    if not discounts or ctx.asks("removal"):
        return None
    value = next((d for d in discounts if d.kind in ("percentage", "amount")), None)
    code = next((d.code for d in discounts if d.kind == "code" and d.code), None)
    targets = _offer_steps(ctx)
    if not targets:
        raise RefinementRefused("This flow has no message that could carry a discount.")
    charged: list[PlanStep] = []
    # A product_choice label carries no code, yet its copy may quote the offer's code.
    old_code = next((s.discount.code for s in targets if s.discount and s.discount.code), None)
    for step in targets:
        old = step.discount
        if old is not None and not old.code and old_code:
            old = old.model_copy(update={"code": old_code})
        new = _new_discount(old, value, code)
        step.discount = new
        step.text = retext_discount(ctx, step.text or "", old, new)
        _charge_checkouts(ctx, step, new, targets, charged)
    label = _discount_words(value, code, _currency(ctx))
    return f"Set the discount to {label} on {', '.join(s.label or s.key for s in targets)}"


DISCOUNT = Operation(
    name="discount",
    title="discount or code",
    examples=(
        "make the discount 20%",
        "change the discount to $5 off",
        "use code SAVE20",
        "remove the discount",
    ),
    steps=(Step(30, remove_discount), Step(40, set_discount)),
)
