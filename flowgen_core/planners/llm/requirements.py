"""What a refined flow must satisfy: the brief's facts with the instruction's facts on top.

The one place this is computed, so the repair loop and the compliance check of a
refinement agree, and neither ever asks for a value the marketer just changed ("change the
discount to 20%" must not be repaired back to the brief's 15%). The facts of both texts
come from the interpreter (`extract_brief()`, `read_instruction()` — the reading the offline
editor applies), so a better interpreter improves this without changes here.
"""

from __future__ import annotations

import re
from datetime import date

from flowgen_core.brief import CampaignBrief, extract_brief, read_instruction
from flowgen_core.refine.instruction import says, split_payload

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
# An instruction removing a kind of fact clears that requirement.
_REMOVALS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (
        re.compile(rf"\b(?:remove|drop|delete|no|without|get rid of)\b[^.]*\b(?:{words})", re.IGNORECASE),
        fields,
    )
    for words, fields in (
        (r"discount|code|offer", ("discounts",)),
        (r"segment|audience|filter", ("audience",)),
        (r"reminder|follow[- ]?up|no[- ]reply", ("no_reply_after", "reminders")),
        (r"wait|delay", ("waits",)),
        (r"rate limit|cap|frequency", ("frequency_caps",)),
        (r"limit|once", ("entry_limits",)),
        (r"schedule|send window", ("send_windows",)),
        (r"a/?b|experiment|test", ("experiment",)),
        (r"reply|keyword", ("reply_keywords", "reply_meanings")),
    )
)
# The removals the offline editor makes ("skip the reminder", "send to everyone") clear the same
# requirements, read with the editor's own vocabulary so the two never disagree.
_EDITOR_REMOVALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("remove_discount", ("discounts",)),
    ("remove_reminder", ("no_reply_after", "reminders")),
    ("remove_segment", ("audience",)),
    ("whole_list", ("audience",)),
    ("remove_experiment", ("experiment",)),
)
_RENAMED_KEYWORD = re.compile(
    r"\b(?:change|replace|rename|swap)\b[^.]*?\b([A-Za-z]+)\b\s+(?:to|with|for)\s+([A-Za-z]+)\b",
    re.IGNORECASE,
)
# "rename the flow to VIP reorder December": the rest is a name, not an audience or an offer.
_RENAME = re.compile(r"^\W*(?:please\s+)?(?:rename|call|name)\s+(?:the|this)\s+(?:flow|campaign)\b", re.I)
_COPY_CHANGE = re.compile(r"\b(?:message|text|copy|wording|sms)\b", re.IGNORECASE)


def refinement_requirements(
    brief: CampaignBrief | None, instruction: str, *, today: date | None = None
) -> CampaignBrief | None:
    """The requirement set of the refined flow; `None` when there is no brief to start from."""
    if brief is None:
        return None
    if _RENAME.search(instruction):
        return brief.model_copy(deep=True)
    # New copy after a colon or in quotes is data: its "Reply STOP to opt out" or "15% off"
    # are words of the message, not requirements (the validator checks copy and fields agree).
    command, payload = split_payload(instruction)
    # The offline editor reads the same facts of the same words (`read_instruction`).
    stated = read_instruction(command, today=today, language=brief.source_language)
    if payload is not None:
        stated.quoted_copy = extract_brief(instruction, today=today).quoted_copy
    update: dict[str, object] = {}
    for name in _REPLACED:
        value = getattr(stated, name)
        if value:
            update[name] = value
    keywords = list(brief.reply_keywords)
    renamed = _RENAMED_KEYWORD.search(instruction)
    if renamed and renamed.group(1).lower() in keywords:
        old, new = renamed.group(1).lower(), renamed.group(2).lower()
        keywords = [new if k == old else k for k in keywords]
    keywords += [k for k in stated.reply_keywords if k not in keywords]
    update["reply_keywords"] = keywords
    removals = [fields for pattern, fields in _REMOVALS if pattern.search(command)]
    removals += [fields for name, fields in _EDITOR_REMOVALS if says(command, name)]
    for fields in removals:
        if not any(getattr(stated, f, None) for f in fields):
            for field in fields:
                update[field] = _empty_like(getattr(brief, field))
    if _COPY_CHANGE.search(instruction) or stated.quoted_copy:
        # New copy replaces old copy: the brief's verbatim lines stop being required.
        update["quoted_copy"] = list(stated.quoted_copy)
    return brief.model_copy(update=update, deep=True)


def _empty_like(value: object) -> object:
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    return None
