"""What a refinement returns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from flowgen_core.check.report import Report
from flowgen_core.diff import FlowDiff
from flowgen_core.spec import FlowSpec


class RefineResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    flow: dict[str, Any]
    diff: FlowDiff
    summary: str
    report: Report
    operations: list[str] = Field(default_factory=list)
    generator: str = "offline"
    model: str | None = None
    tokens_used: int = 0
    fallback_reason: str | None = None
    notices: list[str] = Field(default_factory=list)
    # The refined flow's spec (None when there was no brief to start one from) and what this
    # refinement changed in it.
    spec: FlowSpec | None = None
    spec_changes: list[str] = Field(default_factory=list)


def summarize(operations: list[str], diff: FlowDiff, report: Report) -> str:
    status = "valid" if report.valid else f"{len(report.errors)} error(s) remain"
    return f"{'; '.join(operations)}. ({diff.counts()}; the flow is {status}.)"
