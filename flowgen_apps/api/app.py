"""The REST API: FastAPI routes over FlowService, documented at /docs.

Routes are thin: check the input the service cannot check (body shape, limits a client
should hear about before any work is done), call the service, count the outcome, and
shape the answer. Handlers are plain `def`s so blocking work (LLM calls, database
writes) runs in the threadpool; the correlation id follows via contextvars.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import asdict, is_dataclass
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from flowgen_apps.api.auth import ApiKeyAuth, Caller, require_api_key, require_api_key_unlimited
from flowgen_apps.api.errors import ApiError, error_response, error_responses, install_error_handlers
from flowgen_apps.api.json_body import StrictJSONRoute
from flowgen_apps.metrics import ApiMetrics
from flowgen_core.check.report import Finding, Report
from flowgen_core.context import RequestContext
from flowgen_core.errors import BriefInputError
from flowgen_core.logging import get_request_id
from flowgen_core.pipeline import check_brief_text
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
GeneratorChoice = Literal["auto", "offline", "llm"]
MAX_VERSION = 2**31 - 1  # version numbers are 32-bit integers in the database
MAX_CHANGES_SHOWN = 200  # a fix of a huge broken flow lists its first corrections and counts the rest

_EXAMPLE_BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)
_EXAMPLE_FLOW: dict[str, Any] = {
    "name": "Welcome",
    "description": "Welcome new subscribers",
    "initialStepID": "welcome-001",
    "steps": [
        {
            "id": "welcome-001",
            "type": "message",
            "label": "Welcome",
            "content": "Welcome to Acme! Reply STOP to opt out.",
            "text": "Welcome to Acme! Reply STOP to opt out.",
            "messageText": "Welcome to Acme! Reply STOP to opt out.",
            "active": True,
            "parameters": {},
            "events": [
                {"id": "e-1", "type": "default", "nextStepID": "end-002", "active": True, "parameters": {}}
            ],
        },
        {"id": "end-002", "type": "end", "label": "End", "active": True, "parameters": {}, "events": []},
    ],
}
_EXAMPLE_REPORT: dict[str, Any] = {
    "valid": False,
    "errors": [
        {
            "code": "event.next_step_missing",
            "severity": "error",
            "message": "Event e-1 points at step 'end-9', which does not exist.",
            "hint": "Point nextStepID at an existing step id.",
            "step_id": "welcome-001",
            "path": "/steps/0/events/0/nextStepID",
        }
    ],
    "warnings": [],
    "truncated": 0,
}


# =========================================================================== models
class GenerateFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"campaignDescription": _EXAMPLE_BRIEF},
                {"campaignDescription": _EXAMPLE_BRIEF, "generator": "offline", "brandName": "Acme"},
            ]
        }
    )

    campaignDescription: str = Field(
        description="The campaign brief in plain language. Must not be empty; at most MAX_BRIEF_CHARS "
        "characters (default 4,000) — longer briefs are answered with 400 `brief_too_long`.",
    )
    generator: GeneratorChoice | None = Field(
        default=None,
        description="`auto` (LLM when configured, else offline rules), `offline` or `llm`. "
        "Default: the server's FLOWGEN_GENERATOR.",
    )
    brandName: str | None = Field(
        default=None, max_length=100, description="Brand used in the SMS copy (overrides workspace settings)."
    )


class ValidationReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_REPORT]})

    valid: bool = Field(description="True when there are no errors (warnings allowed).")
    errors: list[Finding] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)
    truncated: int = Field(default=0, description="Findings left out: at most 100 are listed, errors first.")


class FlowMetadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    generated_at: str | None = Field(default=None, description="ISO-8601 UTC time of generation.")
    generator: str | None = Field(default=None, description="`offline`, `llm` or `autofix`.")
    model_used: str | None = Field(default=None, description="LLM model, or `rules` for the offline planner.")
    tokens_used: int = Field(default=0, description="LLM tokens spent on this request (0 when cached).")
    generation_time_ms: int = Field(default=0, description="Time the generator took.")
    flow_id: str | None = Field(default=None, description="Stable id of the flow across versions.")
    version: int | None = Field(default=None, description="Version number of this flow (1, 2, …).")
    version_id: str | None = Field(default=None, description="Id of this exact version.")
    cached: bool = Field(default=False, description="Served from the result cache (identical recent brief).")
    persisted: bool = Field(default=True, description="False when the database was down (queued for saving).")
    fallback_reason: str | None = Field(
        default=None, description="Why the LLM was not used when it was expected to be."
    )
    notices: list[str] = Field(default_factory=list, description="Remarks for people (fallback, cache…).")
    understood: list[str] = Field(
        default_factory=list, description="What the planner read from the brief, and what it assumed."
    )


class GenerateFlowResponse(BaseModel):
    """The FlowBuilder flow itself (importable as is) plus metadata and the validation report."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    **_EXAMPLE_FLOW,
                    "metadata": {
                        "generated_at": "2026-01-01T12:00:00+00:00",
                        "generator": "offline",
                        "model_used": "rules",
                        "tokens_used": 0,
                        "generation_time_ms": 12,
                        "flow_id": "f_6c1d2e",
                        "version": 1,
                        "version_id": "v_91ab07",
                        "cached": False,
                        "persisted": True,
                        "fallback_reason": None,
                        "notices": [],
                    },
                    "validation": {"valid": True, "errors": [], "warnings": []},
                }
            ]
        },
    )

    name: str | None = None
    description: str | None = None
    initialStepID: str
    steps: list[dict[str, Any]]
    metadata: FlowMetadata
    validation: ValidationReport


class FixFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"flow": _EXAMPLE_FLOW}, {"flowId": "f_6c1d2e", "version": 2}]}
    )

    flow: dict[str, Any] | None = Field(default=None, description="A FlowBuilder flow to correct.")
    flowId: str | None = Field(
        default=None, min_length=1, max_length=100, description="Or the id of a stored flow."
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="With flowId: that version (default latest)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> FixFlowRequest:
        if (self.flow is None) == (self.flowId is None):
            raise ValueError("give exactly one of `flow` or `flowId`")
        return self


class Change(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    step_id: str | None = None
    path: str | None = None
    before: Any = None
    after: Any = None
    reason: str | None = None


class VersionRef(BaseModel):
    flowId: str | None = Field(default=None, description="Stable id of the flow.")
    version: int | None = Field(default=None, description="Version number created by this call.")
    versionId: str | None = Field(default=None, description="Id of the version created by this call.")


class FixFlowResponse(VersionRef):
    flow: dict[str, Any] = Field(description="The corrected flow.")
    changes: list[Change] = Field(description="The automatic corrections, in order (at most 200).")
    changesTruncated: int = Field(default=0, description="Corrections made but not listed.")
    summary: str
    validation: ValidationReport


class RefineFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"flowId": "f_6c1d2e", "instruction": "make the discount 20%"},
                {"flow": _EXAMPLE_FLOW, "instruction": "add a reminder after 1 day without reply"},
            ]
        }
    )

    instruction: str = Field(description="What to change, in plain language.", max_length=2000)
    flowId: str | None = Field(
        default=None, min_length=1, max_length=100, description="Refine a stored flow…"
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="…at this version (default latest)."
    )
    flow: dict[str, Any] | None = Field(default=None, description="…or refine this flow.")
    baseVersion: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VERSION,
        description="With flowId: the version this edit was made against. When the flow has a newer "
        "version, nothing is saved and the answer is 409 `stale_version` (`details.latestVersion`). "
        "Without it, an edit whose base was overtaken is applied to the newest version.",
    )
    generator: GeneratorChoice | None = None

    @model_validator(mode="after")
    def _one_source(self) -> RefineFlowRequest:
        if (self.flow is None) == (self.flowId is None):
            raise ValueError("give exactly one of `flow` or `flowId`")
        return self


