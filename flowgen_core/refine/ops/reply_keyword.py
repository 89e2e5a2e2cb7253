"""Rename a reply keyword: "change the reply keyword YES to BUY"."""

from __future__ import annotations

import re
from typing import Final

from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.model import PlanStep
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_RENAME = re.compile(
    r"\b(?:change|replace|rename|use|switch)\s+(?:the\s+)?(?:reply\s+)?(?:keyword\s+|intent\s+)?"
    r"([A-Za-z0-9]+)\s+(?:to|with|into)\s+([A-Za-z0-9]+)\b"
)
_ONLY_KEYWORD = re.compile(r"\breply keyword (?:to )?([A-Za-z0-9]+)\b", re.I)
_REPLY_STEP: Final = "reply"


def _old_and_new(ctx: EditContext) -> tuple[str, str] | None:
    m = _RENAME.search(ctx.text)
    intents = {t.intent for s in ctx.plan.steps for t in s.next if t.on == "reply" and t.intent}
    if m and m.group(1).lower() in intents:
        return m.group(1).lower(), m.group(2).lower()
    # "change the reply keyword to BUY" is unambiguous when the flow has a single keyword.
    m2 = _ONLY_KEYWORD.search(ctx.text)
    candidates = sorted(i for i in intents if i not in ("stop",))
    if not m2 or len(candidates) != 1:
        return None
    return candidates[0], m2.group(1).lower()


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
