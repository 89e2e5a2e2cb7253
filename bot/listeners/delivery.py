"""Putting flows in front of people: placeholders, previews, files, and friendly failures.

Shared by the command, action, event and view listeners so that a preview looks and
behaves the same wherever the flow came from.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.mrkdwn import escape
from flowgen_core.context import RequestContext
from flowgen_core.errors import (
    BusyError,
    FlowgenError,
    FlowLockedError,
    GenerationError,
    NotFoundError,
    PermissionDeniedError,
    RefinementRefused,
)
from flowgen_core.io import InputError
from flowgen_core.render.diagram import render_png, text_diagram
from flowgen_core.service import FlowOutcome, FlowService

log = logging.getLogger(__name__)

# Channel errors after which the user gets the message in a DM instead.
_DM_FALLBACK_ERRORS = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
_TEXT_DIAGRAM_CHARS = 2900
ACTION_WINDOW_S = 10  # two clicks of one button within this window are one action


@dataclass
class Where:
    """A message location: the channel, the message itself, and the thread it belongs to."""

    channel: str
    ts: str | None = None
    thread_ts: str | None = None

    @property
    def root(self) -> str | None:
        return self.thread_ts or self.ts


def slack_context(
    team_id: str | None, user_id: str | None, channel_id: str | None = None, thread_ts: str | None = None
) -> RequestContext:
    return RequestContext(
        source="slack",
        workspace_id=team_id or "unknown",
        user_id=user_id or "unknown",
        channel_id=channel_id,
        thread_ts=thread_ts,
    )


def in_thread(ctx: RequestContext, where: Where) -> RequestContext:
    return ctx.model_copy(update={"channel_id": where.channel, "thread_ts": where.root})


# ---------------------------------------------------------------------- failures
def friendly_error(exc: BaseException, ctx: RequestContext) -> tuple[str, str | None]:
    """(message, what to do next) for people; internals go to the log only."""
    if isinstance(exc, RefinementRefused):
        return str(exc), "Try one of the supported phrasings."
    if isinstance(exc, BusyError):
        return "Another change to this flow is still in progress.", "Wait a moment, then try again."
    if isinstance(exc, NotFoundError):
        return "I can't find that flow version any more.", "Start a new one with `/flowgen <brief>`."
    if isinstance(exc, PermissionDeniedError):
        return str(exc), "Ask the flow's creator or a workspace admin."
    if isinstance(exc, FlowLockedError):
        return str(exc), "Reopen the flow first, or start a new one with `/flowgen <brief>`."
    if isinstance(exc, InputError):
        return f"I couldn't read that JSON: {exc}", "Paste the whole flow after `/flowgen validate`."
    if isinstance(exc, GenerationError | FlowgenError):
        return str(exc), "Adjust the brief and try again, or see `/flowgen help`."
    log.error("slack request failed", exc_info=exc, extra={"request_id": ctx.request_id})
    return (
        "Something went wrong on my side.",
        f"Try again in a minute; if it keeps failing, give your admin this reference: {ctx.request_id}.",
    )


def error_text(exc: BaseException, ctx: RequestContext) -> tuple[str, list[dict[str, Any]]]:
    """(the `text` fallback, blocks): both escaped, since error messages can quote user input."""
    if isinstance(exc, RefinementRefused):
        return escape(f"I couldn't apply that: {exc}"), blocks.refused_blocks(str(exc), exc.suggestions)
    message, next_step = friendly_error(exc, ctx)
    return escape(message), blocks.error_blocks(message, next_step=next_step)


def is_refusal(exc: BaseException) -> bool:
    """A refusal meant for the person who clicked, not the thread: tenancy or the change policy."""
    return isinstance(exc, NotFoundError | PermissionDeniedError | FlowLockedError)


# ---------------------------------------------------------------------- posting
def post_message(
    client: WebClient, where: Where, *, text: str, blocks_: list[dict[str, Any]], user_id: str | None = None
) -> Where:
    """Post in the channel (or thread); when the bot can't post there, DM the user instead."""
    try:
        response = client.chat_postMessage(
            channel=where.channel, thread_ts=where.thread_ts, text=text, blocks=blocks_, unfurl_links=False
        )
    except SlackApiError as exc:
        if exc.response.get("error") not in _DM_FALLBACK_ERRORS or not user_id:
            raise
        log.info("channel not accessible, answering in a DM", extra={"error": exc.response.get("error")})
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        response = client.chat_postMessage(channel=dm, text=text, blocks=blocks_, unfurl_links=False)
        return Where(channel=response["channel"], ts=response["ts"])
    return Where(channel=response["channel"], ts=response["ts"], thread_ts=where.thread_ts)


