"""Scheduled maintenance: retention, coordination-row expiry, outbox replay, usage digest.

Jobs run in one process only (`flowgen clock`), never inside web workers. Each run is
guarded by a lock — a Redis lock when Redis is configured, else a lease row in the
database — so two clocks never run the same job at the same time. The daily digest is
additionally claimed per day so it is sent once even if two clocks fire one after another.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from flowgen_core.service.cache import Cache, LockTimeout
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

DigestSink = Callable[[dict[str, Any]], None]

# Long enough for the slowest job; a crashed holder's lock frees itself after this.
JOB_LOCK_TTL_S = 15 * 60
DIGEST_CLAIM_TTL_S = 36 * 3600


def _log_digest(digest: dict[str, Any]) -> None:
    log.info("usage digest: %s", digest)


_digest_sink: DigestSink = _log_digest


def set_digest_sink(sink: DigestSink | None) -> None:
    """Where the daily usage digest goes (the Slack app posts it to a channel). None = log it."""
    global _digest_sink
    _digest_sink = sink or _log_digest


def get_digest_sink() -> DigestSink:
    return _digest_sink


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# ---------------------------------------------------------------------------- the jobs
def retention_purge(store: FlowStore, cache: Cache, settings: Settings) -> dict[str, Any]:
    deleted = store.purge_older_than(settings.retention_days)
    return {"versions_deleted": deleted, "retention_days": settings.retention_days}


def expire_coordination(store: FlowStore, cache: Cache, settings: Settings) -> dict[str, Any]:
    return {"rows_deleted": store.expire_coordination_rows()}


def outbox_flush(store: FlowStore, cache: Cache, settings: Settings) -> dict[str, Any]:
    return {"replayed": store.flush_outbox(), "pending": len(store.outbox)}


def usage_digest(store: FlowStore, cache: Cache, settings: Settings) -> dict[str, Any]:
    since = datetime.now(UTC) - timedelta(days=1)
    day_key = f"digest:{since.date().isoformat()}"
    if not _claim(day_key, store, cache, settings):
        return {"skipped": "already sent for this day"}
    digest = store.usage_digest(since)
    digest["channel"] = settings.slack_digest_channel
    get_digest_sink()(digest)
    return {"sent": True, "flows_generated": digest.get("flows_generated")}


JOBS: dict[str, Callable[[FlowStore, Cache, Settings], dict[str, Any]]] = {
    "retention_purge": retention_purge,
    "expire_coordination": expire_coordination,
    "outbox_flush": outbox_flush,
    "usage_digest": usage_digest,
}


# ---------------------------------------------------------------------------- guarding
def _uses_redis(cache: Cache, settings: Settings) -> bool:
    return bool(settings.redis_url) and cache.backend == "redis"


def _claim(key: str, store: FlowStore, cache: Cache, settings: Settings) -> bool:
    if _uses_redis(cache, settings):
        return cache.claim(key, DIGEST_CLAIM_TTL_S)
    return store.claim_key(key, DIGEST_CLAIM_TTL_S)


@contextmanager
def _db_lease(store: FlowStore, key: str, ttl_s: float):  # type: ignore[no-untyped-def]
    holder = _holder() + ":" + os.urandom(4).hex()
    if not store.acquire_lease(key, holder, ttl_s):
        raise LockTimeout(key)
    try:
        yield
    finally:
        store.release_lease(key, holder)


def job_lock(name: str, store: FlowStore, cache: Cache, settings: Settings) -> AbstractContextManager[Any]:
    key = f"job:{name}"
    if _uses_redis(cache, settings):
        return cache.lock(key, ttl_s=JOB_LOCK_TTL_S, wait_s=0)
    return _db_lease(store, key, JOB_LOCK_TTL_S)


def run_job(name: str, store: FlowStore, cache: Cache, settings: Settings) -> bool:
    """Run one job now if nobody else is running it. False when another holder has the lock."""
    job = JOBS[name]
    try:
        with job_lock(name, store, cache, settings):
            run_id = store.start_job_run(name, _holder())
            try:
                result = job(store, cache, settings)
            except Exception as error:
                log.exception("job %s failed", name)
                store.finish_job_run(run_id, status="failed", result={"error": type(error).__name__})
                return True
            store.finish_job_run(run_id, status="ok", result=result)
            log.info("job %s done: %s", name, result)
            return True
    except LockTimeout:
        log.info("job %s skipped: another clock holds its lock", name)
        return False


# ---------------------------------------------------------------------------- scheduling
def build_scheduler(
    store: FlowStore,
    cache: Cache,
    settings: Settings,
    *,
    blocking: bool = True,
    digest_hour_utc: int = 9,
) -> Any:
    """An APScheduler 3 scheduler with every job registered (call `.start()`)."""
    # Imported here: only the clock process schedules jobs.
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone="UTC")
    # coalesce: after downtime, run a missed job once, not once per missed interval.
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}

    def add(name: str, trigger: str, **trigger_args: Any) -> None:
        scheduler.add_job(
            run_job,
            trigger,
            id=name,
            name=name,
            args=(name, store, cache, settings),
            **defaults,
            **trigger_args,
        )

    add("outbox_flush", "interval", seconds=60)
    add("expire_coordination", "interval", minutes=10)
    add("retention_purge", "interval", hours=6, next_run_time=datetime.now(UTC) + timedelta(minutes=1))
    add("usage_digest", "cron", hour=digest_hour_utc, minute=0)
    return scheduler


__all__ = [
    "JOBS",
    "build_scheduler",
    "get_digest_sink",
    "job_lock",
    "run_job",
    "set_digest_sink",
]
