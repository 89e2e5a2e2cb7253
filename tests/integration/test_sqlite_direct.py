"""`SqliteHistory` writes what `FlowStore` writes, and hands everything else to it.

`flowgen generate` records through the standard-library writer when the database is a SQLite
file at head (to skip importing the ORM); these tests write the same version both ways into
two fresh databases and compare every row of every table, value and storage type, with only
the drawn ids and the clock's readings abstracted.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.context import RequestContext
from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.basics import HEAD_REVISION, outbox_stem
from flowgen_core.service.store.sqlite_direct import SqliteHistory, sqlite_file

CLI = RequestContext(source="cli", workspace_id="local", user_id="alice")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$")
_ID = re.compile(r"(flw|ver)_[0-9a-f]{12}")


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _migrated(path: Path) -> str:
    url = _url(path)
    FlowStore(url, outbox_path=path.with_suffix(".outbox.jsonl")).dispose()
    return url


def _version(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "context": CLI,
        "flow": {"name": "Win-back 15% off ✨", "steps": [{"id": "s0", "type": "message", "text": "Hi 💬"}]},
        "report": {"valid": True, "errors": [], "warnings": []},
        "brief": "Win back lapsed customers with 15% off",
        "spec": {"facts": {"text": "x"}, "requirements": []},
        "generator": "offline",
        "model": "rules",
        "tokens": 0,
        "latency_ms": 12,
        "action": "generated",
        "audit_details": {"generator": "offline", "valid": True},
        "stamp_ids": True,
    }
    values.update(overrides)
    return values


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, each value as (storage type, value), ids and times abstracted."""
    connection = sqlite3.connect(path)
    tables = [
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    ids: dict[str, str] = {}

    def abstract(value: Any) -> Any:
        if isinstance(value, str):
            if _TIMESTAMP.match(value):
                return "<time>"
            return _ID.sub(lambda m: ids.setdefault(m.group(0), f"<{m.group(1)}{len(ids)}>"), value)
        return value

    dump: dict[str, list[tuple[Any, ...]]] = {}
    for table in tables:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        selected = ", ".join(f"typeof({column}), {column}" for column in columns)
        rows = connection.execute(f"SELECT {selected} FROM {table} ORDER BY rowid").fetchall()
        dump[table] = [tuple((row[i], abstract(row[i + 1])) for i in range(0, len(row), 2)) for row in rows]
    connection.close()
    return dump


def _both(tmp_path: Path, calls: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    orm_path, direct_path = tmp_path / "orm.sqlite3", tmp_path / "direct.sqlite3"
    store = FlowStore(_migrated(orm_path), outbox_path=tmp_path / "orm-outbox.jsonl")
    history = SqliteHistory.open(_migrated(direct_path), outbox_dir=tmp_path)
    assert history is not None
    try:
        for call in calls:
            saved_orm = store.save_version(**call)
            saved_direct = history.save_version(**call)
            assert (saved_orm.version, saved_orm.persisted) == (saved_direct.version, saved_direct.persisted)
    finally:
        store.dispose()
        history.close()
    return _rows(orm_path), _rows(direct_path)


def test_a_generated_version_is_stored_row_for_row_as_the_orm_stores_it(tmp_path: Path) -> None:
    orm, direct = _both(tmp_path, [_version()])
    assert orm == direct
    assert len(direct["flow_versions"]) == 1 and len(direct["audit_log"]) == 1
    assert len(direct["workspaces"]) == 1 and len(direct["users"]) == 1


def test_optional_values_left_out_are_stored_alike(tmp_path: Path) -> None:
    # No spec (SQL NULL or JSON null alike), no audit entry, ids not stamped, an invalid report.
    bare = _version(spec=None, audit_details=None, stamp_ids=False, model=None, fallback_reason="timeout")
    bare["report"] = {"valid": False, "errors": [{"code": "x"}], "warnings": []}
    orm, direct = _both(tmp_path, [bare, _version(context=RequestContext(source="cli", user_id="bob"))])
    assert orm == direct


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=400),
    brief=st.text(max_size=200).filter(lambda text: "\x00" not in text),
    user=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=20),
    number=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**40), 2**40),
)
def test_any_text_and_numbers_are_stored_alike(
    tmp_path_factory: pytest.TempPathFactory, name: str, brief: str, user: str, number: float
) -> None:
    flow = {"name": name, "steps": [{"id": "s0", "type": "delay", "seconds": number, "note": brief}]}
    context = RequestContext(source="cli", workspace_id="local", user_id=user)
    orm, direct = _both(tmp_path_factory.mktemp("db"), [_version(flow=flow, brief=brief, context=context)])
    assert orm == direct


