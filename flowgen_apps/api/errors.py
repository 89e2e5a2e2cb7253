"""The REST API's error envelope: `{"error": {"code", "message", "details"}}`, never a traceback.

Every failure a client can see goes through here, so the shape and the status codes are
decided in one place: 400 malformed input, 401 auth, 403 the change policy forbids it, 404
unknown ids (or another tenant's), 409 busy or locked, 413 body too large, 422 well-formed but unusable input, 429 rate limited, 503 cannot proceed now.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from flowgen_core.errors import (
    BusyError,
    FlowgenError,
    FlowLockedError,
    GenerationError,
    LLMError,
    NotABriefError,
    NotFoundError,
    PermissionDeniedError,
    RefinementRefused,
    StaleVersionError,
    UnsupportedLanguageError,
)
from flowgen_core.io import InputError
from flowgen_core.logging import get_request_id
from flowgen_core.service.store import StoreUnavailable

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable error code.", examples=["invalid_brief"])
    message: str = Field(description="What went wrong, written for people.")
    details: Any = Field(default=None, description="Structured context (field errors, limits, suggestions).")


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """An error the API answers deliberately, with its status, code and optional headers."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


class BodyRejected(StarletteHTTPException):
    """A request body that is JSON but carries values that cannot be stored (see flowgen_apps.api.json_body)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, detail=message)


def error_payload(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_payload(code, message, details), status_code=status, headers=headers)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # `input` and `ctx` can echo whole request bodies (or exceptions); keep location, message, type.
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


async def _on_api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    if any(err["type"] == "json_invalid" for err in errors):
        return error_response(400, "malformed_json", "The request body is not valid JSON.", errors)
    return error_response(422, "invalid_request", "The request body or parameters are invalid.", errors)


async def _on_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = _STATUS_CODES.get(status, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    if isinstance(exc, BodyRejected):
        code = "invalid_json_value"
    if status == 404 and message == "Not Found":
        message = "No such route."
    if status == 400 and message == "There was an error parsing the body":
        # FastAPI's answer when the JSON parser itself fails (e.g. RecursionError).
        code, message = "malformed_json", "The request body could not be parsed as JSON."
    return error_response(status, code, message, headers=dict(exc.headers or {}))


async def _on_flowgen_error(_: Request, exc: Exception) -> JSONResponse:
    message = str(exc)
    if isinstance(exc, NotFoundError):
        return error_response(404, "not_found", message)
    if isinstance(exc, RefinementRefused):
        return error_response(422, "refinement_refused", message, {"suggestions": exc.suggestions})
    if isinstance(exc, StoreUnavailable):
        return error_response(503, "database_unavailable", message, headers={"Retry-After": "10"})
    if isinstance(exc, StaleVersionError):
        return error_response(409, "stale_version", message, {"latestVersion": exc.latest_version})
    if isinstance(exc, BusyError):
        return error_response(409, "busy", message, headers={"Retry-After": "5"})
    if isinstance(exc, PermissionDeniedError):
        return error_response(403, "permission_denied", message)
    if isinstance(exc, FlowLockedError):
        return error_response(409, "flow_locked", message)
    return error_response(422, "unprocessable", message)


async def _on_generation_error(_: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, NotABriefError):
        return error_response(422, "not_a_brief", str(exc), {"examples": exc.examples})
    if isinstance(exc, UnsupportedLanguageError):
        return error_response(422, "unsupported_language", str(exc), {"language": exc.language})
    return error_response(400, "invalid_brief", str(exc))


async def _on_llm_error(_: Request, exc: Exception) -> JSONResponse:
    log.warning("generation unavailable: %s", exc)
    return error_response(
        503, "generation_unavailable", "The generator could not produce a flow right now; try again later."
    )


async def _on_input_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(400, "invalid_flow_json", str(exc))


async def _on_database_error(_: Request, exc: Exception) -> JSONResponse:
    # the store (SQLAlchemy) is imported only when a database error actually reaches a client
    from flowgen_core.service.store.repository import is_outage

    if not is_outage(exc):
        # A statement the database refused is a bug or an input the checks missed, not an outage.
        log.error("database error: %s", exc.__class__.__name__, exc_info=exc)
        return JSONResponse(internal_error_payload(), status_code=500)
    log.error("database unavailable: %s", exc.__class__.__name__)
    return error_response(
        503,
        "database_unavailable",
        "The database is unavailable; try again shortly.",
        headers={"Retry-After": "10"},
    )


def internal_error_payload() -> dict[str, Any]:
    request_id = get_request_id()
    return error_payload(
        "internal_error",
        "An unexpected error occurred. Quote the request id when reporting it.",
        {"request_id": request_id},
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the envelope for every error class the API can raise (the catch-all is in middleware)."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(GenerationError, _on_generation_error)
    app.add_exception_handler(LLMError, _on_llm_error)
    app.add_exception_handler(InputError, _on_input_error)
    app.add_exception_handler(FlowgenError, _on_flowgen_error)
    app.add_exception_handler(sqlalchemy.exc.OperationalError, _on_database_error)


_DOCUMENTED_HEADERS: dict[int, dict[str, Any]] = {
    429: {
        "Retry-After": {"description": "Seconds until the key may send again.", "schema": {"type": "integer"}}
    },
}


# Every route behind an API key can answer these (a missing or wrong key; the key's rate limit).
AUTH_ERRORS = (401, 429)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the envelope (and headers) for the given statuses."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": ErrorEnvelope, "description": HTTPStatus(status).phrase}
        if status in _DOCUMENTED_HEADERS:
            entry["headers"] = _DOCUMENTED_HEADERS[status]
        responses[status] = entry
    return responses