class RefineFlowResponse(VersionRef):
    flow: dict[str, Any] = Field(description="The refined flow (a new version).")
    diff: dict[str, Any] | None = Field(description="Steps added, removed and changed.")
    summary: str
    notices: list[str] = Field(default_factory=list)
    validation: ValidationReport


class StoredFlowResponse(VersionRef):
    name: str | None = None
    createdAt: str | None = None
    action: str | None = Field(default=None, description="generated, refined, fixed, regenerated…")
    generator: str | None = None
    model: str | None = None
    valid: bool | None = None
    approved: bool | None = None
    instruction: str | None = None
    parentVersionId: str | None = None
    flow: dict[str, Any]
    validation: dict[str, Any]


class VersionSummary(BaseModel):
    version: int
    versionId: str
    createdAt: str | None = None
    action: str | None = None
    generator: str | None = None
    valid: bool | None = None
    approved: bool | None = None
    instruction: str | None = None


class VersionList(BaseModel):
    flowId: str
    versions: list[VersionSummary]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    model_config = ConfigDict(extra="allow")

    status: Literal["ready", "degraded", "unavailable"]
    database: dict[str, Any]
    cache: dict[str, Any]
    llm: dict[str, Any]


# =========================================================================== helpers
def _state(request: Request) -> tuple[Settings, Any, ApiMetrics]:
    app_state = request.app.state
    return app_state.settings, app_state.service, app_state.metrics


def _context(caller: Caller) -> RequestContext:
    tenant = caller.tenant or caller.name
    kwargs: dict[str, Any] = {
        "source": "api",
        "workspace_id": tenant,
        "tenant_id": tenant,
        "user_id": caller.name,
        "cross_tenant_read": caller.cross_tenant_read,
    }
    request_id = get_request_id()
    if request_id:
        kwargs["request_id"] = request_id
    return RequestContext(**kwargs)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
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


def _report(report: Report | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, Report) else dict(report)


def _metadata(outcome: Any) -> dict[str, Any]:
    flow = outcome.flow if isinstance(outcome.flow, dict) else {}
    metadata = dict(flow.get("metadata") or {})
    metadata.setdefault("generated_at", _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))
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
    )
    return metadata


def _stored(version: Any) -> dict[str, Any]:
    return {
        "flowId": version.flow_id,
        "version": version.version,
        "versionId": version.version_id,
        "name": version.name,
        "createdAt": _iso(version.created_at),
        "action": version.action,
        "generator": version.generator,
        "model": version.model,
        "valid": version.valid,
        "approved": version.approved,
        "instruction": version.instruction,
        "parentVersionId": version.parent_version_id,
        "flow": version.flow,
        "validation": version.report,
    }


def _check_brief(description: str, limit: int) -> str:
    """The core's boundary check, answered with this API's codes and the broken limit."""
    try:
        return check_brief_text(description, max_chars=limit)
    except BriefInputError as exc:
        details: dict[str, Any] = {"field": "campaignDescription", "max_chars": exc.max_chars}
        if exc.length:
            details["length"] = exc.length
        raise ApiError(400, exc.code, str(exc), details) from None


def _check_generator(settings: Settings, generator: str | None) -> None:
    if generator == "llm" and not settings.llm_enabled:
        raise ApiError(
            503,
            "llm_not_configured",
            "The LLM generator is not configured on this server (OPENAI_API_KEY is unset); "
            "use generator `offline` or `auto`.",
        )


def _flow_schema() -> dict[str, Any]:
    from flowgen_core.format.schema import load_schema

    return load_schema()


# =========================================================================== routes
AUTH_ERRORS = (401, 429)

api = APIRouter(
    prefix=API_PREFIX, tags=["flows"], dependencies=[Depends(require_api_key)], route_class=StrictJSONRoute
)