def show_preview(
    client: WebClient, where: Where, preview: blocks.PreviewData, *, update: bool, user_id: str | None = None
) -> Where:
    """Show a preview: replace the message at `where.ts` (update) or post a new one in the thread."""
    payload = blocks.preview_blocks(preview)
    text = blocks.preview_text(preview)
    if update and where.ts:
        client.chat_update(channel=where.channel, ts=where.ts, text=text, blocks=payload)
        return where
    return post_message(
        client, Where(where.channel, thread_ts=where.root), text=text, blocks_=payload, user_id=user_id
    )


def upload_diagram(client: WebClient, where: Where, preview: blocks.PreviewData) -> None:
    """A PNG of the flow in the thread; the text tree when Graphviz isn't available."""
    try:
        png = render_png(preview.flow)
        if png:
            client.files_upload_v2(
                channel=where.channel,
                thread_ts=where.root,
                content=png,
                filename=blocks.diagram_filename(preview.name, preview.version),
                title=escape(f"{preview.name} (v{preview.version or 1}) diagram"),
            )
            return
        diagram = blocks.truncate(escape(text_diagram(preview.flow)), _TEXT_DIAGRAM_CHARS)
        client.chat_postMessage(
            channel=where.channel,
            thread_ts=where.root,
            text=f"Diagram of {escape(preview.name)}",
            blocks=[blocks.section(f"```{diagram}```")],
        )
    except SlackApiError as exc:  # a missing diagram must not hide the preview
        log.warning("diagram upload failed", extra={"error": exc.response.get("error")})


def upload_json(client: WebClient, where: Where, stored: Any) -> str:
    filename = blocks.json_filename(stored.name or str(stored.flow.get("name", "flow")), stored.version)
    client.files_upload_v2(
        channel=where.channel,
        thread_ts=where.root,
        content=json.dumps(stored.flow, indent=2, ensure_ascii=False).encode("utf-8"),
        filename=filename,
        title=escape(filename),
        initial_comment=f"FlowBuilder JSON for *{escape(stored.name)}* v{stored.version}.",
    )
    return filename


def deliver_outcome(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    outcome: FlowOutcome,
    *,
    started: float,
    update: bool,
) -> Where:
    """Bind the thread to the new version, show its preview, then its diagram."""
    elapsed = int((time.perf_counter() - started) * 1000)
    preview = blocks.PreviewData.from_outcome(outcome, elapsed_ms=elapsed)
    # Bind before showing when the thread is known, so a reply typed the moment the preview
    # appears already finds its flow; bind again if the preview landed elsewhere (DM fallback).
    if outcome.version_id and where.root:
        service.bind_thread(outcome.version_id, context=in_thread(ctx, where))
    shown = show_preview(client, where, preview, update=update, user_id=ctx.user_id)
    if outcome.version_id and (shown.channel, shown.root) != (where.channel, where.root):
        service.bind_thread(outcome.version_id, context=in_thread(ctx, shown))
    upload_diagram(client, shown, preview)
    return shown


