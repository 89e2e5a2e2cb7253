"""Preview buttons: fix, regenerate, refine, download, approve, reopen, full outline, feedback.

Every button carries a version id only and is acknowledged at once; the work runs in the
background pool. A double click (same user, button and version within a few seconds) is one
action. A button on a superseded preview is refused privately, with a link to the latest
version; changes to an approved (locked) flow ask to reopen it first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_apps.slack import blocks
from flowgen_apps.slack.admins import is_workspace_admin
from flowgen_apps.slack.listeners.commands import pasted_key
from flowgen_apps.slack.listeners.delivery import (
    ACTION_WINDOW_S,
    Background,
    RateLimited,
    Where,
    check_rate,
    claim_once,
    deliver_outcome,
    error_text,
    in_thread,
    latest_preview,
    permalink,
    post_message,
    run_and_deliver,
    slack_context,
    tell_privately,
    upload_json,
)
from flowgen_apps.slack.mrkdwn import escape
from flowgen_apps.slack.preview import PreviewData, outline_modal, preview_blocks, preview_text
from flowgen_core.context import RequestContext
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

FEEDBACK_RATINGS = {blocks.ACTION_FEEDBACK_UP: 1, blocks.ACTION_FEEDBACK_DOWN: -1}


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
    action: dict[str, Any] = (body.get("actions") or [{}])[0]
    return action


def _context(body: dict[str, Any], where: Where) -> RequestContext:
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return slack_context(team, (body.get("user") or {}).get("id"), where.channel, where.root)


def _first_click(service: FlowService, ctx: RequestContext, action: dict[str, Any]) -> bool:
    key = f"slack:action:{ctx.workspace_id}:{ctx.user_id}:{action.get('action_id')}:{action.get('value')}"
    if claim_once(service, key, ACTION_WINDOW_S):
        return True
    log.info("double click ignored", extra={"action_id": action.get("action_id")})
    return False


def _report_failure(
    client: WebClient, where: Where, ctx: RequestContext, exc: Exception, version_id: str | None = None
) -> None:
    """Failures of a button answer only the person who clicked (a locked flow offers Reopen)."""
    text, payload = error_text(exc, ctx, version_id=version_id)
    tell_privately(client, where, ctx.user_id, text, payload)


def _as_admin_if(client: WebClient, ctx: RequestContext) -> RequestContext:
    """The context with the workspace-admin flag the change policy needs (approve, reopen)."""
    admin = is_workspace_admin(client, ctx.user_id, team_id=ctx.workspace_id)
    return ctx.model_copy(update={"workspace_admin": admin})


def stale_refusal(
    client: WebClient, service: FlowService, ctx: RequestContext, where: Where, version_id: str
) -> bool:
    """True (and a private note with a link to the latest) when `version_id` is not the thread's latest."""
    latest = service.latest_for_thread(context=in_thread(ctx, where))
    if latest is None or latest.version_id == version_id:
        return False
    record = latest_preview(service, ctx, where) or {}
    link = None
    if record.get("version_id") == latest.version_id and record.get("ts"):
        link = permalink(client, service, record["channel"], record["ts"])
    target = (
        f"<{link}|v{latest.version}>" if link else f"v{latest.version} (the newest message in this thread)"
    )
    text = f"That button belongs to an older version. The latest is {target}; use its buttons."
    tell_privately(client, where, ctx.user_id, text, [blocks.section(f"⏪ {text}")])
    return True


ButtonWork = Callable[[dict[str, Any], WebClient, FlowService], None]


def ack_only(ack: Ack) -> None:
    ack()


def on_button(
    ack: Ack, body: dict[str, Any], client: WebClient, service: FlowService, background: Background
) -> None:
    """Every button whose work may be slow: acked at once, the work runs in the background pool."""
    ack()
    background.submit(run_button, body, client, service)


