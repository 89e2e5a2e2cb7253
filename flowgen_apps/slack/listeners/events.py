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

from flowgen_apps.slack import blocks
from flowgen_apps.slack.admins import is_workspace_admin
from flowgen_apps.slack.conversation import ReplyKind, classify_reply, is_small_talk, mentioned_users
from flowgen_apps.slack.files import MAX_FILE_BYTES, download_file, file_name, json_files
from flowgen_apps.slack.listeners.assistant import build_assistant
from flowgen_apps.slack.listeners.commands import HELP_WORDS, history_entries, validation_answer
from flowgen_apps.slack.listeners.delivery import (
    Background,
    RateLimited,
    Where,
    check_rate,
    error_text,
    post_message,
    refine_in_thread,
    reopen_row,
    run_and_deliver,
    slack_context,
    tell_privately,
)
from flowgen_apps.slack.mrkdwn import escape, to_plain
from flowgen_core.context import RequestContext
from flowgen_core.io import InputError, parse_json_text
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str | None) -> str:
    """Message text without mentions of the bot, as plain text (links and entities unescaped)."""
    return " ".join(to_plain(_MENTION.sub(" ", text or "")).split())


def is_admin(client: WebClient, user_id: str, team_id: str | None = None) -> bool:
    return is_workspace_admin(client, user_id, team_id=team_id)


def _react(client: WebClient, channel: str, ts: str, name: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=name)
    except SlackApiError:
        log.debug("reaction not added", exc_info=True)


