"""Modals: the refine instruction and the workspace settings."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from flowgen_apps.slack import blocks
from flowgen_apps.slack.listeners.delivery import (
    Background,
    RateLimited,
    Where,
    check_rate,
    error_text,
    post_message,
    refine_in_thread,
    run_and_deliver,
    slack_context,
)
from flowgen_apps.slack.listeners.events import is_admin, publish_home
from flowgen_apps.slack.mrkdwn import to_plain
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)


def _instruction(view: dict[str, Any]) -> str:
    values = (view.get("state") or {}).get("values") or {}
    raw = (values.get(blocks.REFINE_BLOCK) or {}).get(blocks.REFINE_INPUT) or {}
    return to_plain(raw.get("value") or "").strip()


def _brief(view: dict[str, Any]) -> str:
    values = (view.get("state") or {}).get("values") or {}
    raw = (values.get(blocks.BRIEF_BLOCK) or {}).get(blocks.BRIEF_INPUT) or {}
    return to_plain(raw.get("value") or "").strip()


def on_refine_submitted(
    ack: Ack,
    view: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    service: FlowService,
    background: Background,
) -> None:
    """The refine modal: an empty instruction keeps the modal open with an error."""
    if not _instruction(view):
        ack(response_action="errors", errors={blocks.REFINE_BLOCK: "Say what should change."})
        return
    ack()
    background.submit(refine_submitted, view, body, client, service)


def refine_submitted(
    view: dict[str, Any], body: dict[str, Any], client: WebClient, service: FlowService
) -> None:
    instruction = _instruction(view)
    if not instruction:
        return
    meta = json.loads(view.get("private_metadata") or "{}")
    where = Where(channel=meta.get("channel_id") or "", thread_ts=meta.get("thread_ts"))
    team = (body.get("team") or {}).get("id")
    ctx = slack_context(team, (body.get("user") or {}).get("id"), where.channel, where.root)
    refine_in_thread(client, service, ctx, where, instruction, version_id=meta.get("version_id"))


def open_settings(ack: Ack, body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    """App Home's Settings button: the modal opens for workspace admins only."""
    ack()
    team = (body.get("team") or {}).get("id") or "unknown"
    if not is_admin(client, body["user"]["id"], team):
        return
    client.views_open(
        trigger_id=body["trigger_id"], view=blocks.settings_modal(service.workspace_settings(team))
    )


def save_settings(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, service: FlowService
) -> None:
    user = body["user"]["id"]
    team = (body.get("team") or {}).get("id") or "unknown"
    if not is_admin(client, user, team):
        ack(response_action="errors", errors={"brand_name": "Only workspace admins can change settings."})
        return
    ack()
    values = {
        key: to_plain(value) if value else value
        for key, value in blocks.settings_from_submission(
            (view.get("state") or {}).get("values") or {}
        ).items()
    }
    service.update_workspace_settings(team, **values)
    publish_home(client, service, slack_context(team, user))


def open_new_flow(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=blocks.new_flow_modal())


def on_new_flow_submitted(
    ack: Ack,
    view: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    service: FlowService,
    background: Background,
) -> None:
    if not _brief(view):
        ack(response_action="errors", errors={blocks.BRIEF_BLOCK: "Describe the campaign."})
        return
    ack()
    background.submit(new_flow, view, body, client, service)


def new_flow(view: dict[str, Any], body: dict[str, Any], client: WebClient, service: FlowService) -> None:
    brief = _brief(view)
    team = (body.get("team") or {}).get("id")
    user = (body.get("user") or {}).get("id")
    ctx = slack_context(team, user)
    # From App Home there is no conversation: the flow starts in the user's DM with the app.
    dm = client.conversations_open(users=user)["channel"]["id"]
    try:
        check_rate(service, ctx, "generate")
    except RateLimited as exc:
        text, payload = error_text(exc, ctx)
        post_message(client, Where(dm), text=text, blocks_=payload)
        return
    run_and_deliver(
        client,
        service,
        slack_context(team, user, dm),
        Where(dm),
        lambda c: service.generate(brief, context=c),
        placeholder=brief,
    )


def register_views(app: App) -> None:
    app.view(blocks.VIEW_REFINE)(on_refine_submitted)
    app.action(blocks.ACTION_NEW_FLOW)(open_new_flow)
    app.view(blocks.VIEW_NEW_FLOW)(on_new_flow_submitted)
    app.action(blocks.ACTION_OPEN_SETTINGS)(open_settings)
    app.view(blocks.VIEW_SETTINGS)(save_settings)
