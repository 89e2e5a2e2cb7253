"""Reply branches: "add reply INFO leading to product list", "… leading to checkout", "remove the NO branch",
"… leading to a message saying: <copy>"."""

from __future__ import annotations

import re
from typing import Final

from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.model import END, PlanStep, PlanTransition
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.instruction import branch_target
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.text import REPLY_CTA, insert_cta, sentences
from flowgen_core.refine.wording import keyword as local_keyword
from flowgen_core.refine.wording import sentence

_PURCHASE: Final = "purchase"
# The platform's opt-out keyword: no branch of the flow may take it over or drop it.
_OPT_OUT: Final = "stop"


def _purchase_key(ctx: EditContext) -> str:
    existing = ctx.of_type(_PURCHASE)
    if existing:
        return existing[0].key
    key = ctx.new_key(_PURCHASE)
    ctx.plan.steps.append(
        PlanStep(
            key=key,
            type=_PURCHASE,
            label="Purchase",
            cart_source="latest",
            next=[PlanTransition(on="default", to=END)],
        )
    )
    return key


def _reply_source(ctx: EditContext) -> PlanStep | None:
    if ctx.asks("names_a_message"):
        return ctx.pick_send()
    sends = ctx.sends()
    waiting = [s for s in sends if any(t.on in ("reply", "noreply") for t in s.next)]
    return next(iter(waiting or sends), None)


def _new_message(ctx: EditContext) -> tuple[str, str, str]:
    if ctx.payload is None or len(ctx.payload.strip()) < 3:
        raise RefinementRefused(
            "Give the message's copy after a colon: 'add reply INFO leading to a message saying: <copy>'."
        )
    key = ctx.new_key("reply-message")
    ctx.plan.steps.append(
        PlanStep(
            key=key,
            type="message",
            label="Reply message",
            text=ctx.payload.strip(),
            next=[PlanTransition(on="default", to=END)],
        )
    )
    return key, "a new message", "hint_message"


def _product_list(ctx: EditContext) -> tuple[str, str, str]:
    key = ctx.new_key("product-list")
    buy = local_keyword(ctx.copy_language, "buy")
    ctx.plan.steps.append(
        PlanStep(
            key=key,
            type="product_choice",
            label="Product list",
            text=sentence(ctx.copy_language, "product_list", keyword=buy.upper()),
            product_selection="popularity",
            message_type="standard",
            next=[PlanTransition(on="reply", to=_purchase_key(ctx), intent=buy)],
        )
    )
    return key, "a product list", "hint_product_list"


def _branch_target(ctx: EditContext, words: str) -> tuple[str, str, str]:
    """(plan key, description, name of the call to action's hint) of where a reply branch leads."""
    target = "message" if ctx.payload is not None else branch_target(words)
    if target == "message":
        return _new_message(ctx)
    if target == "product_list":
        return _product_list(ctx)
    if target == "checkout":
        return _purchase_key(ctx), "checkout", "hint_checkout"
    if target == "end":
        return END, "the end of the flow", "hint_end"
    # A step of this flow named by its label ("leading to the Offer").
    named = [s for s in ctx.order() if s.label and s.label.lower() in words.lower()]
    if named:
        return named[0].key, named[0].label or named[0].key, "hint_message"
    raise RefinementRefused(
        f"I can't tell where {words.strip()!r} is: say 'leading to product list', 'leading to checkout', "
        "'leading to the end' or 'leading to a message saying: <copy>'."
    )


def _keyword(ctx: EditContext) -> tuple[str, str] | None:
    """(keyword, target words) of a reply-branch instruction."""
    parsed = ctx.instruction.new_reply_branch()
    if parsed is None:
        return None
    keyword, words = parsed
    if keyword == _OPT_OUT:
        raise RefinementRefused(
            "STOP is the opt-out keyword the platform handles; it cannot lead anywhere else."
        )
    return keyword, words


def _source(ctx: EditContext, existing: list[tuple[PlanStep, PlanTransition]]) -> PlanStep:
    source = existing[0][0] if existing else _reply_source(ctx)
    if source is None:
        raise RefinementRefused("This flow sends no message a customer could reply to.")
    if any(t.on == "default" for t in source.next):
        raise RefinementRefused(
            f"{source.label or source.key} moves on by itself without waiting for a reply, so a "
            "reply keyword cannot be added there. Name another message ('… on the second message')."
        )
    return source


