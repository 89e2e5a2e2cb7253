"""The write path's cost: one transaction per generated version, and a bounded in-process cache."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

from flowgen_core.context import RequestContext
from flowgen_core.service.cache import MAX_JSON_ENTRIES, MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings

CTX = RequestContext(source="api", workspace_id="T1", user_id="U1")
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"


def test_a_generation_commits_once_with_its_audit_entry(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "outbox")
    service = FlowService(settings, store=store, cache=MemoryCache())
    commits: list[int] = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    try:
        service.generate(BRIEF, context=CTX)  # warms the workspace-settings read
        commits.clear()
        second = service.generate(BRIEF + " Second campaign.", context=CTX)
        assert len(commits) == 1
        entries = store.audit_entries(flow_id=second.flow_id)
        assert [e["action"] for e in entries] == ["generated"]
        assert entries[0]["version_id"] == second.version_id
    finally:
        store.dispose()


def test_a_new_flow_for_a_known_user_costs_two_inserts_and_no_reads(tmp_path: Path) -> None:
    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    statements: list[str] = []
    event.listen(
        store.engine, "before_cursor_execute", lambda _c, _cur, sql, *_rest: statements.append(sql.lower())
    )
    flow = {"name": "x", "steps": []}
    try:
        first = store.save_version(context=CTX, flow=flow, report={}, brief="b", generator="offline")
        assert any("insert into workspaces" in sql for sql in statements)
        statements.clear()
        second = store.save_version(context=CTX, flow=flow, report={}, brief="b", generator="offline")
        assert not any("workspaces" in sql or "insert into users" in sql for sql in statements)
        assert not any(sql.startswith("select") and "from flows" in sql for sql in statements)
        # a version id drawn for this very write needs no "already stored?" lookup (replays do)
        assert not any(sql.startswith("select") and "from flow_versions" in sql for sql in statements)
        assert [sql.split("(")[0].strip() for sql in statements if sql.startswith("insert")] == [
            "insert into flows",
            "insert into flow_versions",
        ]
        # another user of the same workspace still gets a user row; a refinement reads its flow
        other = CTX.model_copy(update={"user_id": "U2"})
        statements.clear()
        store.save_version(
            context=other, flow=flow, report={}, brief="b", generator="offline", flow_id=second.flow_id
        )
        assert any("insert into users" in sql for sql in statements)
        assert any(sql.startswith("select") and "from flows" in sql for sql in statements)
        assert store.get_flow_version(second.flow_id).version == 2  # type: ignore[union-attr]
        assert store.get_version(first.version_id) is not None
    finally:
        store.dispose()


def test_workspace_settings_changes_are_seen_at_once_in_the_same_process(tmp_path: Path) -> None:
    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    try:
        assert store.workspace_settings("T1") == {}
        store.update_workspace_settings("T1", brand_name="Acme")
        assert store.workspace_settings("T1") == {"brand_name": "Acme"}
    finally:
        store.dispose()


def test_memory_cache_keeps_at_most_the_bound_of_results() -> None:
    cache = MemoryCache()
    for n in range(MAX_JSON_ENTRIES + 50):
        cache.set_json(f"k{n}", {"n": n}, ttl_s=60)
    assert cache.get_json("k0") is None  # the least recently used went first
    assert cache.get_json(f"k{MAX_JSON_ENTRIES + 49}") == {"n": MAX_JSON_ENTRIES + 49}
    assert len(cache._json) == MAX_JSON_ENTRIES
    assert cache.claim("claim-1", ttl_s=60) and not cache.claim(
        "claim-1", ttl_s=60
    )  # claims are never evicted


def test_a_fresh_version_goes_past_the_orm_execute(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The INSERTs of a new flow run on the session's connection: the ORM's execute adds only cost."""
    from sqlalchemy.orm import Session

    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    flow = {"name": "x", "steps": []}
    try:
        store.save_version(context=CTX, flow=flow, report={}, brief="b", generator="offline")
        through_orm: list[object] = []
        orm_execute = Session.execute

        def counting_execute(self: Session, statement: object, *args: object, **kwargs: object) -> object:
            through_orm.append(statement)
            return orm_execute(self, statement, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Session, "execute", counting_execute)
        saved = store.save_version(
            context=CTX, flow=flow, report={}, brief="b", generator="offline", audit_details={"valid": True}
        )
        assert through_orm == []
        assert store.get_version(saved.version_id) is not None
        assert [e["action"] for e in store.audit_entries(flow_id=saved.flow_id)] == ["generated"]
    finally:
        store.dispose()


def test_the_result_cache_holds_the_result_as_pydantic_writes_it(tmp_path: Path) -> None:
    from flowgen_core.planners.base import GenerationResult

    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "outbox")
    cache = MemoryCache()
    service = FlowService(settings, store=store, cache=cache)
    try:
        first = service.generate(BRIEF, context=CTX)
        (key,) = list(cache._json)
        text = cache.get_text(key)
        assert text is not None
        cached = GenerationResult.model_validate_json(text)
        # one pass of pydantic's serialiser, not model_dump then json.dumps (about 4x the CPU)
        assert text == cached.model_dump_json()
        assert cached.flow["steps"] == first.flow["steps"]
        again = service.generate(BRIEF, context=CTX)
        assert again.cached and again.flow["steps"] == first.flow["steps"]
    finally:
        store.dispose()
