"""`/flowgen`: generate, help, history and validate.

The command is acknowledged at once (help is answered in the ack itself); everything
that touches the generator, the database or other Slack APIs runs in the background pool.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_apps.slack import blocks
from flowgen_apps.slack.listeners.delivery import (
    Background,
    RateLimited,
    Where,
    check_rate,
    claim_once,
    error_text,
    permalink,
    post_ephemeral,
    run_and_deliver,
    slack_context,
)
from flowgen_apps.slack.mrkdwn import escape, to_plain
from flowgen_core.context import RequestContext
from flowgen_core.io import parse_json_text
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

COMMAND = "/flowgen"
HELP_WORDS = {"help", "-h", "--help", "?"}
PASTED_TTL_S = 24 * 3600


def split_command(text: str | None) -> tuple[str, str]:
    """('help' | 'history' | 'validate' | 'generate', the rest of the text), as plain text."""
    text = to_plain(text or "").strip()
    if not text:
        return "help", ""
    first, _, rest = text.partition(" ")
    word = first.lower()
    if word in HELP_WORDS:
        return "help", rest.strip()
    if word == "history":
        return "history", rest.strip()
    if word == "validate":
        return "validate", text[len(first) :].strip()
    return "generate", text


def history_entries(
    client: WebClient, service: FlowService, ctx: RequestContext, limit: int = 10
) -> list[blocks.HistoryEntry]:
    entries = []
    for stored in service.history(context=ctx, limit=limit):
        link = None
        if stored.channel_id and stored.thread_ts:
            # Cached: App Home lists up to 15 flows on every open; Slack is asked once per thread.
            link = permalink(client, service, stored.channel_id, stored.thread_ts)
        status = "✅ approved" if stored.approved else ("valid" if stored.valid else "needs fixes")
        entries.append(
            blocks.HistoryEntry(
                name=stored.name or "Untitled flow",
                version=stored.version,
                version_id=stored.version_id,
                status=status,
                updated=stored.created_at,
                link=link,
            )
        )
    return entries


def _generate(client: WebClient, service: FlowService, ctx: RequestContext, channel: str, brief: str) -> None:
    try:
        check_rate(service, ctx, "generate")
    except RateLimited as exc:
        text, payload = error_text(exc, ctx)
        post_ephemeral(client, channel=channel, user=ctx.user_id, text=text, blocks_=payload)
        return
    run_and_deliver(
        client,
        service,
        ctx,
        Where(channel=channel),
        lambda c: service.generate(brief, context=c),
        placeholder=brief,
    )


def pasted_key(tenant: str, ref: str) -> str:
    # Per tenant: a reference seen by another workspace does not reach this one's flow.
    return f"slack:pasted:{tenant}:{ref}"


def validation_answer(
    service: FlowService, flow: dict[str, Any], *, tenant: str
) -> tuple[str, list[dict[str, Any]]]:
    """(text, blocks) reporting on `flow`, with a Fix button that refers to it in the cache.

    Shared by pasted JSON (`/flowgen validate {…}`) and uploaded `.json` files.
    """
    report = service.validate(flow)
    # The button carries a short reference, never the flow: the flow waits in the cache.
    ref = uuid.uuid4().hex
    service.cache.set_json(pasted_key(tenant, ref), flow, PASTED_TTL_S)
    name = str(flow.get("name") or "pasted flow")
    return (
        f"Validation of {escape(name)}: {blocks.status_badge(report)}",
        blocks.validation_blocks(report, flow_name=name, fix_ref=ref),
    )


def _validate(
    client: WebClient, service: FlowService, ctx: RequestContext, channel: str, pasted: str
) -> None:
    try:
        flow = parse_json_text(pasted, max_bytes=200_000, expect_object=True)
        text, payload = validation_answer(service, flow, tenant=ctx.tenant)
    except Exception as exc:
        text, payload = error_text(exc, ctx)
    post_ephemeral(client, channel=channel, user=ctx.user_id, text=text, blocks_=payload)


def on_command(
    ack: Ack, command: dict[str, Any], client: WebClient, service: FlowService, background: Background
) -> None:
    """`/flowgen …`: help is answered in the ack; everything else is acked, then run in the background."""
    kind, _ = split_command(command.get("text"))
    if kind == "help":
        ack(text="How to use flowgen", blocks=blocks.help_blocks(command.get("command") or COMMAND))
        return
    ack()
    background.submit(run_command, command, client, service)


def run_command(command: dict[str, Any], client: WebClient, service: FlowService) -> None:
    """The work of `/flowgen history | validate | <brief>`, after the ack."""
    kind, rest = split_command(command.get("text"))
    channel = command["channel_id"]
    ctx = slack_context(command.get("team_id"), command.get("user_id"), channel)
    # Slack doesn't retry commands, but a proxy or a replayed request might: one trigger, one flow.
    if not claim_once(service, f"slack:command:{ctx.workspace_id}:{command.get('trigger_id')}", 3600):
        log.info("duplicate slash command skipped")
        return
    try:
        if kind != "generate":
            check_rate(service, ctx, "command")
        if kind == "history":
            entries = history_entries(client, service, ctx)
            post_ephemeral(
                client,
                channel=channel,
                user=ctx.user_id,
                text="Your recent flows",
                blocks_=blocks.history_blocks(entries),
            )
        elif kind == "validate":
            _validate(client, service, ctx, channel, rest)
        else:
            _generate(client, service, ctx, channel, rest)
    except Exception as exc:
        text, payload = error_text(exc, ctx)
        try:
            post_ephemeral(client, channel=channel, user=ctx.user_id, text=text, blocks_=payload)
        except SlackApiError:
            log.warning("could not report a failure to the user", exc_info=True)


def register_commands(app: App) -> None:
    app.command(COMMAND)(on_command)