def run_and_deliver(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    produce: Callable[[RequestContext], FlowOutcome],
    *,
    placeholder: str | None = None,
    status: Callable[[str], None] | None = None,
) -> FlowOutcome | None:
    """Post a placeholder (optional), produce a version, and replace the placeholder with it.

    Without a placeholder the preview is posted as a new message in `where`'s thread.
    A failure to produce the version becomes a friendly message in the same place.
    """
    started = time.perf_counter()
    if placeholder is not None:
        where = post_message(
            client,
            where,
            text="Generating a flow…",
            blocks_=blocks.generating_blocks(placeholder, user_id=ctx.user_id),
            user_id=ctx.user_id,
        )
    try:
        if status:
            status("is generating a flow…")
        outcome = produce(in_thread(ctx, where))
    except Exception as exc:
        text, payload = error_text(exc, ctx)
        if is_refusal(exc) and placeholder is None and _tell_only(client, where, ctx, text, payload):
            return None
        if placeholder is not None and where.ts:
            client.chat_update(channel=where.channel, ts=where.ts, text=text, blocks=payload)
        else:
            post_message(client, Where(where.channel, thread_ts=where.root), text=text, blocks_=payload)
        return None
    finally:
        if status:
            status("")
    deliver_outcome(client, service, ctx, where, outcome, started=started, update=placeholder is not None)
    return outcome


def _tell_only(
    client: WebClient, where: Where, ctx: RequestContext, text: str, payload: list[dict[str, Any]]
) -> bool:
    """An ephemeral answer to the person who asked; False when Slack would not take it."""
    try:
        client.chat_postEphemeral(
            channel=where.channel, user=ctx.user_id, thread_ts=where.root, text=text, blocks=payload
        )
    except SlackApiError:
        return False
    return True


def claim_once(service: FlowService, key: str, ttl_s: int) -> bool:
    """True the first time `key` is seen within `ttl_s` (retries and double clicks answer False)."""
    try:
        return service.cache.claim(key, ttl_s)
    except Exception:  # a cache outage must not block the user's action
        log.warning("idempotency cache unavailable", exc_info=True)
        return True


def thread_lock_key(ctx: RequestContext, where: Where) -> str:
    return f"slack:thread:{ctx.workspace_id}:{where.channel}:{where.root}"


def refine_in_thread(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    instruction: str,
    *,
    version_id: str | None = None,
) -> FlowOutcome | None:
    """Apply an instruction to the thread's flow and post the new version in the thread.

    The thread lock spans reading the latest version, refining and posting: two replies
    in one thread are applied one after the other, each to the other's result.
    """
    thread = Where(where.channel, thread_ts=where.root)

    def produce(c: RequestContext) -> FlowOutcome:
        base = version_id
        if base is None:
            latest = service.latest_for_thread(context=c)
            if latest is None:
                raise NotFoundError("This thread has no flow.")
            base = latest.version_id
        return service.refine(instruction, version_id=base, context=c)

    try:
        with service.cache.lock(thread_lock_key(ctx, thread), ttl_s=180, wait_s=90):
            return run_and_deliver(client, service, ctx, thread, produce)
    except BusyError as exc:
        text, payload = error_text(exc, ctx)
        post_message(client, thread, text=text, blocks_=payload)
        return None


class Background:
    """The thread pool where slow work runs after the ack.

    Bolt runs ack functions in its own listener executor; if the slow work ran there too,
    a burst of generations would queue the next requests' acks behind it (and past
    Slack's 3-second deadline). Listeners ack, then hand the work to this pool.
    """

    def __init__(self, max_workers: int = 16) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="flowgen-work")
        self._queues: dict[str, deque[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]] = {}
        self._queues_lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        return self._pool.submit(self._logged, fn, *args, **kwargs)

    def submit_in_order(self, key: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run `fn` after every earlier task with the same `key` (one thread's replies: in the
        order they were sent, each refining the version the previous one made); tasks with
        other keys still run in parallel."""
        with self._queues_lock:
            queue = self._queues.get(key)
            if queue is not None:  # a task of this key is running: it picks this one up
                queue.append((fn, args, kwargs))
                return
            self._queues[key] = deque()
        self._pool.submit(self._drain, key, fn, args, kwargs)

    def _drain(self, key: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        while True:
            self._logged(fn, *args, **kwargs)
            with self._queues_lock:
                queue = self._queues[key]
                if not queue:
                    del self._queues[key]
                    return
                fn, args, kwargs = queue.popleft()

    @staticmethod
    def _logged(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception:  # nobody awaits these futures: make failures visible in the log
            log.exception("background Slack work failed", extra={"task": getattr(fn, "__name__", "?")})
            return None

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)
