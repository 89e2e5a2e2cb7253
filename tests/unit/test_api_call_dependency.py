"""`generateFlow` resolves its settings, service, metrics and caller in one dependency node.

FastAPI solves every node of a route's dependency graph on every request, and a cached node
(the API key check) still re-solves its own sub-dependencies: the per-request cost grows with
the graph, not with what the route does.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies import utils as dependency_utils
from fastapi.testclient import TestClient

from flowgen_apps.api.deps import ApiCall, ApiCallDep
from flowgen_apps.api.errors import install_error_handlers
from flowgen_apps.web import create_app, freeze_startup_heap
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings

KEY = "unit-key-0123456789abcdef"
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"


def _app(tmp_path: Path, **overrides: Any) -> tuple[Any, FlowStore]:
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "flowgen_api_keys": KEY,
        "flowgen_generator": "offline",
        "rate_limit_per_minute": 1000,
        **overrides,
    }
    settings = Settings(_env_file=None, **values)
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "outbox")
    return create_app(settings, FlowService(settings, store=store, cache=MemoryCache())), store


def test_generate_flow_solves_at_most_five_dependency_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = _app(tmp_path)
    solved: list[object] = []
    original = dependency_utils.solve_dependencies

    async def counting(*args: Any, **kwargs: Any) -> Any:
        solved.append(kwargs.get("dependant"))
        return await original(*args, **kwargs)

    monkeypatch.setattr(dependency_utils, "solve_dependencies", counting)
    try:
        with TestClient(app) as client:
            response = client.post(
                "/api/v1/generateFlow",
                json={"campaignDescription": BRIEF},
                headers={"Authorization": f"Bearer {KEY}"},
            )
        assert response.status_code == 200, response.text
        # the route, the router's key check with its two credential schemes, the call: 5 (was 11)
        assert 0 < len(solved) <= 5
    finally:
        store.dispose()


def test_the_rate_limit_counts_a_generation_once(tmp_path: Path) -> None:
    app, store = _app(tmp_path)
    try:
        with TestClient(app) as client:
            remaining = [
                int(
                    client.post(
                        "/api/v1/generateFlow",
                        json={"campaignDescription": f"{BRIEF}, campaign {n}"},
                        headers={"X-API-Key": KEY},
                    ).headers["x-ratelimit-remaining"]
                )
                for n in range(2)
            ]
        assert remaining[0] - remaining[1] == 1
    finally:
        store.dispose()


def test_the_call_dependency_authenticates_on_a_route_without_the_router_check(tmp_path: Path) -> None:
    api, store = _app(tmp_path)
    app = FastAPI()
    install_error_handlers(app)
    app.state.__dict__.update(
        {name: getattr(api.state, name) for name in ("settings", "service", "metrics", "auth")}
    )

    @app.get("/probe")
    async def probe(call: ApiCallDep) -> dict[str, str]:
        assert isinstance(call, ApiCall)
        return {"workspace": call.context.workspace_id, "user": call.context.user_id}

    try:
        with TestClient(app) as client:
            assert client.get("/probe").status_code == 401
            assert client.get("/probe", headers={"X-API-Key": "wrong"}).status_code == 401
            accepted = client.get("/probe", headers={"Authorization": f"Bearer {KEY}"})
        assert accepted.status_code == 200
        assert accepted.json()["user"].startswith("env-")
        assert accepted.headers["x-ratelimit-limit"] == "1000"
    finally:
        store.dispose()


def test_the_startup_heap_is_frozen_once_per_process() -> None:
    freeze_startup_heap()  # whichever call came first in this process froze it
    assert gc.get_freeze_count() > 0
    assert freeze_startup_heap() is False
