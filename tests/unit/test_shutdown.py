"""The web process's graceful-shutdown timeout fits inside a Heroku-style platform's kill delay."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_KILL_DELAY_S = 30  # SIGTERM to SIGKILL on Heroku-style platforms


def test_procfile_web_process_drains_requests_before_the_kill() -> None:
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    match = re.search(r"--timeout-graceful-shutdown \$\{SHUTDOWN_TIMEOUT_S:-(\d+)\}", web)
    assert match, web
    assert int(match.group(1)) == Settings(_env_file=None).shutdown_timeout_s < PLATFORM_KILL_DELAY_S


def test_serve_passes_the_shutdown_timeout_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.update(options))
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_S", "12")
    monkeypatch.setenv("FLOWGEN_API_KEYS", "k" * 24)
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["timeout_graceful_shutdown"] == 12


def test_procfile_web_process_leaves_request_logging_to_the_app() -> None:
    """The app logs every request itself (`flowgen.http`, with the request id): no second line."""
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert "--no-access-log" in web.split()
    assert "--no-access-log" in (ROOT / "docs" / "deploy.md").read_text()