def run_button(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    """The checks every button shares (one click, the rate limit, no stale versions), then its work."""
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    if not _first_click(service, ctx, action):
        return
    try:
        check_rate(service, ctx, "button")
    except RateLimited as exc:
        _report_failure(client, where, ctx, exc)
        return
    if action.get("action_id") in (*blocks.EDITING_ACTIONS, blocks.ACTION_REOPEN) and stale_refusal(
        client, service, ctx, where, str(action.get("value") or "")
    ):
        return
    BUTTON_WORK[str(action.get("action_id"))](body, client, service)


def fix(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    started = time.perf_counter()
    try:
        outcome = service.fix(version_id=action["value"], context=in_thread(ctx, where))
    except Exception as exc:
        text, payload = error_text(exc, ctx, version_id=action["value"])
        tell_privately(client, where, ctx.user_id, text, payload)
        return
    if outcome.version_id == action["value"]:
        # Nothing to correct: say so in the thread rather than repeat the same preview.
        post_message(
            client,
            Where(where.channel, thread_ts=where.root),
            text=escape(outcome.summary),
            blocks_=[blocks.section(f"🛠 {escape(outcome.summary)}"), blocks.context(blocks.REFINE_HINT)],
        )
        return
    deliver_outcome(client, service, ctx, where, outcome, started=started, update=False)


def fix_pasted(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
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


def regenerate(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    try:
        # Checked first: a refused click must not post anything in the thread.
        service.check_changeable(action["value"], context=in_thread(ctx, where))
    except Exception as exc:
        _report_failure(client, where, ctx, exc, version_id=action["value"])
        return
    run_and_deliver(
        client,
        service,
        ctx,
        where,
        lambda c: service.regenerate(action["value"], context=c),
        version_id=action["value"],
    )


def open_refine(
    ack: Ack, body: dict[str, Any], client: WebClient, service: FlowService, background: Background
) -> None:
    ack()
    # trigger_id expires 3 s after the click, so the modal opens here, not in the background pool.
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    latest = service.latest_for_thread(context=in_thread(ctx, where))
    if latest is not None and latest.version_id != action.get("value"):
        background.submit(stale_refusal, client, service, ctx, where, str(action.get("value")))
        return
    try:
        service.check_changeable(action["value"], context=in_thread(ctx, where))
    except Exception as exc:
        background.submit(_report_failure, client, where, ctx, exc, action["value"])
        return
    client.views_open(
        trigger_id=body["trigger_id"],
        view=blocks.refine_modal(action["value"], channel_id=where.channel, thread_ts=where.root),
    )


def open_outline(
    ack: Ack, body: dict[str, Any], client: WebClient, service: FlowService, background: Background
) -> None:
    ack()
    action = _action(body)
    where = _where(body)
    try:
        stored = service.get_version(action["value"], context=_context(body, where))
        client.views_open(trigger_id=body["trigger_id"], view=outline_modal(PreviewData.from_stored(stored)))
    except Exception as exc:
        background.submit(_report_failure, client, where, _context(body, where), exc)


def download(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    try:
        stored = service.get_version(action["value"], context=ctx)
        upload_json(client, where, stored)
        service.record_download(stored.version_id, context=ctx)
    except Exception as exc:
        _report_failure(client, where, ctx, exc)


def _show_stored(client: WebClient, where: Where, stored: Any, **extra: Any) -> None:
    preview = PreviewData.from_stored(stored, **extra)
    if not where.ts:
        log.warning("preview not updated", extra={"error": "no message to update"})
        return
    try:
        client.chat_update(
            channel=where.channel, ts=where.ts, text=preview_text(preview), blocks=preview_blocks(preview)
        )
    except SlackApiError as exc:
        log.warning("preview not updated", extra={"error": exc.response.get("error")})


def approve(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    try:
        stored = service.approve(action["value"], context=_as_admin_if(client, ctx))
    except Exception as exc:
        _report_failure(client, where, ctx, exc, version_id=action["value"])
        return
    _show_stored(client, where, stored, approved=True, approved_by=ctx.user_id, approved_at=datetime.now(UTC))


def reopen(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    try:
        stored = service.reopen(action["value"], context=_as_admin_if(client, ctx))
    except Exception as exc:
        _report_failure(client, where, ctx, exc)
        return
    record = latest_preview(service, ctx, where) or {}
    preview_at = (
        Where(record["channel"], ts=record["ts"], thread_ts=where.root)
        if record.get("version_id") == stored.version_id and record.get("ts")
        else where
    )
    _show_stored(client, preview_at, stored)
    post_message(
        client,
        Where(where.channel, thread_ts=where.root),
        text=f"<@{escape(ctx.user_id)}> reopened v{stored.version}: replies in this thread change it again.",
        blocks_=None,
    )


def feedback(body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    where, action = _where(body), _action(body)
    ctx = _context(body, where)
    rating = FEEDBACK_RATINGS[action["action_id"]]
    try:
        service.feedback(action["value"], rating, context=ctx)
    except Exception as exc:
        _report_failure(client, where, ctx, exc)
        return
    thanks = (
        "Thanks — noted that this helped." if rating > 0 else "Thanks — noted. Reply with what to change."
    )
    tell_privately(client, where, ctx.user_id, thanks, [blocks.context(thanks)])


# The buttons acked by `on_button`, each with the work `run_button` does after its checks.
BUTTON_WORK: dict[str, ButtonWork] = {
    blocks.ACTION_FIX: fix,
    blocks.ACTION_FIX_PASTED: fix_pasted,
    blocks.ACTION_REGENERATE: regenerate,
    blocks.ACTION_DOWNLOAD: download,
    blocks.ACTION_APPROVE: approve,
    blocks.ACTION_REOPEN: reopen,
    blocks.ACTION_FEEDBACK_UP: feedback,
    blocks.ACTION_FEEDBACK_DOWN: feedback,
}


def register_actions(app: App) -> None:
    for action_id in BUTTON_WORK:
        app.action(action_id)(on_button)
    # Modals need the click's trigger_id within 3 s, so these open them before returning.
    app.action(blocks.ACTION_REFINE)(open_refine)
    app.action(blocks.ACTION_FULL_OUTLINE)(open_outline)
    # A link button still sends an action; acknowledge it so Slack shows no error.
    app.action(blocks.ACTION_OPEN_THREAD)(ack_only)
