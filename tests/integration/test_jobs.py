"""Scheduled jobs: each job's effect, the run lock (one runner at a time), the digest hook."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from flowgen_core.context import RequestContext
from flowgen_core.service import jobs
from flowgen_core.service.cache import Cache, MemoryCache, ResilientCache
from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.models import Flow
from flowgen_core.settings import Settings
from tests.fakes.services import REDIS_URL, dead_port

CTX = RequestContext(workspace_id="T1", user_id="U1")


def _save(store: FlowStore, **extra: Any):  # type: ignore[no-untyped-def]
    return store.save_version(
        context=CTX,
        flow={"name": "F", "steps": []},
        report={"valid": True},
        brief="b",
        generator="offline",
        **extra,
    )


@pytest.fixture
def settings() -> Settings:
    return Settings(redis_url=None, retention_days=30, slack_digest_channel="C-digest")


@pytest.fixture
def sink() -> Iterator[list[dict]]:
    received: list[dict] = []
    jobs.set_digest_sink(received.append)
    yield received
    jobs.set_digest_sink(None)


def test_retention_purge_job(flow_store: FlowStore, settings: Settings) -> None:
    old = _save(flow_store)
    with flow_store.engine.begin() as connection:
        past = datetime.now(UTC) - timedelta(days=31)
        connection.execute(update(Flow).where(Flow.id == old.flow_id).values(updated_at=past))
    kept = _save(flow_store)
    assert jobs.run_job("retention_purge", flow_store, MemoryCache(), settings)
    assert flow_store.get_version(old.version_id) is None
    assert flow_store.get_version(kept.version_id) is not None
    assert flow_store.job_runs("retention_purge")[0]["result"] == {
        "versions_deleted": 1,
        "retention_days": 30,
    }


def test_expire_coordination_job(flow_store: FlowStore, settings: Settings) -> None:
    flow_store.claim_key("stale", ttl_s=-1)
    flow_store.acquire_lease("stale-lease", "x", ttl_s=-1)
    assert jobs.run_job("expire_coordination", flow_store, MemoryCache(), settings)
    assert flow_store.job_runs("expire_coordination")[0]["result"] == {"rows_deleted": 2}


def test_outbox_flush_job(database_url: str, tmp_path: Path, settings: Settings) -> None:
    outbox = tmp_path / "outbox.jsonl"
    dead = FlowStore(f"postgresql://postgres@127.0.0.1:{dead_port()}/x", outbox_path=outbox, retry_after_s=0)
    queued = _save(dead)
    dead.dispose()
    from flowgen_core.service.store import upgrade

    upgrade(database_url)
    store = FlowStore(database_url, auto_migrate=False, outbox_path=outbox)
    try:
        # run_job takes the lease first: that successful operation already replays the queue.
        assert jobs.run_job("outbox_flush", store, MemoryCache(), settings)
        assert store.get_version(queued.version_id) is not None
        assert len(store.outbox) == 0
    finally:
        store.dispose()


def test_usage_digest_job_goes_to_the_sink_once_per_day(
    flow_store: FlowStore, settings: Settings, sink: list[dict]
) -> None:
    saved = _save(flow_store, latency_ms=120)
    flow_store.set_approved(saved.version_id, user_id="U1")
    assert jobs.run_job("usage_digest", flow_store, MemoryCache(), settings)
    assert jobs.run_job("usage_digest", flow_store, MemoryCache(), settings)  # runs, but sends nothing
    assert len(sink) == 1
    digest = sink[0]
    assert digest["flows_generated"] == 1 and digest["approval_rate"] == 1.0
    assert digest["median_latency_ms"] == 120 and digest["channel"] == "C-digest"


def test_a_failing_job_is_recorded_not_raised(
    flow_store: FlowStore, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.JOBS, "broken", broken)
    assert jobs.run_job("broken", flow_store, MemoryCache(), settings)
    assert flow_store.job_runs("broken")[0]["status"] == "failed"


def _race(store: FlowStore, cache: Cache, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[int] = []

    def slow(*_: Any) -> dict:
        calls.append(1)
        time.sleep(0.5)
        return {}

    monkeypatch.setitem(jobs.JOBS, "slow", slow)
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def clock() -> None:
        barrier.wait()
        results.append(jobs.run_job("slow", store, cache, settings))

    threads = [threading.Thread(target=clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == results.count(True)
    return sorted(results)


def test_two_clocks_one_run_with_the_database_lease(
    flow_store: FlowStore, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _race(flow_store, MemoryCache(), settings, monkeypatch) == [False, True]
    # The lease is released after the run: the next tick runs again.
    assert jobs.run_job("slow", flow_store, MemoryCache(), settings)


@pytest.mark.services
def test_two_clocks_one_run_with_the_redis_lock(
    flow_store: FlowStore, redis_cache: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(redis_url=REDIS_URL)
    cache = ResilientCache(redis_cache)
    assert cache.backend == "redis"
    assert _race(flow_store, cache, settings, monkeypatch) == [False, True]
    # The database lease was not used: the Redis lock did the work.
    assert flow_store.acquire_lease("job:slow", "probe", ttl_s=1)


def test_scheduler_registers_every_job(flow_store: FlowStore, settings: Settings) -> None:
    scheduler = jobs.build_scheduler(flow_store, MemoryCache(), settings, blocking=False)
    assert {job.id for job in scheduler.get_jobs()} == set(jobs.JOBS)


def test_clock_cli_runs_one_job(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    from click.testing import CliRunner

    from flowgen_apps.cli import main
    from flowgen_core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["clock", "--run", "expire_coordination"])
    assert result.exit_code == 0, result.output
    assert "expire_coordination: done" in result.output
    assert CliRunner().invoke(main, ["clock", "--run", "nope"]).exit_code != 0
