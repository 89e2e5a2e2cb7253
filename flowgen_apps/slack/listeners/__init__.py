"""Every Slack listener is registered here, in one place (`register(app, service)`).

Listeners are module-level functions; what they depend on (the service, its settings, the
background pool) comes from the Bolt context, filled by the `deps.provide` middleware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from flowgen_apps.slack.listeners.actions import register_actions
from flowgen_apps.slack.listeners.commands import register_commands
from flowgen_apps.slack.listeners.delivery import Background, claim_once
from flowgen_apps.slack.listeners.deps import provide
from flowgen_apps.slack.listeners.events import register_events
from flowgen_apps.slack.listeners.views import register_views
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

EVENT_ID_TTL_S = 24 * 3600


def deduplicate_events(
    body: dict[str, Any], request: BoltRequest, service: FlowService, next: Callable[[], Any]
) -> Any:
    """Middleware: an event id is handled once. Slack's retries (X-Slack-Retry-Num) are acked and skipped."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not claim_once(service, f"slack:event:{event_id}", EVENT_ID_TTL_S):
        retry = (request.headers.get("x-slack-retry-num") or [""])[0] or None
        log.info("duplicate event skipped", extra={"event_id": event_id, "retry_num": retry})
        return BoltResponse(status=200, body="")
    return next()


def register(app: App, service: FlowService, *, background: Background | None = None) -> Background:
    """Register every listener; slow work goes to `background` (a new pool when not given)."""
    background = background or Background()
    # First: every later middleware and listener takes its dependencies from the context.
    app.use(provide(service, background))
    app.use(deduplicate_events)
    register_commands(app)
    register_actions(app)
    register_events(app, service)
    register_views(app)
    return background


__all__ = ["deduplicate_events", "register"]
