"""The brief interpreter: a marketer's words -> the campaign facts they state.

`extract_brief()` returns a `CampaignBrief`; `split_clauses()` shows how the brief was read
clause by clause; `not_a_brief_reason()` says when the text is no brief at all;
`read_instruction()` reads a refinement instruction's facts the same way.
"""

from flowgen_core.brief.clauses import Clause, clause_at, split_clauses
from flowgen_core.brief.cues import BriefCues, read_cues
from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.facts import (
    asks_for_no_products,
    confirmed_by_default,
    cues_of,
    description_of,
    playbook_of,
    sells_nothing,
    stated_of,
)
from flowgen_core.brief.instruction import read_instruction
from flowgen_core.brief.intent import EXAMPLE_BRIEFS, not_a_brief_reason, not_understood
from flowgen_core.brief.language import detect_language
from flowgen_core.brief.model import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    ExperimentSpec,
    FrequencyCap,
    ProductRef,
    PropertyUpdate,
    SendHours,
    SendWindow,
    WaitUnit,
)
from flowgen_core.brief.numbers import parse_count
from flowgen_core.brief.playbook import classify_playbook, is_series, series_count
from flowgen_core.brief.stated import (
    AnswerMessage,
    MustSay,
    StatedContent,
    StatedMessage,
    read_stated_content,
)
from flowgen_core.brief.summary import fact_lines, understood_lines

__all__ = [
    "EXAMPLE_BRIEFS",
    "AnswerMessage",
    "AudienceCondition",
    "BriefCues",
    "CampaignBrief",
    "Clause",
    "Discount",
    "Duration",
    "ExperimentSpec",
    "FrequencyCap",
    "MustSay",
    "ProductRef",
    "PropertyUpdate",
    "SendHours",
    "SendWindow",
    "StatedContent",
    "StatedMessage",
    "WaitUnit",
    "asks_for_no_products",
    "classify_playbook",
    "clause_at",
    "confirmed_by_default",
    "cues_of",
    "description_of",
    "detect_language",
    "extract_brief",
    "fact_lines",
    "is_series",
    "not_a_brief_reason",
    "not_understood",
    "parse_count",
    "playbook_of",
    "read_cues",
    "read_instruction",
    "read_stated_content",
    "sells_nothing",
    "series_count",
    "split_clauses",
    "stated_of",
    "understood_lines",
]
