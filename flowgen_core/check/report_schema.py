"""How pydantic models read and write a `Finding` or `Report` (imported only by pydantic).

The report types are plain classes (`flowgen_core.check.report`), so that validating a flow
imports neither pydantic nor `dataclasses`. A pydantic model carrying one (an API response, a
generation outcome) validates, serialises and describes it (JSON Schema, OpenAPI) as it did
when they were dataclasses: through a dataclass of the same name, fields and docstring here,
whose values become the report type's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import core_schema as cs

from flowgen_core.check import report as plain
from flowgen_core.check.report import Severity
from flowgen_core.records import record_fields


@dataclass(kw_only=True)
class Finding:
    code: str
    severity: Severity
    message: str
    hint: str = ""
    step_id: str | None = None
    path: str = ""


Finding.__doc__ = plain.Finding.__doc__


@dataclass(kw_only=True)
class Report:
    errors: list[plain.Finding] = field(default_factory=list)
    warnings: list[plain.Finding] = field(default_factory=list)


def _finding(value: Finding) -> plain.Finding:
    return plain.Finding(**{name: getattr(value, name) for name in record_fields(plain.Finding)})


def _report(value: Report) -> plain.Report:
    return plain.Report(errors=list(value.errors), warnings=list(value.warnings))


def _report_dict(report: plain.Report) -> dict[str, Any]:
    return {
        "errors": [finding.to_dict() for finding in report.errors],
        "warnings": [finding.to_dict() for finding in report.warnings],
    }


def _schema(
    cls: type, inner: cs.CoreSchema, convert: Callable[[Any], Any], dump: Callable[[Any], Any]
) -> Any:
    from_mirror = cs.no_info_after_validator_function(convert, inner)
    return cs.json_or_python_schema(
        json_schema=from_mirror,
        python_schema=cs.union_schema([cs.is_instance_schema(cls), from_mirror]),
        serialization=cs.plain_serializer_function_ser_schema(dump),
    )


def finding_schema(handler: Any) -> Any:
    return _schema(plain.Finding, handler.generate_schema(Finding), _finding, plain.Finding.to_dict)


def report_schema(handler: Any) -> Any:
    return _schema(plain.Report, handler.generate_schema(Report), _report, _report_dict)
