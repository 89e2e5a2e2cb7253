"""Operations over real HTTP: readiness failures, the catch-all 500, correlation ids in logs,
redaction, and the Slack routes mounted beside the API."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowgen_core.logging import configure_logging
from flowgen_core.settings import Settings
from tests.fakes.slack_stub import SlackStub, sign_slack_request
from tests.integration.api_harness import BASE_SETTINGS, Backend, serve, sqlite_backend

BRIEF = "Welcome new subscribers with 10% off their first order. Reply YES to get the code."


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Backend]:
    yield from sqlite_backend(tmp_path)


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Route every log record through the production JSON formatter into a buffer."""
    buffer = io.StringIO()
    configure_logging("INFO", json=True, stream=buffer)
    yield buffer
    configure_logging("WARNING", json=False)


def _records(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]


def test_ready_is_503_when_the_database_is_down(tmp_path: Path) -> None:
    from flowgen_core.service.cache import MemoryCache
    from flowgen_core.service.facade import FlowService
    from flowgen_core.service.store import FlowStore

    # Nothing listens on port 1: every connection attempt is refused at once.
    down_url = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    settings = Settings(database_url=down_url, **BASE_SETTINGS)
    store = FlowStore(down_url, auto_migrate=False, outbox_path=tmp_path / "outbox")
    service = FlowService(settings, store=store, cache=MemoryCache())
    with serve(Backend("down", settings, service)) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["database"]["ok"] is False
        assert body["cache"]["ok"] is True
        assert "configured" in body["llm"]
        assert client.get("/health").status_code == 200  # liveness is not readiness


def test_unexpected_error_is_500_envelope_without_traceback(
    backend: Backend, monkeypatch: pytest.MonkeyPatch, json_logs: io.StringIO
) -> None:
    def explode(flow: Any) -> Any:
        raise RuntimeError("secret internals: sk-abcdef1234567890")

    monkeypatch.setattr(backend.service, "validate", explode)
    with serve(backend) as client:
        response = client.post(
            "/api/v1/validateFlow", json={"steps": []}, headers={"X-Request-ID": "req-500"}
        )
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal_error"
    assert error["details"] == {"request_id": "req-500"}
    assert "Traceback" not in response.text and "secret internals" not in response.text
    assert response.headers["x-request-id"] == "req-500"
    logged = [r for r in _records(json_logs) if r["message"] == "unhandled error"]
    assert logged and logged[0]["request_id"] == "req-500"
    assert "RuntimeError" in logged[0]["exception"]
    assert "sk-abcdef1234567890" not in json_logs.getvalue()


def test_request_id_reaches_service_logs(backend: Backend, json_logs: io.StringIO) -> None:
    with serve(backend) as client:
        response = client.post(
            "/api/v1/generateFlow", json={"campaignDescription": BRIEF}, headers={"X-Request-ID": "corr-42"}
        )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "corr-42"
    records = _records(json_logs)
    tagged = {r["logger"] for r in records if r.get("request_id") == "corr-42"}
    # The access log and at least one record written inside the service (threadpool) carry the id.
    assert "flowgen.http" in tagged
    assert any(name.startswith("flowgen_core") for name in tagged), tagged
    access = next(r for r in records if r["message"] == "request" and r["request_id"] == "corr-42")
    assert access["route"] == "/api/v1/generateFlow"
    assert access["status"] == 200


def test_api_keys_never_reach_the_logs(backend: Backend, json_logs: io.StringIO) -> None:
    logging.getLogger("flowgen.test").info(
        "calling with Authorization: Bearer %s", "test-key-0123456789abcdef"
    )
    with serve(backend) as client:
        client.get("/api/v1/schema")
    assert "test-key-0123456789abcdef" not in json_logs.getvalue()
    assert "Bearer [REDACTED]" in json_logs.getvalue()


def test_slack_routes_are_mounted_when_configured(tmp_path: Path, slack_stub: SlackStub) -> None:
    secret = "test-signing-secret"
    slack_backend = contextlib.contextmanager(sqlite_backend)(
        tmp_path,
        slack_signing_secret=secret,
        slack_bot_token="xoxb-test-token",
        slack_api_url=slack_stub.api_url,
    )
    with slack_backend as backend, serve(backend) as client:
        body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"})
        signed = client.post(
            "/slack/events",
            content=body,
            headers={"Content-Type": "application/json", "X-API-Key": "", **sign_slack_request(secret, body)},
        )
        assert signed.status_code == 200
        assert "abc123" in signed.text
        unsigned = client.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
        assert unsigned.status_code == 401  # Bolt's signature check, not the API key
        assert "/slack/events" not in client.get("/openapi.json").json()["paths"]


def test_api_runs_alone_without_slack_settings(backend: Backend) -> None:
    with serve(backend) as client:
        assert_error = client.post(
            "/slack/events", content=b"{}", headers={"Content-Type": "application/json"}
        )
        assert assert_error.status_code == 404
        assert assert_error.json()["error"]["code"] == "not_found"


def test_method_not_allowed_is_enveloped(backend: Backend) -> None:
    with serve(backend) as client:
        response = client.get("/api/v1/generateFlow")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_create_app_builds_its_own_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The uvicorn factory path: no arguments, everything from the environment (embedded defaults)."""
    from flowgen_apps.web import create_app
    from flowgen_core.settings import get_settings

    monkeypatch.setenv("FLOWGEN_API_KEYS", "env-key-abcdefghijklmnop")
    get_settings.cache_clear()
    from tests.integration.api_harness import LiveServer

    with LiveServer(create_app()) as server:
        ready = httpx.get(f"{server.url}/ready")
        assert ready.status_code == 200
        assert ready.json()["database"]["backend"].startswith("sqlite")
        assert ready.json()["cache"]["backend"] == "memory"
        generated = httpx.post(
            f"{server.url}/api/v1/generateFlow",
            json={"campaignDescription": BRIEF},
            headers={"Authorization": "Bearer env-key-abcdefghijklmnop"},
            timeout=30,
        )
        assert generated.status_code == 200
        assert generated.json()["metadata"]["generator"] == "offline"
