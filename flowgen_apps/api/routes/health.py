"""`GET /health` (liveness) and `GET /ready` (database, cache and LLM configuration)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from flowgen_apps.api.deps import ServiceDep
from flowgen_apps.api.schemas import Health, Readiness

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=Health, summary="Liveness: 200 while the process runs")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness: database, cache and LLM configuration",
    responses={503: {"model": Readiness, "description": "The database is unavailable"}},
)
def ready(service: ServiceDep) -> JSONResponse:
    """503 when the database is down; a cache outage only degrades (the memory cache takes over)."""
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
