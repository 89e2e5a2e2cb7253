"""Redis outages: the cache degrades to in-process (logged once) and recovers when Redis returns."""

from __future__ import annotations

import logging
import time

import pytest

from flowgen_core.service.cache import RedisCache, ResilientCache
from tests.fakes.services import RedisProcess, dead_port


def _resilient(url: str, retry_after_s: float = 0.2) -> ResilientCache:
    return ResilientCache(RedisCache(url, prefix="degrade-test:"), retry_after_s=retry_after_s)


def test_dead_redis_never_raises_to_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    cache = _resilient(f"redis://127.0.0.1:{dead_port()}/0", retry_after_s=60)
    with caplog.at_level(logging.WARNING, logger="flowgen_core.service.cache"):
        cache.set_json("k", {"a": 1}, ttl_s=60)
        assert cache.get_json("k") == {"a": 1}  # served by the in-process fallback
        assert cache.claim("evt", ttl_s=60) is True
        assert cache.claim("evt", ttl_s=60) is False
        assert cache.rate_limit("u", limit=1, window_s=60).allowed
        with cache.lock("thread", ttl_s=5, wait_s=0):
            pass
    assert cache.backend == "memory"
    assert cache.ping() is False
    warnings = [r for r in caplog.records if "redis unavailable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.services
def test_redis_outage_and_recovery(redis_server: RedisProcess, caplog: pytest.LogCaptureFixture) -> None:
    cache = _resilient(redis_server.url)
    cache.set_json("before", 1, ttl_s=60)
    assert cache.backend == "redis"

    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="flowgen_core.service.cache"):
        cache.set_json("during", 2, ttl_s=60)  # first failure flips to memory
        assert cache.get_json("during") == 2
        assert cache.claim("evt:during", ttl_s=60)
        assert cache.backend == "memory"
        with cache.lock("refine:flw_x", ttl_s=5, wait_s=0):
            pass

        redis_server.start()
        time.sleep(0.3)  # past the probe back-off
        assert cache.backend == "redis"
    assert cache.get_json("during") is None  # in-process values do not migrate to Redis
    cache.set_json("after", 3, ttl_s=60)
    assert cache.primary.get_json("after") == 3  # really in Redis again
    messages = [r.getMessage() for r in caplog.records]
    assert sum("redis unavailable" in m for m in messages) == 1
    assert sum("reachable again" in m for m in messages) == 1


@pytest.mark.services
def test_lock_held_when_redis_dies_is_released_without_error(redis_server: RedisProcess) -> None:
    cache = _resilient(redis_server.url)
    with cache.lock("thread:1", ttl_s=5, wait_s=0):
        redis_server.stop()
    assert cache.backend == "memory"
