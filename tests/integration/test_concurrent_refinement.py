"""No lost edits: concurrent refinements of one flow each land on the version before them.

Every thread adds its own reply keyword, so the newest version must carry all of them and the
versions must form one chain (each refined from the one before). Run on SQLite and PostgreSQL,
in one service (one lock) and in two services sharing the database but not a lock (two
processes without Redis), where only the optimistic check in the save protects the edits.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.context import RequestContext
from flowgen_core.errors import StaleVersionError
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from tests.integration.api_harness import Backend, serve, sqlite_backend

BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"
CTX = RequestContext(source="api", workspace_id="T1", user_id="U1")
THREADS = 6


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'flows.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def services(database_url: str, tmp_path: Path) -> Iterator[list[FlowService]]:
    settings = Settings(_env_file=None, database_url=database_url, flowgen_generator="offline")
    stores = [FlowStore(database_url, outbox_path=tmp_path / f"outbox-{n}") for n in range(2)]
    try:
        # two services, two in-process caches: their locks do not see each other
        yield [FlowService(settings, store=store, cache=MemoryCache()) for store in stores]
    finally:
        for store in stores:
            store.dispose()


def _intents(flow: dict[str, Any]) -> set[str]:
    return {
        str(event.get("intent")).lower()
        for step in flow["steps"]
        for event in step.get("events") or []
        if event.get("type") == "reply"
    }


def _refine_concurrently(targets: list[FlowService], version_id: str) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(index: int) -> None:
        start.wait()
        try:
            targets[index % len(targets)].refine(
                f"add reply KEY{index} leading to checkout", context=CTX, version_id=version_id
            )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _assert_every_edit_survived(service: FlowService, flow_id: str) -> None:
    versions = service.list_versions(flow_id)
    assert [v.version for v in versions] == list(range(1, THREADS + 2))
    for before, after in itertools.pairwise(versions):
        assert after.parent_version_id == before.version_id, "a refinement was built on a stale base"
    assert {f"key{n}" for n in range(THREADS)} <= _intents(versions[-1].flow)


@pytest.mark.parametrize("processes", [1, 2], ids=["one-service", "two-services"])
def test_concurrent_refinements_lose_no_edit(services: list[FlowService], processes: int) -> None:
    first = services[0].generate(BRIEF, context=CTX)
    errors = _refine_concurrently(services[:processes], first.version_id)
    assert not errors, errors
    _assert_every_edit_survived(services[0], first.flow_id)


def test_a_stale_base_version_is_refused_and_saves_nothing(services: list[FlowService]) -> None:
    service = services[0]
    first = service.generate(BRIEF, context=CTX)
    service.refine("add reply KEYA leading to checkout", context=CTX, version_id=first.version_id)
    with pytest.raises(StaleVersionError) as caught:
        service.refine(
            "add reply KEYB leading to checkout", context=CTX, version_id=first.version_id, base_version=1
        )
    assert caught.value.latest_version == 2
    assert [v.version for v in service.list_versions(first.flow_id)] == [1, 2]


def test_the_store_check_and_set_refuses_a_moved_flow(services: list[FlowService]) -> None:
    store = services[0].store
    first = services[0].generate(BRIEF, context=CTX)
    common: dict[str, Any] = {"context": CTX, "flow": first.flow, "report": {"valid": True}, "brief": BRIEF}
    store.save_version(
        **common, generator="offline", flow_id=first.flow_id, action="refined", expected_latest=1
    )
    with pytest.raises(StaleVersionError):
        store.save_version(
            **common, generator="offline", flow_id=first.flow_id, action="refined", expected_latest=1
        )
    assert [v.version for v in store.list_versions(first.flow_id)] == [1, 2]


# ------------------------------------------------------------------------------ REST baseVersion
@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Backend]:
    yield from sqlite_backend(tmp_path)


def test_rest_base_version_gets_409_when_stale(backend: Backend) -> None:
    with serve(backend) as client:
        generated = client.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF}).json()
        flow_id = generated["metadata"]["flow_id"]
        ok = client.post(
            "/api/v1/refineFlow",
            json={"flowId": flow_id, "baseVersion": 1, "instruction": "add reply KEYA leading to checkout"},
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["version"] == 2
        stale = client.post(
            "/api/v1/refineFlow",
            json={"flowId": flow_id, "baseVersion": 1, "instruction": "add reply KEYB leading to checkout"},
        )
        assert stale.status_code == 409, stale.text
        error = stale.json()["error"]
        assert error["code"] == "stale_version" and error["details"] == {"latestVersion": 2}
        versions = client.get(f"/api/v1/flows/{flow_id}/versions").json()["versions"]
        assert [v["version"] for v in versions] == [1, 2]
