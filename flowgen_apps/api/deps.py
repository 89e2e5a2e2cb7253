"""FastAPI dependencies: the caller (API key), the service, settings and metrics, the request context.

`build_api_app` keeps the settings, the service and the metrics on `app.state`; routes
declare what they need (`service: ServiceDep`, `context: ContextDep`, …) instead of reading
the state themselves.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from flowgen_apps.api.auth import (
    Caller,
    api_key_scheme,
    bearer_scheme,
    require_api_key,
    require_api_key_unlimited,
)
from flowgen_apps.api.errors import ApiError
from flowgen_apps.metrics import ApiMetrics
from flowgen_core.context import RequestContext
from flowgen_core.logging import get_request_id
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings

__all__ = [
    "ApiCall",
    "ApiCallDep",
    "ContextDep",
    "MetricsDep",
    "ServiceDep",
    "SettingsDep",
    "api_call",
    "caller_context",
    "get_metrics",
    "get_service",
    "get_settings",
    "request_context",
    "require_api_key",
    "require_api_key_unlimited",
    "require_metrics_token",
]


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_service(request: Request) -> FlowService:
    service: FlowService = request.app.state.service
    return service


async def get_metrics(request: Request) -> ApiMetrics:
    metrics: ApiMetrics = request.app.state.metrics
    return metrics


def caller_context(caller: Caller) -> RequestContext:
    """The service's view of an API caller: its tenant is its workspace, its key name the user."""
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


async def request_context(caller: Caller = Depends(require_api_key)) -> RequestContext:
    return caller_context(caller)


@dataclass(frozen=True, slots=True)
class ApiCall:
    """What a route needs for one call, from one dependency: settings, service, metrics, context."""

    settings: Settings
    service: FlowService
    metrics: ApiMetrics
    context: RequestContext


async def api_call(request: Request, response: Response) -> ApiCall:
    """FastAPI dependency: the call's settings, service, metrics and request context in one node.

    FastAPI solves every dependency node on every request, and a cached one (the API key check
    behind `ContextDep`) still solves its own sub-dependencies again; four separate
    dependencies made a `generateFlow` request solve eleven nodes. On an `api_v1_router` route
    the router's `require_api_key` has already authenticated the caller and counted its rate
    limit (`request.state.api_caller`); elsewhere this authenticates here, once.
    """
    caller: Caller | None = getattr(request.state, "api_caller", None)
    if caller is None:
        caller = await require_api_key(
            request, response, await bearer_scheme(request), await api_key_scheme(request)
        )
    state = request.app.state
    return ApiCall(state.settings, state.service, state.metrics, caller_context(caller))


def require_metrics_token(request: Request) -> None:
    """`/metrics` behind METRICS_TOKEN: compared in constant time, never rate limited."""
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


# The dependencies above are `async def` although they never await: FastAPI runs a plain
# `def` dependency in the threadpool, a hop per dependency per request for a dict lookup.
SettingsDep = Annotated[Settings, Depends(get_settings)]
ServiceDep = Annotated[FlowService, Depends(get_service)]
MetricsDep = Annotated[ApiMetrics, Depends(get_metrics)]
ContextDep = Annotated[RequestContext, Depends(request_context)]
ApiCallDep = Annotated[ApiCall, Depends(api_call)]
