"""How the offline editor reads an instruction: once, into the interpreter's facts and the edit it asks for.

The facts an instruction states (waits, timeouts, counts, caps, discounts, audiences, windows,
reply keywords) come from the brief interpreter (`flowgen_core.brief.read_instruction`), the same
reader the planner's facts come from, so "wait two days", "espera 2 días" and "48h" mean to the
editor what they mean to the planner. What is the editor's own — which operation is asked for
("remove", "instead of", "add an A/B test"), which message is meant, a new name or copy after a
colon — is vocabulary data (`vocab/edits.json`) matched here and nowhere else in the package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core.brief import CampaignBrief, Duration, FrequencyCap, extract_brief

_COUNT_WORDS = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5}
_WAIT_WORDS = re.compile(r"\b(delay|wait|pause)\b", re.I)
_TIMEOUT_WORDS = re.compile(r"\b(time-?out|no[- ]reply|reply window)\b", re.I)
_DURATION_RE = re.compile(r"\b(?P<n>\d{1,4}|one|two|three)\s*(?P<u>minute|min|hour|hr|day|week)s?\b", re.I)
_LIMIT_RE = re.compile(
    r"\b(?P<n>\d{1,4}|once|twice|one|two|three|four|five)\s*(?:times?|messages?|texts?|sms|entr(?:y|ies))?\s*"
    r"(?:a|an|per|every|each|in)\s+(?P<span>\d{1,4}\s*)?(?P<u>minute|hour|day|week|month|year)s?\b",
    re.I,
)
_LIMIT_WORDS = re.compile(r"\b(limit|cap|throttle|at most|max(?:imum)?|only|no more than|up to)\b", re.I)
_ENTRY_WORDS = re.compile(r"\b(enter\w*|entr(?:y|ies)|re-?enter|per (?:customer|person|subscriber))\b", re.I)


def _durations(text: str) -> list[Duration]:
    out = []
    for m in _DURATION_RE.finditer(text):
        raw, unit = m.group("n").lower(), m.group("u").lower()
        value = _COUNT_WORDS.get(raw) or int(raw)
        canon = {"min": "minutes", "minute": "minutes", "hr": "hours", "hour": "hours"}.get(unit, "days")
        if unit == "week":
            value *= 7
        if value > 0:
            out.append(Duration(value=value, unit=canon))  # type: ignore[arg-type]
    return out


def _limit(text: str) -> tuple[bool, FrequencyCap] | None:
    match = _LIMIT_RE.search(text)
    if not match or not _LIMIT_WORDS.search(text):
        return None
    raw = match.group("n").lower()
    occurrences = _COUNT_WORDS.get(raw) or int(raw)
    span = int(match.group("span")) if match.group("span") else 1
    unit = match.group("u").lower()
    factor = {"week": 7, "month": 30, "year": 365}.get(unit, 1)
    period = {"minute": "Minutes", "hour": "Hours"}.get(unit, "Days")
    if occurrences <= 0 or span <= 0:
        return None
    cap = FrequencyCap(occurrences=occurrences, timespan=span * factor, period=period)  # type: ignore[arg-type]
    return bool(_ENTRY_WORDS.search(text)), cap


def read_instruction(text: str, *, today: date | None = None, language: str | None = None) -> CampaignBrief:
    """The facts of an instruction: the brief extractor's, plus edit phrasings it does not read yet."""
    facts = extract_brief(text, today=today)
    if not (facts.waits or facts.no_reply_after):
        if _TIMEOUT_WORDS.search(text):
            facts.no_reply_after = _durations(text)
        elif _WAIT_WORDS.search(text):
            facts.waits = _durations(text)
    if not (facts.frequency_caps or facts.entry_limits):
        parsed = _limit(text)
        if parsed is not None:
            (facts.entry_limits if parsed[0] else facts.frequency_caps).append(parsed[1])
    return facts


