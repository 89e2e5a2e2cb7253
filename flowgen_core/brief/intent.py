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
# a question to the tool may run longer than a note ("what's the difference between ...?")
_MAX_QUESTION_WORDS = 25
_ASKING_WORDS = {"how", "what", "why", "where", "which"}


def _vocabulary() -> dict[str, Any]:
    return load_vocabulary("not_a_brief")


EXAMPLE_BRIEFS: tuple[str, ...] = tuple(_vocabulary()["example_briefs"])


def _is_noise(word: str) -> bool:
    low = word.lower()
    return low not in _VOWELLESS_WORDS and not _VOWEL_RE.search(low)


def _question_words(text: str) -> list[str]:
    """The words of `text` after a short lead-in label ("quick question: what ...")."""
    label, colon, rest = text.partition(":")
    if colon and label.strip().lower() in _vocabulary()["question_labels"]:
        text = rest
    # "what's" asks as "what" does
    return [w.lower().split("'")[0] for w in _WORD_RE.findall(text)]


def _question_word(text: str) -> str | None:
    """The word a question to the tool opens with, or None when `text` asks nothing."""
    if not text.strip().endswith("?"):
        return None
    words = _question_words(text)
    if words and words[0] in _vocabulary()["question_words"]:
        return words[0]
    return None


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
    greeting = set(_vocabulary()["greeting_words"]) | placeholders
    if all(w in greeting for w in lowered):
        return "it is a greeting, not a campaign brief"
    kinds = {kind for clause in split_clauses(text) for kind in clause.kinds}
    if len(words) <= _MAX_INTENTLESS_WORDS and not kinds & set(_vocabulary()["campaign_kinds"]):
        return "it names no audience, offer or goal"
    low = " ".join(lowered)
    question_word = _question_word(text)
    # "how ...?" / "what ...?" ask for information: a goal word ("add", "sale") in them is no
    # campaign intent; "can you ...?" may be a request and keeps it
    intent_kinds = _INTENT_KINDS - {"goal"} if question_word in _ASKING_WORDS else _INTENT_KINDS
    if question_word and len(words) <= _MAX_QUESTION_WORDS and not kinds & intent_kinds:
        return "it is a question, not a campaign brief"
    if len(words) <= _MAX_PLACEHOLDER_WORDS and not kinds & (_INTENT_KINDS - {"goal"}):
        for phrase in _vocabulary()["placeholder_phrases"]:
            if re.search(rf"\b{re.escape(phrase)}\b", low):
                return "it reads as a placeholder, not a brief"
    return None


def not_understood(text: str) -> list[str]:
    """The clauses of a brief in which no campaign fact could be recognised, in order."""
    return [clause.text for clause in split_clauses(text) if not clause.kinds]
