"""Test-wide isolation: no test touches the user's real data directory or environment."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run by default, so a run's result depends on
# the code and not on luck; `HYPOTHESIS_PROFILE=explore` draws fresh ones (and more of them)
# to look for new counterexamples while developing.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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
    monkeypatch.setenv("XDG_CACHE_HOME", str(data_dir / "cache"))  # the CLI's compiled patterns
    # Slack apps built by tests generate in their threads; the tests of the worker processes
    # ask for them explicitly (tests/integration/test_slack_generation_pool.py).
    monkeypatch.setenv("SLACK_GENERATION_PROCESSES", "0")
    from flowgen_core.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
