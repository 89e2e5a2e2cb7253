"""Slack's AI-app surface through Bolt's `Assistant` middleware.

A thread is an assistant thread only when Slack said so (`assistant_thread_started`): the
thread and its context (the channel the user was looking at) are kept in the cache, and only
messages in those threads reach the assistant listener. Any other DM thread is an ordinary
DM and goes to the message listener.

In an assistant thread the status is set *before* any work starts (with loading messages that
name the stages), the first brief becomes the thread's title, and the preview is posted in
the thread (no "Generating…" placeholder: the status is the progress). Once a new version is
posted, its journey is streamed into the thread with Slack's chat streaming.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Assistant, BoltContext, Say, SetSuggestedPrompts, SetTitle
from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.store import AssistantThreadContextStore
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_apps.slack import blocks
from flowgen_apps.slack.conversation import is_acknowledgement
from flowgen_apps.slack.listeners.delivery import Background, slack_context
from flowgen_apps.slack.listeners.messages import handle_message
from flowgen_apps.slack.mrkdwn import escape, to_plain
from flowgen_core.context import RequestContext
from flowgen_core.render.path import path_stops
from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)

THREAD_TTL_S = 30 * 24 * 3600
GREETING = (
    "Hi! Describe a campaign and I'll turn it into an SMS flow you can check, change and approve. "
    "Say who it's for, the offer and the timing — or pick a suggestion below."
)
GENERATING_STAGES = [
    "Reading the brief…",
    "Planning the messages…",
    "Writing the copy…",
    "Checking the flow…",
]
REFINING_STAGES = ["Reading your change…", "Updating the flow…", "Checking the flow…"]
TITLE_CHARS = 60
JOURNEY_STOPS = 8


class CacheThreadContextStore(AssistantThreadContextStore):
    """Assistant threads and their context in flowgen's cache (Redis or memory)."""

    def __init__(self, service: FlowService) -> None:
        self.service = service

    @staticmethod
    def key(channel_id: str, thread_ts: str) -> str:
        return f"slack:assistant-thread:{channel_id}:{thread_ts}"

    def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        with contextlib.suppress(Exception):
            self.service.cache.set_json(self.key(channel_id, thread_ts), dict(context or {}), THREAD_TTL_S)

    def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        try:
            found = self.service.cache.get_json(self.key(channel_id, thread_ts))
        except Exception:
            return None
        return AssistantThreadContext(found) if isinstance(found, dict) else None

    def is_assistant_thread(self, channel_id: str | None, thread_ts: str | None) -> bool:
        if not (channel_id and thread_ts):
            return False
        try:
            return self.service.cache.get_json(self.key(channel_id, thread_ts)) is not None
        except Exception:
            return False


def status_setter(client: WebClient, channel: str, thread_ts: str) -> Callable[..., None]:
    """The assistant status for one thread ('' clears it); a failure never stops the work."""

    def set_status(status: str, loading_messages: list[str] | None = None) -> None:
        try:
            client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=status, loading_messages=loading_messages
            )
        except SlackApiError:
            log.debug("assistant status not set", exc_info=True)

    return set_status


def _save_thread(service: FlowService, payload: dict[str, Any]) -> None:
    thread = payload.get("assistant_thread") or {}
    CacheThreadContextStore(service).save(
        channel_id=thread.get("channel_id", ""),
        thread_ts=thread.get("thread_ts", ""),
        context=thread.get("context") or {},
    )


def on_thread_started(
    payload: dict[str, Any], say: Say, set_suggested_prompts: SetSuggestedPrompts, service: FlowService
) -> None:
    """A new assistant thread: remember it (only its messages reach `on_user_message`), then greet."""
    _save_thread(service, payload)
    say(text=GREETING)
    set_suggested_prompts(
        title="Describe a campaign, for example:",
        prompts=[{"title": blocks.truncate(b, 40), "message": b} for b in blocks.EXAMPLE_BRIEFS],
    )