def test_only_a_plain_sqlite_file_at_head_is_written_directly(tmp_path: Path) -> None:
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert sqlite_file("sqlite://") is None and sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("sqlite:///x.db?mode=ro") is None
    assert sqlite_file(_url(tmp_path / "a.db")) == str(tmp_path / "a.db")

    missing = tmp_path / "missing.sqlite3"
    assert SqliteHistory.open(_url(missing), outbox_dir=tmp_path) is None
    assert not missing.exists()  # opening never creates the database: the store migrates it

    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert SqliteHistory.open(_url(empty), outbox_dir=tmp_path) is None

    behind = tmp_path / "behind.sqlite3"
    url = _migrated(behind)
    with sqlite3.connect(behind) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0002_tenancy'")
    assert SqliteHistory.open(url, outbox_dir=tmp_path) is None
    with sqlite3.connect(behind) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (HEAD_REVISION,))
    history = SqliteHistory.open(url, outbox_dir=tmp_path)
    assert history is not None
    history.close()


def test_writes_queued_in_an_outbox_leave_the_run_to_the_store(tmp_path: Path) -> None:
    url = _migrated(tmp_path / "h.sqlite3")
    (tmp_path / f"{outbox_stem(url)}-12345.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    assert SqliteHistory.open(url, outbox_dir=tmp_path) is None


def test_what_it_does_not_write_goes_to_the_store(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = SqliteHistory.open(_migrated(path), outbox_dir=tmp_path)
    assert history is not None
    try:
        first = history.save_version(**_version())
        assert history._full is None  # a new flow: written directly
        second = history.save_version(
            **_version(flow_id=first.flow_id, parent_version_id=first.version_id, action="refined")
        )
        assert (second.flow_id, second.version) == (first.flow_id, 2)
        assert history._full is not None  # a new version of a flow: the store's write
        stored = history.full_store().list_versions(first.flow_id)
        assert [version.version for version in stored] == [1, 2]
        assert stored[0].flow["metadata"]["version_id"] == first.version_id
    finally:
        history.close()


def test_a_write_sqlite_refuses_is_made_by_the_store(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = SqliteHistory.open(_migrated(path), outbox_dir=tmp_path)
    assert history is not None
    history._connection.close()  # every statement now raises sqlite3.ProgrammingError
    try:
        saved = history.save_version(**_version())
        assert saved.persisted and saved.version == 1
        assert history.full_store().get_version(saved.version_id) is not None
    finally:
        history.close()


def test_an_unknown_action_is_refused_like_the_store_refuses_it(tmp_path: Path) -> None:
    history = SqliteHistory.open(_migrated(tmp_path / "h.sqlite3"), outbox_dir=tmp_path)
    assert history is not None
    with pytest.raises(ValueError, match="unknown action"):
        history.save_version(**_version(action="deleted"))
    history.close()


def test_workspace_settings_are_read_as_the_store_reads_them(tmp_path: Path) -> None:
    url = _migrated(tmp_path / "h.sqlite3")
    store = FlowStore(url, outbox_path=tmp_path / "o.jsonl")
    store.update_workspace_settings("local", brand_name="Acme", default_model="gpt-x")
    history = SqliteHistory.open(url, outbox_dir=tmp_path)
    assert history is not None
    assert history.workspace_settings("local") == store.workspace_settings("local")
    assert history.workspace_settings("nobody") == store.workspace_settings("nobody") == {}
    history.close()
    store.dispose()
