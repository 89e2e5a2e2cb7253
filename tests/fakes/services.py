"""Fixtures for the backing services: SQLite / PostgreSQL databases and Redis.

PostgreSQL: one fresh, migrated database per run (random name, dropped at the end), emptied
after each test; migration tests get their own empty database. Redis: a random key
prefix per test, cleaned up. `redis_server` starts a private redis-server that a test may
stop and restart (outage and recovery). Service tests skip when FLOWGEN_SKIP_SERVICES=1
or when the server is not running (unless FLOWGEN_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN_DB = "test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _services_skipped() -> bool:
    return os.environ.get("FLOWGEN_SKIP_SERVICES") == "1"


def unavailable(reason: str) -> None:
    if os.environ.get("FLOWGEN_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dead_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    return free_port()


# ---------------------------------------------------------------------------- PostgreSQL
def pg_admin_connect():  # type: ignore[no-untyped-def]
    import psycopg

    last_error: Exception | None = None
    for user in ("postgres", "root"):
        try:
            connection = psycopg.connect(
                host=PG_HOST, port=PG_PORT, user=user, dbname=PG_ADMIN_DB, autocommit=True, connect_timeout=3
            )
            return connection, user
        except psycopg.Error as error:
            last_error = error
    raise RuntimeError(f"PostgreSQL not reachable on {PG_HOST}:{PG_PORT}: {last_error}")


@dataclass
class PostgresServer:
    user: str
    database: str

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{PG_HOST}:{PG_PORT}/{database}"

    def create_database(self) -> str:
        name = "flowgen_t_" + secrets.token_hex(6)
        connection, _ = pg_admin_connect()
        with connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        connection, _ = pg_admin_connect()
        with connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One migrated database for the whole run (dropped at the end); emptied after each test."""
    if _services_skipped():
        pytest.skip("FLOWGEN_SKIP_SERVICES=1")
    try:
        connection, user = pg_admin_connect()
    except RuntimeError as error:
        unavailable(str(error))
    connection.close()
    server = PostgresServer(user=user, database="")
    server.database = server.create_database()
    from flowgen_core.service.store.db import upgrade

    upgrade(server.url(server.database))
    try:
        yield server
    finally:
        server.drop_database(server.database)


def _empty_all_tables(url: str) -> None:
    from sqlalchemy import create_engine, text

    from flowgen_core.service.store.models import Base

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            # DELETE beats TRUNCATE on tiny tables: no new relation files to create and sync.
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The run's migrated PostgreSQL database, emptied after the test (cheaper than a copy per test)."""
    url = postgres_server.url(postgres_server.database)
    try:
        yield url
    finally:
        _empty_all_tables(url)


@pytest.fixture
def empty_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database with no tables (for migration tests)."""
    name = postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'flowgen-test.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Parametrised over both backends: every store test runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def flow_store(database_url: str, tmp_path: Path) -> Iterator[object]:
    from flowgen_core.service.store import FlowStore

    store = FlowStore(database_url, outbox_path=tmp_path / "outbox.jsonl", retry_after_s=0)
    yield store
    store.dispose()


# ---------------------------------------------------------------------------- Redis
@pytest.fixture
def redis_cache() -> Iterator[object]:
    """A RedisCache on the shared server, isolated by a random key prefix."""
    if _services_skipped():
        pytest.skip("FLOWGEN_SKIP_SERVICES=1")
    from flowgen_core.service.cache import RedisCache

    cache = RedisCache(REDIS_URL, prefix=f"flowgen-test-{secrets.token_hex(6)}:")
    try:
        cache.ping()
    except Exception as error:
        unavailable(f"Redis not reachable at {REDIS_URL}: {error}")
    yield cache
    cache.clear_prefix()
    cache.client.close()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.services)])
def any_cache(request: pytest.FixtureRequest) -> object:
    """Parametrised over the in-process cache and the real Redis."""
    if request.param == "memory":
        from flowgen_core.service.cache import MemoryCache

        return MemoryCache()
    return request.getfixturevalue("redis_cache")


class RedisProcess:
    """A private redis-server on an ephemeral loopback port that can be stopped and restarted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self._process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None


@pytest.fixture
def redis_server() -> Iterator[RedisProcess]:
    if _services_skipped():
        pytest.skip("FLOWGEN_SKIP_SERVICES=1")
    server = RedisProcess(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
