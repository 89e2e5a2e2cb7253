"""Starlette routes that put the Bolt app on HTTP: events, install and OAuth redirect.

Bolt's own Starlette handler calls the synchronous `App.dispatch` on the event loop,
which would stall every other request while one is verified and acknowledged. Here the
dispatch runs in the thread pool, so acks stay fast under concurrent load.

The signature is checked first, on the raw bytes, before anything parses the body: an
unsigned request costs one HMAC over a body the server already caps, and never reaches
Bolt's form/JSON parsing (a malformed or deeply nested payload from an unsigned sender is
a 401, not a parse on the event loop).
"""

from __future__ import annotations

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def _dispatch(app: App, request: Request, body: bytes) -> Response:
    try:
        bolt_request: BoltRequest = to_bolt_request(request, body)
    except (ValueError, RecursionError):  # signed but malformed (or absurdly nested) payload
        return Response("malformed payload", status_code=400, media_type="text/plain")
    return to_starlette_response(app.dispatch(bolt_request))


def slack_routes(app: App, *, signing_secret: str | None, events_path: str = EVENTS_PATH) -> list[Route]:
    """Routes to mount in any Starlette/FastAPI app: POST events_path, plus the OAuth pages.

    Requests whose Slack signature does not verify against `signing_secret` are refused before
    their body is parsed (Bolt verifies too, but only after parsing); None only where Bolt's
    own verification is switched off.
    """
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    async def events(request: Request) -> Response:
        body = await request.body()
        if verifier is not None and not verifier.is_valid_request(body, dict(request.headers)):
            return Response("invalid request signature", status_code=401, media_type="text/plain")
        return await run_in_threadpool(_dispatch, app, request, body)

    routes = [Route(events_path, events, methods=["POST"], name="slack_events")]
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_installation, bolt_request))

        async def oauth_redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

        routes += [
            Route(flow.install_path, install, methods=["GET"], name="slack_install"),
            Route(flow.redirect_uri_path, oauth_redirect, methods=["GET"], name="slack_oauth_redirect"),
        ]
    return routes
