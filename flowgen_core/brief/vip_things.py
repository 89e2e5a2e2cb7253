"""A "VIP" that qualifies a thing rather than people: "20% off with VIP pricing for everyone",
"our VIP lounge reopens", "precios VIP", "tarifs VIP", "VIP-Preise".

Such a VIP says what is offered, not who the flow is for, so it is no `customer_type = vip`
filter and makes no VIP campaign; the whole list still gets the text. "VIP customers", "VIPs"
and "clientes VIP" name people and stay. Words in `vocab/audience_roles.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("audience_roles")
    # "VIP pricing", "VIP-Preise": the thing right after the VIP (a hyphen for German compounds)
    after = re.compile(rf"\b(?P<vip>vips?)(?:\s+|-)(?:{_alternation(vocab['vip_things_after'])})\b", re.I)
    # "precios VIP", "tarifs VIP", "soirée VIP": the thing right before it
    before = re.compile(rf"(?<![\w'’]){_alternation(vocab['vip_things_before'])}\s+(?P<vip>vips?)\b", re.I)
    return after, before


def vip_thing_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each "VIP" in `text` that qualifies a thing."""
    return [m.span("vip") for pattern in _patterns() for m in pattern.finditer(text)]


def without_vip_things(text: str) -> str:
    """`text` with each VIP that qualifies a thing blanked (offsets kept)."""
    for start, end in vip_thing_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
