"""Starlette routes that put the Bolt app on HTTP: events, install and OAuth redirect.

Bolt's own Starlette handler calls the synchronous `App.dispatch` on the event loop,
which would stall every other request while one is verified and acknowledged. Here the
dispatch runs in the thread pool, so acks stay fast under concurrent load.
"""

from __future__ import annotations

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def slack_routes(app: App, *, events_path: str = EVENTS_PATH) -> list[Route]:
    """Routes to mount in any Starlette/FastAPI app: POST events_path, plus the OAuth pages."""

    async def events(request: Request) -> Response:
        body = await request.body()
        bolt_request: BoltRequest = to_bolt_request(request, body)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

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
