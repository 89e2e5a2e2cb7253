"""Frequency caps and entry limits: "cap at 2 messages per day", "only once per customer".

Which of the two an instruction sets, and its numbers, are the interpreter's reading
(`frequency_caps`, `entry_limits`).
"""

from __future__ import annotations

from typing import Final, Literal

from flowgen_core.brief import FrequencyCap
from flowgen_core.plan.model import PlanLimit, PlanStep
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

# The two step types this module writes, and the key each new one gets.
LimitType = Literal["rate_limit", "limit"]
_RATE_LIMIT: Final = "rate_limit"
_ENTRY_LIMIT: Final = "limit"
_NEW_KEY: dict[LimitType, str] = {_RATE_LIMIT: "frequency-cap", _ENTRY_LIMIT: "entry-limit"}


def _set_limit(ctx: EditContext, caps: list[FrequencyCap], kind: LimitType, words: str) -> str | None:
    if not caps:
        return None
    cap = caps[0]
    limit = PlanLimit(occurrences=cap.occurrences, timespan=cap.timespan, period=cap.period)
    existing = ctx.of_type(kind)
    if existing:
        existing[0].limit = limit
    else:
        ctx.insert_before_start(
            PlanStep(
                key=ctx.new_key(_NEW_KEY[kind]),
                type=kind,
                label=words.capitalize(),
                limit=limit,
            )
        )
    span = cap.period.lower()[:-1] if cap.timespan == 1 else f"{cap.timespan} {cap.period.lower()}"
    return f"Set the {words} to {cap.occurrences} per {span}"


def frequency_cap(ctx: EditContext) -> str | None:
    return _set_limit(ctx, ctx.facts.frequency_caps, _RATE_LIMIT, "frequency cap")


def entry_limit(ctx: EditContext) -> str | None:
    return _set_limit(ctx, ctx.facts.entry_limits, _ENTRY_LIMIT, "entry limit")


FREQUENCY_CAP = Operation(
    name="frequency_cap",
    title="frequency cap (rate limit)",
    examples=("cap at 2 messages per day", "add a rate limit of 3 per week"),
    steps=(Step(90, frequency_cap),),
)

ENTRY_LIMIT = Operation(
    name="entry_limit",
    title="entry limit",
    examples=(
        "only once per customer",
        "enter at most once a month",
        "only let customers enter once per month",
    ),
    steps=(Step(100, entry_limit),),
)