_NUMBER = r"(\d{1,4})"


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    raw = resources.files("flowgen_core.refine").joinpath("vocab/edits.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _phrase(phrase: str) -> str:
    """A vocabulary phrase as a pattern: whole words, `*` lets the last word go on, `#` is a number."""
    body = phrase.rstrip("*")
    parts = [_NUMBER if part == "#" else re.escape(part) for part in re.split(r"(#)", body) if part]
    pattern = r"\s+".join("".join(parts).split(r"\ "))
    lead = r"\b" if body[:1].isalnum() or body[:1] == "#" else ""
    tail = r"\w*" if phrase.endswith("*") else (r"\b" if body[-1:].isalnum() or body[-1:] == "#" else "")
    return f"{lead}{pattern}{tail}"


def _alternation(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


def _command(spec: dict[str, list[str]]) -> str:
    """verb, then one of the `between` words ('' = none, '...' = any words), then a noun."""
    between = []
    for word in spec["between"]:
        if word == "...":
            between.append(r"\b.*?")
        elif word:
            between.append(r"\s+" + _phrase(word) + r"\s+")
        else:
            between.append(r"\s+")
    return _alternation(spec["verbs"]) + "(?:" + "|".join(between) + ")" + _alternation(spec["nouns"])


@lru_cache(maxsize=1)
def _asks() -> dict[str, re.Pattern[str]]:
    vocab = _vocabulary()
    found = {name: re.compile(_alternation(phrases), re.I) for name, phrases in vocab["cues"].items()}
    found |= {name: re.compile(_command(spec), re.I) for name, spec in vocab["commands"].items()}
    return found


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p, re.I | re.S) for name, p in _vocabulary()["patterns"].items()}


@lru_cache(maxsize=1)
def _pick_pattern() -> re.Pattern[str]:
    vocab = _vocabulary()
    return re.compile(
        "(?P<word>" + _alternation(list(vocab["ordinals"])) + ")|" + _alternation(vocab["numbered_message"]),
        re.I,
    )


@lru_cache(maxsize=1)
def _targets() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, re.compile(_alternation(phrases), re.I))
        for name, phrases in _vocabulary()["branch_targets"].items()
    ]


def split_payload(instruction: str) -> tuple[str, str | None]:
    """Split "change the first message to: <copy>" into the command and the copy.

    The copy is whatever follows a colon (not one inside a time such as 9:30) or a quoted
    text of several words at the end. Without either there is no payload: free text is
    only ever taken from an explicit colon or quotes, so other edits are never misread.
    """
    text = instruction.strip()
    match = _patterns()["payload_colon"].search(text) or _patterns()["payload_quoted"].search(text)
    if not match:
        return text, None
    payload = match.group("payload").strip().strip('"“”').strip()
    command = text[: match.start("payload")].rstrip().rstrip(':"“').rstrip()
    return command, payload or None


def not_a_keyword(word: str) -> bool:
    """A word the reply-branch pattern can catch that is no reply keyword ("reply that ...")."""
    return word.lower() in set(_vocabulary()["not_keywords"])


@dataclass
class Instruction:
    """One instruction, read once: the command's facts and the edit words it uses.

    `assumed` holds cue names an operation decided the instruction means although it does not
    say them ("if no reply in 6 hours send a reminder" in a flow without one is an addition).
    """

    command: str
    payload: str | None
    facts: CampaignBrief
    assumed: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, instruction: str, *, today: date | None = None, language: str | None = None) -> Instruction:
        # New copy after a colon or in quotes is data, not more instructions: "20% off" in a
        # rewritten message must not also change the discount.
        command, payload = split_payload(instruction)
        return cls(command, payload, read_instruction(command, today=today, language=language))

    def asks(self, name: str) -> bool:
        """Whether the command uses the edit vocabulary's cue or command `name`."""
        return name in self.assumed or _asks()[name].search(self.command) is not None

    def match(self, name: str) -> re.Match[str] | None:
        """The vocabulary's argument pattern `name` ("keyword_rename", "reply_branch", ...) in the command."""
        return _patterns()[name].search(self.command)

    def picked_message(self) -> int | None:
        """The message the command names by position (1-based, -1 = the last), if any."""
        m = _pick_pattern().search(self.command)
        if m is None:
            return None
        if m.group("word"):
            return int(_vocabulary()["ordinals"][m.group("word").lower()])
        return int(next(g for g in m.groups()[1:] if g))


def branch_target(words: str) -> str | None:
    """Where the words after "leading to" point: "message", "product_list", "checkout", "end"."""
    return next((name for name, pattern in _targets() if pattern.search(words)), None)
