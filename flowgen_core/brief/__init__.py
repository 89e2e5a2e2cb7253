"""The brief interpreter: a marketer's words -> the campaign facts they state.

`extract_brief()` returns a `CampaignBrief`; `split_clauses()` shows how the brief was read
clause by clause; `not_a_brief_reason()` says when the text is no brief at all.
"""

from flowgen_core.brief.clauses import Clause, clause_at, split_clauses
from flowgen_core.brief.extract import (
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
    extract_brief,
    is_series,
    parse_count,
    series_count,
)
from flowgen_core.brief.intent import EXAMPLE_BRIEFS, not_a_brief_reason, not_understood
from flowgen_core.brief.summary import fact_lines, understood_lines

__all__ = [
    "EXAMPLE_BRIEFS",
    "AudienceCondition",
    "CampaignBrief",
    "Clause",
    "Discount",
    "Duration",
    "ExperimentSpec",
    "FrequencyCap",
    "ProductRef",
    "PropertyUpdate",
    "SendHours",
    "SendWindow",
    "WaitUnit",
    "clause_at",
    "extract_brief",
    "fact_lines",
    "is_series",
    "not_a_brief_reason",
    "not_understood",
    "parse_count",
    "series_count",
    "split_clauses",
    "understood_lines",
]
