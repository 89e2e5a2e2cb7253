"""`GET /metrics` (Prometheus): public, behind METRICS_TOKEN, or behind an API key (the default)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from flowgen_apps.api.deps import MetricsDep, require_api_key_unlimited, require_metrics_token
from flowgen_apps.api.errors import error_responses
from flowgen_core.settings import Settings

METRICS_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {"schema": {"type": "string"}}}}
}


def _metrics_response(metrics: MetricsDep) -> Response:
    payload, content_type = metrics.render()
    return Response(content=payload, media_type=content_type)


def public_metrics_route(router: APIRouter) -> None:
    router.add_api_route(
        "/metrics",
        _metrics_response,
        methods=["GET"],
        response_class=Response,
        responses=METRICS_DOC,
        summary="Prometheus metrics",
        tags=["operations"],
    )


def token_metrics_route(router: APIRouter) -> None:
    router.add_api_route(
        "/metrics",
        _metrics_response,
        methods=["GET"],
        response_class=Response,
        dependencies=[Depends(require_metrics_token)],
        responses={**METRICS_DOC, **error_responses(401)},
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
        responses={**METRICS_DOC, **error_responses(401)},
        summary="Prometheus metrics (API key required)",
        tags=["operations"],
    )


def metrics_router(settings: Settings) -> APIRouter:
    """The one `/metrics` route the settings ask for: a token wins over public, else an API key."""
    router = APIRouter()
    if settings.metrics_token is not None and settings.metrics_token.get_secret_value():
        token_metrics_route(router)
    elif settings.metrics_public:
        public_metrics_route(router)
    else:
        private_metrics_route(router)
    return router
