"""Putting flows in front of people: placeholders, previews, files, and friendly failures.

Shared by the command, action, event and view listeners so that a preview looks and
behaves the same wherever the flow came from.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_apps.slack import blocks
from flowgen_apps.slack.generation import GenerationInterrupted, GenerationPool
from flowgen_apps.slack.mrkdwn import escape
from flowgen_apps.slack.preview import (
    PreviewData,
    compact_preview_blocks,
    plain_preview_text,
    preview_blocks,
    preview_text,
    superseded_blocks,
    superseded_text,
)
from flowgen_core.context import RequestContext
from flowgen_core.errors import (
    BusyError,
    FlowgenError,
    FlowLockedError,
    GenerationError,
    NotABriefError,
    NotFoundError,
    PermissionDeniedError,
    RefinementRefused,
)
from flowgen_core.io import InputError
from flowgen_core.render.diagram import render_png, text_diagram
from flowgen_core.service.facade import FlowOutcome, FlowService

log = logging.getLogger(__name__)

# Channel errors after which the user gets the message in a DM instead.
_DM_FALLBACK_ERRORS = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
_EPHEMERAL_FALLBACK_ERRORS = {"not_in_channel", "channel_not_found", "user_not_in_channel"}
_TEXT_DIAGRAM_CHARS = 2900
ACTION_WINDOW_S = 10  # two clicks of one button within this window are one action
PERMALINK_TTL_S = 30 * 24 * 3600
PREVIEW_RECORD_TTL_S = 90 * 24 * 3600
DIAGRAM_NICE = 10  # render threads (and their Graphviz processes) yield the CPU to acks and previews


class RateLimited(FlowgenError):
    """Too many requests from one person in the last minute."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__("You've sent a lot of requests in the last minute.")
        self.retry_after_s = retry_after_s


def check_rate(service: FlowService, ctx: RequestContext, entry_point: str) -> None:
    """Raise RateLimited when `ctx.user_id` used up this kind of work's per-minute budget.

    One budget per kind (`generate` is shared by /flowgen, mentions, DMs and the New-flow
    modal; `reply`, `button` and `command` have their own), so a burst of clicks never
    stops someone from asking for a flow."""
    limit = service.settings.rate_limit_per_minute
    if limit <= 0:
        return
    try:
        decision = service.cache.rate_limit(
            f"slack:rate:{ctx.workspace_id}:{ctx.user_id}:{entry_point}", limit, 60
        )
    except Exception:  # a cache outage must not block people
        log.warning("rate limiter unavailable", exc_info=True)
        return
    if not decision.allowed:
        raise RateLimited(max(int(decision.retry_after_s), 1))


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
# Errors that concern only the person who asked: answered privately (ephemeral), never in the channel.
PRIVATE_ERRORS = (
    RefinementRefused,
    FlowLockedError,
    PermissionDeniedError,
    NotFoundError,
    BusyError,
    RateLimited,
)


def is_refusal(exc: BaseException) -> bool:
    """A refusal meant for the person who asked, not the thread: tenancy or the change policy."""
    return isinstance(exc, NotFoundError | PermissionDeniedError | FlowLockedError)


def friendly_error(exc: BaseException, ctx: RequestContext) -> tuple[str, str | None]:
    """(message, what to do next) for people; internals go to the log only."""
    if isinstance(exc, RefinementRefused):
        return str(exc), "Try one of the supported phrasings."
    if isinstance(exc, FlowLockedError):
        return str(exc) or "This flow is approved and locked.", "Reopen it first, then ask again."
    if isinstance(exc, PermissionDeniedError):
        return str(
            exc
        ) or "You can't make that change to this flow.", "Ask the flow's creator or a workspace admin."
    if isinstance(exc, RateLimited):
        return str(exc), f"Try again in {exc.retry_after_s} s."
    if isinstance(exc, BusyError):
        return "Another change to this flow is still in progress.", "Wait a moment, then try again."
    if isinstance(exc, NotFoundError):
        return "I can't find that flow version any more.", "Start a new one with `/flowgen <brief>`."
    if isinstance(exc, InputError):
        return f"I couldn't read that JSON: {exc}", "Paste the whole flow after `/flowgen validate`."
    if isinstance(exc, NotABriefError):
        examples = "\n".join(f"• {example}" for example in exc.examples)
        return (
            "I need a campaign brief to build a flow: who to text, what to offer and when.",
            f"Try one of these:\n{examples}",
        )
    if isinstance(exc, GenerationInterrupted):
        return str(exc), f"If it keeps happening, give your admin this reference: {ctx.request_id}."
    if isinstance(exc, GenerationError | FlowgenError):
        return str(exc), "Adjust the brief and try again, or see `/flowgen help`."
    log.error("slack request failed", exc_info=exc, extra={"request_id": ctx.request_id})
    return (
        "Something went wrong on my side.",
        f"Try again in a minute; if it keeps failing, give your admin this reference: {ctx.request_id}.",
    )


