"""A group taken out of the whole audience: "everyone except donors (donor = yes) gets the ask",
"todos excepto los VIP", "tout le monde sauf les donateurs", "alle außer Spendern"; or by an
exclusion verb after the audience: "cart abandoners, but exclude members (membership = active)".

The group named after the exception word is who does NOT get the send, so a condition read
inside it is the opposite filter ("donor = yes" -> "donor ≠ yes"); read as written it would keep
exactly the customers the brief leaves out. Words in `vocab/excepted.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation

if TYPE_CHECKING:  # the model imports the cues, which read this module
    from flowgen_core.brief.model import AudienceCondition

# how many words may stand between the whole and its exception word ("all our SMS subscribers")
_WHOLE_WORDS = 3

_OPPOSITE_OPERATORS = {
    "with a value of": "with a value not equal to",
    "with a value not equal to": "with a value of",
    "with a value containing": "with a value not containing",
    "with a value not containing": "with a value containing",
    "that exists": "does not exist",
    "does not exist": "that exists",
}


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    vocab = load_vocabulary("excepted")
    wholes, excepts = (_alternation(vocab[k]) for k in ("wholes", "except_words"))
    return re.compile(
        rf"(?<![\w'’]){wholes}(?:\s+[\w'’-]+){{0,{_WHOLE_WORDS}}}?\s*,?\s+{excepts}(?![\w'’])"
        # the group: up to the clause's end or the verb of the send, brackets included
        rf"(?P<group>{_group()})",
        re.I,
    )


@lru_cache(maxsize=1)
def _group() -> str:
    """The words of a group left out: up to the clause's end or the verb of the send, brackets
    included; a comma before a relative word goes on ("alle außer Kunden, die ... bestellt haben")."""
    vocab = load_vocabulary("excepted")
    stops, relatives = _alternation(vocab["stops"]), _alternation(vocab["relatives"])
    return rf"(?:\([^()]*\)|,\s*{relatives}(?![\w'’])|(?!\s+{stops}(?![\w'’]))[^.;:!?,()\n])+"


@lru_cache(maxsize=1)
def _excluded_pattern() -> re.Pattern[str]:
    vocab = load_vocabulary("excepted")
    excludes = _alternation(vocab["exclude_words"])
    # "cart abandoners, but exclude anyone with membership = active": the verb takes the group
    # after it out of the audience the brief has named, with no whole before it
    return re.compile(rf"(?<![\w'’]){excludes}(?![\w'’])(?P<group>{_group()})", re.I)


def excepted_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each group `text` takes out of the audience: after a whole and its
    exception word ("everyone except VIPs"), or after an exclusion verb ("but exclude members")."""
    spans = _whole_excepted_spans(text)
    low = text.lower()
    if any(word in low for word in _words("exclude_words")):
        taken = [m.span("group") for m in _excluded_pattern().finditer(text)]
        spans = sorted(spans + [s for s in taken if not any(a <= s[0] < b for a, b in spans)])
    return spans


def _whole_excepted_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each group `text` takes out of the whole audience."""
    low = text.lower()
    if not any(word in low for word in _words("except_words")):
        return []  # most briefs take no one out: the long pattern runs only when one may
    return [m.span("group") for m in _pattern().finditer(text)]


@lru_cache(maxsize=2)
def _words(key: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in load_vocabulary("excepted")[key])


def opposite(condition: AudienceCondition) -> AudienceCondition:
    """The condition that keeps the customers `condition` would have kept out, and the reverse."""
    if condition.kind == "event":
        return condition.model_copy(update={"operator": "has_not" if condition.operator == "has" else "has"})
    operator = _OPPOSITE_OPERATORS.get(condition.property_operator or "with a value of")
    return condition.model_copy(update={"property_operator": operator}) if operator else condition


def without_excepted(text: str) -> str:
    """`text` with the groups it leaves out blanked (offsets kept): "everyone except VIPs" makes
    no VIP campaign of the flow."""
    for start, end in excepted_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@lru_cache(maxsize=1)
def _second_send_re() -> re.Pattern[str]:
    stops = _alternation(load_vocabulary("excepted")["stops"])
    # a later clause that gives someone a send of their own: "; donors get a thank-you instead"
    return re.compile(rf"[.;:!?,\n][^.;:!?\n]*?(?<![\w'’]){stops}(?![\w'’])", re.I)


def left_out_gets_own_send(text: str) -> bool:
    """Whether the group a brief leaves out gets a send of its own, written in a later clause:
    "everyone except donors gets the ask; donors get a thank-you message instead"."""
    spans = _whole_excepted_spans(text)
    return bool(spans) and _second_send_re().search(text, spans[0][1]) is not None
