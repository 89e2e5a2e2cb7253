"""What every generator returns, and the errors that make the dispatcher fall back.

The errors live in flowgen_core.errors (the one error tree) and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.brief import CampaignBrief
from flowgen_core.check.autofix import FixResult
from flowgen_core.check.report import Report
from flowgen_core.errors import GenerationError, LLMError
from flowgen_core.plan.model import FlowPlan

__all__ = ["Finisher", "GenerationError", "GenerationResult", "LLMError", "ModelAttempt", "attempts_summary"]

# The pipeline's finisher, which planners apply to each compiled flow:
# (flow, brief) -> the corrected flow, its corrections and its one validation report.
Finisher = Callable[[dict[str, Any], CampaignBrief | None], FixResult]


class ModelAttempt(BaseModel):
    """One HTTP request to the model, whatever came of it (kept even when the offline planner answered)."""

    round: int  # planning round: 1 = first ask, 2.. = repair rounds
    model: str
    outcome: str  # ok | unusable | http_error | timeout | connection_error | deadline | busy
    latency_ms: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    status: int | None = None
    error_code: str | None = None  # the provider's `error.code`, e.g. unsupported_value
    error_message: str | None = None  # the provider's message, secrets redacted

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


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
    llm_attempts: list[ModelAttempt] = Field(default_factory=list)  # every model request, fallback or not


def attempts_summary(attempts: list[ModelAttempt]) -> dict[str, Any]:
    """The metadata block for a list of model attempts (token totals + each attempt)."""
    return {
        "requests": len(attempts),
        "prompt_tokens": sum(a.prompt_tokens for a in attempts),
        "completion_tokens": sum(a.completion_tokens for a in attempts),
        "cached_tokens": sum(a.cached_tokens for a in attempts),
        "latency_ms": sum(a.latency_ms for a in attempts),
        "attempts": [a.model_dump(mode="json") for a in attempts],
    }
