"""Stored flows: `GET /api/v1/flows/{id}` (a version), `/versions`, `/diagram.png`; and `GET /api/v1/schema`."""

from __future__ import annotations

from typing import Any

from fastapi import Path, Query
from fastapi.responses import Response

from flowgen_apps.api.deps import ContextDep, ServiceDep
from flowgen_apps.api.errors import AUTH_ERRORS, ApiError, error_responses
from flowgen_apps.api.routes.base import api_v1_router
from flowgen_apps.api.schemas import MAX_VERSION, StoredFlowResponse, VersionList
from flowgen_apps.api.shaping import stored_flow, version_summary
from flowgen_core.format.schema import load_schema

router = api_v1_router()

FLOW_ID = Path(description="The flow id (`metadata.flow_id` of a generated flow).", max_length=100)
VERSION = Query(default=None, ge=1, le=MAX_VERSION, description="Version number; default the latest.")


@router.get(
    "/flows/{flow_id}",
    response_model=StoredFlowResponse,
    summary="Get a stored flow (latest version, or ?version=N)",
    responses=error_responses(*AUTH_ERRORS, 404, 422),
)
def get_flow(
    service: ServiceDep, context: ContextDep, flow_id: str = FLOW_ID, version: int | None = VERSION
) -> dict[str, Any]:
    return stored_flow(service.get_flow(flow_id, version, context=context))


@router.get(
    "/flows/{flow_id}/versions",
    response_model=VersionList,
    summary="List the versions of a flow",
    responses=error_responses(*AUTH_ERRORS, 404, 422),
)
def list_versions(service: ServiceDep, context: ContextDep, flow_id: str = FLOW_ID) -> dict[str, Any]:
    versions = service.list_versions(flow_id, context=context)
    return {"flowId": flow_id, "versions": [version_summary(v) for v in versions]}


@router.get(
    "/flows/{flow_id}/diagram.png",
    response_class=Response,
    summary="Render a stored flow as a PNG diagram",
    responses={
        200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
        **error_responses(*AUTH_ERRORS, 404, 422, 503),
    },
)
def flow_diagram(
    service: ServiceDep, context: ContextDep, flow_id: str = FLOW_ID, version: int | None = VERSION
) -> Response:
    """Needs Graphviz (`dot`) on the server; without it the answer is 503 `diagram_unavailable`."""
    stored = service.get_flow(flow_id, version, context=context)
    try:
        # Imported here: only diagram requests load the renderer.
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


@router.get(
    "/schema",
    response_model=dict[str, Any],
    summary="The FlowBuilder JSON Schema that generated flows satisfy",
    responses=error_responses(*AUTH_ERRORS, 503),
)
def flow_schema() -> dict[str, Any]:
    return load_schema()
