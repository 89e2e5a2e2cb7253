"""Frequency caps and entry limits: "cap at 2 messages per day", "only once per customer"."""

from __future__ import annotations

import re
from typing import Final, Literal

from flowgen_core.brief import FrequencyCap
from flowgen_core.plan.model import PlanLimit, PlanStep
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.text import COUNT_WORDS

_LIMIT_RE = re.compile(
    r"\b(?P<n>\d{1,4}|once|twice|one|two|three|four|five)\s*(?:times?|messages?|texts?|sms|entr(?:y|ies))?\s*"
    r"(?:a|an|per|every|each|in)\s+(?P<span>\d{1,4}\s*)?(?P<u>minute|hour|day|week|month|year)s?\b",
    re.I,
)
_LIMIT_WORDS = re.compile(r"\b(limit|cap|throttle|at most|max(?:imum)?|only|no more than|up to)\b", re.I)
_ENTRY_WORDS = re.compile(r"\b(enter\w*|entr(?:y|ies)|re-?enter|per (?:customer|person|subscriber))\b", re.I)
# The two step types this module writes, and the key each new one gets.
LimitType = Literal["rate_limit", "limit"]
_RATE_LIMIT: Final = "rate_limit"
_ENTRY_LIMIT: Final = "limit"
_NEW_KEY: dict[LimitType, str] = {_RATE_LIMIT: "frequency-cap", _ENTRY_LIMIT: "entry-limit"}


def parse_limit(text: str) -> tuple[LimitType, FrequencyCap] | None:
    """("rate_limit" | "limit", cap) for phrasings the brief extractor does not cover,
    e.g. "add a rate limit of 3 per week" or "only let customers enter once per month"."""
    match = _LIMIT_RE.search(text)
    if not match or not _LIMIT_WORDS.search(text):
        return None
    raw = match.group("n").lower()
    occurrences = COUNT_WORDS.get(raw) or int(raw)
    span = int(match.group("span")) if match.group("span") else 1
    unit = match.group("u").lower()
    factor = {"week": 7, "month": 30, "year": 365}.get(unit, 1)
    period = {"minute": "Minutes", "hour": "Hours"}.get(unit, "Days")
    if occurrences <= 0 or span <= 0:
        return None
    cap = FrequencyCap(occurrences=occurrences, timespan=span * factor, period=period)  # type: ignore[arg-type]
    return (_ENTRY_LIMIT if _ENTRY_WORDS.search(text) else _RATE_LIMIT), cap


def _set_limit(ctx: EditContext, caps: list[FrequencyCap], kind: LimitType, words: str) -> str | None:
    if not caps:
        parsed = parse_limit(ctx.text)
        if parsed is None or parsed[0] != kind:
            return None
        caps = [parsed[1]]
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