def on_thread_context_changed(payload: dict[str, Any], service: FlowService) -> None:
    _save_thread(service, payload)


def in_known_thread(body: dict[str, Any], service: FlowService) -> bool:
    """Matcher: the message is in a thread Slack started as an assistant thread."""
    event = body.get("event") or {}
    return CacheThreadContextStore(service).is_assistant_thread(event.get("channel"), event.get("thread_ts"))


def on_user_message(
    payload: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    set_title: SetTitle,
    service: FlowService,
    background: Background,
) -> None:
    """A message in an assistant thread: the status goes up at once, the work runs in the background."""
    channel, thread_ts = payload["channel"], payload["thread_ts"]
    set_status = status_setter(client, channel, thread_ts)
    ctx = slack_context(context.team_id or payload.get("team"), payload.get("user"), channel, thread_ts)
    has_flow = service.latest_for_thread(context=ctx)
    # The status goes up before anything slow happens (the brief, the database, the planner).
    if has_flow is None:
        set_status("is reading your brief…", GENERATING_STAGES)
        with contextlib.suppress(SlackApiError):
            set_title(blocks.truncate(" ".join(to_plain(payload.get("text") or "").split()), TITLE_CHARS))
    elif not is_acknowledgement(to_plain(payload.get("text") or "")):
        set_status("is updating the flow…", REFINING_STAGES)
    before = has_flow.version_id if has_flow is not None else None
    background.submit(work_then_narrate, payload, client, context, service, ctx, set_status, before)


def work_then_narrate(
    payload: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    service: FlowService,
    ctx: RequestContext,
    set_status: Callable[..., None],
    before: str | None,
) -> None:
    """Handle the message like any DM thread message, then stream the new version's journey."""
    handle_message(payload, client, context, service, status=set_status)
    latest = service.latest_for_thread(context=ctx)
    if latest is not None and latest.version_id != before:
        stream_journey(client, ctx, payload["channel"], payload["thread_ts"], latest.flow)


def build_assistant(service: FlowService) -> Assistant:
    """The Assistant middleware; its thread-context store (Slack's save_thread_context) is the cache."""
    assistant = Assistant(thread_context_store=CacheThreadContextStore(service))
    assistant.thread_started(on_thread_started)
    assistant.thread_context_changed(on_thread_context_changed)
    # Bolt accepts a list of matchers here (a single callable is not supported at run time).
    assistant.user_message(matchers=[in_known_thread])(on_user_message)  # type: ignore[arg-type]
    return assistant


def journey_chunks(flow: dict[str, Any]) -> list[str]:
    """The new version's journey, one message per chunk, for Slack's streamed reply."""
    stops = path_stops(flow)[:JOURNEY_STOPS]
    chunks = ["*The journey, step by step:*\n"]
    last_day: int | None = None
    for number, stop in enumerate(stops, start=1):
        chunks.append(f"{number}. {escape(stop.words(with_day=stop.day != last_day))}\n")
        last_day = stop.day
    rest = len(path_stops(flow)) - len(stops)
    if rest > 0:
        chunks.append(f"…and {rest} more; *Full outline* on the preview shows every step.\n")
    return chunks


def stream_journey(
    client: WebClient, ctx: RequestContext, channel: str, thread_ts: str, flow: dict[str, Any]
) -> None:
    """Stream the journey into the assistant thread (chat.startStream / appendStream / stopStream).

    A courtesy next to the preview: when streaming is unavailable the preview already says it all.
    """
    chunks = journey_chunks(flow)
    try:
        started = client.chat_startStream(
            channel=channel,
            thread_ts=thread_ts,
            recipient_team_id=ctx.workspace_id,
            recipient_user_id=ctx.user_id,
            markdown_text=chunks[0],
        )
        ts = started["ts"]
        for chunk in chunks[1:]:
            client.chat_appendStream(channel=channel, ts=ts, markdown_text=chunk)
        client.chat_stopStream(channel=channel, ts=ts)
    except (SlackApiError, KeyError):
        log.info("streamed journey not sent", exc_info=True)
