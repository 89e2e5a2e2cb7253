"""The cache interface, run against the in-process cache and the real Redis (`any_cache`)."""

from __future__ import annotations

import threading
import time

import pytest

from flowgen_core.errors import BusyError
from flowgen_core.service.cache import (
    Cache,
    LockTimeout,
    MemoryCache,
    ResilientCache,
    build_cache,
    result_cache_key,
)
from flowgen_core.settings import Settings


def test_json_round_trip_and_ttl(any_cache: Cache) -> None:
    value = {"flow": {"steps": [1, 2, 3]}, "name": "Émoji ✓", "n": None}
    assert any_cache.get_json("k") is None
    any_cache.set_json("k", value, ttl_s=60)
    assert any_cache.get_json("k") == value
    any_cache.set_json("short", 1, ttl_s=1)
    time.sleep(1.2)
    assert any_cache.get_json("short") is None
    any_cache.delete("k")
    assert any_cache.get_json("k") is None


def test_claim_is_true_once(any_cache: Cache) -> None:
    assert any_cache.claim("event:Ev1", ttl_s=60) is True
    assert any_cache.claim("event:Ev1", ttl_s=60) is False
    assert any_cache.claim("event:Ev2", ttl_s=60) is True


def test_claim_under_concurrency_has_one_winner(any_cache: Cache) -> None:
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(any_cache.claim("evt:race", 60))) for _ in range(16)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1


def test_rate_limit(any_cache: Cache) -> None:
    decisions = [any_cache.rate_limit("user:U1", limit=3, window_s=60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert 1 <= decisions[-1].retry_after_s <= 60
    assert any_cache.rate_limit("user:U2", limit=3, window_s=60).allowed


def test_lock_excludes_and_times_out(any_cache: Cache) -> None:
    with any_cache.lock("thread:C1:1.1", ttl_s=10, wait_s=0):
        with pytest.raises(LockTimeout), any_cache.lock("thread:C1:1.1", ttl_s=10, wait_s=0.2):
            pass
        with any_cache.lock("thread:C1:2.2", ttl_s=10, wait_s=0):
            pass  # other keys are independent
    with any_cache.lock("thread:C1:1.1", ttl_s=10, wait_s=0):
        pass  # released on exit


def test_lock_timeout_is_a_busy_error() -> None:
    assert issubclass(LockTimeout, BusyError)


def test_lock_serialises_critical_sections(any_cache: Cache) -> None:
    inside = 0
    overlaps = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, overlaps
        with any_cache.lock("refine:flw_1", ttl_s=10, wait_s=10):
            with guard:
                inside += 1
                overlaps += inside > 1
            time.sleep(0.02)
            with guard:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == 0


def test_lock_expires_after_ttl(any_cache: Cache) -> None:
    with any_cache.lock("crashy", ttl_s=0.3, wait_s=0), any_cache.lock("crashy", ttl_s=5, wait_s=2):
        pass  # the first holder's TTL ran out: a crashed holder cannot block forever


def test_ping(any_cache: Cache) -> None:
    assert any_cache.ping() is True


def test_memory_cache_expiry_uses_its_clock() -> None:
    now = [1000.0]
    cache = MemoryCache(clock=lambda: now[0])
    cache.set_json("k", 1, ttl_s=10)
    assert cache.claim("c", ttl_s=10)
    now[0] += 11
    assert cache.get_json("k") is None
    assert cache.claim("c", ttl_s=10)


def test_result_cache_key_normalises_the_brief() -> None:
    base = result_cache_key("Welcome  new\nSubscribers", "offline", "rules", "1")
    assert base == result_cache_key("  welcome new subscribers ", "offline", "rules", "1")
    assert base != result_cache_key("welcome new subscribers!", "offline", "rules", "1")
    assert base != result_cache_key("welcome new subscribers", "llm", "rules", "1")
    assert base != result_cache_key("welcome new subscribers", "offline", "gpt-4o", "1")
    assert base != result_cache_key("welcome new subscribers", "offline", "rules", "2")
    assert len(base.split(":")[1]) == 64


def test_build_cache_picks_the_backend() -> None:
    assert build_cache(Settings(redis_url=None)).backend == "memory"
    cache = build_cache(Settings(redis_url="redis://127.0.0.1:6379/0"))
    assert isinstance(cache, ResilientCache)


def test_text_documents_round_trip_and_read_as_json(any_cache: Cache) -> None:
    document = '{"brief": "Café ✓", "steps": [1, 2]}'
    assert any_cache.get_text("doc") is None
    any_cache.set_text("doc", document, ttl_s=60)
    assert any_cache.get_text("doc") == document  # the very text, not a re-encoding of it
    assert any_cache.get_json("doc") == {"brief": "Café ✓", "steps": [1, 2]}
    any_cache.set_json("obj", {"a": [1]}, ttl_s=60)
    assert any_cache.get_text("obj") == '{"a": [1]}'
