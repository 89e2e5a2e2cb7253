"""Build the Bolt app from settings and a FlowService: one place for every Slack option.

The same app serves HTTP (`flowgen_apps.slack.http.slack_routes`) and Socket Mode
(`flowgen_apps.slack.socket.run_socket_mode`). Single-workspace mode uses SLACK_BOT_TOKEN;
multi-workspace mode (SLACK_CLIENT_ID + SLACK_CLIENT_SECRET) installs through OAuth into
the SQLAlchemy installation store on DATABASE_URL.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from flowgen_apps.slack.generation import GenerationPool
from flowgen_apps.slack.listeners import register
from flowgen_apps.slack.listeners.delivery import Background
from flowgen_apps.slack.oauth import build_oauth_settings, oauth_enabled
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

# Bolt runs acks and quick listeners here; slow work goes to flowgen_apps.slack.listeners.delivery.Background.
LISTENER_THREADS = 16
WORK_THREADS = 16


def work_pool(settings: Settings) -> Background:
    """The post-ack pool sized for this machine and generator.

    The offline generator is CPU work: it runs in SLACK_GENERATION_PROCESSES low-priority
    worker processes, so no generation holds the server's GIL while it answers Slack; the
    generations wait their turn in the pool's queue (first come, first previewed). With 0
    processes they run in the work threads, one per core at a time. An LLM generator mostly
    waits on the network, so its generations run in the work threads, bounded by their number
    only. Diagrams get one low-priority thread per core.
    """
    cores = os.cpu_count() or 2
    offline = settings.resolved_generator() == "offline"
    processes = settings.slack_generation_processes if offline else 0
    generations = (
        GenerationPool(
            processes,
            nice=settings.slack_generation_nice,
            timeout_s=settings.slack_generation_timeout_s,
            log_level=settings.log_level,
            log_json=settings.log_json,
        )
        if processes
        else None
    )
    return Background(
        max_workers=WORK_THREADS,
        generation_slots=cores if offline and not processes else None,
        diagram_workers=cores,
        generations=generations,
    )


class SlackConfigError(RuntimeError):
    """The Slack settings can't make a working app; the message says which variable to set."""


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    text = getter() if getter else value
    return str(text) if text else None


def check_slack_settings(settings: Settings, *, socket_mode: bool = False) -> None:
    """Raise SlackConfigError, naming the variable to set, when the settings can't make a working app."""
    if not _secret(settings.slack_signing_secret) and not socket_mode:
        raise SlackConfigError("SLACK_SIGNING_SECRET is required to receive Slack requests over HTTP.")
    if not oauth_enabled(settings) and not _secret(settings.slack_bot_token):
        raise SlackConfigError(
            "Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth installs)."
        )


def build_app(
    settings: Settings,
    service: FlowService,
    *,
    socket_mode: bool = False,
    background: Background | None = None,
) -> App:
    """The Bolt app with every listener registered (see `flowgen_apps.slack.listeners.register`).

    `background` is the pool for post-ack work; pass one to be able to drain it on shutdown.
    When it has a pool of generation processes, the listeners' service runs its generations there.
    """
    check_slack_settings(settings, socket_mode=socket_mode)
    signing_secret = _secret(settings.slack_signing_secret)
    bot_token = _secret(settings.slack_bot_token)
    oauth_settings = build_oauth_settings(settings) if oauth_enabled(settings) else None
    # base_url points every Web API call (and each per-request client Bolt derives) at Slack or a stub.
    client = WebClient(token=None if oauth_settings else bot_token, base_url=settings.slack_api_url)
    app = App(
        name="flowgen",
        signing_secret=signing_secret or "",
        client=client,
        oauth_settings=oauth_settings,
        request_verification_enabled=not socket_mode,
        # auth.test runs on the first request instead: a Slack outage at start-up must not stop the server.
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="flowgen-slack"
        ),
    )
    background = background or work_pool(settings)
    if background.generations is not None:
        service = service.with_generation_runner(background.generations)
    register(app, service, background=background)
    log.info("slack app ready", extra={"mode": "oauth" if oauth_settings else "single-workspace"})
    return app
