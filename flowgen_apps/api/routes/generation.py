"""`POST /api/v1/generateFlow`: a campaign brief in, a validated and stored flow out."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool

from flowgen_apps.api.checks import check_brief, check_generator
from flowgen_apps.api.deps import ApiCallDep
from flowgen_apps.api.errors import AUTH_ERRORS, error_responses
from flowgen_apps.api.routes.base import api_v1_router
from flowgen_apps.api.schemas import GenerateFlowRequest, GenerateFlowResponse
from flowgen_apps.api.shaping import generated_flow

router = api_v1_router()


@router.post(
    "/generateFlow",
    response_model=GenerateFlowResponse,
    response_model_exclude_none=False,
    summary="Generate a flow from a campaign brief",
    responses=error_responses(400, *AUTH_ERRORS, 413, 422, 503),
)
async def generate_flow(
    body: GenerateFlowRequest,
    call: ApiCallDep,
) -> dict[str, Any]:
    """Turn `campaignDescription` into a FlowBuilder flow, validate it and store it as version 1.

    Identical requests (same normalised brief, generator and model) may be answered from the
    result cache; `metadata.cached` says so and `tokens_used` is then 0.
    """
    # `async` with the service call in the threadpool: FastAPI would run a plain `def` route in
    # the threadpool and then hop there a second time to check the response against its model.
    # One dependency node for settings, service, metrics and context (see `api.deps.api_call`).
    settings, service, metrics = call.settings, call.service, call.metrics
    description = check_brief(body.campaignDescription, settings.max_brief_chars)
    check_generator(settings, body.generator)
    try:
        outcome = await run_in_threadpool(
            partial(
                service.generate,
                description,
                context=call.context,
                generator=body.generator,
                brand_name=body.brandName,
            )
        )
    except Exception:
        metrics.observe_failure("generate", body.generator)
        raise
    metrics.observe_outcome("generate", outcome)
    return generated_flow(outcome)
