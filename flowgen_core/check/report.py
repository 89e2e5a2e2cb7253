"""The validation report: one shape for every layer (schema, graph, content, brief).

Plain dataclasses, not pydantic models: `flowgen validate` builds a report on every run and
must not pay for importing pydantic (start-up time, docs/benchmarks.md). Pydantic models
that carry a report (API responses, generation outcomes) accept dataclasses as fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Severity = Literal["error", "warning"]

# A report shown or stored lists at most this many findings (errors first); `truncated`
# counts the rest. A flow of 10,000 broken steps stays a readable, bounded answer.
MAX_FINDINGS_SHOWN = 100


@dataclass(kw_only=True)
class Finding:
    """One problem found in a flow.

    `code` is stable (clients and tests key on it); `message` and `hint` are for people.
    """

    code: str
    severity: Severity
    message: str
    hint: str = ""
    step_id: str | None = None
    path: str = ""  # JSON pointer-ish path, e.g. "/steps/3/events/0/nextStepID"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """A finding read back from `to_dict()` output (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True)
class Report:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

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

    def copy(self) -> Report:
        """A report whose finding lists can grow without touching this one."""
        return Report(errors=list(self.errors), warnings=list(self.warnings))

    def to_dict(self, limit: int = MAX_FINDINGS_SHOWN) -> dict[str, Any]:
        errors = self.errors[:limit]
        warnings = self.warnings[: max(0, limit - len(errors))]
        return {
            "valid": self.valid,
            "errors": [f.to_dict() for f in errors],
            "warnings": [f.to_dict() for f in warnings],
            "truncated": len(self.errors) + len(self.warnings) - len(errors) - len(warnings),
        }
