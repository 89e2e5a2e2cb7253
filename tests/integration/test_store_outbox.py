"""Database outages: writes are queued (memory + JSONL), reads degrade, replay on recovery."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowgen_core.context import RequestContext
from flowgen_core.service.store import FlowStore, StoreUnavailable, upgrade
from tests.fakes.services import dead_port

CTX = RequestContext(source="slack", workspace_id="T1", user_id="U1", channel_id="C1", thread_ts="1.1")
FLOW = {"name": "Outage flow", "steps": [{"id": "s0"}]}


def _save(store: FlowStore, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "context": CTX,
        "flow": FLOW,
        "report": {"valid": True},
        "brief": "brief written during an outage",
        "generator": "offline",
    }
    values.update(overrides)
    return store.save_version(**values)


@pytest.fixture
def dead_store(tmp_path: Path) -> Iterator[FlowStore]:
    url = f"postgresql://postgres@127.0.0.1:{dead_port()}/nothing"
    store = FlowStore(url, outbox_path=tmp_path / "outbox.jsonl", retry_after_s=0)
    yield store
    store.dispose()


def test_writes_during_outage_are_queued_and_reads_degrade(
    dead_store: FlowStore, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="flowgen_core.service.store"):
        first = _save(dead_store)
        second = _save(
            dead_store, flow_id=first.flow_id, action="refined", parent_version_id=first.version_id
        )
        dead_store.audit("generated", context=CTX, flow_id=first.flow_id, version_id=first.version_id)
    assert not first.persisted and not second.persisted
    assert first.flow_id.startswith("flw_") and first.version_id.startswith("ver_")
    assert (first.version, second.version) == (1, 2)  # provisional numbering
    assert dead_store.degraded
    records = caplog.get_records("setup") + caplog.records  # the first failure is at start-up
    outage_warnings = [r for r in records if "database unavailable" in r.getMessage()]
    assert len(outage_warnings) == 1  # once per outage, not per write

    # Reads whose empty answer would be false ("no such flow") say the database is down.
    with pytest.raises(StoreUnavailable):
        dead_store.get_version(first.version_id)
    with pytest.raises(StoreUnavailable):
        dead_store.list_versions(first.flow_id)
    with pytest.raises(StoreUnavailable):
        dead_store.get_flow_version(first.flow_id)
    assert dead_store.history() == []
    assert dead_store.workspace_settings("T1") == {}
    assert dead_store.ping() is False
    assert dead_store.flush_outbox() == 0
    with pytest.raises(StoreUnavailable):
        dead_store.set_approved(first.version_id, user_id="U1")

    lines = [json.loads(line) for line in dead_store.outbox.path.read_text().splitlines()]
    assert [line["op"] for line in lines] == ["save_version", "save_version", "audit"]


def test_queued_writes_replay_into_the_real_database(
    dead_store: FlowStore, database_url: str, tmp_path: Path
) -> None:
    first = _save(dead_store)
    second = _save(dead_store, flow_id=first.flow_id, action="refined", parent_version_id=first.version_id)
    dead_store.add_feedback(first.version_id, user_id="U1", rating=1)
    dead_store.bind_thread(first.flow_id, workspace_id="T1", channel_id="C2", thread_ts="2.2")
    dead_store.dispose()

    # A restart after the outage: the outbox file is all that is left of the queued writes.
    upgrade(database_url)
    recovered = FlowStore(database_url, auto_migrate=False, outbox_path=tmp_path / "outbox.jsonl")
    try:
        assert len(recovered.outbox) == 4
        assert recovered.flush_outbox() == 4
        assert len(recovered.outbox) == 0
        assert not (tmp_path / "outbox.jsonl").exists()
        versions = recovered.list_versions(first.flow_id)
        assert [(v.version_id, v.version) for v in versions] == [
            (first.version_id, 1),
            (second.version_id, 2),
        ]
        assert versions[1].parent_version_id == first.version_id
        bound = recovered.latest_for_thread(workspace_id="T1", channel_id="C2", thread_ts="2.2")
        assert bound is not None and bound.version_id == second.version_id
        assert recovered.flush_outbox() == 0  # nothing replays twice
    finally:
        recovered.dispose()


def test_replay_is_idempotent_after_a_crash_between_commit_and_ack(
    dead_store: FlowStore, database_url: str, tmp_path: Path
) -> None:
    saved = _save(dead_store)
    outbox_file = tmp_path / "outbox.jsonl"
    snapshot = outbox_file.read_text()
    upgrade(database_url)
    store = FlowStore(database_url, auto_migrate=False, outbox_path=outbox_file)
    assert store.flush_outbox() == 1
    store.dispose()
    outbox_file.write_text(snapshot)  # as if the ack never reached the disk
    again = FlowStore(database_url, auto_migrate=False, outbox_path=outbox_file)
    try:
        assert again.flush_outbox() == 1
        assert [v.version_id for v in again.list_versions(saved.flow_id)] == [saved.version_id]
    finally:
        again.dispose()


def test_a_torn_last_line_does_not_lose_the_rest(tmp_path: Path, dead_store: FlowStore) -> None:
    _save(dead_store)
    with dead_store.outbox.path.open("a") as handle:
        handle.write('{"id": "half')
    from flowgen_core.service.store.outbox import Outbox

    assert len(Outbox(dead_store.outbox.path)) == 1


class TcpProxy:
    """Forwards a loopback port to PostgreSQL; `stop()` is an outage, `start()` the recovery."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = dead_port()
        self._server: socket.socket | None = None
        self._connections: list[socket.socket] = []

    def start(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._server is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone leaves it listening.
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)
            self._server.close()
            self._server = None
        for sock in self._connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self._connections.clear()


