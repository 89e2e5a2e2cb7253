"""Split a brief into clauses and say what each clause is about.

A clause is a sentence, a bullet or a labelled section line ("Offer: 15% off"). Its kinds
(audience, offer, price, timing, replies, caps, windows, copy, updates, products, tone, goal)
come from cue words kept in `vocab/clause_kinds.json`, so extractors can ask "is this `$119`
in an offer clause or a price clause?" instead of guessing from the whole text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.vocabulary import load_vocabulary, word_trie
from flowgen_core.regex_cache import memoized

ClauseKind = str  # one of the keys of vocab/clause_kinds.json "cues"

# Longer input is not a brief: the interpreter reads only this much of it.
MAX_SCAN_CHARS = 20_000

_BULLET_RE = shaped_re.compile(r"^\s*(?:[-*•·▪‣–]|\d{1,2}[.)])\s+")
# a sentence ends at . ! ? ; followed by space; "e.g." and "$9.99" never split (no space after)
_SENTENCE_END_RE = shaped_re.compile(r"(?<=[.!?;])\s+(?=\S)")
_LABEL_RE = shaped_re.compile(r"^\s*(?P<label>[^\W\d_](?:[^\W\d_]|[ /&-]){1,24}?)\s*[:：]\s*(?=\S)")


class Clause(BaseModel):
    """One clause of a brief: its words, where they are in the brief, and what they are about."""

    text: str
    start: int  # offset of the clause's first character in the brief
    end: int  # offset just past its last character
    kinds: list[ClauseKind] = Field(default_factory=list)
    label: str | None = None  # the section label it sat under ("Offer"), lower-cased

    def is_about(self, *kinds: ClauseKind) -> bool:
        return any(kind in self.kinds for kind in kinds)

    def labelled(self, kind: ClauseKind) -> bool:
        """True when the clause sits under a section label of `kind` ("Discount: 20%" is an offer)."""
        return self.label is not None and _labels().get(self.label) == kind


def _vocabulary() -> dict[str, Any]:
    return load_vocabulary("clause_kinds")


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """Matches somewhere in a clause exactly when one of `cues` does (see `word_trie`)."""
    # Built once and kept with the compiled patterns by the command line (regex_cache.py).
    return shaped_re.compile(memoized(_cue_regex, tuple(cues)), re.I)


def _cue_regex(cues: tuple[str, ...]) -> str:
    led: list[tuple[str, str]] = []
    free: list[tuple[str, str]] = []
    for cue in cues:
        word = cue.rstrip("*").strip()
        # a trailing \w* can match nothing: for "does it occur" it asks nothing of the text
        suffix = "" if cue.endswith("*") else r"\b"
        if cue.strip()[-1:].isalnum() or cue.endswith("*"):
            (led if cue[:1].isalnum() else free).append((word, suffix))
        else:
            free.append((word, ""))
    parts = ([r"\b" + word_trie(led)] if led else []) + ([word_trie(free)] if free else [])
    return "|".join(parts)


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    return {kind: _cue_pattern(cues) for kind, cues in _vocabulary()["cues"].items()}


@lru_cache(maxsize=1)
def _opener_patterns() -> dict[str, re.Pattern[str]]:
    return {
        kind: shaped_re.compile(r"^\W*" + word_trie([(w, r"\b") for w in words]), re.I)
        for kind, words in _vocabulary().get("openers", {}).items()
    }


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {label: kind for kind, labels in _vocabulary()["section_labels"].items() for label in labels}


def section_labels() -> frozenset[str]:
    """The words that head a labelled section ("Audience:", "Offer:"), lower case."""
    return frozenset(_labels())


def classify(text: str) -> list[ClauseKind]:
    """The kinds a clause's words are about, in vocabulary order (empty: nothing recognised)."""
    return list(_classified(text))


# One brief's clauses are split several times per request (extraction, intent, provenance,
# notices); each split would run every cue pattern over every clause again.
@lru_cache(maxsize=256)
def _classified(text: str) -> tuple[ClauseKind, ...]:
    kinds = [kind for kind, pattern in _cue_patterns().items() if pattern.search(text)]
    # "Only pet owners with species = cat": a clause that opens by narrowing names its audience
    kinds += [
        kind for kind, pattern in _opener_patterns().items() if kind not in kinds and pattern.match(text)
    ]
    if re.search(r"\d\s*%|\$\s?\d", text) and "offer" not in kinds and "price" not in kinds:
        kinds.append("offer")
    return tuple(kinds)


_STEP_NUMBER_RE = re.compile(r"\d{1,2}[.)]")


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of lines, bullets and sentences, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body_start = offset
        bullet = _BULLET_RE.match(line)
        if bullet:
            body_start += bullet.end()
        body = text[body_start : offset + len(line)]
        cursor = body_start
        for part in _SENTENCE_END_RE.split(body):
            at = text.find(part, cursor)
            stripped = part.strip()
            # "1. Send a thank-you. 2. Wait 2 days.": a step's number is the next clause's marker
            if _STEP_NUMBER_RE.fullmatch(stripped):
                cursor = at + len(part) if at >= 0 else cursor
                continue
            if stripped and at >= 0:
                lead = at + (len(part) - len(part.lstrip()))
                spans.append((lead, lead + len(stripped)))
                cursor = at + len(part)
        offset += len(line)
    return spans


def split_clauses(text: str) -> list[Clause]:
    """The brief's clauses, in order; a "Label: value" line keeps the label's kind."""
    # built from values `_split` already checked: no validation needed for each clause
    return [
        Clause.model_construct(text=text[start:end], start=start, end=end, kinds=list(kinds), label=label)
        for start, end, kinds, label in _split(text)
    ]


# The non-brief check, the extractors, provenance and the unread-clause notices all split the
# same brief: it is split and classified once, and each caller gets its own `Clause` objects.
@lru_cache(maxsize=32)
def _split(text: str) -> tuple[tuple[int, int, tuple[ClauseKind, ...], str | None], ...]:
    clauses = []
    for start, end in _pieces(text):
        words = text[start:end]
        label_kind, label = None, None
        m = _LABEL_RE.match(words)
        if m and m.group("label").strip().lower() in _labels():
            label = m.group("label").strip().lower()
            label_kind = _labels()[label]
        kinds = classify(words[m.end() :] if label_kind and m else words)
        if label_kind and label_kind not in kinds:
            kinds.insert(0, label_kind)
        clauses.append((start, end, tuple(kinds), label))
    return tuple(clauses)


def clause_at(clauses: list[Clause], position: int) -> Clause | None:
    """The clause holding the character at `position` of the brief."""
    for clause in clauses:
        if clause.start <= position < clause.end:
            return clause
    return None
