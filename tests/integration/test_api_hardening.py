"""Production hardening over real HTTP: keys through a database outage, pre-auth work bounded
by the body, /health under hostile load, security headers, and the docs/metrics switches."""

from __future__ import annotations

import concurrent.futures
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from tests.integration.api_harness import TEST_KEY, LiveServer, serve, sqlite_backend
from tests.integration.test_store_outbox import TcpProxy

FLOW = {"name": "x", "initialStepID": "a", "steps": [{"id": "a", "type": "end", "events": []}]}


@contextlib.contextmanager
def _served(settings: Settings, service: Any) -> Iterator[httpx.Client]:
    from flowgen_apps.web import create_app

    with (
        LiveServer(create_app(settings, service)) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        yield client


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ---------------------------------------------------------------------- keys and outages
@pytest.mark.services
@pytest.mark.parametrize("ttl", [900, 0])
def test_verified_keys_keep_working_through_a_real_database_outage(
    postgres_url: str, tmp_path: Path, ttl: int
) -> None:
    proxy = TcpProxy(5432)
    proxy.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    settings = Settings(
        _env_file=None,
        database_url=url,
        flowgen_generator="offline",
        rate_limit_per_minute=0,
        api_key_cache_ttl_s=ttl,
    )
    store = FlowStore(url, outbox_path=tmp_path / "outbox.jsonl", retry_after_s=60)
    service = FlowService(settings, store=store, cache=MemoryCache())
    known = store.create_api_key("known", tenant="acme")
    never_used = store.create_api_key("never-used", tenant="acme")
    try:
        with _served(settings, service) as client:
            assert client.post("/api/v1/validateFlow", json=FLOW, headers=_bearer(known)).status_code == 200

            proxy.stop()  # the database is gone
            ok = client.post("/api/v1/validateFlow", json=FLOW, headers=_bearer(known))
            generated = client.post(
                "/api/v1/generateFlow",
                json={"campaignDescription": "Win back lapsed customers with 15% off"},
                headers=_bearer(known),
            )
            unverified = client.post("/api/v1/validateFlow", json=FLOW, headers=_bearer(never_used))
            guessed = client.post("/api/v1/validateFlow", json=FLOW, headers=_bearer("fgk_guess"))
            if ttl:
                assert ok.status_code == 200
                # The write outbox now serves this client: the version is queued, not lost.
                assert generated.status_code == 200 and generated.json()["metadata"]["persisted"] is False
            else:
                assert ok.status_code == generated.status_code == 401
            assert unverified.status_code == guessed.status_code == 401
            assert guessed.json()["error"]["code"] == "invalid_api_key"

            proxy.start()  # back: a revocation applies on the next request
            store._next_attempt_at = 0.0
            assert store.revoke_api_key("known")
            assert client.post("/api/v1/validateFlow", json=FLOW, headers=_bearer(known)).status_code == 401
    finally:
        proxy.stop()
        store.dispose()


# ---------------------------------------------------------------------- before authentication
@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Any]:
    yield from sqlite_backend(tmp_path)


def test_bodies_are_not_examined_before_the_key_is(backend: Any) -> None:
    deep = b"[" * 5000 + b"]" * 5000
    with serve(backend) as client:
        anonymous = client.post(
            "/api/v1/validateFlow",
            content=deep,
            headers={"X-API-Key": "", "Content-Type": "application/json"},
        )
        assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "missing_api_key"
        wrong = client.post(
            "/api/v1/validateFlow",
            content=deep,
            headers={"X-API-Key": "nope", "Content-Type": "application/json"},
        )
        assert wrong.status_code == 401
        authorised = client.post(
            "/api/v1/validateFlow", content=deep, headers={"Content-Type": "application/json"}
        )
        assert authorised.status_code == 400 and authorised.json()["error"]["code"] == "json_too_deep"


def test_health_answers_while_hostile_bodies_are_processed(backend: Any) -> None:
    # The body that used to stall the server for ~25 s (and hours at 1 MB), with and without a key.
    hostile = b'{"a":"' + b'\\"' * 450_000
    with serve(backend) as client, concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:

        def send(key: str) -> int:
            headers = {"X-API-Key": key, "Content-Type": "application/json"}
            return client.post("/api/v1/validateFlow", content=hostile, headers=headers).status_code

        pending = [pool.submit(send, key) for key in (TEST_KEY, "", TEST_KEY, "", TEST_KEY)]
        started = time.monotonic()
        health = client.get("/health")
        assert health.status_code == 200
        assert time.monotonic() - started < 5  # a generous bound: it used to be tens of seconds
        statuses = sorted(f.result(timeout=60) for f in pending)
    assert statuses == [400, 400, 400, 401, 401]


# ---------------------------------------------------------------------- headers and switches
def test_security_headers_on_every_response(backend: Any) -> None:
    with serve(backend) as client:
        for path in ("/health", "/api/v1/schema", "/api/v1/flows/nope", "/no-such-route"):
            response = client.get(path)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["content-security-policy"].startswith("default-src 'none'")
        docs = client.get("/docs")
        assert docs.status_code == 200
        assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


def test_docs_and_openapi_can_be_switched_off(tmp_path: Path) -> None:
    for backend in sqlite_backend(tmp_path, docs_enabled=False):
        with serve(backend) as client:
            for path in ("/docs", "/redoc", "/openapi.json"):
                assert client.get(path).status_code == 404
            assert client.get("/api/v1/schema").status_code == 200


def test_metrics_behind_a_token(tmp_path: Path) -> None:
    for backend in sqlite_backend(tmp_path, metrics_token="metrics-secret-123"):
        with serve(backend) as client:
            assert client.get("/metrics").status_code == 401  # the API key is not the metrics token
            assert client.get("/metrics", headers=_bearer("wrong")).status_code == 401
            scraped = client.get("/metrics", headers=_bearer("metrics-secret-123"))
            assert scraped.status_code == 200 and "flowgen" in scraped.text


def test_env_keys_belong_to_their_documented_tenant(tmp_path: Path) -> None:
    for backend in sqlite_backend(tmp_path, flowgen_api_keys_tenant="acme"):
        with serve(backend) as client:
            made = client.post(
                "/api/v1/generateFlow", json={"campaignDescription": "Win back lapsed customers"}
            )
            assert made.status_code == 200
            stored = backend.service.get_version(made.json()["metadata"]["version_id"])
            assert stored.tenant_id == "acme"
