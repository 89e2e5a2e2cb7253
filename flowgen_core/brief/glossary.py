"""Read a Spanish, French or German brief with the English extractors: swap its cue phrases for
the English words those extractors know (`vocab/glossary.json`). Used for facts only; copy is
written in the brief's own language.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=4)
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    raw = resources.files("flowgen_core.brief").joinpath("vocab/glossary.json").read_text("utf-8")
    phrases: dict[str, str] = json.loads(raw).get(lang) or {}
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)", re.I)
    return pattern, {p.lower(): english for p, english in phrases.items()}


def to_english_cues(text: str, lang: str) -> str:
    """`text` with the glossary's phrases of `lang` replaced by their English cue words."""
    compiled = _pattern(lang)
    if compiled is None:
        return text
    pattern, phrases = compiled
    return pattern.sub(lambda m: phrases.get(m.group(0).lower(), m.group(0)), text)