@api.post(
    "/generateFlow",
    response_model=GenerateFlowResponse,
    response_model_exclude_none=False,
    summary="Generate a flow from a campaign brief",
    responses=error_responses(400, *AUTH_ERRORS, 413, 422, 503),
)
def generate_flow(
    request: Request, body: GenerateFlowRequest, caller: Caller = Depends(require_api_key)
) -> dict[str, Any]:
    """Turn `campaignDescription` into a FlowBuilder flow, validate it and store it as version 1.

    Identical requests (same normalised brief, generator and model) may be answered from the
    result cache; `metadata.cached` says so and `tokens_used` is then 0.
    """
    settings, service, metrics = _state(request)
    description = _check_brief(body.campaignDescription, settings.max_brief_chars)
    _check_generator(settings, body.generator)
    try:
        outcome = service.generate(
            description, context=_context(caller), generator=body.generator, brand_name=body.brandName
        )
    except Exception:
        metrics.observe_failure("generate", body.generator)
        raise
    metrics.observe_outcome("generate", outcome)
    flow = {k: v for k, v in outcome.flow.items() if k != "metadata"}
    return {**flow, "metadata": _metadata(outcome), "validation": _report(outcome.report)}


@api.post(
    "/validateFlow",
    response_model=ValidationReport,
    summary="Validate a flow",
    responses=error_responses(400, *AUTH_ERRORS, 413, 422),
)
def validate_flow(
    request: Request,
    payload: dict[str, Any] = Body(
        description='The FlowBuilder flow itself, or `{"flow": {...}}`.',
        openapi_examples={
            "flow": {"summary": "A flow", "value": _EXAMPLE_FLOW},
            "wrapped": {"summary": "A wrapped flow", "value": {"flow": _EXAMPLE_FLOW}},
        },
    ),
) -> dict[str, Any]:
    """Check a flow against the FlowBuilder schema, its graph and its content; returns the report
    (HTTP 200 even when the flow is invalid — `valid` says whether it is)."""
    _, service, metrics = _state(request)
    flow = payload["flow"] if set(payload) == {"flow"} else payload
    report = service.validate(flow)
    metrics.observe_report(report)
    return _report(report)


@api.post(
    "/fixFlow",
    response_model=FixFlowResponse,
    summary="Apply deterministic corrections to a flow",
    responses=error_responses(400, *AUTH_ERRORS, 403, 404, 409, 413, 422),
)
def fix_flow(
    request: Request, body: FixFlowRequest, caller: Caller = Depends(require_api_key)
) -> dict[str, Any]:
    """Correct what can be corrected without judgement (missing mirrors, ids, defaults…); every
    correction is listed in `changes`. The result is stored as a new version."""
    _, service, metrics = _state(request)
    context = _context(caller)
    version_id = (
        service.get_flow(body.flowId, body.version, context=context).version_id
        if body.flowId is not None
        else None
    )
    outcome = service.fix(context=context, version_id=version_id, flow=body.flow)
    metrics.observe_outcome("fix", outcome)
    return {
        "flowId": outcome.flow_id,
        "version": outcome.version,
        "versionId": outcome.version_id,
        "flow": outcome.flow,
        "changes": [_plain(change) for change in outcome.changes[:MAX_CHANGES_SHOWN]],
        "changesTruncated": max(0, len(outcome.changes) - MAX_CHANGES_SHOWN),
        "summary": outcome.summary,
        "validation": _report(outcome.report),
    }


@api.post(
    "/refineFlow",
    response_model=RefineFlowResponse,
    summary="Change a flow with a plain-language instruction",
    responses=error_responses(400, *AUTH_ERRORS, 403, 404, 409, 413, 422, 503),
)
def refine_flow(
    request: Request, body: RefineFlowRequest, caller: Caller = Depends(require_api_key)
) -> dict[str, Any]:
    """Apply `instruction` to a stored flow (`flowId`, optional `version`) or to a given `flow`;
    the result is a new version with a diff. Instructions that cannot be applied get 422
    `refinement_refused` with suggested phrasings in `details.suggestions`."""
    settings, service, metrics = _state(request)
    instruction = body.instruction.strip()
    if not instruction:
        raise ApiError(400, "instruction_empty", "instruction is empty: say what to change.")
    _check_generator(settings, body.generator)
    context = _context(caller)
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
    return {
        "flowId": outcome.flow_id,
        "version": outcome.version,
        "versionId": outcome.version_id,
        "flow": outcome.flow,
        "diff": _plain(outcome.diff),
        "summary": outcome.summary,
        "notices": list(outcome.notices),
        "validation": _report(outcome.report),
    }