def _repoint(
    ctx: EditContext, keyword: str, existing: list[tuple[PlanStep, PlanTransition]], target: tuple[str, str]
) -> str:
    target_key, target_words = target
    old_target = existing[0][1].to
    if old_target == target_key:
        raise RefinementRefused(f"Reply {keyword.upper()} already leads to {target_words}.")
    # Sends with different discounts have their own purchase steps: "reply YES leads
    # to …" moves every YES that led to the same kind of step.
    old_type = ctx.type_of(old_target)
    for _, t in existing:
        if t.to == old_target or (old_type == _PURCHASE and ctx.type_of(t.to) == old_type):
            t.to = target_key
    ctx.prune()
    return f"Reply {keyword.upper()} now leads to {target_words}"


def reply_branch(ctx: EditContext) -> str | None:
    """ "add reply INFO leading to product list": a new reply branch, or a new target for one."""
    parsed = _keyword(ctx)
    if parsed is None:
        return None
    keyword, words = parsed
    # A keyword that exists already is re-pointed where it is.
    existing = [(s, t) for s in ctx.order() for t in s.next if t.on == "reply" and t.intent == keyword]
    source = _source(ctx, existing)
    target_key, target_words, hint = _branch_target(ctx, words)
    if existing:
        return _repoint(ctx, keyword, existing, (target_key, target_words))
    source.next.append(PlanTransition(on="reply", to=target_key, intent=keyword))
    asked = {m.group(0).split()[-1].lower() for m in REPLY_CTA.finditer(source.text or "")}
    if source.text and keyword not in asked:
        cta = sentence(
            ctx.copy_language, "reply", keyword=keyword.upper(), hint=sentence(ctx.copy_language, hint)
        )
        source.text = insert_cta(source.text, cta)
    return f"Added reply {keyword.upper()} on {source.label or source.key}, leading to {target_words}"


def _drop_cta(text: str, keyword: str) -> tuple[str, bool]:
    """The copy without the sentences that ask only for `keyword`; and whether it still names it."""
    kept = []
    for part in sentences(text):
        asked = {m.group(0).split()[-1].lower() for m in REPLY_CTA.finditer(part)}
        if asked == {keyword}:
            continue
        kept.append(part)
    out = " ".join(kept).strip() or text
    return out, re.search(rf"\b{re.escape(keyword.upper())}\b", out) is not None


def remove_reply_branch(ctx: EditContext) -> str | None:
    """ "remove the NO branch": the reply keyword's events go, with the sentence asking for it."""
    intents = {t.intent for s in ctx.plan.steps for t in s.next if t.on == "reply" and t.intent}
    keyword = ctx.instruction.removed_reply(intents)
    if keyword is None:
        return None
    if keyword == _OPT_OUT:
        raise RefinementRefused("STOP is the opt-out keyword the platform handles; it cannot be removed.")
    sources = [s for s in ctx.order() if any(t.on == "reply" and t.intent == keyword for t in s.next)]
    if not sources:
        raise RefinementRefused(f"This flow has no reply {keyword.upper()} to remove.")
    for step in sources:
        step.next = [t for t in step.next if not (t.on == "reply" and t.intent == keyword)]
        if step.text:
            step.text, still_named = _drop_cta(step.text, keyword)
            if still_named:
                ctx.notes.append(
                    f"{step.label or step.key} still mentions {keyword.upper()} in its copy; "
                    "rewrite it if that sentence should go too."
                )
    ctx.prune()
    return f"Removed reply {keyword.upper()} from {', '.join(s.label or s.key for s in sources)}"


REPLY_BRANCH = Operation(
    name="reply_branch",
    title="reply branch",
    examples=(
        "add reply INFO leading to product list",
        "… leading to checkout",
        "… leading to a message saying: <copy>",
        "remove the reply YES branch",
    ),
    steps=(Step(145, remove_reply_branch), Step(150, reply_branch)),
)
