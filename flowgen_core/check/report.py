"""The validation report: one shape for every layer (schema, graph, content, brief)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning"]

# A report shown or stored lists at most this many findings (errors first); `truncated`
# counts the rest. A flow of 10,000 broken steps stays a readable, bounded answer.
MAX_FINDINGS_SHOWN = 100


class Finding(BaseModel):
    """One problem found in a flow.

    `code` is stable (clients and tests key on it); `message` and `hint` are for people.
    """

    code: str
    severity: Severity
    message: str
    hint: str = ""
    step_id: str | None = None
    path: str = ""  # JSON pointer-ish path, e.g. "/steps/3/events/0/nextStepID"


class Report(BaseModel):
    errors: list[Finding] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(self, finding: Finding) -> None:
        (self.errors if finding.severity == "error" else self.warnings).append(finding)

    def extend(self, other: Report) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def codes(self) -> set[str]:
        return {f.code for f in self.errors} | {f.code for f in self.warnings}

    def to_dict(self, limit: int = MAX_FINDINGS_SHOWN) -> dict[str, Any]:
        errors = self.errors[:limit]
        warnings = self.warnings[: max(0, limit - len(errors))]
        return {
            "valid": self.valid,
            "errors": [f.model_dump() for f in errors],
            "warnings": [f.model_dump() for f in warnings],
            "truncated": len(self.errors) + len(self.warnings) - len(errors) - len(warnings),
        }
