"""`Settings` reads the environment and `.env` as pydantic-settings' `BaseSettings` reads them.

`Settings` is a plain pydantic model with its own small reader (pydantic-settings' import was
a large share of the CLI's start-up); here it is compared, field for field, with a
`BaseSettings` twin built from the same field definitions, on generated environments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from flowgen_core.settings import Settings

_FIELDS: dict[str, Any] = {name: (field.annotation, field) for name, field in Settings.model_fields.items()}


def _reference(env_file: Path | None, **values: Any) -> dict[str, Any] | str:
    class Twin(BaseSettings):
        model_config = SettingsConfigDict(env_file=env_file, env_file_encoding="utf-8", extra="ignore")

    model = create_model("TwinSettings", __base__=Twin, **_FIELDS)
    try:
        return dict(model(**values).model_dump())
    except ValidationError as error:
        return sorted(str(e["loc"]) for e in error.errors())


def _ours(env_file: Path | None, **values: Any) -> dict[str, Any] | str:
    try:
        return dict(Settings(_env_file=env_file, **values).model_dump())
    except ValidationError as error:
        return sorted(str(e["loc"]) for e in error.errors())


# Settings whose value is checked by a validator of `Settings` only (the twin has none).
_VALIDATED_BY_SETTINGS = {"llm_model_profile", "brand_timezone", "openai_base_url", "openai_api_version"}
_NAMES = sorted(set(Settings.model_fields) - _VALIDATED_BY_SETTINGS)
_VALUES = st.sampled_from(
    ["", "0", "1", "true", "False", "yes", "off", "12", "-3", "2.5", "x", " 7 ", "auto", "llm"]
)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    import os

    for key in list(os.environ):
        if key.lower() in Settings.model_fields:
            monkeypatch.delenv(key)
    return monkeypatch


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    environment=st.dictionaries(st.sampled_from(_NAMES), _VALUES, max_size=6),
    dotenv=st.dictionaries(st.sampled_from(_NAMES), _VALUES, max_size=6),
    upper=st.booleans(),
)
def test_environment_and_dotenv_read_as_base_settings_reads_them(
    clean_environment: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    environment: dict[str, str],
    dotenv: dict[str, str],
    upper: bool,
) -> None:
    env_file = tmp_path_factory.mktemp("env") / ".env"
    env_file.write_text(
        "".join(f"{name.upper()}={value}\n" for name, value in dotenv.items()), encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name.upper() if upper else name, value)
        patch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")  # the default creates a directory
        assert _ours(env_file) == _reference(env_file)
        assert _ours(None) == _reference(None)


def test_arguments_win_over_the_environment_which_wins_over_dotenv(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("MAX_BRIEF_CHARS=10\nCACHE_TTL_S=20\nREDIS_URL=redis://file\n", encoding="utf-8")
    clean_environment.setenv("cache_ttl_s", "30")
    clean_environment.setenv("Redis_Url", "redis://env")
    loaded = Settings(_env_file=env_file, redis_url="redis://argument")
    assert (loaded.max_brief_chars, loaded.cache_ttl_s, loaded.redis_url) == (10, 30, "redis://argument")
    assert Settings(_env_file=None).max_brief_chars == 4000
    assert _ours(env_file, redis_url="redis://argument") == _reference(env_file, redis_url="redis://argument")


def test_a_value_that_does_not_parse_is_refused(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("LLM_DEADLINE_S", "-1")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    clean_environment.setenv("LLM_DEADLINE_S", "5")
    clean_environment.setenv("FLOWGEN_GENERATOR", "sometimes")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
