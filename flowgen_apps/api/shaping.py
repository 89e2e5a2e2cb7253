"""The service's results as the JSON the response models in `api.schemas` describe."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, is_dataclass
from typing import Any

from flowgen_core.check.report import Report
from flowgen_core.service.facade import FlowOutcome, spec_of
from flowgen_core.spec import FlowSpec

MAX_CHANGES_SHOWN = 200  # a fix of a huge broken flow lists its first corrections and counts the rest


def iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def plain(value: Any) -> Any:
    """A JSON-ready view of core result objects (pydantic models, dataclasses, plain values)."""
    if value is None:
        return None
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value


def report_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, Report) else dict(report)


def spec_view(spec: FlowSpec | None) -> dict[str, Any] | None:
    """FlowSpecView: the spec's facts as lines and as data, and its change list."""
    if spec is None:
        return None
    return {
        "lines": [f"{kind}: {value}" for kind, value in spec.lines().items()],
        "changes": list(spec.changes),
        "facts": spec.facts.model_dump(mode="json"),
    }


def flow_metadata(outcome: FlowOutcome) -> dict[str, Any]:
    """`metadata` of a generated flow: the flow's own metadata plus how this answer was made."""
    flow = outcome.flow if isinstance(outcome.flow, dict) else {}
    metadata = dict(flow.get("metadata") or {})
    metadata.setdefault("generated_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    metadata.update(
        generator=outcome.generator,
        model_used=outcome.model or ("rules" if outcome.generator == "offline" else None),
        tokens_used=outcome.tokens_used,
        generation_time_ms=outcome.latency_ms,
        flow_id=outcome.flow_id,
        version=outcome.version,
        version_id=outcome.version_id,
        cached=outcome.cached,
        persisted=outcome.persisted,
        fallback_reason=outcome.fallback_reason,
        notices=list(outcome.notices),
        understood=list(getattr(outcome, "understood", [])),
        spec=spec_view(outcome.spec),
    )
    return metadata


def generated_flow(outcome: FlowOutcome) -> dict[str, Any]:
    """GenerateFlowResponse: the flow itself, its metadata and its validation report."""
    flow = {k: v for k, v in outcome.flow.items() if k != "metadata"}
    return {**flow, "metadata": flow_metadata(outcome), "validation": report_dict(outcome.report)}


def version_ref(outcome: FlowOutcome) -> dict[str, Any]:
    return {"flowId": outcome.flow_id, "version": outcome.version, "versionId": outcome.version_id}


def fixed_flow(outcome: FlowOutcome) -> dict[str, Any]:
    """FixFlowResponse: the corrected flow and its first MAX_CHANGES_SHOWN corrections."""
    return {
        **version_ref(outcome),
        "flow": outcome.flow,
        "changes": [plain(change) for change in outcome.changes[:MAX_CHANGES_SHOWN]],
        "changesTruncated": max(0, len(outcome.changes) - MAX_CHANGES_SHOWN),
        "summary": outcome.summary,
        "validation": report_dict(outcome.report),
    }


def refined_flow(outcome: FlowOutcome) -> dict[str, Any]:
    """RefineFlowResponse: the new version with its diff."""
    return {
        **version_ref(outcome),
        "flow": outcome.flow,
        "diff": plain(outcome.diff),
        "summary": outcome.summary,
        "notices": list(outcome.notices),
        "validation": report_dict(outcome.report),
        "spec": spec_view(outcome.spec),
        "specChanges": list(outcome.spec_changes),
    }


def stored_flow(version: Any) -> dict[str, Any]:
    """StoredFlowResponse for one stored version."""
    return {
        "flowId": version.flow_id,
        "version": version.version,
        "versionId": version.version_id,
        "name": version.name,
        "createdAt": iso(version.created_at),
        "action": version.action,
        "generator": version.generator,
        "model": version.model,
        "valid": version.valid,
        "approved": version.approved,
        "instruction": version.instruction,
        "parentVersionId": version.parent_version_id,
        "flow": version.flow,
        "validation": version.report,
        "spec": spec_view(spec_of(version)),
    }


def version_summary(version: Any) -> dict[str, Any]:
    """One entry of VersionList."""
    return {
        "version": version.version,
        "versionId": version.version_id,
        "createdAt": iso(version.created_at),
        "action": version.action,
        "generator": version.generator,
        "valid": version.valid,
        "approved": version.approved,
        "instruction": version.instruction,
    }
