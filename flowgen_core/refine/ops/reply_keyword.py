"""Rename a reply keyword: "change the reply keyword YES to BUY"."""

from __future__ import annotations

import re
from typing import Final

from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.model import PlanStep
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_REPLY_STEP: Final = "reply"


def _old_and_new(ctx: EditContext) -> tuple[str, str] | None:
    intents = {t.intent for s in ctx.plan.steps for t in s.next if t.on == "reply" and t.intent}
    return ctx.instruction.renamed_keyword(intents)


def _rename_in(step: PlanStep, old: str, new: str) -> None:
    for t in step.next:
        if t.on == "reply" and t.intent == old:
            t.intent = new
    if step.text and re.search(rf"\b(reply|text)\s+{re.escape(old)}\b", step.text, re.I):
        step.text = re.sub(rf"\b{re.escape(old)}\b", new.upper(), step.text, flags=re.I)
    if step.type == _REPLY_STEP and step.intent == old:
        step.intent = new


def reply_keyword(ctx: EditContext) -> str | None:
    pair = _old_and_new(ctx)
    if pair is None:
        return None
    old, new = pair
    clash = next(
        (s for s in ctx.plan.steps if {old, new} <= {t.intent for t in s.next if t.on == "reply"}),
        None,
    )
    if clash is not None:
        raise RefinementRefused(f"{clash.label or clash.key} already uses the reply keyword {new.upper()}.")
    for step in ctx.plan.steps:
        _rename_in(step, old, new)
    return f"Changed the reply keyword {old.upper()} to {new.upper()}"


REPLY_KEYWORD = Operation(
    name="reply_keyword",
    title="reply keyword",
    examples=("change the reply keyword YES to BUY",),
    steps=(Step(160, reply_keyword),),
)
