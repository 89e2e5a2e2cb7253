"""The work behind a message: a brief in a DM or a mention, a reply in a flow's thread, a shared file.

A `.json` file shared in a DM, with a mention, or in a flow's thread is validated (slash
commands can't carry files), not read as a brief or an instruction.

Thread state comes from our database (`service.latest_for_thread`), never from
re-reading the thread in Slack. These functions run in the background pool, after the ack;
the listeners that schedule them are in `flowgen_apps.slack.listeners.events` and
`flowgen_apps.slack.listeners.assistant`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_apps.slack import blocks
from flowgen_apps.slack.conversation import ReplyKind, classify_reply, is_small_talk, mentioned_users
from flowgen_apps.slack.files import MAX_FILE_BYTES, download_file, file_name, json_files
from flowgen_apps.slack.listeners.commands import HELP_WORDS, validation_answer
from flowgen_apps.slack.listeners.delivery import (
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

StatusSetter = Callable[..., None]


def strip_mentions(text: str | None) -> str:
    """Message text without mentions of the bot, as plain text (links and entities unescaped)."""
    return " ".join(to_plain(_MENTION.sub(" ", text or "")).split())


def react(client: WebClient, channel: str, ts: str, name: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=name)
    except SlackApiError:
        log.debug("reaction not added", exc_info=True)


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


def generate_here(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    brief: str,
    *,
    status: StatusSetter | None = None,
    placeholder: bool = True,
) -> None:
    """A new flow from `brief` in `where` (help for an empty brief, small talk or a help word)."""
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


def handle_message(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    *,
    status: StatusSetter | None = None,
) -> None:
    """One message from a person (see `events.on_message`); `status` clears when it is done."""
    try:
        _route_message(event, client, context, service, status=status)
    finally:
        if status:
            status("")


def _route_message(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    *,
    status: StatusSetter | None,
) -> None:
    channel, ts = event["channel"], event["ts"]
    thread_ts = event.get("thread_ts")
    ctx = slack_context(context.team_id or event.get("team"), event["user"], channel, thread_ts)
    if thread_ts and thread_ts != ts:
        _thread_message(event, client, context, service, ctx, status=status)
        return
    if event.get("channel_type") != "im":
        return
    shared_json = json_files(event)
    if shared_json:
        validate_shared_file(client, service, ctx, Where(channel), shared_json[0])
        return
    # Slack sends no app_mention for DMs, so a DM is a brief with or without a mention.
    generate_here(client, service, ctx, Where(channel), strip_mentions(event.get("text")))


def _thread_message(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    ctx: RequestContext,
    *,
    status: StatusSetter | None,
) -> None:
    """A message inside a thread: a reply to a flow, or a brief in a DM thread with no flow yet."""
    thread = Where(event["channel"], thread_ts=event["thread_ts"])
    shared_json = json_files(event)
    latest = service.latest_for_thread(context=ctx)
    if latest is None and event.get("channel_type") != "im":
        return
    if shared_json:
        # A flow file in a flow's thread (or a DM thread) is checked, not read as an instruction.
        validate_shared_file(client, service, ctx, thread, shared_json[0])
        return
    raw = event.get("text") or ""
    if latest is None:
        # A DM thread (an assistant thread included) with no flow yet: the message is a brief.
        generate_here(
            client, service, ctx, thread, strip_mentions(raw), status=status, placeholder=status is None
        )
        return
    reply_in_flow_thread(
        client, service, ctx, event, raw, latest, bot_user_id=context.bot_user_id, status=status
    )


def flow_owner(latest: Any) -> str | None:
    return latest.created_by or latest.user_id or None


def reply_in_flow_thread(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    event: dict[str, Any],
    raw: str,
    latest: Any,
    *,
    bot_user_id: str | None,
    status: StatusSetter | None,
) -> None:
    """Apply the conversation policy to a reply in a flow's thread."""
    channel, ts = event["channel"], event["ts"]
    thread = Where(channel, thread_ts=event["thread_ts"])
    text = strip_mentions(raw)
    mentions = mentioned_users(raw)
    owner = flow_owner(latest)
    kind = classify_reply(
        text,
        author=ctx.user_id,
        owner=owner,
        bot_mentioned=bool(bot_user_id and bot_user_id in mentions) or event.get("channel_type") == "im",
        others_mentioned=any(m != bot_user_id for m in mentions),
        anyone_may_edit=getattr(service.settings, "slack_thread_policy", "owner") == "anyone",
    )
    log.info("thread reply classified", extra={"kind": str(kind)})
    if kind is ReplyKind.ACKNOWLEDGEMENT:
        react(client, channel, ts, "+1")
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
    _refine_from_reply(client, service, ctx, thread, event, text, latest, status=status)


def _refine_from_reply(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    thread: Where,
    event: dict[str, Any],
    text: str,
    latest: Any,
    *,
    status: StatusSetter | None,
) -> None:
    """A reply the policy lets through: refused privately when rate limited or locked, else applied."""
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
    react(client, event["channel"], event["ts"], "eyes")
    refine_in_thread(client, service, ctx, thread, text, status=status)
