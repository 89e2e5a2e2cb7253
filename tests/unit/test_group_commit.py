"""Group commit: concurrent writes share a commit, each learns its outcome only after it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from flowgen_core.context import RequestContext
from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.group_commit import GroupCommitter

CTX = RequestContext(source="api", workspace_id="T1", user_id="U1")


class _FakeDatabase:
    """A transaction is a list of applied payload ids, kept only when the work does not raise."""

    def __init__(self) -> None:
        self.commits: list[list[int]] = []
        self.first_commit_may_finish = threading.Event()
        self.first_commit_started = threading.Event()

    def transact(self, work: Callable[[Session], None]) -> None:
        applied: list[int] = []
        work(applied)  # type: ignore[arg-type]
        if not self.commits:  # hold the first commit until the other writers are waiting
            self.first_commit_started.set()
            self.first_commit_may_finish.wait(5)
        self.commits.append(applied)


def _apply(applied: Any, payload: dict[str, Any]) -> None:
    if payload.get("fails"):
        raise ValueError(f"write {payload['n']} is refused")
    applied.append(payload["n"])
    payload["assigned_version"] = payload["n"]


def _run_writers(committer: GroupCommitter, database: _FakeDatabase, payloads: list[dict[str, Any]]) -> dict:
    outcomes: dict[int, Any] = {}

    def write(payload: dict[str, Any]) -> None:
        try:
            committer.write(_apply, payload)
            outcomes[payload["n"]] = "committed"
        except ValueError as error:
            outcomes[payload["n"]] = error

    first = threading.Thread(target=write, args=(payloads[0],))
    first.start()
    assert database.first_commit_started.wait(5)
    others = [threading.Thread(target=write, args=(payload,)) for payload in payloads[1:]]
    for thread in others:
        thread.start()
    while len(committer._waiting) < len(others):  # every other writer waits behind the commit
        threading.Event().wait(0.001)
    database.first_commit_may_finish.set()
    for thread in [first, *others]:
        thread.join(5)
    return outcomes


def test_writes_that_wait_behind_a_commit_share_the_next_one() -> None:
    database = _FakeDatabase()
    committer = GroupCommitter(database.transact, is_outage=lambda _error: False)
    outcomes = _run_writers(committer, database, [{"n": n} for n in range(6)])
    assert outcomes == dict.fromkeys(range(6), "committed")
    assert database.commits[0] == [0]
    assert sorted(database.commits[1]) == [1, 2, 3, 4, 5]
    assert len(database.commits) == 2


def test_a_refused_write_fails_alone_and_the_rest_of_its_batch_commits() -> None:
    database = _FakeDatabase()
    committer = GroupCommitter(database.transact, is_outage=lambda _error: False)
    payloads = [{"n": n, "fails": n == 3} for n in range(6)]
    outcomes = _run_writers(committer, database, payloads)
    assert isinstance(outcomes.pop(3), ValueError)
    assert outcomes == {n: "committed" for n in (0, 1, 2, 4, 5)}
    assert sorted(n for commit in database.commits for n in commit) == [0, 1, 2, 4, 5]
    assert "assigned_version" not in payloads[3]


def test_an_outage_fails_the_whole_batch_without_retrying_each_write() -> None:
    attempts: list[int] = []

    def down(work: Callable[[Session], None]) -> None:
        attempts.append(1)
        raise ConnectionError("no database")

    committer = GroupCommitter(down, is_outage=lambda error: isinstance(error, ConnectionError))
    with pytest.raises(ConnectionError):
        committer.write(_apply, {"n": 1})
    assert attempts == [1]


def test_concurrent_versions_of_one_flow_are_gap_free(tmp_path: Path) -> None:
    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    flow = {"name": "x", "steps": []}
    try:
        first = store.save_version(context=CTX, flow=flow, report={}, brief="b", generator="offline")
        numbers: list[int] = []
        lock = threading.Lock()

        def refine() -> None:
            saved = store.save_version(
                context=CTX, flow=flow, report={}, brief="b", generator="offline", flow_id=first.flow_id
            )
            assert saved.persisted
            with lock:
                numbers.append(saved.version)

        threads = [threading.Thread(target=refine) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(numbers) == list(range(2, 22))
        assert [v.version for v in store.list_versions(first.flow_id)] == list(range(1, 22))
    finally:
        store.dispose()
