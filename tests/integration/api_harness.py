"""Serving `create_app(...)` over real HTTP for the REST API tests.

uvicorn runs in a thread on 127.0.0.1 with an ephemeral port; tests talk to it with
httpx. Two backends: SQLite + in-process cache (always), PostgreSQL + Redis (marked
`services`, each in a fresh random schema and key prefix, removed afterwards; server
connections come from tests/fakes/services.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from flowgen_core.settings import Settings

TEST_KEY = "test-key-0123456789abcdef"
# A generous rate limit by default: only the rate-limit tests should ever meet it.
BASE_SETTINGS: dict[str, Any] = {
    "flowgen_api_keys": TEST_KEY,
    "flowgen_generator": "offline",
    "rate_limit_per_minute": 100_000,
}


class LiveServer:
    """uvicorn in a background thread; `url` is known once it is listening."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="off", loop="asyncio"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)
        self.url = ""

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Backend:
    name: str
    settings: Settings
    service: Any


def sqlite_backend(tmp_path: Path, **overrides: Any) -> Iterator[Backend]:
    from flowgen_core.service.cache import MemoryCache
    from flowgen_core.service.facade import FlowService
    from flowgen_core.service.store import FlowStore

    values: dict[str, Any] = {**BASE_SETTINGS, **overrides}
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'api.sqlite3'}", **values)
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "outbox")
    service = FlowService(settings, store=store, cache=MemoryCache())
    try:
        yield Backend("sqlite", settings, service)
    finally:
        store.dispose()


def postgres_backend(tmp_path: Path, **overrides: Any) -> Iterator[Backend]:
    """PostgreSQL in a fresh random schema + Redis under a random key prefix; both removed after."""
    from flowgen_core.service.cache import RedisCache, ResilientCache
    from flowgen_core.service.facade import FlowService
    from flowgen_core.service.store import FlowStore
    from tests.fakes.services import PG_ADMIN_DB, PG_HOST, PG_PORT, REDIS_URL, pg_admin_connect, unavailable

    if os.environ.get("FLOWGEN_SKIP_SERVICES") == "1":
        pytest.skip("FLOWGEN_SKIP_SERVICES=1")
    try:
        admin, user = pg_admin_connect()
    except RuntimeError as error:
        unavailable(str(error))
    schema = f"api_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    database_url = (
        f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/{PG_ADMIN_DB}?options=-csearch_path%3D{schema}"
    )
    redis_cache = RedisCache(REDIS_URL, prefix=f"flowgen-test-{uuid.uuid4().hex[:12]}:")
    store: Any = None
    try:
        if not redis_cache.ping():
            unavailable(f"Redis not reachable at {REDIS_URL}")
        values: dict[str, Any] = {**BASE_SETTINGS, **overrides}
        settings = Settings(database_url=database_url, redis_url=REDIS_URL, **values)
        store = FlowStore(database_url, outbox_path=tmp_path / "outbox")
        service = FlowService(settings, store=store, cache=ResilientCache(redis_cache))
        yield Backend("postgres", settings, service)
    finally:
        if store is not None:
            store.dispose()
        with contextlib.suppress(Exception):
            redis_cache.clear_prefix()
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@contextlib.contextmanager
def serve(backend: Backend) -> Iterator[httpx.Client]:
    """A client bound to a live server for `backend`, sending the test key by default."""
    from flowgen_apps.web import create_app

    app = create_app(backend.settings, backend.service)
    with (
        LiveServer(app) as server,
        httpx.Client(base_url=server.url, headers={"X-API-Key": TEST_KEY}, timeout=30) as client,
    ):
        yield client
