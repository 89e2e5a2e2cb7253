"""The validation report: one shape for every layer (schema, graph, content, brief).

Plain classes (`flowgen_core.records`), neither pydantic models nor dataclasses: `flowgen
validate` builds a report on every run and must not pay for importing pydantic or
`dataclasses` (start-up time, docs/benchmarks.md). Pydantic models that carry a report (API
responses, generation outcomes) read and write them as they did dataclasses
(`flowgen_core.check.report_schema`).
"""

from __future__ import annotations

from typing import Any, Literal

from flowgen_core.records import record, record_fields

Severity = Literal["error", "warning"]

# A report shown or stored lists at most this many findings (errors first); `truncated`
# counts the rest. A flow of 10,000 broken steps stays a readable, bounded answer.
MAX_FINDINGS_SHOWN = 100


@record(kw_only=True)
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
        known = record_fields(cls)
        return cls(**{key: value for key, value in data.items() if key in known})

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in record_fields(Finding)}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Imported here: only a pydantic model carrying a finding needs its schema.
        from flowgen_core.check.report_schema import finding_schema

        return finding_schema(handler)


class Report:
    __slots__ = ("errors", "warnings")

    def __init__(self, *, errors: list[Finding] | None = None, warnings: list[Finding] | None = None) -> None:
        self.errors: list[Finding] = [] if errors is None else errors
        self.warnings: list[Finding] = [] if warnings is None else warnings

    def __repr__(self) -> str:
        return f"Report(errors={self.errors!r}, warnings={self.warnings!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Report)
        return (self.errors, self.warnings) == (other.errors, other.warnings)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Imported here: only a pydantic model carrying a report needs its schema.
        from flowgen_core.check.report_schema import report_schema

        return report_schema(handler)

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
