"""`POST /api/v1/refineFlow`: a plain-language instruction applied to a stored or given flow."""

from __future__ import annotations

from typing import Any

from flowgen_apps.api.checks import check_generator
from flowgen_apps.api.deps import ContextDep, MetricsDep, ServiceDep, SettingsDep
from flowgen_apps.api.errors import AUTH_ERRORS, ApiError, error_responses
from flowgen_apps.api.routes.base import api_v1_router
from flowgen_apps.api.schemas import RefineFlowRequest, RefineFlowResponse
from flowgen_apps.api.shaping import refined_flow

router = api_v1_router()


@router.post(
    "/refineFlow",
    response_model=RefineFlowResponse,
    summary="Change a flow with a plain-language instruction",
    responses=error_responses(400, *AUTH_ERRORS, 403, 404, 409, 413, 422, 503),
)
def refine_flow(
    body: RefineFlowRequest,
    settings: SettingsDep,
    service: ServiceDep,
    metrics: MetricsDep,
    context: ContextDep,
) -> dict[str, Any]:
    """Apply `instruction` to a stored flow (`flowId`, optional `version`) or to a given `flow`;
    the result is a new version with a diff. Instructions that cannot be applied get 422
    `refinement_refused` with suggested phrasings in `details.suggestions`."""
    instruction = body.instruction.strip()
    if not instruction:
        raise ApiError(400, "instruction_empty", "instruction is empty: say what to change.")
    check_generator(settings, body.generator)
    version_id = (
        service.get_flow(body.flowId, body.version, context=context).version_id
        if body.flowId is not None
        else None
    )
    try:
        outcome = service.refine(
            instruction,
            context=context,
            version_id=version_id,
            flow=body.flow,
            generator=body.generator,
            # `version` asks for exactly that version; otherwise the newest one is refined.
            follow_latest=body.version is None,
            base_version=body.baseVersion,
        )
    except Exception:
        metrics.observe_failure("refine", body.generator)
        raise
    metrics.observe_outcome("refine", outcome)
    return refined_flow(outcome)
