"""Shorter copy: "shorter copy (fit each message in one SMS segment)"."""

from __future__ import annotations

import re

from flowgen_core.errors import RefinementRefused
from flowgen_core.format.sms import segment_info
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.text import REPLY_CTA
from flowgen_core.refine.wording import offer_mention

_LINK_RE = re.compile(r"\bSTOP\b|\{\{\s*(?:store_url|Purchase Link|Product List|Cart List)")
# The sender the first message opens with: "{{brand_name}}: Hola …", "Acme: Hi …"
_SENDER_RE = re.compile(r"^\s*(?P<sender>\{\{\s*brand_name\s*\}\}|[^\s:.!?{}][^:.!?{}]{0,30}?)\s?:\s+(?=\S)")


def _fits(text: str, segments: int) -> bool:
    return segment_info(text).segments <= segments


def _rank(sentences: list[str], index: int) -> int:
    """Calls to action, links and the opt-out first; then the offer; then the opening."""
    sentence = sentences[index]
    if REPLY_CTA.search(sentence) or _LINK_RE.search(sentence):
        return 0
    if offer_mention().search(sentence):
        return 1
    return 2 if index == 0 else 3


def _cut_words(text: str, segments: int) -> str:
    words = text.split()
    while words and not _fits(" ".join(words), segments):
        words.pop()
    return " ".join(words)


def shorten_copy(text: str, segments: int = 1) -> str:
    """Keep the sentences that matter most until the copy fits in `segments` SMS segments.

    Priority: calls to action ("Reply YES", "Responde SI", "Antworte JA"), links and the opt-out;
    then the offer (a discount set on the node must stay in the text); then the opening; then the
    rest. Sentences keep their original order, and the sender the text opens with ("Acme: …",
    "{{brand_name}}: …") stays in front even when its sentence goes.
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
    if not chosen:  # not even the call to action fits: cut words
        return _cut_words(text, segments)
    sender = _SENDER_RE.match(text)
    if sender and not result.startswith(sender.group(0).strip()):
        named = sender.group(0).lstrip() + result
        droppable = sorted(
            (i for i in chosen if _rank(sentences, i) > 0), key=lambda i: (-_rank(sentences, i), -i)
        )
        while not _fits(named, segments) and droppable:
            # the sender outranks any sentence kept but a call to action
            chosen.remove(droppable.pop(0))
            named = sender.group(0).lstrip() + " ".join(sentences[i] for i in sorted(chosen))
        result = named if _fits(named, segments) else result
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