@pytest.mark.services
def test_same_store_survives_an_outage_and_flushes_on_recovery(
    postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    proxy = TcpProxy(5432)
    proxy.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    store = FlowStore(url, outbox_path=tmp_path / "outbox.jsonl", retry_after_s=0)
    try:
        before = _save(store)
        assert before.persisted
        proxy.stop()
        with caplog.at_level(logging.WARNING, logger="flowgen_core.service.store"):
            during = [_save(store, flow_id=before.flow_id, action="refined") for _ in range(3)]
            assert not any(saved.persisted for saved in during)
            with pytest.raises(StoreUnavailable):
                store.get_version(before.version_id)
            proxy.start()
            after = _save(store, flow_id=before.flow_id, action="refined")  # replays the queue first
        assert after.persisted and after.version == 5
        assert [v.version_id for v in store.list_versions(before.flow_id)] == [
            before.version_id,
            *(saved.version_id for saved in during),
            after.version_id,
        ]
        messages = [r.getMessage() for r in caplog.records]
        assert sum("database unavailable" in m for m in messages) == 1
        assert sum("reachable again" in m for m in messages) == 1
    finally:
        store.dispose()
        proxy.stop()


def test_the_next_successful_operation_replays_the_queue(
    dead_store: FlowStore, database_url: str, tmp_path: Path
) -> None:
    saved = _save(dead_store)
    recovered = FlowStore(database_url, outbox_path=tmp_path / "outbox.jsonl")  # migrating is an operation
    try:
        assert len(recovered.outbox) == 0
        stored = recovered.get_version(saved.version_id)
        assert stored is not None and stored.brief == "brief written during an outage"
    finally:
        recovered.dispose()


def test_each_process_has_its_own_file_and_adopts_those_of_dead_processes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from flowgen_core.service.store.outbox import Outbox, process_outbox

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(finished.stdout)
    Outbox(tmp_path / f"outbox-abc-{dead_pid}.jsonl").append({"id": "e1", "op": "audit", "payload": {}})
    Outbox(tmp_path / f"outbox-abc-{os.getppid()}.jsonl").append({"id": "e2", "op": "audit", "payload": {}})
    Outbox(tmp_path / "outbox-other-1.jsonl").append({"id": "e3", "op": "audit", "payload": {}})

    mine = process_outbox(tmp_path, "outbox-abc")
    assert mine.path.name == f"outbox-abc-{os.getpid()}.jsonl"
    assert [entry["id"] for entry in mine.pending()] == ["e1"]  # the dead process's write, not the live one's
    assert not (tmp_path / f"outbox-abc-{dead_pid}.jsonl").exists()
    assert (tmp_path / f"outbox-abc-{os.getppid()}.jsonl").exists()
    assert (tmp_path / "outbox-other-1.jsonl").exists()


def test_a_write_the_database_rejects_is_set_aside_not_lost(
    dead_store: FlowStore, sqlite_url: str, tmp_path: Path
) -> None:
    _save(dead_store)
    dead_store.outbox.append({"id": "broken", "op": "audit", "payload": {"context": {}}})  # malformed
    upgrade(sqlite_url)
    store = FlowStore(sqlite_url, auto_migrate=False, outbox_path=tmp_path / "outbox.jsonl")
    try:
        assert store.flush_outbox() == 1
        assert len(store.outbox) == 0
        rejected = (tmp_path / "outbox.rejected.jsonl").read_text().splitlines()
        assert [json.loads(line)["id"] for line in rejected] == ["broken"]
    finally:
        store.dispose()