_FLOW_ID = Path(description="The flow id (`metadata.flow_id` of a generated flow).", max_length=100)


@api.get(
    "/flows/{flow_id}",
    response_model=StoredFlowResponse,
    summary="Get a stored flow (latest version, or ?version=N)",
    responses=error_responses(*AUTH_ERRORS, 404, 422),
)
def get_flow(
    request: Request,
    flow_id: str = _FLOW_ID,
    version: int | None = Query(
        default=None, ge=1, le=MAX_VERSION, description="Version number; default the latest."
    ),
    caller: Caller = Depends(require_api_key),
) -> dict[str, Any]:
    _, service, _ = _state(request)
    return _stored(service.get_flow(flow_id, version, context=_context(caller)))


@api.get(
    "/flows/{flow_id}/versions",
    response_model=VersionList,
    summary="List the versions of a flow",
    responses=error_responses(*AUTH_ERRORS, 404, 422),
)
def list_versions(
    request: Request, flow_id: str = _FLOW_ID, caller: Caller = Depends(require_api_key)
) -> dict[str, Any]:
    _, service, _ = _state(request)
    versions = service.list_versions(flow_id, context=_context(caller))
    return {
        "flowId": flow_id,
        "versions": [
            {
                "version": v.version,
                "versionId": v.version_id,
                "createdAt": _iso(v.created_at),
                "action": v.action,
                "generator": v.generator,
                "valid": v.valid,
                "approved": v.approved,
                "instruction": v.instruction,
            }
            for v in versions
        ],
    }


@api.get(
    "/flows/{flow_id}/diagram.png",
    response_class=Response,
    summary="Render a stored flow as a PNG diagram",
    responses={
        200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
        **error_responses(*AUTH_ERRORS, 404, 422, 503),
    },
)
def flow_diagram(
    request: Request,
    flow_id: str = _FLOW_ID,
    version: int | None = Query(
        default=None, ge=1, le=MAX_VERSION, description="Version number; default the latest."
    ),
    caller: Caller = Depends(require_api_key),
) -> Response:
    """Needs Graphviz (`dot`) on the server; without it the answer is 503 `diagram_unavailable`."""
    _, service, _ = _state(request)
    stored = service.get_flow(flow_id, version, context=_context(caller))
    try:
        from flowgen_core.render.diagram import render_png

        png = render_png(stored.flow)
    except ImportError:
        png = None
    if png is None:
        raise ApiError(
            503,
            "diagram_unavailable",
            "Diagram rendering needs Graphviz (`dot`), which is not installed on this server.",
        )
    return Response(content=png, media_type="image/png")


@api.get(
    "/schema",
    response_model=dict[str, Any],
    summary="The FlowBuilder JSON Schema that generated flows satisfy",
    responses=error_responses(*AUTH_ERRORS, 503),
)
def flow_schema() -> dict[str, Any]:
    return _flow_schema()


ops = APIRouter(tags=["operations"])


@ops.get("/health", response_model=Health, summary="Liveness: 200 while the process runs")
def health() -> dict[str, str]:
    return {"status": "ok"}


@ops.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness: database, cache and LLM configuration",
    responses={503: {"model": Readiness, "description": "The database is unavailable"}},
)
def ready(request: Request) -> JSONResponse:
    """503 when the database is down; a cache outage only degrades (the memory cache takes over)."""
    _, service, _ = _state(request)
    try:
        checks = service.readiness()
    except Exception:
        log.exception("readiness check failed")
        checks = {"database": {"ok": False}, "cache": {"ok": False}, "llm": {"configured": False}}
    database_ok = bool(checks.get("database", {}).get("ok"))
    cache_ok = bool(checks.get("cache", {}).get("ok"))
    status = "unavailable" if not database_ok else ("ready" if cache_ok else "degraded")
    body = {"status": status, **checks}
    return JSONResponse(body, status_code=200 if database_ok else 503)


