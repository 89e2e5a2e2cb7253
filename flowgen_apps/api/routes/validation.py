"""`POST /api/v1/validateFlow` (the report) and `POST /api/v1/fixFlow` (the deterministic corrections)."""

from __future__ import annotations

from typing import Any

from fastapi import Body

from flowgen_apps.api.deps import ContextDep, MetricsDep, ServiceDep
from flowgen_apps.api.errors import AUTH_ERRORS, error_responses
from flowgen_apps.api.routes.base import api_v1_router
from flowgen_apps.api.schemas import EXAMPLE_FLOW, FixFlowRequest, FixFlowResponse, ValidationReport
from flowgen_apps.api.shaping import fixed_flow, report_dict

router = api_v1_router()


@router.post(
    "/validateFlow",
    response_model=ValidationReport,
    summary="Validate a flow",
    responses=error_responses(400, *AUTH_ERRORS, 413, 422),
)
def validate_flow(
    service: ServiceDep,
    metrics: MetricsDep,
    payload: dict[str, Any] = Body(
        description='The FlowBuilder flow itself, or `{"flow": {...}}`.',
        openapi_examples={
            "flow": {"summary": "A flow", "value": EXAMPLE_FLOW},
            "wrapped": {"summary": "A wrapped flow", "value": {"flow": EXAMPLE_FLOW}},
        },
    ),
) -> dict[str, Any]:
    """Check a flow against the FlowBuilder schema, its graph and its content; returns the report
    (HTTP 200 even when the flow is invalid — `valid` says whether it is)."""
    flow = payload["flow"] if set(payload) == {"flow"} else payload
    report = service.validate(flow)
    metrics.observe_report(report)
    return report_dict(report)


@router.post(
    "/fixFlow",
    response_model=FixFlowResponse,
    summary="Apply deterministic corrections to a flow",
    responses=error_responses(400, *AUTH_ERRORS, 403, 404, 409, 413, 422),
)
def fix_flow(
    body: FixFlowRequest, service: ServiceDep, metrics: MetricsDep, context: ContextDep
) -> dict[str, Any]:
    """Correct what can be corrected without judgement (missing mirrors, ids, defaults…); every
    correction is listed in `changes`. The result is stored as a new version."""
    version_id = (
        service.get_flow(body.flowId, body.version, context=context).version_id
        if body.flowId is not None
        else None
    )
    outcome = service.fix(context=context, version_id=version_id, flow=body.flow)
    metrics.observe_outcome("fix", outcome)
    return fixed_flow(outcome)
