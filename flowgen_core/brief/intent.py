"""Is this text a campaign brief at all, and which of its clauses were not understood?

Prefers silence to invention: a placeholder ("TBD – brief coming later"), keyboard noise,
punctuation or emoji alone get a reason instead of a ready-to-send promotion.
"""

from __future__ import annotations

import re
from typing import Any

from flowgen_core.brief.clauses import split_clauses
from flowgen_core.brief.vocabulary import load_vocabulary

_WORD_RE = re.compile(r"[^\W\d_]+(?:['/][^\W\d_]+)?", re.UNICODE)
_VOWEL_RE = re.compile(r"[aeiouyàáâäãåæèéêëìíîïòóôöõøœùúûüÿ]", re.I)
# short words a marketer writes with no vowel at all
_VOWELLESS_WORDS = {
    "sms",
    "vs",
    "pm",
    "hr",
    "hrs",
    "min",
    "pst",
    "pt",
    "et",
    "ct",
    "mt",
    "cst",
    "mst",
    "st",
    "nd",
    "rd",
    "th",
}
# a text this short with no campaign cue at all is a question or a note, not a brief
_MAX_INTENTLESS_WORDS = 12
_MAX_PLACEHOLDER_WORDS = 15
_INTENT_KINDS = {"audience", "offer", "products", "goal", "replies"}


def _vocabulary() -> dict[str, Any]:
    return load_vocabulary("not_a_brief")


EXAMPLE_BRIEFS: tuple[str, ...] = tuple(_vocabulary()["example_briefs"])


def _is_noise(word: str) -> bool:
    low = word.lower()
    return low not in _VOWELLESS_WORDS and not _VOWEL_RE.search(low)


def not_a_brief_reason(text: str) -> str | None:
    """Why `text` is no campaign brief (a sentence for people), or None when it may be one."""
    words = _WORD_RE.findall(text or "")
    if not words:
        return "it has no words (only punctuation, numbers or emoji)"
    placeholders = set(_vocabulary()["placeholder_words"])
    lowered = [w.lower() for w in words]
    if all(w in placeholders for w in lowered):
        return "it reads as a placeholder, not a brief"
    if all(_is_noise(w) for w in words):
        return "it doesn't read as words"
    kinds = {kind for clause in split_clauses(text) for kind in clause.kinds}
    if len(words) <= _MAX_INTENTLESS_WORDS and not kinds & set(_vocabulary()["campaign_kinds"]):
        return "it names no audience, offer or goal"
    low = " ".join(lowered)
    is_question = text.strip().endswith("?") and lowered[0] in _vocabulary()["question_words"]
    if is_question and len(words) <= _MAX_INTENTLESS_WORDS and not kinds & _INTENT_KINDS:
        return "it is a question, not a campaign brief"
    if len(words) <= _MAX_PLACEHOLDER_WORDS and not kinds & (_INTENT_KINDS - {"goal"}):
        for phrase in _vocabulary()["placeholder_phrases"]:
            if re.search(rf"\b{re.escape(phrase)}\b", low):
                return "it reads as a placeholder, not a brief"
    return None


def not_understood(text: str) -> list[str]:
    """The clauses of a brief in which no campaign fact could be recognised, in order."""
    return [clause.text for clause in split_clauses(text) if not clause.kinds]
