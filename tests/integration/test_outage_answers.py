"""Honest answers around database trouble: an outage is a 503 with Retry-After (never "not found"),
a version number is reported only once committed, and only connection errors count as an outage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from flowgen_core.context import RequestContext
from flowgen_core.io import InputError
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.repository import is_outage
from flowgen_core.settings import Settings
from tests.fakes.services import dead_port
from tests.integration.api_harness import BASE_SETTINGS, Backend, serve

CTX = RequestContext(source="api", workspace_id="T1", user_id="U1")
FLOW = {"name": "Flow", "steps": [{"id": "s0"}]}


def _save(store: FlowStore, **overrides: Any):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "context": CTX,
        "flow": FLOW,
        "report": {"valid": True},
        "brief": "a brief",
        "generator": "offline",
    }
    values.update(overrides)
    return store.save_version(**values)


class _PgError(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__("pg")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "outage"),
    [
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("LIKE or GLOB pattern too complex"), False),
        (sqlite3.OperationalError("too many SQL variables"), False),
        (_PgError("08006"), True),  # connection failure
        (_PgError("57P01"), True),  # admin shutdown
        (_PgError("54001"), False),  # statement too complex
        (_PgError("22021"), False),  # character not in repertoire
        (_PgError(None), True),  # no server answer at all
    ],
)
def test_only_connection_errors_are_an_outage(orig: Exception, outage: bool) -> None:
    assert is_outage(sa_exc.OperationalError("SELECT 1", {}, orig)) is outage


def test_a_huge_search_is_refused_and_does_not_take_the_store_down(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "outbox")
    service = FlowService(settings, store=store, cache=MemoryCache())
    try:
        assert _save(store).persisted
        with pytest.raises(InputError, match="search text"):
            service.history(context=CTX, query="x" * 100_000)
        with pytest.raises(sa_exc.OperationalError):
            store.history(query="x" * 60_000)  # SQLite: "LIKE or GLOB pattern too complex"
        assert not store.degraded
        assert _save(store).persisted
    finally:
        store.dispose()


def test_a_failed_commit_reports_a_pending_version_not_a_stored_number(tmp_path: Path) -> None:
    store = FlowStore(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox", retry_after_s=0
    )
    try:
        first = _save(store)
        assert (first.version, first.persisted) == (1, True)
        failures = {"left": 1}

        def fail_once(_session: Any) -> None:
            if failures["left"]:
                failures["left"] -= 1
                raise sa_exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

        event.listen(store._sessions, "before_commit", fail_once)
        second = _save(store, flow_id=first.flow_id, action="refined")
        assert second.persisted is False
        assert second.version == 2  # provisional: the next number after what is stored
        assert [v.version for v in store.list_versions(first.flow_id)] == [1]
        third = _save(store, flow_id=first.flow_id, action="refined")  # replays the queued one first
        assert third.persisted and third.version == 3
        assert [v.version_id for v in store.list_versions(first.flow_id)] == [
            first.version_id,
            second.version_id,
            third.version_id,
        ]
    finally:
        store.dispose()


def test_a_commit_that_landed_but_reported_failure_is_replayed_without_a_duplicate(tmp_path: Path) -> None:
    store = FlowStore(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox", retry_after_s=0
    )
    try:
        failures = {"left": 1}

        def fail_once_after_commit(_session: Any) -> None:
            if failures["left"]:
                failures["left"] -= 1
                raise sa_exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

        event.listen(store._sessions, "after_commit", fail_once_after_commit)
        first = _save(store)
        assert first.persisted is False  # stored, but the store could not know it
        second = _save(store)  # replays the queued write first: it must find it already there
        assert second.persisted
        assert not (tmp_path / "outbox.rejected.jsonl").exists()
        assert len(store.outbox) == 0
        stored = store.get_version(first.version_id)
        assert stored is not None and stored.version == 1
    finally:
        store.dispose()


@pytest.fixture
def outage_backend(tmp_path: Path) -> Iterator[Backend]:
    url = f"postgresql://postgres@127.0.0.1:{dead_port()}/nothing"
    settings = Settings(database_url=url, db_auto_migrate=False, **BASE_SETTINGS)
    store = FlowStore(url, outbox_path=tmp_path / "outbox", retry_after_s=0, auto_migrate=False)
    try:
        yield Backend("outage", settings, FlowService(settings, store=store, cache=MemoryCache()))
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "path", ["/api/v1/flows/flw_0123456789ab", "/api/v1/flows/flw_0123456789ab/versions"]
)
def test_reads_during_an_outage_are_503_with_retry_after(outage_backend: Backend, path: str) -> None:
    with serve(outage_backend) as client:
        response: httpx.Response = client.get(path)
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "database_unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_refining_a_stored_flow_during_an_outage_is_503(outage_backend: Backend) -> None:
    with serve(outage_backend) as client:
        response = client.post(
            "/api/v1/refineFlow", json={"flowId": "flw_0123456789ab", "instruction": "make the discount 20%"}
        )
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "database_unavailable"
