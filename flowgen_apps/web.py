"""One ASGI app: the REST API, and the Slack routes when Slack is configured.

`create_app` is the uvicorn factory (`uvicorn flowgen_apps.web:create_app --factory`). The request
middleware here is pure ASGI (not `BaseHTTPMiddleware`) so it wraps everything — the API,
the Slack routes and error responses — with one correlation id, one body-size limit, one
set of request metrics and one catch-all that never lets a traceback reach a client.

Nothing that grows faster than the body runs before authentication: an `/api/` request's
key is checked before its body is read (the size limit applies while reading, the linear
depth scan after), and security headers go on every response.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowgen_apps.api.app import build_api_app
from flowgen_apps.api.errors import ApiError, error_payload, internal_error_payload
from flowgen_apps.heap import freeze_startup_heap
from flowgen_apps.metrics import UNMATCHED_ROUTE, ApiMetrics
from flowgen_core.io import max_nesting_depth
from flowgen_core.logging import bind_request_id, clean_request_id, configure_logging, reset_request_id
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings, get_settings

log = logging.getLogger("flowgen.http")

REQUEST_ID_HEADER = "x-request-id"


# Far deeper than any FlowBuilder flow (about 8 levels); deep enough input would otherwise
# reach recursion limits in validation, storage or serialisation.
MAX_JSON_DEPTH = 64
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
# Bodies larger than this are scanned in a worker thread, so the event loop keeps answering.
_SCAN_INLINE_BYTES = 64_000
_API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The interactive docs load Swagger UI / ReDoc from jsDelivr with inline bootstrapping.
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src blob:; connect-src 'self'; frame-ancestors 'none'"
)
# The Slack install page shows Slack's "Add to Slack" button image.
_SLACK_CSP = "default-src 'none'; img-src https:; style-src 'unsafe-inline'; frame-ancestors 'none'"


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    if path in ("/docs", "/redoc") or path.startswith("/docs/"):
        csp = _DOCS_CSP
    elif path.startswith("/slack/"):
        csp = _SLACK_CSP
    else:
        csp = _API_CSP
    return [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"content-security-policy", csp.encode("latin-1")),
    ]


def _presented_key(headers: dict[str, str]) -> str | None:
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return headers.get("x-api-key", "").strip() or None


_TOO_DEEP_PAYLOAD = error_payload(
    "json_too_deep",
    f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.",
    {"max_depth": MAX_JSON_DEPTH},
)


def _replay(body: bytes, pending: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands the app the already-read body, then whatever comes next."""
    queue: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *pending]

    async def replay_receive() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay_receive


