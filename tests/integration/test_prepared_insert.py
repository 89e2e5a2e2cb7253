"""Prepared INSERTs write the rows the Core statements write, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from flowgen_core.context import RequestContext
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.models import Base
from flowgen_core.service.store.prepared import PreparedInsert
from flowgen_core.settings import Settings

CTX = RequestContext(source="api", workspace_id="T1", user_id="U1", request_id="req-1")
AT = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
FLOW = {"name": "Ünïcode ✓ 😀", "steps": [{"id": "s1", "text": "Hi {{first_name}}", "n": 1.5}], "x": None}


def _rows(flow_id: str) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """For each table, two rows that differ only in their keys."""
    flow = {
        "name": "Win back ✓",
        "brief": "b" * 50,
        "workspace_id": "T1",
        "tenant_id": "T1",
        "user_id": "U1",
        "source": "api",
        "conversation_id": None,
        "created_at": AT,
        "updated_at": AT,
        "latest_version": 1,
        "locked": False,
    }
    version = {
        "flow_id": flow_id,
        "tenant_id": "T1",
        "brief": "brief",
        "flow": FLOW,
        "report": {"valid": True, "errors": [], "warnings": [{"code": "w", "message": "m"}]},
        "spec": None,
        "valid": True,
        "generator": "offline",
        "model": None,
        "tokens": 0,
        "latency_ms": 12,
        "fallback_reason": None,
        "parent_version_id": None,
        "instruction": None,
        "action": "generated",
        "approved": False,
        "user_id": "U1",
        "created_at": AT,
    }
    audit = {
        "action": "generated",
        "source": "api",
        "workspace_id": "T1",
        "user_id": "U1",
        "flow_id": flow_id,
        "request_id": None,
        "details": {"generator": "offline", "valid": True, "nested": {"list": [1, "two", None]}},
        "at": AT,
    }
    return {
        "flows": ({"id": "f_core", **flow}, {"id": "f_prepared", **flow}),
        "flow_versions": (
            {"id": "v_core", "version": 7, **version},
            {"id": "v_prepared", "version": 8, **version},
        ),
        "audit_log": ({"version_id": "v_core", **audit}, {"version_id": "v_prepared", **audit}),
    }


def _read(store: FlowStore, table_name: str, column: str, key: str) -> dict[str, Any]:
    table = Base.metadata.tables[table_name]
    with store.engine.connect() as connection:
        row = connection.execute(select(table).where(table.c[column] == key)).mappings().one()
    return dict(row)


@pytest.mark.parametrize("table_name", ["flows", "flow_versions", "audit_log"])
def test_a_prepared_insert_writes_the_core_statements_row(
    database_url: str, tmp_path: Path, table_name: str
) -> None:
    store = FlowStore(database_url, outbox_path=tmp_path / "outbox")
    try:
        saved = store.save_version(
            context=CTX, flow={"name": "base"}, report={}, brief="b", generator="offline"
        )
        core_row, prepared_row = _rows(saved.flow_id)[table_name]
        table = Base.metadata.tables[table_name]
        prepared = PreparedInsert(table)
        with store.engine.begin() as connection:
            connection.execute(insert(table), core_row)
            prepared.execute(connection, prepared_row)
            prepared.execute(connection, {**prepared_row, **_second_keys(table_name)})  # compiled once
        key_column = "version_id" if table_name == "audit_log" else "id"
        written = [_read(store, table_name, key_column, row[key_column]) for row in (core_row, prepared_row)]
        differing = {"id", "version"} if table_name != "audit_log" else {"id", "version_id"}
        assert {k: v for k, v in written[0].items() if k not in differing} == {
            k: v for k, v in written[1].items() if k not in differing
        }
        assert written[1][key_column] == prepared_row[key_column]
        if table_name == "flow_versions":
            assert written[1]["flow"] == FLOW and written[1]["valid"] is True
    finally:
        store.dispose()


def _second_keys(table_name: str) -> dict[str, Any]:
    return {
        "flows": {"id": "f_prepared_2"},
        "flow_versions": {"id": "v_prepared_2", "version": 9},
        "audit_log": {"version_id": "v_prepared_2"},
    }[table_name]


def test_a_row_that_leaves_out_a_defaulted_column_gets_its_default(tmp_path: Path) -> None:
    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    try:
        saved = store.save_version(
            context=CTX, flow={"name": "base"}, report={}, brief="b", generator="offline"
        )
        row = _rows(saved.flow_id)["audit_log"][1]
        del row["details"], row["source"]  # Python-side defaults: dict and "cli"
        with store.engine.begin() as connection:
            PreparedInsert(Base.metadata.tables["audit_log"]).execute(connection, row)
        written = _read(store, "audit_log", "version_id", "v_prepared")
        assert (written["details"], written["source"]) == ({}, "cli")
    finally:
        store.dispose()


def test_a_generation_is_one_commit_and_its_statements_are_seen_by_the_engine(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, database_url=database_url)
    store = FlowStore(database_url, outbox_path=tmp_path / "outbox")
    service = FlowService(settings, store=store, cache=MemoryCache())
    commits: list[int] = []
    statements: list[str] = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    event.listen(
        store.engine, "before_cursor_execute", lambda _c, _cur, sql, *_rest: statements.append(sql.lower())
    )
    brief = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"
    try:
        service.generate(brief, context=CTX)  # the first write of this user upserts its rows
        commits.clear()
        statements.clear()
        outcome = service.generate(brief + " Second campaign.", context=CTX)
        assert len(commits) == 1
        assert [sql.split("(")[0].strip() for sql in statements] == [
            "insert into flows",
            "insert into flow_versions",
            "insert into audit_log",
        ]
        stored = store.get_version(outcome.version_id)
        assert stored is not None and stored.flow == outcome.flow
        assert [e["action"] for e in store.audit_entries(flow_id=outcome.flow_id)] == ["generated"]
    finally:
        store.dispose()