def publish_home(client: WebClient, service: FlowService, ctx: RequestContext) -> None:
    entries = history_entries(client, service, ctx, limit=15)
    view = blocks.home_view(
        entries,
        service.workspace_settings(ctx.workspace_id),
        can_edit_settings=is_admin(client, ctx.user_id, ctx.workspace_id),
    )
    client.views_publish(user_id=ctx.user_id, view=view)


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
        status: Callable[..., None] | None = None,
        placeholder: bool = True,
    ) -> None:
        if not brief or brief.lower() in HELP_WORDS or is_small_talk(brief):
            post_message(client, where, text="How to use flowgen", blocks_=blocks.help_blocks())
            return
        try:
            check_rate(service, ctx, "generate")
        except RateLimited as exc:
            text, payload = error_text(exc, ctx)
            tell_privately(client, where, ctx.user_id, text, payload)
            return
        run_and_deliver(
            client,
            service,
            ctx,
            where,
            lambda c: service.generate(brief, context=c),
            placeholder=brief if placeholder else None,
            status=status,
        )

    def on_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or not event.get("user"):
            return  # bot posts (ours included) are not instructions
        subtype = event.get("subtype")
        if subtype and subtype != "thread_broadcast" and not (subtype == "file_share" and json_files(event)):
            return  # edits, joins and other shared files are not instructions
        # One conversation's messages are handled one after another, in the order sent.
        conversation = f"{event.get('channel')}:{event.get('thread_ts') or event.get('ts')}"
        background.submit_in_order(conversation, handle_message, event, client, context)

    def handle_message(
        event: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        *,
        status: Callable[..., None] | None = None,
    ) -> None:
        try:
            _handle_message(event, client, context, status=status)
        finally:
            if status:
                status("")

    def _handle_message(
        event: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        *,
        status: Callable[..., None] | None,
    ) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts")
        raw = event.get("text") or ""
        text = strip_mentions(raw)
        ctx = slack_context(context.team_id or event.get("team"), event["user"], channel, thread_ts)
        shared_json = json_files(event)
        is_dm = event.get("channel_type") == "im"
        if thread_ts and thread_ts != ts:
            thread = Where(channel, thread_ts=thread_ts)
            latest = service.latest_for_thread(context=ctx)
            if latest is not None:
                if shared_json:
                    # A flow file in a flow's thread is checked, not read as an instruction.
                    validate_shared_file(client, service, ctx, thread, shared_json[0])
                    return
                reply_in_flow_thread(
                    client, ctx, event, raw, text, latest, bot_user_id=context.bot_user_id, status=status
                )
                return
            if is_dm:
                if shared_json:
                    validate_shared_file(client, service, ctx, thread, shared_json[0])
                    return
                # A DM thread (an assistant thread included) with no flow yet: the message is a brief.
                generate_here(client, ctx, thread, text, status=status, placeholder=status is None)
            return
        if is_dm:
            if shared_json:
                validate_shared_file(client, service, ctx, Where(channel), shared_json[0])
                return
            # Slack sends no app_mention for DMs, so a DM is a brief with or without a mention.
            generate_here(client, ctx, Where(channel), text)

    def reply_in_flow_thread(
        client: WebClient,
        ctx: RequestContext,
        event: dict[str, Any],
        raw: str,
        text: str,
        latest: Any,
        *,
        bot_user_id: str | None,
        status: Callable[..., None] | None,
    ) -> None:
        """Apply the conversation policy to a reply in a flow's thread."""
        channel, ts = event["channel"], event["ts"]
        thread = Where(channel, thread_ts=event["thread_ts"])
        mentions = mentioned_users(raw)
        bot_user = bot_user_id
        owner = _owner(latest)
        kind = classify_reply(
            text,
            author=ctx.user_id,
            owner=owner,
            bot_mentioned=bool(bot_user and bot_user in mentions) or event.get("channel_type") == "im",
            others_mentioned=any(m != bot_user for m in mentions),
            anyone_may_edit=getattr(service.settings, "slack_thread_policy", "owner") == "anyone",
        )
        log.info("thread reply classified", extra={"kind": str(kind)})
        if kind is ReplyKind.ACKNOWLEDGEMENT:
            _react(client, channel, ts, "+1")
            return
        if kind is ReplyKind.SIDE_CHAT:
            return
        if kind is ReplyKind.NOT_OWNER:
            note = (
                f"Only <@{escape(owner or '')}> changes this flow from the thread. "
                "To ask me directly, mention me with your change."
            )
            tell_privately(client, thread, ctx.user_id, note, [blocks.section(f"🙋 {note}")])
            return
        try:
            check_rate(service, ctx, "reply")
        except RateLimited as exc:
            message, payload = error_text(exc, ctx)
            tell_privately(client, thread, ctx.user_id, message, payload)
            return
        if latest.locked:
            message = f"v{latest.version} is approved and locked, so I didn't change it."
            tell_privately(
                client,
                thread,
                ctx.user_id,
                message,
                [blocks.section(f"🔒 {message} Reopen it to make changes."), reopen_row(latest.version_id)],
            )
            return
        _react(client, channel, ts, "eyes")
        refine_in_thread(client, service, ctx, thread, text, status=status)

    def _owner(latest: Any) -> str | None:
        return latest.created_by or latest.user_id or None

    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        background.submit(handle_mention, event, client, context)

    def handle_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts")
        ctx = slack_context(context.team_id or event.get("team"), event.get("user"), channel, thread_ts)
        if thread_ts and service.latest_for_thread(context=ctx) is not None:
            return  # a mention inside a flow's thread is a reply: the message listener handles it
        shared_json = json_files(event)
        if shared_json:
            validate_shared_file(
                client, service, ctx, Where(channel, thread_ts=thread_ts or ts), shared_json[0]
            )
            return
        # The flow's thread is rooted at the mention.
        generate_here(
            client,
            ctx,
            Where(channel, thread_ts=thread_ts or ts),
            strip_mentions(event.get("text")),
        )

    def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        background.submit(publish_home, client, service, slack_context(context.team_id, event["user"]))

    def ignore(event: dict[str, Any]) -> None:
        return None

    # Assistant threads first: the middleware takes the messages of real assistant threads only.
    app.use(build_assistant(service, background, handle_message))
    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
    app.event("app_home_opened")(on_home_opened)
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
