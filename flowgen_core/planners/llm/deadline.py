"""One wall-clock budget per generation, and a bound on model calls in flight.

An HTTP client timeout is per read: a server that drips a byte a second never trips it. So
each model call runs in its own daemon thread and the caller waits at most the time left
in the generation's budget; on expiry the call is abandoned (its thread ends with its
socket's read timeout, which is also derived from the budget) and the caller falls back at
once. A process-wide semaphore caps concurrent model calls, so a slow provider ties up at
most that many threads and the request pool stays free for acks and /health.
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


class DeadlineExceeded(TimeoutError):
    """The generation's time budget ran out before the model answered."""


class ModelBusy(TimeoutError):
    """Every model-call slot stayed taken for the rest of the budget."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0


@functools.cache
def _http_module(name: str) -> Any:
    """The HTTP library a request or response object comes from (httpx, or a client's fork of it)."""
    return importlib.import_module(name.split(".", 1)[0])


@functools.cache
def _deadline_stream_class(module_name: str) -> type:
    """A body stream for that library that stops at the deadline, checked at every chunk."""
    http = _http_module(module_name)

    class DeadlineStream(http.SyncByteStream):  # type: ignore[name-defined]
        def __init__(self, inner: Any, deadline: Deadline) -> None:
            self._inner = inner
            self._deadline = deadline

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self._inner:
                if self._deadline.expired:
                    raise http.ReadTimeout("the generation's time budget ran out while reading the reply")
                yield chunk

        def close(self) -> None:
            self._inner.close()

    return DeadlineStream


class DeadlineGuard:
    """HTTP client event hooks that end a request once the current `deadline` has passed.

    The waiting caller gives up at the deadline anyway (`call_within`); the guard makes the
    abandoned call itself end within one read of it — a dripping server yields a chunk per
    byte — so its thread and concurrency slot are freed instead of held until the server
    stops. Hooks rather than a custom transport keep the client's own transport (proxies
    from the environment, connection limits). `deadline` is set per generation by its owner.
    """

    def __init__(self) -> None:
        self.deadline: Deadline | None = None

    def event_hooks(self) -> dict[str, list[Callable[..., None]]]:
        return {"request": [self._on_request], "response": [self._on_response]}

    def _on_request(self, request: Any) -> None:
        if self.deadline is not None and self.deadline.expired:
            http = _http_module(type(request).__module__)
            raise http.ConnectTimeout(
                "the generation's time budget ran out before the request", request=request
            )

    def _on_response(self, response: Any) -> None:
        # Called after the headers, before the body is read: wrap the body's stream.
        if self.deadline is not None:
            stream_class = _deadline_stream_class(type(response).__module__)
            response.stream = stream_class(response.stream, self.deadline)


def _slots(limit: int) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        slot = _SLOTS.get(limit)
        if slot is None:
            slot = _SLOTS[limit] = threading.BoundedSemaphore(limit)
        return slot


def call_within(fn: Callable[[], T], deadline: Deadline, *, max_concurrency: int) -> T:
    """Run `fn` in a slot and a thread; return its result, re-raise its error, or raise on expiry."""
    slots = _slots(max_concurrency)
    if not slots.acquire(timeout=deadline.remaining()):
        raise ModelBusy(f"all {max_concurrency} model-call slots stayed busy")
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed to the waiting caller
            outcome["error"] = exc
        finally:
            slots.release()  # only when the call really ends: the cap counts open sockets
            done.set()

    threading.Thread(target=run, name="flowgen-llm-call", daemon=True).start()
    if not done.wait(deadline.remaining()):
        raise DeadlineExceeded(f"no answer within the {deadline.seconds:g} s budget")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
