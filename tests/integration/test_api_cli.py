"""`flowgen apikey`, `flowgen serve` and `flowgen bot` from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import get_settings
from tests.fakes.served_api import start_dev_server


def test_apikey_create_check_and_revoke() -> None:
    runner = CliRunner()
    created = runner.invoke(main, ["apikey", "create", "partner-a"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[0]
    assert len(key) >= 32
    store = FlowStore(get_settings().database_url)
    try:
        assert store.check_api_key(key) == "partner-a"
        revoked = runner.invoke(main, ["apikey", "revoke", "partner-a"])
        assert revoked.exit_code == 0, revoked.output
        assert store.check_api_key(key) is None
    finally:
        store.dispose()
    again = runner.invoke(main, ["apikey", "revoke", "partner-a"])
    assert again.exit_code != 0
    assert "No active API key" in again.output


def test_bot_without_socket_explains_http_mode() -> None:
    result = CliRunner().invoke(main, ["bot"])
    assert result.exit_code != 0
    assert "flowgen serve" in result.output


def test_bot_socket_needs_tokens() -> None:
    result = CliRunner().invoke(main, ["bot", "--socket"])
    assert result.exit_code != 0
    assert "SLACK_APP_TOKEN" in result.output


@pytest.mark.slow
def test_serve_prints_hint_or_dev_key_and_answers(tmp_path: Path) -> None:
    env = {**os.environ, "LOG_JSON": "false", "LOG_LEVEL": "INFO"}
    process, url, key = start_dev_server(env, tmp_path, timeout_s=30)
    try:
        assert key and url, "server did not announce its key and address"
        assert httpx.get(f"{url}/health").status_code == 200
        assert httpx.get(f"{url}/api/v1/schema").status_code == 401
        assert (
            httpx.get(f"{url}/api/v1/schema", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_key_prints_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # don't block: the hint is the subject
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "flowgen apikey create" in result.output
