"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from flowgen_core.service.store.db import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
)
from flowgen_core.service.store.models import Base


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def empty_database_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("empty_postgres_url")


def _diffs(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_migrations_match_models(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    assert _diffs(empty_database_url) == []


def test_upgrade_is_idempotent_and_at_head(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        assert current_revision(engine) == HEAD_REVISION
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_everything(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(empty_database_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_a_diff_is_detected_when_the_schema_drifts(sqlite_url: str) -> None:
    """Guards the guard: the comparison does report a missing column."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE flows DROP COLUMN source")
    finally:
        engine.dispose()
    assert any(diff[0] == "add_column" for diff in _diffs(sqlite_url))


def test_store_migrates_on_start_when_asked(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from flowgen_core.service.store import FlowStore

    store = FlowStore(sqlite_url, auto_migrate=True, outbox_path=tmp_path / "o.jsonl")
    try:
        assert current_revision(store.engine) == HEAD_REVISION
    finally:
        store.dispose()


def test_cli_db_upgrade(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from flowgen_apps.cli import main
    from flowgen_core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert _diffs(sqlite_url) == []


def test_head_revision_constant_matches_the_migration_scripts(sqlite_url: str) -> None:
    from alembic.script import ScriptDirectory

    from flowgen_core.service.store.db import HEAD_REVISION, alembic_config, is_current, make_engine

    script = ScriptDirectory.from_config(alembic_config(sqlite_url))
    assert script.get_current_head() == HEAD_REVISION
    engine = make_engine(sqlite_url)
    try:
        assert not is_current(engine)
        upgrade(sqlite_url, engine=engine)
        assert is_current(engine)
    finally:
        engine.dispose()


def test_upgrade_to_tenancy_keeps_existing_rows_and_gives_them_a_tenant(
    empty_database_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Rows written at 0001 (a Slack flow in a thread, an API flow, a key) survive the upgrade,
    each in the tenant it implicitly had, and stay usable through the store afterwards."""
    from flowgen_core.service.store import FlowStore

    upgrade(empty_database_url, "0001_initial")
    engine = make_engine(empty_database_url)
    now = "2026-11-01 12:00:00+00:00"
    try:
        with engine.begin() as connection:
            run = connection.exec_driver_sql
            run(
                "INSERT INTO workspaces (id, name, settings, created_at) VALUES "
                f"('T1', NULL, '{{}}', '{now}'), ('reporting', NULL, '{{}}', '{now}')"
            )
            run(
                "INSERT INTO conversations (workspace_id, channel_id, thread_ts, source, created_at) "
                f"VALUES ('T1', 'C1', '100.1', 'slack', '{now}')"
            )
            conversation_id = run("SELECT id FROM conversations").scalar_one()
            run(
                "INSERT INTO flows (id, name, brief, workspace_id, user_id, source, conversation_id, "
                "created_at, updated_at, latest_version) VALUES "
                f"('flw_slack', 'S', 'b', 'T1', 'U1', 'slack', {conversation_id}, '{now}', '{now}', 1), "
                f"('flw_api', 'A', 'b', 'reporting', 'reporting', 'api', NULL, '{now}', '{now}', 1)"
            )
            for version_id, flow_id in (("ver_slack", "flw_slack"), ("ver_api", "flw_api")):
                run(
                    "INSERT INTO flow_versions (id, flow_id, version, brief, flow, report, valid, generator, "
                    "tokens, latency_ms, action, approved, user_id, created_at) VALUES "
                    f"('{version_id}', '{flow_id}', 1, 'b', '{{\"name\": \"x\"}}', '{{}}', true, 'offline', "
                    f"0, 0, 'generated', false, 'U1', '{now}')"
                )
            run(
                "INSERT INTO api_keys (name, key_hash, created_at) VALUES "
                f"('reporting', '{'0' * 64}', '{now}')"
            )
    finally:
        engine.dispose()

    upgrade(empty_database_url)
    assert _diffs(empty_database_url) == []
    store = FlowStore(empty_database_url, auto_migrate=False, outbox_path=tmp_path / "o.jsonl")
    try:
        slack = store.get_version("ver_slack")
        api = store.get_version("ver_api")
        assert slack is not None and (slack.tenant_id, slack.channel_id, slack.locked) == ("T1", "C1", False)
        assert slack.spec is None  # stored before specs were kept: refinements read its brief
        assert api is not None and api.tenant_id == "reporting"
        thread = store.latest_for_thread(
            workspace_id="T1", channel_id="C1", thread_ts="100.1", tenant_id="T1"
        )
        assert thread is not None and thread.version_id == "ver_slack"
        keys = store.list_api_keys()
        assert [(k["name"], k["tenant"], k["cross_tenant_read"]) for k in keys] == [
            ("reporting", "reporting", False)
        ]
    finally:
        store.dispose()
