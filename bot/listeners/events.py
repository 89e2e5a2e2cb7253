"""Events: thread replies (refinements), mentions and DMs (new flows), App Home, assistant threads.

A `.json` file shared in a DM, with a mention, or in a flow's thread is validated (slash
commands can't carry files), not read as a brief or an instruction.

Thread state comes from our database (`service.latest_for_thread`), never from
re-reading the thread in Slack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.admins import is_workspace_admin
from bot.listeners.commands import HELP_WORDS, history_entries, validation_answer
from bot.listeners.delivery import (
    Background,
    Where,
    error_text,
    post_message,
    refine_in_thread,
    run_and_deliver,
    slack_context,
)
from bot.mrkdwn import escape, to_plain
from bot.slack_files import MAX_FILE_BYTES, download_file, file_name, json_files
from flowgen_core.context import RequestContext
from flowgen_core.io import InputError, parse_json_text
from flowgen_core.service import FlowService

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str | None) -> str:
    """Message text without mentions of the bot, as plain text (links and entities unescaped)."""
    return " ".join(to_plain(_MENTION.sub(" ", text or "")).split())


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


def _status_setter(client: WebClient, channel: str, thread_ts: str) -> Callable[[str], None]:
    """The assistant 'thinking' status for an assistant thread ('' clears it)."""

    def set_status(status: str) -> None:
        try:
            client.assistant_threads_setStatus(channel_id=channel, thread_ts=thread_ts, status=status)
        except SlackApiError:  # a status is a courtesy; never fail the flow for it
            log.debug("assistant status not set", exc_info=True)

    return set_status


def validate_shared_file(
    client: WebClient, service: FlowService, ctx: RequestContext, where: Where, file: dict[str, Any]
) -> None:
    """Download a shared `.json` file, validate it and answer in `where` (with a Fix button)."""
    name = file_name(file)
    try:
        if file.get("file_access") == "check_file_info" and file.get("id"):
            # Some file_share events carry a stub of the file; its details need files.info.
            file = client.files_info(file=file["id"])["file"]
        data = download_file(file, token=client.token, api_base_url=client.base_url, max_bytes=MAX_FILE_BYTES)
        flow = parse_json_text(data, max_bytes=MAX_FILE_BYTES, expect_object=True)
        text, payload = validation_answer(service, flow, tenant=ctx.tenant)
    except InputError as exc:
        message = f"I couldn't read {name}: {exc}"
        text = escape(message)
        payload = blocks.error_blocks(
            message, next_step="Upload a FlowBuilder flow saved as a `.json` file (up to 1 MB)."
        )
    except Exception as exc:
        text, payload = error_text(exc, ctx)
    post_message(client, where, text=text, blocks_=payload, user_id=ctx.user_id)


def register_events(app: App, service: FlowService, background: Background) -> None:
    def generate_here(
        client: WebClient,
        ctx: RequestContext,
        where: Where,
        brief: str,
        *,
        status: Callable[[str], None] | None = None,
    ) -> None:
        if not brief or brief.lower() in HELP_WORDS:
            post_message(client, where, text="How to use flowgen", blocks_=blocks.help_blocks())
            return
        run_and_deliver(
            client,
            service,
            ctx,
            where,
            lambda c: service.generate(brief, context=c),
            placeholder=brief,
            status=status,
        )

    def on_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or not event.get("user"):
            return  # bot posts (ours included) are not instructions
        if event.get("subtype") and not (event["subtype"] == "file_share" and json_files(event)):
            return  # edits, joins and other shared files are not instructions
        # One conversation's messages are handled one after another, in the order sent.
        conversation = f"{event.get('channel')}:{event.get('thread_ts') or event.get('ts')}"
        background.submit_in_order(conversation, handle_message, event, client, context)

    def handle_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts")
        text = (event.get("text") or "").strip()
        ctx = slack_context(context.team_id or event.get("team"), event["user"], channel, thread_ts)
        shared_json = json_files(event)
        if thread_ts and thread_ts != ts:
            if service.latest_for_thread(context=ctx) is not None:
                if shared_json:
                    # A flow file in a flow's thread is checked, not read as an instruction.
                    validate_shared_file(
                        client, service, ctx, Where(channel, thread_ts=thread_ts), shared_json[0]
                    )
                    return
                if not strip_mentions(text):
                    return  # an emoji-only or file-only reply is not an instruction
                try:
                    client.reactions_add(channel=channel, timestamp=ts, name="eyes")
                except SlackApiError:
                    log.debug("reaction not added", exc_info=True)
                refine_in_thread(
                    client, service, ctx, Where(channel, thread_ts=thread_ts), strip_mentions(text)
                )
                return
            if event.get("channel_type") == "im":
                if shared_json:
                    validate_shared_file(
                        client, service, ctx, Where(channel, thread_ts=thread_ts), shared_json[0]
                    )
                    return
                # An assistant thread (or a DM thread) with no flow yet: the message is a brief.
                generate_here(
                    client,
                    ctx,
                    Where(channel, thread_ts=thread_ts),
                    strip_mentions(text),
                    status=_status_setter(client, channel, thread_ts),
                )
            return
        if event.get("channel_type") == "im":
            if shared_json:
                validate_shared_file(client, service, ctx, Where(channel), shared_json[0])
                return
            # Slack sends no app_mention for DMs, so a DM is a brief with or without a mention.
            generate_here(client, ctx, Where(channel), strip_mentions(text))

    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        background.submit(handle_mention, event, client, context)

    def handle_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts")
        ctx = slack_context(context.team_id or event.get("team"), event.get("user"), channel, thread_ts)
        if thread_ts and service.latest_for_thread(context=ctx) is not None:
            return  # a mention inside a flow's thread is a reply: the message listener refines
        shared_json = json_files(event)
        if shared_json:
            validate_shared_file(
                client, service, ctx, Where(channel, thread_ts=thread_ts or ts), shared_json[0]
            )
            return
        # The flow's thread is rooted at the mention.
        generate_here(
            client, ctx, Where(channel, thread_ts=thread_ts or ts), strip_mentions(event.get("text"))
        )

    def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        background.submit(publish_home, client, service, slack_context(context.team_id, event["user"]))

    def on_assistant_thread_started(event: dict[str, Any], client: WebClient) -> None:
        thread = event.get("assistant_thread") or {}
        client.assistant_threads_setSuggestedPrompts(
            channel_id=thread["channel_id"],
            thread_ts=thread["thread_ts"],
            title="Describe a campaign, for example:",
            prompts=[{"title": brief[:40] + "…", "message": brief} for brief in blocks.EXAMPLE_BRIEFS],
        )

    def ignore(event: dict[str, Any]) -> None:
        return None

    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
    app.event("app_home_opened")(on_home_opened)
    app.event("assistant_thread_started")(on_assistant_thread_started)
    app.event("assistant_thread_context_changed")(ignore)

    if app.installation_store is not None:
        # Bolt's stock listeners delete the workspace's installations from the store.
        app.event("app_uninstalled")(app.default_app_uninstalled_event_listener())
        app.event("tokens_revoked")(app.default_tokens_revoked_event_listener())
    else:

        def single_workspace_uninstalled(event: dict[str, Any]) -> None:
            log.warning("the app was uninstalled or its tokens revoked; SLACK_BOT_TOKEN no longer works")

        app.event("app_uninstalled")(single_workspace_uninstalled)
        app.event("tokens_revoked")(single_workspace_uninstalled)
