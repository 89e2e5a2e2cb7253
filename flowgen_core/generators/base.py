"""What every generator returns, and the errors that make the dispatcher fall back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.brief import CampaignBrief
from flowgen_core.plan import FlowPlan
from flowgen_core.validate.report import Report


class GenerationResult(BaseModel):
    flow: dict[str, Any]  # FlowBuilder JSON incl. name, description, metadata
    plan: FlowPlan | None = None
    report: Report = Field(default_factory=Report)
    brief: CampaignBrief | None = None
    generator: str  # "offline" | "llm"
    model: str | None = None
    tokens_used: int = 0
    attempts: int = 1
    latency_ms: int = 0
    fallback_reason: str | None = None  # set when the LLM failed and the offline planner answered
    notices: list[str] = Field(default_factory=list)  # user-facing remarks ("used the offline planner: ...")
    understood: list[str] = Field(default_factory=list)  # "What I understood" lines (brief.summary)


class GenerationError(Exception):
    """No flow can be produced (empty or meaningless brief). The message is shown to the user."""


class LLMError(Exception):
    """The LLM could not produce a usable plan (API error, timeout, refusal, garbage). Triggers fallback."""