def error_text(
    exc: BaseException, ctx: RequestContext, *, instruction: str | None = None, version_id: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(exc, RefinementRefused):
        return (
            f"I couldn't apply that: {escape(str(exc))}",
            blocks.refused_blocks(str(exc), exc.suggestions, instruction=instruction),
        )
    message, next_step = friendly_error(exc, ctx)
    payload = blocks.error_blocks(message, next_step=next_step)
    if isinstance(exc, FlowLockedError) and version_id:
        payload.append(reopen_row(version_id))
    return escape(message), payload


def reopen_row(version_id: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": f"reopen:{version_id}"[:255],
        "elements": [blocks.button("🔓 Reopen", blocks.ACTION_REOPEN, version_id, style="primary")],
    }


# ---------------------------------------------------------------------- posting
def post_message(
    client: WebClient,
    where: Where,
    *,
    text: str,
    blocks_: list[dict[str, Any]] | None,
    user_id: str | None = None,
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


def post_ephemeral(
    client: WebClient,
    *,
    channel: str,
    user: str,
    text: str,
    blocks_: list[dict[str, Any]],
    thread_ts: str | None = None,
) -> None:
    """An answer only `user` sees (in the thread when given); in a DM when the bot can't post there."""
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks_, thread_ts=thread_ts)
    except SlackApiError as exc:
        if exc.response.get("error") not in _EPHEMERAL_FALLBACK_ERRORS:
            raise
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text, blocks=blocks_)


def tell_privately(
    client: WebClient, where: Where, user_id: str, text: str, payload: list[dict[str, Any]]
) -> None:
    """An ephemeral note in `where`'s thread; a failure to deliver it is logged, not raised."""
    try:
        post_ephemeral(
            client, channel=where.channel, user=user_id, text=text, blocks_=payload, thread_ts=where.root
        )
    except SlackApiError as exc:
        log.warning("private note not delivered", extra={"error": exc.response.get("error")})


# ---------------------------------------------------------------------- links and preview records
def permalink(client: WebClient, service: FlowService, channel: str, ts: str) -> str | None:
    """A message's permalink, asked of Slack once and then kept in the cache."""
    key = f"slack:permalink:{channel}:{ts}"
    try:
        cached = service.cache.get_json(key)
    except Exception:
        cached = None
    if cached:
        return str(cached)
    try:
        link = str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except SlackApiError:
        return None
    with contextlib.suppress(Exception):
        service.cache.set_json(key, link, PERMALINK_TTL_S)
    return link


def _thread_preview_key(ctx: RequestContext, where: Where) -> str:
    return f"slack:thread-preview:{ctx.workspace_id}:{where.channel}:{where.root}"


def latest_preview(service: FlowService, ctx: RequestContext, where: Where) -> dict[str, Any] | None:
    """Where the thread's newest preview is: {"version_id", "version", "channel", "ts"}."""
    try:
        return service.cache.get_json(_thread_preview_key(ctx, where))
    except Exception:
        return None


def _remember_preview(
    service: FlowService, ctx: RequestContext, where: Where, record: dict[str, Any]
) -> None:
    with contextlib.suppress(Exception):
        service.cache.set_json(_thread_preview_key(ctx, where), record, PREVIEW_RECORD_TTL_S)


