"""API keys (environment and database), exempt routes and per-key rate limits, over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.api_harness import TEST_KEY, Backend, postgres_backend, serve, sqlite_backend

PROTECTED = [
    ("GET", "/api/v1/schema"),
    ("GET", "/api/v1/flows/anything"),
    ("POST", "/api/v1/validateFlow"),
    ("POST", "/api/v1/generateFlow"),
]


@pytest.fixture
def make_backend(tmp_path: Path) -> Iterator[Callable[..., Backend]]:
    """Build backends whose cleanup (dropping the schema, the Redis keys) runs after the test."""
    with contextlib.ExitStack() as stack:

        def make(kind: str = "sqlite", **overrides: object) -> Backend:
            factory = sqlite_backend if kind == "sqlite" else postgres_backend
            folder = tmp_path / f"{kind}-{len(stack._exit_callbacks)}"
            folder.mkdir()
            return stack.enter_context(contextlib.contextmanager(factory)(folder, **overrides))

        yield make


KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.services)]


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


def _error_code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_protected_routes_need_a_key(make_backend: Callable[..., Backend], method: str, path: str) -> None:
    backend = make_backend()
    with serve(backend) as client:
        response = client.request(method, path, headers={"X-API-Key": ""}, json={})
        assert response.status_code == 401
        assert _error_code(response) == "missing_api_key"
        assert response.headers["www-authenticate"] == "Bearer"
        wrong = client.request(method, path, headers={"X-API-Key": "not-the-key"}, json={})
        assert wrong.status_code == 401
        assert _error_code(wrong) == "invalid_api_key"


def test_bearer_and_header_both_work(make_backend: Callable[..., Backend], kind: str) -> None:
    backend = make_backend(kind)
    with serve(backend) as client:
        bearer = client.get(
            "/api/v1/schema", headers={"X-API-Key": "", "Authorization": f"Bearer {TEST_KEY}"}
        )
        header = client.get("/api/v1/schema", headers={"X-API-Key": TEST_KEY})
        assert bearer.status_code == header.status_code == 200
        basic = client.get("/api/v1/schema", headers={"X-API-Key": "", "Authorization": f"Basic {TEST_KEY}"})
        assert basic.status_code == 401


def test_no_key_configured_says_how_to_create_one(make_backend: Callable[..., Backend]) -> None:
    backend = make_backend(flowgen_api_keys="")
    with serve(backend) as client:
        response = client.get("/api/v1/schema", headers={"X-API-Key": ""})
        assert response.status_code == 401
        error = response.json()["error"]
        assert error["code"] == "no_api_key_configured"
        assert "flowgen apikey create" in error["message"]
        assert client.get("/health").status_code == 200


def test_database_keys_create_and_revoke(make_backend: Callable[..., Backend], kind: str) -> None:
    backend = make_backend(kind, flowgen_api_keys="")
    with serve(backend) as client:
        key = backend.service.store.create_api_key("partner-a")
        assert client.get("/api/v1/schema", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert client.get("/api/v1/schema", headers={"X-API-Key": key[:-1]}).status_code == 401
        assert backend.service.store.revoke_api_key("partner-a") is True
        revoked = client.get("/api/v1/schema", headers={"X-API-Key": key})
        assert revoked.status_code == 401
        assert _error_code(revoked) == "no_api_key_configured"  # the only key is gone


def test_rate_limit_is_429_with_retry_after(make_backend: Callable[..., Backend], kind: str) -> None:
    backend = make_backend(kind, rate_limit_per_minute=3)
    with serve(backend) as client:
        answers = [client.get("/api/v1/schema") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert [a.headers["x-ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
        assert answers[0].headers["x-ratelimit-limit"] == "3"
        limited = client.get("/api/v1/schema")
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert _error_code(limited) == "rate_limited"
        # Limits are per key: another key still gets through, and exempt routes are not counted.
        other = backend.service.store.create_api_key("other")
        assert client.get("/api/v1/schema", headers={"X-API-Key": other}).status_code == 200
        assert client.get("/health").status_code == 200
        assert client.get("/ready").status_code == 200


def test_exempt_routes(make_backend: Callable[..., Backend]) -> None:
    backend = make_backend()
    with serve(backend) as client:
        for path in ("/health", "/ready", "/docs", "/openapi.json", "/metrics"):
            assert client.get(path, headers={"X-API-Key": ""}).status_code == 200, path


def test_private_metrics_need_a_key(make_backend: Callable[..., Backend]) -> None:
    backend = make_backend(metrics_public=False)
    with serve(backend) as client:
        assert client.get("/metrics", headers={"X-API-Key": ""}).status_code == 401
        response = client.get("/metrics")
        assert response.status_code == 200
        assert "flowgen_http_requests_total" in response.text
