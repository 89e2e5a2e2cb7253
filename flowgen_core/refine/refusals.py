"""The editor's refusals of a reply it cannot apply, in the language the reply is written in.

The sentences are data (`vocab/refusals.json`), one per refusal and language; English stands in
for a language they do not cover.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _refusals() -> dict[str, Any]:
    raw = resources.files("flowgen_core.refine").joinpath("vocab/refusals.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


def refusal_text(key: str, language: str | None, **values: str) -> str:
    """Refusal `key` in `language` (English when it has no sentence in that language)."""
    sentences = _refusals()[key]
    return str(sentences.get(language or "en", sentences["en"])).format(**values)
