"""Shorter copy: "shorter copy (fit each message in one SMS segment)"."""

from __future__ import annotations

import re

from flowgen_core.errors import RefinementRefused
from flowgen_core.format.sms import segment_info
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_CTA_RE = re.compile(
    r"\b(?i:reply|text)\s+[A-Z0-9]+\b|\bSTOP\b|\{\{\s*(?:store_url|Purchase Link|Product List|Cart List)"
)
_OFFER_RE = re.compile(r"\d+\s*%|\$\s*\d+|\bcode\b|\{\{\s*Discount Label", re.I)
_BRAND = "{{brand_name}}"


def _fits(text: str, segments: int) -> bool:
    return segment_info(text).segments <= segments


def _rank(sentences: list[str], index: int) -> int:
    """Calls to action, links and the opt-out first; then the offer; then the opening."""
    sentence = sentences[index]
    if _CTA_RE.search(sentence):
        return 0
    if _OFFER_RE.search(sentence):
        return 1
    return 2 if index == 0 else 3


def _cut_words(text: str, segments: int) -> str:
    words = text.split()
    while words and not _fits(" ".join(words), segments):
        words.pop()
    return " ".join(words)


def shorten_copy(text: str, segments: int = 1) -> str:
    """Keep the sentences that matter most until the copy fits in `segments` SMS segments.

    Priority: calls to action, links and the opt-out; then the offer (a discount set on
    the node must stay in the text); then the opening (it names the brand); then the rest.
    Sentences keep their original order.
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    if _fits(text, segments) or not sentences:
        return text
    chosen: set[int] = set()
    for index in sorted(range(len(sentences)), key=lambda i: (_rank(sentences, i), i)):
        trial = chosen | {index}
        if _fits(" ".join(sentences[i] for i in sorted(trial)), segments):
            chosen = trial
    result = " ".join(sentences[i] for i in sorted(chosen))
    if _BRAND in text and _BRAND not in result and _fits(f"{_BRAND}: {result}", segments):
        result = f"{_BRAND}: {result}"
    if not chosen:  # not even the call to action fits: cut words
        result = _cut_words(text, segments)
    return result


def shorten(ctx: EditContext) -> str | None:
    if not ctx.asks("shorten"):
        return None
    changed = []
    for step in ctx.sends():
        if step.text and not _fits(step.text, 1):
            step.text = shorten_copy(step.text)
            changed.append(step.label or step.key)
    if not changed:
        raise RefinementRefused("Every message already fits in one SMS segment.")
    return f"Shortened the copy of {', '.join(changed)} to one SMS segment"


SHORTEN = Operation(
    name="shorten",
    title="shorter copy",
    examples=("shorter copy (fit each message in one SMS segment)",),
    steps=(Step(180, shorten),),
)
