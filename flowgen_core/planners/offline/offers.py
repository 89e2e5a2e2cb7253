"""What the flow sells and at which price: discounts per send, product picks, purchase steps,
and a checkout that charges what each message promised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flowgen_core.brief import BriefCues, Discount
from flowgen_core.brief.cues import offer_key
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import END, PlanDiscount, PlanProduct, PlanStep
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import BriefFacts, Offer
from flowgen_core.steps import kind_of


def branch_discounts(
    discounts: Sequence[Discount], cues: BriefCues, branch_cue: str | None
) -> tuple[list[Discount], list[Discount]]:
    """(the discounts of the main path, those of the other branch the brief names).

    A discount written after the cue that opens the other branch ("everyone else a day later
    with 10% off", "all other times send new arrivals with 10% off") is that branch's, unless
    a follow-up is mentioned between them. Only when offers are written on both sides of the
    cue: a single offer is everyone's."""
    at = cue_at(cues, branch_cue) if branch_cue else None
    if at is None:
        return list(discounts), []
    follow_up = cues.follow_up_at if cues.follow_up_at is not None and cues.follow_up_at > at else None

    def branch(discount: Discount) -> bool:
        where = cues.offer_at.get(offer_key(discount))
        return where is not None and where > at and (follow_up is None or where < follow_up)

    main = [d for d in discounts if not branch(d)]
    other = [d for d in discounts if branch(d)]
    if not other or not any(d.kind != "code" for d in main):
        return list(discounts), []
    return main, other


def cue_at(cues: BriefCues, name: str) -> int | None:
    """Where the brief states the cue `name` (its first stated words), None when not stated."""
    return next(
        (
            s.start
            for s in cues.sources
            if s.fact == f"cue.{name}" and s.how == "stated" and s.start is not None
        ),
        None,
    )


def branch_offer(discounts: Sequence[Discount]) -> Offer | None:
    """The offer of a branch: its first money discount (codes ride on it) and free shipping."""
    if not discounts:
        return None
    code = next((d.code for d in discounts if d.code), None)
    money = next((d for d in discounts if d.kind in ("percentage", "amount")), None)
    plan = plan_discount(money, code) if money else (PlanDiscount(kind="code", code=code) if code else None)
    return Offer(plan, any(d.kind == "free_shipping" for d in discounts))


def allocate_discounts(
    discounts: Sequence[Discount], cues: BriefCues, reminders: int
) -> tuple[Offer, list[Offer]]:
    """(the main send's offer, the follow-ups' offers in the order the brief escalates them).

    A discount written after the follow-up ("...then 20% off in the reminder") belongs to the
    follow-ups; each further one is the next follow-up's ("10%, then 15%, then 20% as a last
    chance": two follow-ups). Codes without an amount ride on the main discount."""
    money: list[tuple[Discount, bool]] = []
    codes: list[str] = []
    free_main = False
    late_codes: list[bool] = []
    late: list[Discount] = []
    for discount in discounts:
        is_late = cues.written_after_follow_up(discount) and reminders > 0
        if discount.kind == "free_shipping":
            if is_late:
                late.append(discount)
            else:
                free_main = True
            if discount.code:
                codes.append(discount.code)
        elif discount.kind == "code" and not discount.value:
            if discount.code:
                codes.append(discount.code)
                late_codes.append(is_late)
        else:
            money.append((discount, is_late))
            if is_late:
                late.append(discount)
    main = next((d for d, is_late in money if not is_late), None)
    follow_ups = _escalation(late, cues)
    if main is None and codes and all(late_codes) and follow_ups and follow_ups[0].discount:
        # "no discount on the first text; the reminder gets 10% off with code EARLY10": the code
        # written with the follow-up's offer is that follow-up's, and the first send has none
        first = follow_ups[0]
        first_plan = plan_discount(as_brief_discount(first.discount), codes[0])
        return Offer(None, free_main), [Offer(first_plan, first.free_shipping), *follow_ups[1:]]
    main_plan = plan_discount(main, codes[0] if codes else None)
    if main_plan is None and codes:
        main_plan = PlanDiscount(kind="code", code=codes[0])
    return Offer(main_plan, free_main), follow_ups


def _escalation(late: list[Discount], cues: BriefCues) -> list[Offer]:
    """The follow-ups' offers: in written order, a new follow-up wherever the brief moves on
    ("15% off, then free shipping") or names a second offer of a kind the current one already
    has (money off, free shipping)."""
    order = sorted(range(len(late)), key=lambda i: (cues.offer_at.get(offer_key(late[i]), 1 << 30), i))
    steps: list[Offer] = []
    previous: Discount | None = None
    for i in order:
        discount = late[i]
        shipping = discount.kind == "free_shipping"
        current = steps[-1] if steps else None
        if (
            current is None
            or (current.free_shipping if shipping else current.discount is not None)
            or (previous is not None and cues.step_between(previous, discount))
        ):
            steps.append(Offer())
            current = steps[-1]
        if shipping:
            steps[-1] = Offer(current.discount, True)
        else:
            steps[-1] = Offer(plan_discount(discount, None), current.free_shipping)
        previous = discount
    return steps


def plan_discount(discount: Discount | None, code: str | None) -> PlanDiscount | None:
    if discount is None:
        return None
    # "10.50" must not become 1050; the step holds whole units (steps.build.clean_discount)
    value = re.sub(r"[^0-9]", "", (discount.value or "").replace(",", ".").split(".")[0]) or None
    code = discount.code or code
    if discount.kind in ("percentage", "amount") and value:
        return PlanDiscount(kind=discount.kind, value=value, code=code)
    if code:
        return PlanDiscount(kind="code", code=code)
    return None


def as_brief_discount(discount: PlanDiscount | None) -> Discount | None:
    if discount is None or discount.kind == "none":
        return None
    return Discount(kind=discount.kind, value=discount.value, code=discount.code)


class Offers:
    """Product picks and the purchase step for one brief."""

    def __init__(self, draft: PlanDraft, facts: BriefFacts) -> None:
        self.draft = draft
        self.facts = facts
        # experiment groups carry their own offers: checkout and reminders stay neutral
        self.variant_offers = False

    def products(self) -> list[PlanProduct]:
        return [
            PlanProduct(variant_id=p.variant_id, quantity=p.quantity, label=p.name)
            for p in self.facts.brief.products
        ]

    def selection(self) -> str:
        """How a product choice picks its products: the brief's own words first ("recommend our
        best sellers": popularity, "hand-picked": manually), else the products it names (picked
        by hand), else the playbook's. Picks made by hand need products to list: a brief that
        asks for them but names none gets the playbook's selection."""
        stated = self.facts.cues.selection
        if stated == "manually" or (stated is None and self.facts.brief.products):
            return "manually" if self.facts.brief.products else self.facts.pb.selection
        return stated or self.facts.pb.selection

    def choice_products(self) -> list[PlanProduct] | None:
        """The products a product choice lists: the brief's, when it picks them by hand."""
        return (self.products() or None) if self.selection() == "manually" else None

    def message_type(self) -> str:
        return "personalized" if self.facts.cues.personalized else "standard"

    def purchase_step(self, cart: str | None = None) -> str:
        """The checkout: the brief's products (else the latest cart) at the main discount;
        `cart="latest"` checks out the customer's own last cart whatever the brief sells."""
        facts = self.facts
        nxt = END
        if facts.properties and facts.property_after_purchase:
            nxt = self.draft.property_step(END, facts.take_properties(), key="tag_buyer")
        source = cart or ("manual" if facts.brief.products else "latest")
        fields: dict[str, Any] = {"label": "Purchase", "cart_source": source}
        if source == "manual":
            fields["products"] = self.products()
        if facts.main_discount is not None and not self.variant_offers:
            fields["discount"] = facts.main_discount
        key = self.draft.add("purchase", "purchase", **fields)
        self.draft.link(key, "default", nxt)
        return key


def promise(step: PlanStep) -> PlanDiscount | None:
    """The discount a send carries, or None."""
    if step.type not in SEND_TYPES:
        return None
    if step.discount is None or step.discount.kind == "none":
        return None
    return step.discount


class _CheckoutRouter:
    """Copies of purchase paths, one per discount, memoised by (step, discount)."""

    def __init__(self, draft: PlanDraft) -> None:
        self.draft = draft
        self.copies: dict[tuple[str, str, str | None, str | None], str] = {}

    def charges_other(self, key: str, discount: PlanDiscount, seen: set[str]) -> bool:
        step = self.draft.steps.get(key)
        if step is None or key in seen or promise(step) is not None:
            return False
        seen.add(key)
        if _is_checkout(step):
            return step.discount != discount
        return any(self.charges_other(t.to, discount, seen) for t in step.next)

    def route(self, key: str, discount: PlanDiscount) -> str:
        step = self.draft.steps.get(key)
        if step is None or promise(step) is not None or not self.charges_other(key, discount, set()):
            return key
        memo = (key, discount.kind, discount.value, discount.code)
        if memo not in self.copies:
            clone = step.model_copy(deep=True)
            clone.key = self.draft.add(key, step.type)
            self.copies[memo] = clone.key
            self.draft.steps[clone.key] = clone
            if _is_checkout(clone):
                clone.discount = discount.model_copy()
            else:
                for t in clone.next:
                    t.to = self.route(t.to, discount)
        return self.copies[memo]


def checkout_per_offer(draft: PlanDraft) -> None:
    """Give every send with a discount a purchase step that charges that discount.

    A purchase step (and the discount-free steps on the way to it, e.g. a plain reminder)
    shared by sends with different discounts is copied per discount, so that checkout
    charges what the message promised (validator rule `discount_inconsistent`)."""
    router = _CheckoutRouter(draft)
    for step in list(draft.steps.values()):
        discount = promise(step)
        if discount is not None:
            for t in step.next:
                t.to = router.route(t.to, discount)


def _is_checkout(step: PlanStep) -> bool:
    """A silent checkout (the purchase step): it applies a discount and texts nothing itself."""
    kind = kind_of(step.type)
    return kind.checkout and not kind.sends_text
