"""Background told in passing: what was done before ("Last year we did 30% off"), what a
competitor does ("Our competitor is doing 40% off") or what some customers already got
("Clients who bought in March already got a survey").

Such a clause states no fact of the flow being planned: its percentage is no offer, its
"bought" no audience condition, its "survey" no playbook. A fact needs a clause that speaks of
this flow, so the readers skip these spans; the brief prefers silence to invention. Words in
`vocab/background.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core.brief.clauses import Clause
from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("background")
    opener = _alternation(vocab["openers"])
    past = re.compile(
        rf"^\W*(?:{opener}\s*,?\s+)?(?:our\s+|we\s+|nuestra\s+|notre\s+|unsere\s+)?"
        rf"{_alternation(vocab['past_openers'])}(?![\w'’])",
        re.I,
    )
    told = re.compile(
        rf"(?<![\w'’])(?:{_alternation(vocab['rivals'])}|{_alternation(vocab['already_told'])})(?![\w'’])",
        re.I,
    )
    send = re.compile(rf"(?<![\w'’]){_alternation(vocab['send_verbs'])}(?![\w'’])", re.I)
    turn = re.compile(rf"(?<![\w'’]){_alternation(vocab['turns'])}(?![\w'’])", re.I)
    return past, told, send, turn


@lru_cache(maxsize=512)
def _background_span(words: str) -> tuple[int, int] | None:
    """The span of the clause `words` that tells background, or None."""
    past, told, send, turn = _patterns()
    opened = past.search(words)
    mention = opened or told.search(words)
    if mention is None:
        return None
    # the background ends where the clause turns to this flow ("…, but this year …")
    turned = turn.search(words, mention.end())
    end = turned.start() if turned else len(words)
    if send.search(words, 0, end):
        return None  # "Text everyone who already got the survey": a send of this flow
    return 0, end


def background_spans(clauses: list[Clause]) -> list[tuple[int, int]]:
    """The (start, end) in the brief of each clause part that tells background."""
    spans: list[tuple[int, int]] = []
    for c in clauses:
        span = _background_span(c.text)
        if span is not None:
            spans.append((c.start + span[0], c.start + span[1]))
    return spans


def without_background(text: str, clauses: list[Clause]) -> str:
    """`text` with its background blanked (offsets kept), so no reader takes a fact from it."""
    for start, end in background_spans(clauses):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
