"""Socket Mode: the app connects out to Slack over a WebSocket (no public URL needed)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.adapter.socket_mode import SocketModeHandler

from flowgen_apps.heap import freeze_startup_heap
from flowgen_apps.slack.app import SlackConfigError, build_app, check_slack_settings, work_pool
from flowgen_apps.slack.listeners.delivery import Background
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)


def build_socket_handler(
    settings: Settings, service: FlowService | None = None, *, background: Background | None = None
) -> SocketModeHandler:
    if settings.slack_app_token is None or not settings.slack_app_token.get_secret_value():
        raise SlackConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token starting with xapp-).")
    service = service or FlowService.from_settings(settings)
    app = build_app(settings, service, socket_mode=True, background=background)
    return SocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value())


def run_socket_mode(settings: Settings, service: FlowService | None = None) -> None:
    """Connect and serve until interrupted (`flowgen bot --socket`), then let the work in flight finish."""
    check_slack_settings(settings, socket_mode=True)
    background = work_pool(settings)
    try:
        handler = build_socket_handler(settings, service, background=background)
        log.info("starting Slack Socket Mode")
        # slack_sdk leaves start() unannotated; typed here so the call is checked like any other.
        start: Callable[[], None] = handler.start
        freeze_startup_heap()
        start()
    finally:
        background.shutdown(wait=True)
