"""Events: thread replies (refinements), mentions and DMs (new flows), App Home, assistant threads.

Each listener reads the event, schedules the work in the background pool and returns; the
work itself is in `flowgen_apps.slack.listeners.messages`. A `.json` file shared in a DM,
with a mention, or in a flow's thread is validated, not read as a brief or an instruction.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from flowgen_apps.slack import blocks
from flowgen_apps.slack.admins import is_workspace_admin
from flowgen_apps.slack.files import json_files
from flowgen_apps.slack.listeners.assistant import build_assistant
from flowgen_apps.slack.listeners.commands import history_entries
from flowgen_apps.slack.listeners.delivery import Background, Where, slack_context
from flowgen_apps.slack.listeners.messages import (
    generate_here,
    handle_message,
    strip_mentions,
    validate_shared_file,
)
from flowgen_core.context import RequestContext
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

__all__ = [
    "handle_mention",
    "is_admin",
    "on_home_opened",
    "on_mention",
    "on_message",
    "publish_home",
    "register_events",
    "strip_mentions",
    "validate_shared_file",
]


def is_admin(client: WebClient, user_id: str, team_id: str | None = None) -> bool:
    return is_workspace_admin(client, user_id, team_id=team_id)


def publish_home(client: WebClient, service: FlowService, ctx: RequestContext) -> None:
    entries = history_entries(client, service, ctx, limit=15)
    view = blocks.home_view(
        entries,
        service.workspace_settings(ctx.workspace_id),
        can_edit_settings=is_admin(client, ctx.user_id, ctx.workspace_id),
    )
    client.views_publish(user_id=ctx.user_id, view=view)


def on_message(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    background: Background,
) -> None:
    """Messages from people in DMs and flow threads; bots, edits and joins are not instructions."""
    if event.get("bot_id") or not event.get("user"):
        return  # bot posts (ours included) are not instructions
    subtype = event.get("subtype")
    if subtype and subtype != "thread_broadcast" and not (subtype == "file_share" and json_files(event)):
        return  # edits, joins and other shared files are not instructions
    # One conversation's messages are handled one after another, in the order sent.
    conversation = f"{event.get('channel')}:{event.get('thread_ts') or event.get('ts')}"
    background.submit_in_order(conversation, handle_message, event, client, context, service)


def on_mention(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    background: Background,
) -> None:
    background.submit(handle_mention, event, client, context, service)


def handle_mention(
    event: dict[str, Any], client: WebClient, context: BoltContext, service: FlowService
) -> None:
    """A mention outside a flow's thread: a shared `.json` file is checked, anything else is a brief."""
    channel, ts = event["channel"], event["ts"]
    thread_ts = event.get("thread_ts")
    ctx = slack_context(context.team_id or event.get("team"), event.get("user"), channel, thread_ts)
    if thread_ts and service.latest_for_thread(context=ctx) is not None:
        return  # a mention inside a flow's thread is a reply: the message listener handles it
    # The flow's thread is rooted at the mention.
    where = Where(channel, thread_ts=thread_ts or ts)
    shared_json = json_files(event)
    if shared_json:
        validate_shared_file(client, service, ctx, where, shared_json[0])
        return
    generate_here(client, service, ctx, where, strip_mentions(event.get("text")))


def on_home_opened(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    background: Background,
) -> None:
    if event.get("tab", "home") != "home":
        return
    background.submit(publish_home, client, service, slack_context(context.team_id, event["user"]))


def ignore(event: dict[str, Any]) -> None:
    return None


def single_workspace_uninstalled(event: dict[str, Any]) -> None:
    log.warning("the app was uninstalled or its tokens revoked; SLACK_BOT_TOKEN no longer works")


def register_events(app: App, service: FlowService) -> None:
    # Assistant threads first: the middleware takes the messages of real assistant threads only.
    app.use(build_assistant(service))
    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
    app.event("app_home_opened")(on_home_opened)
    app.event("assistant_thread_context_changed")(ignore)
    if app.installation_store is not None:
        # Bolt's stock listeners delete the workspace's installations from the store.
        app.event("app_uninstalled")(app.default_app_uninstalled_event_listener())
        app.event("tokens_revoked")(app.default_tokens_revoked_event_listener())
    else:
        app.event("app_uninstalled")(single_workspace_uninstalled)
        app.event("tokens_revoked")(single_workspace_uninstalled)
