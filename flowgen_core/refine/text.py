"""Editing message copy, shared by the edit operations (the instruction is read in `instruction.py`)."""

from __future__ import annotations

import re

from flowgen_core.refine.wording import reply_cta

# A sentence that asks for a reply ("Reply YES to claim", "Responde SI"): kept when offer sentences go.
REPLY_CTA = reply_cta()


def amount(value: int, unit: str) -> str:
    """ "1 day", "3 hours": a plan wait in words."""
    return f"{value} {unit[:-1] if value == 1 else unit}"


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def insert_cta(text: str, sentence: str) -> str:
    """Put a new call to action before the opt-out sentence (which stays last)."""
    parts = sentences(text.strip())
    for index, part in enumerate(parts):
        if re.search(r"\bSTOP\b", part):
            return " ".join([*parts[:index], sentence, *parts[index:]])
    return f"{text.strip()} {sentence}"


def insert_sentence(text: str, sentence: str) -> str:
    """Put `sentence` second, after the opening that names the brand."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    if len(parts) == 2:
        return f"{parts[0]} {sentence} {parts[1]}"
    return f"{text.strip()} {sentence}".strip()
