"""Reading an instruction's words and editing message copy, shared by the edit operations."""

from __future__ import annotations

import re

from flowgen_core.brief import Duration

COUNT_WORDS = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5}
WAIT_WORDS = re.compile(r"\b(delay|wait|pause)\b", re.I)
TIMEOUT_WORDS = re.compile(r"\b(time-?out|no[- ]reply|reply window)\b", re.I)
_DURATION_RE = re.compile(r"\b(?P<n>\d{1,4}|one|two|three)\s*(?P<u>minute|min|hour|hr|day|week)s?\b", re.I)
# A sentence that asks for a reply ("Reply YES to claim"): kept when offer sentences go.
REPLY_CTA = re.compile(r"\b(reply|text)\s+[A-Z0-9]+\b")

_PAYLOAD_COLON = re.compile(r"(?<!\d):(?!\d)\s*(?P<payload>.+)$", re.S)
_PAYLOAD_QUOTED = re.compile(
    r"(?:\bto|\bwith|\bas|\bsaying|\bsay|\bread)\s+[\"“](?P<payload>[^\"“”]*\s[^\"“”]*)[\"”]\s*[.!]?\s*$",
    re.I | re.S,
)


def split_payload(instruction: str) -> tuple[str, str | None]:
    """Split "change the first message to: <copy>" into the command and the copy.

    The copy is whatever follows a colon (not one inside a time such as 9:30) or a quoted
    text of several words at the end. Without either there is no payload: free text is
    only ever taken from an explicit colon or quotes, so other edits are never misread.
    """
    text = instruction.strip()
    match = _PAYLOAD_COLON.search(text) or _PAYLOAD_QUOTED.search(text)
    if not match:
        return text, None
    payload = match.group("payload").strip().strip('"“”').strip()
    command = text[: match.start("payload")].rstrip().rstrip(':"“').rstrip()
    return command, payload or None


def durations(text: str) -> list[Duration]:
    """Durations in an edit ("change the delay to 3 hours") the brief extractor does not read."""
    out = []
    for m in _DURATION_RE.finditer(text):
        raw, unit = m.group("n").lower(), m.group("u").lower()
        value = COUNT_WORDS.get(raw) or int(raw)
        canon = {"min": "minutes", "minute": "minutes", "hr": "hours", "hour": "hours"}.get(unit, "days")
        if unit == "week":
            value *= 7
        if value > 0:
            out.append(Duration(value=value, unit=canon))  # type: ignore[arg-type]
    return out


def amount(value: int, unit: str) -> str:
    """ "1 day", "3 hours": a plan wait in words."""
    return f"{value} {unit[:-1] if value == 1 else unit}"


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def insert_cta(text: str, sentence: str) -> str:
    """Put a new call to action before the opt-out sentence (which stays last)."""
    parts = sentences(text.strip())
    for index, part in enumerate(parts):
        if re.search(r"\bSTOP\b", part):
            return " ".join([*parts[:index], sentence, *parts[index:]])
    return f"{text.strip()} {sentence}"


def insert_sentence(text: str, sentence: str) -> str:
    """Put `sentence` second, after the opening that names the brand."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    if len(parts) == 2:
        return f"{parts[0]} {sentence} {parts[1]}"
    return f"{text.strip()} {sentence}".strip()
