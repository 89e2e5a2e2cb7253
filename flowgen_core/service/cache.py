"""One cache/coordination interface: Redis when configured, in-process otherwise.

Used for the result cache, idempotency claims (Slack retries), rate limits and short
per-conversation locks. A Redis outage degrades to the in-process implementation (logged
once) and Redis is probed again after a back-off; callers never see the outage.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from flowgen_core.errors import BusyError

if TYPE_CHECKING:
    import redis

    from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

# The in-process cache's bounds: at most this many cached results (LRU), and expired claims,
# locks and rate buckets swept once more than _SWEEP_START (then twice the survivors) exist.
MAX_JSON_ENTRIES = 5_000
_SWEEP_START = 10_000

_WHITESPACE = re.compile(r"\s+")


class LockTimeout(BusyError):
    """The lock is held by someone else for longer than we were willing to wait."""

    def __init__(self, key: str) -> None:
        super().__init__("Another change to this flow is in progress; try again in a moment.")
        self.key = key


class RateDecision(BaseModel):
    allowed: bool
    remaining: int
    retry_after_s: int


def result_cache_key(brief_text: str, generator: str, model: str | None, schema_version: str) -> str:
    """Key for a generated result: briefs differing only in case or spacing share an entry."""
    normalised = _WHITESPACE.sub(" ", brief_text.casefold()).strip()
    digest = hashlib.sha256(
        json.dumps([normalised, generator, model or "", schema_version]).encode("utf-8")
    ).hexdigest()
    return f"result:{digest}"


class Cache(ABC):
    backend: str

    @abstractmethod
    def get_text(self, key: str) -> str | None:
        """A JSON document stored with `set_text`/`set_json`, as its text."""

    @abstractmethod
    def set_text(self, key: str, text: str, ttl_s: int) -> None:
        """Store a JSON document already serialised (e.g. by pydantic's `model_dump_json`)."""

    def get_json(self, key: str) -> Any | None:
        raw = self.get_text(key)
        return json.loads(raw) if raw is not None else None

    def set_json(self, key: str, value: Any, ttl_s: int) -> None:
        self.set_text(key, json.dumps(value, default=str), ttl_s)

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def claim(self, key: str, ttl_s: int) -> bool:
        """True the first time `key` is claimed within `ttl_s` (SET NX EX)."""

    @abstractmethod
    def rate_limit(self, key: str, limit: int, window_s: int) -> RateDecision:
        """Fixed-window counter: at most `limit` calls per `window_s` seconds."""

    @abstractmethod
    def try_acquire(self, key: str, ttl_s: float, wait_s: float) -> Any | None:
        """A handle on the lock `key`, held for at most `ttl_s`; None once `wait_s` has passed."""

    @abstractmethod
    def release(self, key: str, handle: Any) -> None:
        """Give back a lock `try_acquire` took; one that has already expired is not an error."""

    @contextmanager
    def lock(self, key: str, ttl_s: float, wait_s: float = 10.0) -> Iterator[None]:
        """Hold `key` for at most `ttl_s`; raises LockTimeout after `wait_s`."""
        handle = self.try_acquire(key, ttl_s, wait_s)
        if handle is None:
            raise LockTimeout(key)
        try:
            yield
        finally:
            self.release(key, handle)

    @abstractmethod
    def ping(self) -> bool: ...


class MemoryCache(Cache):
    """Thread-safe, TTL-aware, per-process. Right for one process; a fallback for many."""

    backend = "memory"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # claims, locks and rate-limit buckets: never evicted early (that would break them)
        self._values: dict[str, tuple[float, Any]] = {}
        # cached JSON values: the least recently used is evicted past MAX_JSON_ENTRIES
        self._json: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._sweep_at = _SWEEP_START
        self._guard = threading.Condition()

    def _live(self, key: str) -> Any | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= self._clock():
            del self._values[key]
            return None
        return value

    def _sweep(self) -> None:
        # Expired claims and buckets are dropped without a background thread. The threshold
        # doubles with what survives a sweep, so the scan is amortised O(1) per write.
        if len(self._values) > self._sweep_at:
            now = self._clock()
            for key in [k for k, (expires_at, _) in self._values.items() if expires_at <= now]:
                del self._values[key]
            self._sweep_at = max(_SWEEP_START, 2 * len(self._values))

    def get_text(self, key: str) -> str | None:
        with self._guard:
            entry = self._json.get(key)
            if entry is not None and entry[0] <= self._clock():
                del self._json[key]
                entry = None
            if entry is not None:
                self._json.move_to_end(key)
        return entry[1] if entry is not None else None

    def set_text(self, key: str, text: str, ttl_s: int) -> None:
        # Kept as text, not the object: the same round-trip semantics as Redis.
        with self._guard:
            self._json[key] = (self._clock() + ttl_s, text)
            self._json.move_to_end(key)
            while len(self._json) > MAX_JSON_ENTRIES:
                self._json.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._guard:
            self._values.pop(key, None)
            self._json.pop(key, None)
            self._guard.notify_all()

    def claim(self, key: str, ttl_s: int) -> bool:
        with self._guard:
            if self._live(key) is not None:
                return False
            self._sweep()
            self._values[key] = (self._clock() + ttl_s, "1")
            return True

    def rate_limit(self, key: str, limit: int, window_s: int) -> RateDecision:
        now = self._clock()
        window = int(now // window_s)
        bucket = f"rl:{key}:{window}"
        with self._guard:
            self._sweep()
            count = (self._live(bucket) or 0) + 1
            self._values[bucket] = (float((window + 1) * window_s), count)
        retry_after = max(1, math.ceil((window + 1) * window_s - now))
        if count > limit:
            return RateDecision(allowed=False, remaining=0, retry_after_s=retry_after)
        return RateDecision(allowed=True, remaining=limit - count, retry_after_s=0)

    def try_acquire(self, key: str, ttl_s: float, wait_s: float) -> str | None:
        token = uuid.uuid4().hex
        deadline = self._clock() + wait_s
        name = f"lock:{key}"
        with self._guard:
            while True:
                if self._live(name) is None:
                    self._values[name] = (self._clock() + ttl_s, token)
                    return token
                remaining = deadline - self._clock()
                if remaining <= 0:
                    return None
                self._guard.wait(timeout=min(remaining, 0.05))

    def release(self, key: str, token: str) -> None:
        name = f"lock:{key}"
        with self._guard:
            if self._live(name) == token:
                del self._values[name]
            self._guard.notify_all()

    def ping(self) -> bool:
        return True


class RedisCache(Cache):
    """Redis-backed; every key is prefixed so tests and deployments can share a server."""

    backend = "redis"

    def __init__(self, url: str, *, prefix: str = "flowgen:", timeout_s: float = 0.5) -> None:
        # Imported here: redis is loaded only when a Redis URL is configured.
        import redis as redis_lib

        self.prefix = prefix
        self.client: redis.Redis = redis_lib.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s, health_check_interval=30
        )

    def _k(self, key: str) -> str:
        return self.prefix + key

    def get_text(self, key: str) -> str | None:
        raw = self.client.get(self._k(key))
        if raw is None:
            return None
        return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)

    def set_text(self, key: str, text: str, ttl_s: int) -> None:
        self.client.set(self._k(key), text, ex=max(1, int(ttl_s)))

    def delete(self, key: str) -> None:
        self.client.delete(self._k(key))

    def claim(self, key: str, ttl_s: int) -> bool:
        return bool(self.client.set(self._k(key), "1", nx=True, ex=max(1, int(ttl_s))))

    def rate_limit(self, key: str, limit: int, window_s: int) -> RateDecision:
        now = time.time()
        window = int(now // window_s)
        bucket = self._k(f"rl:{key}:{window}")
        pipe = self.client.pipeline()
        pipe.incr(bucket)
        pipe.expire(bucket, window_s + 1)
        count = int(pipe.execute()[0])
        if count > limit:
            retry_after = max(1, math.ceil((window + 1) * window_s - now))
            return RateDecision(allowed=False, remaining=0, retry_after_s=retry_after)
        return RateDecision(allowed=True, remaining=limit - count, retry_after_s=0)

    def try_acquire(self, key: str, ttl_s: float, wait_s: float) -> Any | None:
        lock = self.client.lock(self._k(f"lock:{key}"), timeout=ttl_s, blocking_timeout=wait_s, sleep=0.05)
        return lock if lock.acquire(blocking=wait_s > 0) else None

    def release(self, key: str, handle: Any) -> None:
        # Imported here: redis is loaded only when a Redis URL is configured.
        import redis as redis_lib

        try:
            handle.release()
        except redis_lib.exceptions.LockError:
            log.warning("lock %s expired before it was released (ttl %.0fs)", key, handle.timeout)

    def ping(self) -> bool:
        return bool(self.client.ping())

    def clear_prefix(self) -> int:
        """Delete every key under this prefix (tests, `flowgen` maintenance)."""
        keys = list(self.client.scan_iter(match=self.prefix + "*", count=500))
        return int(self.client.delete(*keys)) if keys else 0


def _redis_outages() -> tuple[type[Exception], ...]:
    """The errors that mean Redis is unreachable (as opposed to a bug in the call)."""
    # Imported here: redis is loaded only when a Redis URL is configured.
    import redis as redis_lib

    return (redis_lib.exceptions.ConnectionError, redis_lib.exceptions.TimeoutError, OSError)


class ResilientCache(Cache):
    """Redis first; the in-process cache while Redis is unreachable; back to Redis when it returns."""

    def __init__(self, primary: RedisCache, *, retry_after_s: float = 5.0) -> None:
        self.primary = primary
        self.fallback = MemoryCache()
        self._retry_after_s = retry_after_s
        self._down_since: float | None = None
        self._next_probe_at = 0.0
        self._state = threading.Lock()

    @property
    def backend(self) -> str:  # type: ignore[override]
        return "memory" if self._using_fallback() else "redis"

    @property
    def degraded(self) -> bool:
        return self._down_since is not None

    def _using_fallback(self) -> bool:
        if self._down_since is None:
            return False
        if time.monotonic() < self._next_probe_at:
            return True
        with self._state:
            self._next_probe_at = time.monotonic() + self._retry_after_s
        try:
            self.primary.ping()
        except Exception:
            return True
        with self._state:
            down_for = time.monotonic() - (self._down_since or time.monotonic())
            self._down_since = None
        log.warning("redis reachable again after %.0fs; leaving the in-process cache", down_for)
        return False

    def _mark_down(self, error: Exception) -> None:
        with self._state:
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
            self._next_probe_at = time.monotonic() + self._retry_after_s
        if first:
            log.warning("redis unavailable (%s); using the in-process cache for now", type(error).__name__)

    def _call(self, operation: Callable[[Cache], T]) -> T:
        if not self._using_fallback():
            try:
                return operation(self.primary)
            except _redis_outages() as error:
                self._mark_down(error)
        return operation(self.fallback)

    def get_text(self, key: str) -> str | None:
        return self._call(lambda cache: cache.get_text(key))

    def set_text(self, key: str, text: str, ttl_s: int) -> None:
        self._call(lambda cache: cache.set_text(key, text, ttl_s))

    def delete(self, key: str) -> None:
        self._call(lambda cache: cache.delete(key))

    def claim(self, key: str, ttl_s: int) -> bool:
        return self._call(lambda cache: cache.claim(key, ttl_s))

    def rate_limit(self, key: str, limit: int, window_s: int) -> RateDecision:
        return self._call(lambda cache: cache.rate_limit(key, limit, window_s))

    def try_acquire(self, key: str, ttl_s: float, wait_s: float) -> tuple[Cache, Any] | None:
        # The handle remembers which cache holds the lock, so it is released where it was taken.
        holder: Cache = self.fallback
        if not self._using_fallback():
            try:
                handle = self.primary.try_acquire(key, ttl_s, wait_s)
                holder = self.primary
            except _redis_outages() as error:
                self._mark_down(error)
        if holder is self.fallback:
            handle = self.fallback.try_acquire(key, ttl_s, wait_s)
        return (holder, handle) if handle is not None else None

    def release(self, key: str, handle: tuple[Cache, Any]) -> None:
        holder, held = handle
        try:
            holder.release(key, held)
        except _redis_outages() as error:
            # The lock's TTL frees it on the server; nothing else to do.
            self._mark_down(error)

    def ping(self) -> bool:
        try:
            ok = bool(self.primary.ping())
        except Exception:
            return False
        if ok and self._down_since is not None:
            self._next_probe_at = 0.0
            self._using_fallback()
        return ok


def build_cache(settings: Settings, *, prefix: str = "flowgen:", retry_after_s: float = 5.0) -> Cache:
    """Redis (with in-process fallback) when `settings.redis_url` is set, else in-process."""
    if settings.redis_url:
        return ResilientCache(RedisCache(settings.redis_url, prefix=prefix), retry_after_s=retry_after_s)
    return MemoryCache()


__all__ = [
    "Cache",
    "LockTimeout",
    "MemoryCache",
    "RateDecision",
    "RedisCache",
    "ResilientCache",
    "build_cache",
    "result_cache_key",
]
