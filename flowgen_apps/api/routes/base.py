"""The router every `/api/v1` resource module starts from."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from flowgen_apps.api.deps import require_api_key
from flowgen_apps.api.json_body import StrictJSONRoute

API_PREFIX = "/api/v1"


def api_v1_router() -> APIRouter:
    """`/api/v1` routes behind an API key, with strict JSON bodies.

    Each resource module carries the full prefix itself (rather than being nested in one
    parent router) so that a matched route's `path` is the whole template, which the request
    metrics label routes with.
    """
    return APIRouter(
        prefix=API_PREFIX,
        tags=["flows"],
        dependencies=[Depends(require_api_key)],
        route_class=StrictJSONRoute,
    )