class ConnectionAges:
    """When this process first saw each kept-alive client connection; says when to close one.

    Web processes started with `--workers N` share one listening socket, and a connection
    stays with the process that accepted it. Clients that open their connections together
    (a pool warming up, a proxy) can all land on one process while the others idle. A
    connection older than `max_age_s` is therefore closed after its next response
    (`Connection: close`, as gRPC's "max connection age"): the client reconnects, and the
    process that accepts first, usually the least busy one, takes it. One reconnect per
    connection per `max_age_s` costs next to nothing; `max_age_s <= 0` never closes one.

    A connection is known by its client address and port (unique while it is open). Entries
    of connections the client closed are swept once `max_tracked` are held.
    """

    def __init__(
        self, max_age_s: float, *, max_tracked: int = 4096, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_age_s = max_age_s
        self.max_tracked = max_tracked
        self._clock = clock
        self._first_seen: dict[tuple[Any, ...], float] = {}

    def close_after_response(self, scope: Scope) -> bool:
        """True when the connection of this request has served long enough (HTTP/1.1 only)."""
        client = scope.get("client")
        if self.max_age_s <= 0 or not client or scope.get("http_version") != "1.1":
            return False
        key = (*client, *(scope.get("server") or ()))
        now = self._clock()
        first = self._first_seen.get(key)
        if first is None:
            if len(self._first_seen) >= self.max_tracked:
                self._sweep(now)
            self._first_seen[key] = now
            return False
        if now - first < self.max_age_s:
            return False
        del self._first_seen[key]
        return True

    def _sweep(self, now: float) -> None:
        # An entry past the age is a closed connection or one that would be closed next: a live
        # one is seen again as new, so it is closed one age later than it would have been.
        self._first_seen = {k: t for k, t in self._first_seen.items() if now - t < self.max_age_s}
        if len(self._first_seen) >= self.max_tracked:
            self._first_seen.clear()

    def __len__(self) -> int:
        return len(self._first_seen)


class RequestMiddleware:
    """Correlation id, body-size limit, request metrics, access log and the catch-all error handler."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        metrics: ApiMetrics,
        auth: Any = None,
        add_security_headers: bool = True,
        connection_max_age_s: float = 0.0,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.auth = auth  # flowgen_apps.api.auth.ApiKeyAuth: checks /api/ keys before any body is read
        self.add_security_headers = add_security_headers
        self.connections = ConnectionAges(connection_max_age_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        request_id = clean_request_id(headers.get(REQUEST_ID_HEADER))
        token = bind_request_id(request_id)
        started = time.perf_counter()
        status_holder = {"status": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                message.setdefault("headers", [])
                extra = [(b"x-request-id", request_id.encode("latin-1"))]
                if self.add_security_headers:
                    extra += security_headers(scope.get("path", ""))
                if self.connections.close_after_response(scope):
                    extra.append((b"connection", b"close"))
                replaced = {name for name, _ in extra}
                message["headers"] = [
                    *[(k, v) for k, v in message["headers"] if k.lower() not in replaced],
                    *extra,
                ]
            await send(message)

        try:
            if self._declared_too_large(headers):
                await self._send_json(send_with_id, 413, self._too_large_payload())
                return
            is_api = scope.get("path", "").startswith("/api/")
            if scope.get("method") not in _BODYLESS_METHODS:
                if (
                    is_api
                    and self.auth is not None
                    and not await self._authenticated(scope, headers, send_with_id)
                ):
                    return
                body, pending = await self._read_body(receive)
                if body is None:
                    await self._send_json(send_with_id, 413, self._too_large_payload())
                    return
                if is_api and await self._too_deep(body):
                    await self._send_json(send_with_id, 400, _TOO_DEEP_PAYLOAD)
                    return
                receive = _replay(body, pending, receive)
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error", extra={"path": scope.get("path"), "method": scope.get("method")})
            if not status_holder["started"]:
                await self._send_json(send_with_id, 500, internal_error_payload())
            # A response already under way cannot be replaced: the client sees a cut stream.
        finally:
            elapsed = time.perf_counter() - started
            route = self._route_template(scope)
            method = scope.get("method", "GET")
            status = int(status_holder["status"])
            self.metrics.observe_request(method, route, status, elapsed)
            log.info(
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            reset_request_id(token)

    # -- authentication before the body ----------------------------------------------
    async def _authenticated(self, scope: Scope, headers: dict[str, str], send: Send) -> bool:
        """Check the API key; answer 401/429 and stop if it fails.

        An environment key is matched in memory on the event loop; any other key is looked up
        in the database, so in a thread.
        """
        presented = _presented_key(headers)
        try:
            caller = self.auth.env_caller(presented)
            if caller is None:
                caller = await anyio.to_thread.run_sync(self.auth.authenticate, presented)
        except ApiError as exc:
            await self._send_json(
                send, exc.status, error_payload(exc.code, exc.message, exc.details), exc.headers
            )
            return False
        # Starlette's request.state reads scope["state"]: the route's dependency reuses this caller.
        scope.setdefault("state", {})["caller"] = caller
        return True

    @staticmethod
    async def _too_deep(body: bytes) -> bool:
        if len(body) <= _SCAN_INLINE_BYTES:
            return max_nesting_depth(body) > MAX_JSON_DEPTH
        return await anyio.to_thread.run_sync(max_nesting_depth, body) > MAX_JSON_DEPTH

    # -- body checks ----------------------------------------------------------------
    def _declared_too_large(self, headers: dict[str, str]) -> bool:
        try:
            return int(headers.get("content-length", "")) > self.max_body_bytes
        except ValueError:
            return False

    async def _read_body(self, receive: Receive) -> tuple[bytes | None, list[Message]]:
        """The whole body, or None once the streamed bytes pass the limit (whatever Content-Length said).

        Buffering is bounded by the limit itself: a client cannot make the server hold more
        than MAX_BODY_BYTES. A disconnect seen while reading is handed on after the body.
        """
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks), [message]
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None, []
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), []

    def _too_large_payload(self) -> dict[str, Any]:
        limit = self.max_body_bytes
        return error_payload(
            "payload_too_large",
            f"The request body is larger than the limit of {limit:,} bytes (MAX_BODY_BYTES).",
            {"max_body_bytes": limit},
        )

    # -- helpers --------------------------------------------------------------------
    @staticmethod
    def _route_template(scope: Scope) -> str:
        route = scope.get("route")
        path = getattr(route, "path", None)
        if isinstance(path, str):
            return path
        if scope.get("path", "").startswith("/slack/"):
            return "/slack/*"
        return UNMATCHED_ROUTE

    @staticmethod
    async def _send_json(
        send: Send, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        body = json.dumps(payload).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *[(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()],
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _slack_configured(settings: Settings) -> bool:
    secret = settings.slack_signing_secret
    return (
        bool(secret and secret.get_secret_value())
        and importlib.util.find_spec("flowgen_apps.slack.http") is not None
    )


def _mount_slack(app: Any, settings: Settings, service: Any) -> bool:
    """Add Bolt's routes (/slack/events, /slack/install, /slack/oauth_redirect); False if misconfigured."""
    # Imported here: Bolt and the listeners load only when Slack is configured.
    from flowgen_apps.slack.app import SlackConfigError, build_app, check_slack_settings, work_pool
    from flowgen_apps.slack.http import slack_routes

    try:
        check_slack_settings(settings)
    except SlackConfigError as exc:
        # A half-configured Slack app must not take the REST API down with it.
        log.error("Slack routes not mounted: %s", exc)
        return False
    background = work_pool(settings)
    bolt_app = build_app(settings, service, background=background)
    # On shutdown the Slack work in flight finishes, then the generation processes stop.
    app.router.on_shutdown.append(background.shutdown)
    secret = settings.slack_signing_secret
    app.router.routes.extend(
        slack_routes(bolt_app, signing_secret=secret.get_secret_value() if secret else None)
    )
    return True


def create_app(settings: Settings | None = None, service: Any = None) -> Any:
    """The deployable ASGI app (uvicorn factory). Builds the FlowService from settings when not given."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json, replace=False)
    if service is None:
        service = FlowService.from_settings(settings)
    app = build_api_app(settings, service)
    if _slack_configured(settings):
        _mount_slack(app, settings, service)
    # Once the server has started, what it built is kept out of the garbage collector's way.
    app.router.on_startup.append(freeze_startup_heap)
    app.add_middleware(
        RequestMiddleware,
        max_body_bytes=settings.max_body_bytes,
        metrics=app.state.metrics,
        auth=app.state.auth,
        add_security_headers=settings.security_headers,
        connection_max_age_s=settings.connection_max_age_s,
    )
    return app


__all__ = ["ConnectionAges", "RequestMiddleware", "create_app", "freeze_startup_heap"]
