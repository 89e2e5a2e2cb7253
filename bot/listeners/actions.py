"""Preview buttons: fix, regenerate, refine, download, approve (each carries a version id only).

Every button is acknowledged at once; the work runs in the background pool. A double click
(same user, button and version within a few seconds) is one action: the second is dropped.

A button's version id is only a reference: the service decides whether the clicking
workspace and channel may see it and whether the change policy allows the change. A
refusal is shown only to the person who clicked (ephemeral), and changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import blocks
from bot.admins import is_workspace_admin
from bot.listeners.commands import pasted_key, post_ephemeral
from bot.listeners.delivery import (
    ACTION_WINDOW_S,
    Background,
    Where,
    claim_once,
    deliver_outcome,
    error_text,
    in_thread,
    is_refusal,
    post_message,
    run_and_deliver,
    slack_context,
    upload_json,
)
from flowgen_core.context import RequestContext
from flowgen_core.service import FlowService

log = logging.getLogger(__name__)


def _where(body: dict[str, Any]) -> Where:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    return Where(
        channel=channel,
        ts=container.get("message_ts") or message.get("ts"),
        thread_ts=container.get("thread_ts") or message.get("thread_ts"),
    )


def _action(body: dict[str, Any]) -> dict[str, Any]:
    return (body.get("actions") or [{}])[0]


def _context(body: dict[str, Any], where: Where) -> RequestContext:
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return slack_context(team, (body.get("user") or {}).get("id"), where.channel, where.root)


def _first_click(service: FlowService, ctx: RequestContext, action: dict[str, Any]) -> bool:
    key = f"slack:action:{ctx.workspace_id}:{ctx.user_id}:{action.get('action_id')}:{action.get('value')}"
    if claim_once(service, key, ACTION_WINDOW_S):
        return True
    log.info("double click ignored", extra={"action_id": action.get("action_id")})
    return False


def _report_failure(client: WebClient, where: Where, ctx: RequestContext, exc: Exception) -> None:
    text, payload = error_text(exc, ctx)
    if is_refusal(exc):
        post_ephemeral(client, channel=where.channel, user=ctx.user_id, text=text, blocks_=payload)
        return
    post_message(
        client, Where(where.channel, thread_ts=where.root), text=text, blocks_=payload, user_id=ctx.user_id
    )


def register_actions(app: App, service: FlowService, background: Background) -> None:
    def ack_only(ack: Ack) -> None:
        ack()

    def later(work: Callable[[dict[str, Any], WebClient], None]) -> Callable[..., None]:
        def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            background.submit(work, body, client)

        listener.__name__ = f"on_{work.__name__}"
        return listener

    def fix(body: dict[str, Any], client: WebClient) -> None:
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        if not _first_click(service, ctx, action):
            return
        started = time.perf_counter()
        try:
            outcome = service.fix(version_id=action["value"], context=in_thread(ctx, where))
        except Exception as exc:
            _report_failure(client, where, ctx, exc)
            return
        if outcome.version_id == action["value"]:
            # Nothing to correct: say so in the thread rather than repeat the same preview.
            post_message(
                client,
                Where(where.channel, thread_ts=where.root),
                text=blocks.escape(outcome.summary),
                blocks_=[
                    blocks.section(f"🛠 {blocks.escape(outcome.summary)}"),
                    blocks.context(blocks.REFINE_HINT),
                ],
            )
            return
        deliver_outcome(client, service, ctx, where, outcome, started=started, update=False)

    def fix_pasted(body: dict[str, Any], client: WebClient) -> None:
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        if not _first_click(service, ctx, action):
            return
        flow = service.cache.get_json(pasted_key(ctx.tenant, str(action.get("value"))))
        if flow is None:
            post_message(
                client,
                Where(where.channel),
                text="That pasted flow has expired.",
                blocks_=blocks.error_blocks(
                    "That pasted flow has expired.", next_step="Run `/flowgen validate <JSON>` again."
                ),
                user_id=ctx.user_id,
            )
            return
        # The validate answer was ephemeral: the fixed flow starts a new visible thread.
        run_and_deliver(
            client,
            service,
            ctx,
            Where(where.channel),
            lambda c: service.fix(flow=flow, context=c),
            placeholder=f"Fix the pasted flow {flow.get('name') or ''}".strip(),
        )

    def regenerate(body: dict[str, Any], client: WebClient) -> None:
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        if not _first_click(service, ctx, action):
            return
        try:
            # Checked before the placeholder: a refused click must not post anything in the thread.
            service.check_changeable(action["value"], context=in_thread(ctx, where))
        except Exception as exc:
            _report_failure(client, where, ctx, exc)
            return
        run_and_deliver(client, service, ctx, where, lambda c: service.regenerate(action["value"], context=c))

    def open_refine(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        # trigger_id expires 3 s after the click, so the modal opens here, not in the background pool.
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        try:
            service.check_changeable(action["value"], context=ctx)
        except Exception as exc:
            _report_failure(client, where, ctx, exc)
            return
        client.views_open(
            trigger_id=body["trigger_id"],
            view=blocks.refine_modal(action["value"], channel_id=where.channel, thread_ts=where.root),
        )

    def download(body: dict[str, Any], client: WebClient) -> None:
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        if not _first_click(service, ctx, action):
            return
        try:
            stored = service.get_version(action["value"], context=ctx)
            upload_json(client, where, stored)
            service.record_download(stored.version_id, context=ctx)
        except Exception as exc:
            _report_failure(client, where, ctx, exc)

    def approve(body: dict[str, Any], client: WebClient) -> None:
        where, action = _where(body), _action(body)
        ctx = _context(body, where)
        if not _first_click(service, ctx, action):
            return
        try:
            admin = is_workspace_admin(client, ctx.user_id, team_id=ctx.workspace_id)
            stored = service.approve(
                action["value"], context=ctx.model_copy(update={"workspace_admin": admin})
            )
            preview = blocks.PreviewData.from_stored(stored, approved_by=ctx.user_id)
            preview.approved = True
            client.chat_update(
                channel=where.channel,
                ts=where.ts,
                text=blocks.preview_text(preview),
                blocks=blocks.preview_blocks(preview),
            )
        except Exception as exc:
            _report_failure(client, where, ctx, exc)

    app.action(blocks.ACTION_FIX)(later(fix))
    app.action(blocks.ACTION_FIX_PASTED)(later(fix_pasted))
    app.action(blocks.ACTION_REGENERATE)(later(regenerate))
    app.action(blocks.ACTION_REFINE)(open_refine)
    app.action(blocks.ACTION_DOWNLOAD)(later(download))
    app.action(blocks.ACTION_APPROVE)(later(approve))
    # A link button still sends an action; acknowledge it so Slack shows no error.
    app.action(blocks.ACTION_OPEN_THREAD)(ack_only)
