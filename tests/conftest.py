"""Test-wide isolation: no test touches the user's real data directory or environment."""

from __future__ import annotations

import pytest

pytest_plugins: list[str] = ["tests.fakes.openai_stub", "tests.fakes.slack_stub", "tests.fakes.services"]

# Keys a developer may have exported; tests must never see them (no network, no real LLM).
_SCRUBBED = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "FLOWGEN_GENERATOR",
    "REDIS_URL",
    "DATABASE_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "FLOWGEN_API_KEYS",
)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    for name in _SCRUBBED:
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path_factory.mktemp("flowgen-data")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{data_dir / 'flowgen.sqlite3'}")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_dir))
    from flowgen_core.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
