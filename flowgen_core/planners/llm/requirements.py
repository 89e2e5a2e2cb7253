"""What a refined flow must satisfy: the brief's facts with the instruction's facts on top.

The one place this is computed, so the repair loop and the compliance check of a
refinement agree, and neither ever asks for a value the marketer just changed ("change the
discount to 20%" must not be repaired back to the brief's 15%). The instruction is read once,
as the offline editor reads it (`Instruction.read`): its facts from the interpreter
(`read_instruction()`), the edit it asks for — a removal, a rename, a reply keyword renamed,
new copy — from the edit vocabulary (`refine/vocab/edits.json`), in English, Spanish, French
or German alike. Nothing here reads the instruction's words a second time, so a better
interpreter or vocabulary improves this without changes here.
"""

from __future__ import annotations

from datetime import date

from flowgen_core.brief import CampaignBrief, extract_brief
from flowgen_core.refine.instruction import Instruction

# Fields an instruction's stated facts replace wholesale when it states any.
_REPLACED = (
    "audience",
    "discounts",
    "waits",
    "no_reply_after",
    "frequency_caps",
    "entry_limits",
    "send_windows",
    "experiment",
    "products",
    "max_segments",
    "reminders",
)
# What each removal command of the edit vocabulary clears from the requirements ("remove the
# reminder", "skip the reminder", "quita el recordatorio", "send to everyone", "Rabatt entfernen").
_REMOVALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("remove_discount", ("discounts",)),
    ("remove_reminder", ("no_reply_after", "reminders")),
    ("remove_segment", ("audience",)),
    ("whole_list", ("audience",)),
    ("remove_experiment", ("experiment",)),
    ("remove_wait", ("waits",)),
    ("remove_cap", ("frequency_caps",)),
    ("remove_limit", ("entry_limits",)),
    ("remove_window", ("send_windows",)),
    ("remove_keyword", ("reply_keywords", "reply_meanings")),
)


def refinement_requirements(
    brief: CampaignBrief | None, instruction: str, *, today: date | None = None
) -> CampaignBrief | None:
    """The requirement set of the refined flow; `None` when there is no brief to start from."""
    if brief is None:
        return None
    # New copy after a colon or in quotes is data: its "Reply STOP to opt out" or "15% off"
    # are words of the message, not requirements (the validator checks copy and fields agree).
    reading = Instruction.read(instruction, today=today, language=brief.source_language)
    if reading.new_flow_name() is not None:
        # "rename the flow to VIP reorder December": the rest is a name, not an audience or an offer.
        return brief.model_copy(deep=True)
    stated = reading.facts
    if reading.payload is not None:
        stated.quoted_copy = extract_brief(instruction, today=today).quoted_copy
    update: dict[str, object] = {}
    for name in _REPLACED:
        value = getattr(stated, name)
        if value:
            update[name] = value
    keywords, meanings = _reply_keywords(brief, reading)
    update["reply_keywords"], update["reply_meanings"] = keywords, meanings
    # "remove the NO branch" drops that keyword only, not every reply keyword
    one_reply = reading.removed_reply(brief.reply_keywords) is not None
    for name, fields in _REMOVALS:
        if name == "remove_keyword" and one_reply:
            continue
        if reading.asks(name) and not any(getattr(stated, f, None) for f in fields):
            for field in fields:
                update[field] = _empty_like(getattr(brief, field))
    if reading.asks("copy") or stated.quoted_copy:
        # New copy replaces old copy: the brief's verbatim lines stop being required.
        update["quoted_copy"] = list(stated.quoted_copy)
    return brief.model_copy(update=update, deep=True)


def _reply_keywords(brief: CampaignBrief, reading: Instruction) -> tuple[list[str], dict[str, str]]:
    """The reply keywords (and their meanings) after the instruction's reply edits: one renamed
    ("cambia SI por COMPRAR"), one added by a new branch ("la respuesta INFO que lleve al pago",
    as the editor reads it, in any of the four languages), one removed ("supprime la réponse NON")."""
    keywords, meanings = list(brief.reply_keywords), dict(brief.reply_meanings)
    renamed = reading.renamed_keyword(keywords)
    gone = set()
    if renamed:
        old, new = renamed
        keywords = [new if k == old else k for k in keywords]
        gone.add(old)  # "ändere die Antwort JA zu KAUFEN" also reads as a reply JA
        if old in meanings:
            meanings[new] = meanings.pop(old)
    added = reading.new_reply_branch()
    if added and added[0] != "stop" and added[0] not in keywords:
        keywords.append(added[0])
    keywords += [k for k in reading.facts.reply_keywords if k not in keywords and k not in gone]
    removed = reading.removed_reply(keywords)
    if removed:
        keywords = [k for k in keywords if k != removed]
        meanings.pop(removed, None)
    return keywords, meanings


def _empty_like(value: object) -> object:
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    return None
