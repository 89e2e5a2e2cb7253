"""The REST API: FastAPI routes over FlowService, documented at /docs.

This module builds the app; the routes are in `flowgen_apps.api.routes` (one module per
resource), their request and response models in `api.schemas`, and what they depend on
(the API key, the service, the request context) in `api.deps`.
"""

from __future__ import annotations

from fastapi import FastAPI

from flowgen_apps.api.auth import ApiKeyAuth
from flowgen_apps.api.errors import error_response, error_responses, install_error_handlers
from flowgen_apps.api.routes import API_PREFIX, API_ROUTERS, health
from flowgen_apps.api.routes.metrics import metrics_router
from flowgen_apps.metrics import ApiMetrics
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings

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


def build_api_app(settings: Settings, service: FlowService) -> FastAPI:
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
    # Read back by the dependencies in `api.deps`.
    app.state.settings = settings
    app.state.service = service
    app.state.metrics = ApiMetrics()
    app.state.auth = ApiKeyAuth(settings, service)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router(settings))
    for router in API_ROUTERS:
        app.include_router(router)
    return app


__all__ = ["API_PREFIX", "build_api_app", "error_response"]
