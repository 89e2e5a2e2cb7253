"""What a brief says not to mention ("don't mention financing", "ne parlez pas de financement").

A negated mention names a thing only to keep it out of the messages: read as a topic or as
content, it would become the very words the brief forbids ("financing just dropped"). The
clause holding one is blanked with spaces (offsets stay as they were) before topics and stated
content are read. The cues are data in `vocab/negated.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.vocabulary import load_vocabulary


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = load_vocabulary("negated")
    cue = shaped_re.compile("|".join(f"(?:{p})" for p in v["cue"] + v["refusal"]), re.I)
    return cue, shaped_re.compile(v["clause_start"], re.I), shaped_re.compile(v["clause_end"], re.I)


def negated_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each clause of `text` that says not to mention something."""
    return list(_negated_spans(text))


# The extractors, the topic reader and the stated-content reader each mask the same brief (or a
# copy of it with other stretches blanked, often equal to it): each text is scanned once.
@lru_cache(maxsize=32)
def _negated_spans(text: str) -> tuple[tuple[int, int], ...]:
    cue, clause_start, clause_end = _patterns()
    spans: list[tuple[int, int]] = []
    for m in cue.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        start = max(
            (b.end() for b in clause_start.finditer(text, max(0, m.start() - 80), m.start())), default=None
        )
        if start is None:
            start = max(0, m.start() - 80) if m.start() > 80 else 0
        end_match = clause_end.search(text, m.end())
        end = end_match.start() if end_match else len(text)
        spans.append((start, end))
    return tuple(spans)


def mask_negated(text: str) -> str:
    """`text` with each negated-mention clause blanked by spaces, so its length and offsets stay."""
    spans = _negated_spans(text)
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


@lru_cache(maxsize=1)
def _ruled_out_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = load_vocabulary("negated")
    return shaped_re.compile("|".join(f"(?:{p})" for p in v["ruled_out"]), re.I), shaped_re.compile(
        v["clause_end"], re.I
    )


def ruled_out_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each stretch of `text` that names an audience only to rule it out as a
    filter ("no VIP targeting", "don't segment by tier or past purchases", "sin VIPs", "ohne
    VIP-Filter"): from the cue to the end of its clause."""
    return list(_ruled_out_spans(text))


@lru_cache(maxsize=32)
def _ruled_out_spans(text: str) -> tuple[tuple[int, int], ...]:
    cue, clause_end = _ruled_out_patterns()
    spans: list[tuple[int, int]] = []
    for m in cue.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        end_match = clause_end.search(text, m.end())
        spans.append((m.start(), end_match.start() if end_match else len(text)))
    return tuple(spans)


def without_ruled_out(text: str) -> str:
    """`text` with its ruled-out audiences blanked by spaces (offsets kept)."""
    for start, end in _ruled_out_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