def supersede_previous(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    thread: Where,
    shown: Where,
    preview: PreviewData,
) -> None:
    """Collapse the thread's previous preview to one line pointing at the new one, then remember the new one."""
    previous = latest_preview(service, ctx, thread)
    record = {
        "version_id": preview.version_id,
        "version": preview.version,
        "channel": shown.channel,
        "ts": shown.ts,
    }
    _remember_preview(service, ctx, thread, record)
    if (
        not previous
        or previous.get("ts") in (None, shown.ts)
        or previous.get("version_id") == preview.version_id
    ):
        return
    link = permalink(client, service, shown.channel, shown.ts) if shown.ts else None
    old = preview.model_copy(
        update={"version": previous.get("version"), "version_id": previous.get("version_id")}
    )
    latest = preview.version or 1
    try:
        client.chat_update(
            channel=previous["channel"],
            ts=previous["ts"],
            text=superseded_text(old, latest),
            blocks=superseded_blocks(old, latest=latest, link=link),
        )
    except SlackApiError as exc:  # the new preview is what matters; an old one left as is is harmless
        log.info("previous preview not collapsed", extra={"error": exc.response.get("error")})


# ---------------------------------------------------------------------- previews
def _preview_levels(preview: PreviewData) -> list[tuple[str, str, list[dict[str, Any]] | None]]:
    text = preview_text(preview)
    return [
        ("full", text, preview_blocks(preview)),
        ("compact", text, compact_preview_blocks(preview)),
        ("plain", plain_preview_text(preview), None),
    ]


def show_preview(
    client: WebClient, where: Where, preview: PreviewData, *, update: bool, user_id: str | None = None
) -> tuple[Where, str]:
    """Show a preview: replace the message at `where.ts` (update) or post a new one in the thread.

    When Slack refuses it (too long, invalid blocks, the message gone), a compact preview is
    tried, then plain words; when every update fails, the preview is posted as a new
    message. Returns where it landed and which level ("full", "compact", "plain") did.
    """
    levels = _preview_levels(preview)
    failure: SlackApiError | None = None
    if update and where.ts:
        for level, text, payload in levels:
            try:
                client.chat_update(channel=where.channel, ts=where.ts, text=text, blocks=payload or [])
                return where, level
            except SlackApiError as exc:
                failure = exc
                log.warning(
                    "preview update refused", extra={"level": level, "error": exc.response.get("error")}
                )
    thread = Where(where.channel, thread_ts=where.root)
    for level, text, payload in levels:
        try:
            return post_message(client, thread, text=text, blocks_=payload, user_id=user_id), level
        except SlackApiError as exc:
            failure = exc
            log.warning("preview post refused", extra={"level": level, "error": exc.response.get("error")})
    assert failure is not None
    raise failure


def upload_diagram(client: WebClient, where: Where, preview: PreviewData) -> None:
    """A PNG of the flow in the thread; the text tree when Graphviz isn't available."""
    try:
        background = running_background()
        png = background.render(render_png, preview.flow) if background else render_png(preview.flow)
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


def upload_flow_json(
    client: WebClient, where: Where, *, name: str, version: int | None, flow: dict[str, Any]
) -> str:
    filename = blocks.json_filename(name, version)
    client.files_upload_v2(
        channel=where.channel,
        thread_ts=where.root,
        content=json.dumps(flow, indent=2, ensure_ascii=False).encode("utf-8"),
        filename=filename,
        title=filename,
        initial_comment=f"FlowBuilder JSON for *{escape(name)}* v{version or 1}.",
    )
    return filename


def upload_json(client: WebClient, where: Where, stored: Any) -> str:
    name = stored.name or str(stored.flow.get("name", "flow"))
    return upload_flow_json(client, where, name=name, version=stored.version, flow=stored.flow)


