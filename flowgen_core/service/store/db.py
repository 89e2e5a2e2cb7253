"""Engines and migrations: URL normalisation, connection settings, programmatic Alembic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from flowgen_core.service.store.basics import HEAD_REVISION, normalize_database_url

__all__ = [
    "HEAD_REVISION",
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revision",
    "is_current",
    "is_sqlite",
    "make_engine",
    "normalize_database_url",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def is_sqlite(url: str) -> bool:
    return make_url(normalize_database_url(url)).get_backend_name() == "sqlite"


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while one writer commits (web + clock on one file).
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL still never corrupts the file and loses nothing on a process crash;
    # only a power cut can take the last commits. FULL's fsync per commit was most of a
    # version's write time and what made concurrent writers queue in the busy handler.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(database_url: str, *, connect_timeout_s: int = 3) -> Engine:
    url = make_url(normalize_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    # A short connect timeout turns an outage into a quick fallback instead of a hung request.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=connect_timeout_s,
        connect_args={"connect_timeout": connect_timeout_s},
    )


def alembic_config(database_url: str) -> Any:
    """An Alembic Config built in code: works from an installed wheel, no alembic.ini needed."""
    # Alembic is imported only when migrating: every CLI run opens the store, few migrate.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' is Alembic's interpolation character; escape it for passwords with '%'.
    config.set_main_option("sqlalchemy.url", normalize_database_url(database_url).replace("%", "%%"))
    return config


def is_current(engine: Engine) -> bool:
    """True when the database is already at HEAD_REVISION (one cheap query, no Alembic import)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # no table yet, or unreachable: let the real upgrade path decide
        return False
    return found == [HEAD_REVISION]


def upgrade(database_url: str, revision: str = "head", *, engine: Engine | None = None) -> None:
    """Apply migrations up to `revision`. Safe to call on every start (no-op when current)."""
    from alembic import command  # only when migrating (see alembic_config)

    config = alembic_config(database_url)
    owned = engine is None
    engine = engine or make_engine(database_url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if owned:
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # only when asked (see alembic_config)

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
