"""Kept-alive connections are closed once they are older than CONNECTION_MAX_AGE_S, so clients of
several web processes reconnect to whichever accepts first instead of staying on one."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from flowgen_apps.web import ConnectionAges, create_app
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _scope(port: int, http_version: str = "1.1") -> dict[str, Any]:
    return {"client": ("127.0.0.1", port), "server": ("127.0.0.1", 8000), "http_version": http_version}


def test_a_connection_is_closed_after_its_first_response_past_the_age() -> None:
    clock = Clock()
    ages = ConnectionAges(1.0, clock=clock)
    assert not ages.close_after_response(_scope(5000))
    clock.now += 0.9
    assert not ages.close_after_response(_scope(5000))
    clock.now += 0.2
    assert ages.close_after_response(_scope(5000))
    # the client's next connection (same address and port, say) starts a new age
    assert not ages.close_after_response(_scope(5000))
    clock.now += 1.0
    assert ages.close_after_response(_scope(5000))


def test_connections_age_independently() -> None:
    clock = Clock()
    ages = ConnectionAges(1.0, clock=clock)
    assert not ages.close_after_response(_scope(5000))
    clock.now += 0.6
    assert not ages.close_after_response(_scope(5001))
    clock.now += 0.6
    assert ages.close_after_response(_scope(5000))
    assert not ages.close_after_response(_scope(5001))


def test_zero_age_http_1_0_and_unknown_clients_never_close() -> None:
    clock = Clock()
    never = ConnectionAges(0.0, clock=clock)
    ages = ConnectionAges(1.0, clock=clock)
    for _ in range(3):
        assert not never.close_after_response(_scope(5000))
        assert not ages.close_after_response(_scope(5000, "1.0"))
        assert not ages.close_after_response({"http_version": "1.1", "client": None})
        clock.now += 5
    assert len(never) == 0 and len(ages) == 0


def test_tracking_is_bounded_and_keeps_young_connections() -> None:
    clock = Clock()
    ages = ConnectionAges(1.0, max_tracked=10, clock=clock)
    for port in range(8):
        ages.close_after_response(_scope(port))
    clock.now += 2.0  # those eight are gone (or due)
    for port in range(100, 150):
        ages.close_after_response(_scope(port))
        assert len(ages) <= 10
    clock.now += 0.5
    ages.close_after_response(_scope(149))
    clock.now += 0.6
    assert ages.close_after_response(_scope(149))  # still tracked from its first request


def test_the_app_closes_an_old_connection_and_keeps_a_young_one(tmp_path: Any) -> None:
    def served(max_age: float) -> list[str | None]:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{tmp_path / f'{max_age}.sqlite3'}",
            flowgen_generator="offline",
            connection_max_age_s=max_age,
        )
        service = FlowService(settings, store=FlowStore(settings.database_url), cache=MemoryCache())
        with TestClient(create_app(settings, service)) as client:
            return [client.get("/health").headers.get("connection") for _ in range(3)]

    assert served(0.0) == [None, None, None]
    # a negligible age: every request after the connection's first is past it
    assert served(1e-9) == [None, "close", None]