def _metrics_response(request: Request) -> Response:
    _, _, metrics = _state(request)
    payload, content_type = metrics.render()
    return Response(content=payload, media_type=content_type)


_METRICS_DOC = {200: {"content": {"text/plain": {"schema": {"type": "string"}}}}}


def public_metrics_route(router: APIRouter) -> None:
    router.add_api_route(
        "/metrics",
        _metrics_response,
        methods=["GET"],
        response_class=Response,
        responses=_METRICS_DOC,
        summary="Prometheus metrics",
        tags=["operations"],
    )


def _require_metrics_token(request: Request) -> None:
    """`/metrics` behind METRICS_TOKEN: compared in constant time, never rate limited."""
    import hmac

    settings: Settings = request.app.state.settings
    expected = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    presented = request.headers.get("authorization", "")
    scheme, _, token = presented.partition(" ")
    if not (expected and scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), expected)):
        raise ApiError(
            401,
            "invalid_metrics_token",
            "/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.",
            headers={"WWW-Authenticate": "Bearer"},
        )


def token_metrics_route(router: APIRouter) -> None:
    router.add_api_route(
        "/metrics",
        _metrics_response,
        methods=["GET"],
        response_class=Response,
        dependencies=[Depends(_require_metrics_token)],
        responses={**_METRICS_DOC, **error_responses(401)},
        summary="Prometheus metrics (METRICS_TOKEN required)",
        tags=["operations"],
    )


def private_metrics_route(router: APIRouter) -> None:
    router.add_api_route(
        "/metrics",
        _metrics_response,
        methods=["GET"],
        response_class=Response,
        dependencies=[Depends(require_api_key_unlimited)],
        responses={**_METRICS_DOC, **error_responses(401)},
        summary="Prometheus metrics (API key required)",
        tags=["operations"],
    )


# =========================================================================== app
API_DESCRIPTION = """
Turn a marketer's SMS campaign brief into a validated flow in the FlowBuilder JSON format.

**Authentication** — every `/api/v1` route needs an API key, sent as `Authorization: Bearer <key>`
or `X-API-Key: <key>`. Keys come from `FLOWGEN_API_KEYS` or `flowgen apikey create NAME --tenant T`.

**Tenancy** — a key sees only its tenant's flows: another tenant's flow id answers 404. A flow
that is approved is locked (409 `flow_locked`) until it is reopened.

**Limits** — briefs up to `MAX_BRIEF_CHARS` characters (default 4,000; 400 `brief_too_long`
beyond); request bodies up to `MAX_BODY_BYTES` (default 1 MB; 413 beyond); per-key rate limit
`RATE_LIMIT_PER_MINUTE` (default 30; 429 with `Retry-After` beyond).

**Errors** — always `{"error": {"code", "message", "details"}}`; every response carries `X-Request-ID`.
"""


def build_api_app(settings: Settings, service: Any) -> FastAPI:
    """The REST API as a FastAPI app (without middleware; `flowgen_apps.web.create_app` adds that and Slack)."""
    docs = settings.docs_enabled
    app = FastAPI(
        title="flowgen API",
        version="1.0.0",
        description=API_DESCRIPTION,
        responses=error_responses(413, 500),
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.metrics = ApiMetrics()
    app.state.auth = ApiKeyAuth(settings, service)
    install_error_handlers(app)
    app.include_router(ops)
    metrics_router = APIRouter()
    if settings.metrics_token is not None and settings.metrics_token.get_secret_value():
        token_metrics_route(metrics_router)
    elif settings.metrics_public:
        public_metrics_route(metrics_router)
    else:
        private_metrics_route(metrics_router)
    app.include_router(metrics_router)
    app.include_router(api)
    return app


__all__ = ["API_PREFIX", "build_api_app", "error_response"]
