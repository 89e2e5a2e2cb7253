"""A mention the brief itself says is no filter: "VIPs already got an email, but this text goes
to all subscribers anyway - no filtering", "customers who ordered lately were surveyed - ignore
that, it's not a filter", "membership will be used for the raffle later, not for this text".

The brief names the group only to say the send does not test it, so a segment condition read
from that sentence would keep out exactly the customers the brief means to reach. The whole
sentence is blanked for the audience and playbook readers: the disclaimer may stand after the
mention, past the clause that holds it. A disclaimer inside brackets speaks only of the aside
("bought in the last 21 days (vip or not, don't filter on tier)"): only the brackets are blanked. Words in `vocab/disclaimed.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation
from flowgen_core.regex_gate import may_match

# a sentence ends at a full stop, "!" or "?" before a space, a semicolon or a line break
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|[;\n]")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = [w.replace("’", "'") for w in load_vocabulary("disclaimed")["phrases"]]
    return re.compile(rf"(?<![\w'’]){phrase_alternation(words)}(?![\w'’])", re.I)


@lru_cache(maxsize=1)
def _turn() -> re.Pattern[str]:
    # "Don't target by past orders, but only people who clicked ...": the rest is this send's
    turns = phrase_alternation(load_vocabulary("disclaimed")["turns"])
    return re.compile(rf"(?<![\w'’]){turns}(?![\w'’])", re.I)


def disclaimed_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` that says what it names is no filter."""
    spans: list[tuple[int, int]] = []
    plain = text.replace("’", "'")
    if not may_match(_pattern(), plain):
        return spans  # none of the phrases' words is there: no scan
    for found in _pattern().finditer(plain):
        if spans and found.start() < spans[-1][1]:
            continue
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, found.start())]
        start = ends[-1] if ends else 0
        after = _SENTENCE_END_RE.search(text, found.end())
        end = after.start() if after else len(text)
        aside = _enclosing_aside(text, start, found.start(), end)
        if aside is not None:
            spans.append(aside)
            continue
        turned = _turn().search(text, found.end(), end)
        spans.append((start, turned.start() if turned else end))
    return spans


def _enclosing_aside(text: str, start: int, at: int, end: int) -> tuple[int, int] | None:
    """The bracketed aside of the sentence `text[start:end]` that holds the disclaimer at `at`
    ("bought in the last 21 days (vip or not, don't filter on tier)"): the disclaimer speaks of
    what the brackets hold, so the sentence's own filter outside them stays."""
    depth = 0
    for i in range(at - 1, start - 1, -1):
        if text[i] in _CLOSERS:
            depth += 1
        elif text[i] in _OPENERS:
            if depth:
                depth -= 1
                continue
            closer = _OPENERS[text[i]]
            close = text.find(closer, at, end)
            # an unclosed bracket runs to the sentence's end
            return i, close + 1 if close >= 0 else end
    return None


def without_disclaimed(text: str) -> str:
    """`text` with its disclaimed sentences blanked (offsets kept)."""
    for start, end in disclaimed_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