def deliver_outcome(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    outcome: FlowOutcome,
    *,
    started: float,
    update: bool,
    status: Callable[[str], None] | None = None,
) -> Where:
    """Bind the thread to the new version, show its preview, collapse the previous one, then the diagram."""
    elapsed = int((time.perf_counter() - started) * 1000)
    preview = PreviewData.from_outcome(outcome, elapsed_ms=elapsed, requested_by=ctx.user_id)
    # Bind before showing when the thread is known, so a reply typed the moment the preview
    # appears already finds its flow; bind again if the preview landed elsewhere (DM fallback).
    if outcome.version_id and where.root:
        service.bind_thread(outcome.version_id, context=in_thread(ctx, where))
    shown, level = show_preview(client, where, preview, update=update, user_id=ctx.user_id)
    # Only a new flow follows its preview into a DM: an existing flow stays bound to the
    # channel it lives in, so a colleague's click while the channel refuses posts cannot take
    # the team's flow out of the channel (the DM copy is then a notice).
    moved = (shown.channel, shown.root) != (where.channel, where.root)
    if outcome.version_id and moved and (outcome.version or 1) == 1:
        service.bind_thread(outcome.version_id, context=in_thread(ctx, shown))
    supersede_previous(client, service, ctx, Where(shown.channel, thread_ts=shown.root), shown, preview)
    if level == "plain":
        try:  # no blocks made it: the file is the result
            upload_flow_json(client, shown, name=preview.name, version=preview.version, flow=preview.flow)
        except SlackApiError as exc:
            log.warning("json upload failed", extra={"error": exc.response.get("error")})
    background = running_background()
    if background is not None:  # drawn on the low-priority lane; this thread is free for the next flow
        background.submit_diagram(upload_diagram, client, shown, preview)
        return shown
    if status:
        status("is drawing the diagram…")
    upload_diagram(client, shown, preview)
    return shown


def _report(
    client: WebClient,
    ctx: RequestContext,
    where: Where,
    exc: BaseException,
    *,
    placeholder_ts: str | None,
    instruction: str | None = None,
    version_id: str | None = None,
) -> None:
    """Put a failure where the user looks: privately for their own mistakes, else in the thread."""
    text, payload = error_text(exc, ctx, instruction=instruction, version_id=version_id)
    try:
        if isinstance(exc, PRIVATE_ERRORS) and ctx.user_id != "unknown":
            if placeholder_ts:
                client.chat_delete(channel=where.channel, ts=placeholder_ts)
            tell_privately(client, where, ctx.user_id, text, payload)
            return
        if placeholder_ts:
            client.chat_update(channel=where.channel, ts=placeholder_ts, text=text, blocks=payload)
        else:
            post_message(client, Where(where.channel, thread_ts=where.root), text=text, blocks_=payload)
    except SlackApiError:
        # The fancy answer was refused: words in the thread are the last resort.
        log.warning("failure report refused; posting plain text", exc_info=True)
        client.chat_postMessage(channel=where.channel, thread_ts=where.root, text=text)


