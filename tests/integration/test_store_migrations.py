"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from flowgen_core.store.db import alembic_config, current_revision, make_engine, upgrade
from flowgen_core.store.models import Base


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
        assert current_revision(engine) == "0001_initial"
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
    from flowgen_core.store import FlowStore

    store = FlowStore(sqlite_url, auto_migrate=True, outbox_path=tmp_path / "o.jsonl")
    try:
        assert current_revision(store.engine) == "0001_initial"
    finally:
        store.dispose()


def test_cli_db_upgrade(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from flowgen_core.cli import main
    from flowgen_core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert _diffs(sqlite_url) == []


def test_head_revision_constant_matches_the_migration_scripts(sqlite_url: str) -> None:
    from alembic.script import ScriptDirectory

    from flowgen_core.store.db import HEAD_REVISION, alembic_config, is_current, make_engine

    script = ScriptDirectory.from_config(alembic_config(sqlite_url))
    assert script.get_current_head() == HEAD_REVISION
    engine = make_engine(sqlite_url)
    try:
        assert not is_current(engine)
        upgrade(sqlite_url, engine=engine)
        assert is_current(engine)
    finally:
        engine.dispose()
