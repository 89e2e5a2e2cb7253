"""A refinement instruction read by the interpreter: the facts it states, as a brief's are read.

The offline editor and the requirement set of a refined flow (`FlowSpec`) both take an
instruction's facts from here, so "wait two days", "espera 2 días", "48h" or "make it twenty
percent" mean to them what the same words mean in a brief. What an instruction reads beyond a
brief is little: the language of the flow it changes when the instruction is too short to tell,
and an offer's new value written without "off" ("change the discount to 20%").
"""

from __future__ import annotations

from datetime import date

from flowgen_core.brief.discounts import extract_new_value
from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.language import instruction_language
from flowgen_core.brief.model import CampaignBrief


def read_instruction(text: str, *, today: date | None = None, language: str | None = None) -> CampaignBrief:
    """The facts `text` states; `language` is the language of the flow being refined, if known."""
    try:
        reading = instruction_language(text, language) if text.strip() else "en"
    except Exception:  # an odd instruction must not cost its facts: detection is only a hint
        reading = None
    facts = extract_brief(text, today=today, language=reading)
    if not any(d.kind in ("percentage", "amount") for d in facts.discounts):
        words = text if reading in (None, "en") else to_english_cues(text, reading)
        facts.discounts = [*extract_new_value(words), *facts.discounts]
    return facts