def run_and_deliver(
    client: WebClient,
    service: FlowService,
    ctx: RequestContext,
    where: Where,
    produce: Callable[[RequestContext], FlowOutcome],
    *,
    placeholder: str | None = None,
    status: Callable[[str], None] | None = None,
    instruction: str | None = None,
    version_id: str | None = None,
) -> FlowOutcome | None:
    """Post a placeholder (optional), produce a version, and replace the placeholder with it.

    Without a placeholder the preview is posted as a new message in `where`'s thread.
    A failure to produce or show the version becomes a clear message in the same place:
    the placeholder never stays "Generating…".
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
    placeholder_ts = where.ts if placeholder is not None else None
    try:
        background = running_background()
        if background is None:
            outcome = produce(in_thread(ctx, where))
        else:
            with background.generation_slot():
                outcome = produce(in_thread(ctx, where))
    except Exception as exc:
        if status:
            status("")
        _report(
            client,
            ctx,
            where,
            exc,
            placeholder_ts=placeholder_ts,
            instruction=instruction,
            version_id=version_id,
        )
        return None
    try:
        if status:
            status("is posting the preview…")
        deliver_outcome(
            client,
            service,
            ctx,
            where,
            outcome,
            started=started,
            update=placeholder is not None,
            status=status,
        )
    except Exception as exc:
        _report(client, ctx, where, exc, placeholder_ts=placeholder_ts)
    finally:
        if status:
            status("")
    return outcome


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
    status: Callable[[str], None] | None = None,
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
            return run_and_deliver(
                client,
                service,
                ctx,
                thread,
                produce,
                status=status,
                instruction=instruction,
                version_id=version_id,
            )
    except BusyError as exc:
        text, payload = error_text(exc, ctx)
        tell_privately(client, thread, ctx.user_id, text, payload)
        return None


class Background:
    """Where slow work runs after the ack: a work pool, a bound on generations, a diagram lane.

    Bolt runs ack functions in its own listener executor; if the slow work ran there too,
    a burst of generations would queue the next requests' acks behind it (and past
    Slack's 3-second deadline). Listeners ack, then hand the work to this pool.

    Under a burst, work competes with the acks for the CPU (and, in process, the GIL):
    - `generation_slots` bounds how many generations run at once (about one per core for the
      CPU-bound offline generator): more threads would only share the cores, so every
      preview of a burst would arrive late instead of the first ones arriving early, and each
      extra runnable thread delays the ack threads' turn at the GIL. None: no bound (a
      generator that waits on the network).
    - diagrams are drawn and posted on their own `diagram_workers` threads, so a work thread
      never waits for one; the drawing itself (Graphviz runs as a child process, the heaviest
      CPU work per flow) runs on render threads that Linux runs at a lower priority
      (`diagram_nice`, inherited by the Graphviz process): a diagram takes only the CPU that
      acks and previews leave.
    - `generations`, when given, is the pool of worker processes that runs the generations
      themselves (`flowgen_apps.slack.generation`); it is shut down with this pool.
    Code run outside this pool (a unit test calling a listener's work directly) generates and
    draws inline.
    """

    def __init__(
        self,
        max_workers: int = 16,
        *,
        generation_slots: int | None = None,
        diagram_workers: int = 1,
        diagram_nice: int = DIAGRAM_NICE,
        generations: GenerationPool | None = None,
    ) -> None:
        self.generations = generations
        self._pool = ThreadPoolExecutor(
            max_workers=max_workers,
            thread_name_prefix="flowgen-work",
            initializer=self._enter_thread,
        )
        self._diagrams = ThreadPoolExecutor(
            max_workers=max(1, diagram_workers),
            thread_name_prefix="flowgen-diagram",
            initializer=self._enter_thread,
        )
        # Only the drawing runs at a lower priority: a low-priority thread holding the GIL while
        # it posts the file would make the acks wait for it.
        self._renders = ThreadPoolExecutor(
            max_workers=max(1, diagram_workers),
            thread_name_prefix="flowgen-render",
            initializer=lower_thread_priority,
            initargs=(diagram_nice,),
        )
        self._generation = threading.BoundedSemaphore(generation_slots) if generation_slots else None
        self._queues: dict[str, deque[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]] = {}
        self._queues_lock = threading.Lock()

    def _enter_thread(self) -> None:
        _running.background = self

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        return self._pool.submit(self._logged, fn, *args, **kwargs)

    def submit_diagram(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `fn` on the low-priority diagram lane (first come, first drawn)."""
        return self._diagrams.submit(self._logged, fn, *args, **kwargs)

    def render(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` on a low-priority render thread (the processes it starts inherit the priority)."""
        return self._renders.submit(fn, *args).result()

    @contextlib.contextmanager
    def generation_slot(self) -> Iterator[None]:
        """Hold one of the generation slots (waiting for one when all are taken)."""
        if self._generation is None:
            yield
            return
        with self._generation:
            yield

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
        # Work first: a flow being delivered may still hand its diagram to the lane.
        self._pool.shutdown(wait=wait)
        self._diagrams.shutdown(wait=wait)
        self._renders.shutdown(wait=wait)
        if self.generations is not None:
            self.generations.shutdown(wait=wait)


# The Background whose thread is running the current task (unset outside its pools).
_running = threading.local()


def running_background() -> Background | None:
    return getattr(_running, "background", None)


def lower_thread_priority(nice: int) -> None:
    """Lower the calling thread's CPU priority by `nice` (Linux: per thread, and inherited by
    the processes it starts). Elsewhere the nice value is per process: left alone."""
    if nice <= 0 or sys.platform != "linux":
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except OSError:
        log.info("diagram thread priority unchanged", exc_info=True)
