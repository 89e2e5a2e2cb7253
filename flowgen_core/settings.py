"""Every knob, read once from the environment (and `.env`). See `.env.example`.

`Settings` reads its fields the way pydantic-settings' `BaseSettings` would (arguments first,
then environment variables, then the `.env` file, then the defaults; names case-insensitive;
every value validated by pydantic), in a few lines of its own: pydantic-settings' import was
a large share of a CLI command's start-up time (docs/benchmarks.md).
tests/unit/test_settings_source.py checks it against a `BaseSettings` twin.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

ENV_FILE = ".env"


def default_database_url() -> str:
    data_dir = Path(user_data_dir("flowgen", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'flowgen.sqlite3'}"


def environment_values(names: list[str], env_file: str | Path | None = ENV_FILE) -> dict[str, str]:
    """The raw values of settings `names` (lower case) from the environment, else `env_file`."""
    wanted = set(names)
    found: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        # Imported here: most runs have no .env file.
        from dotenv import dotenv_values

        for key, value in dotenv_values(env_file, encoding="utf-8").items():
            if value is not None and key.lower() in wanted:
                found[key.lower()] = value
    for key, value in os.environ.items():
        if key.lower() in wanted:
            found[key.lower()] = value
    return found


class Settings(BaseModel):
    # validate_default: a default is checked like a given value, as BaseSettings does.
    model_config = ConfigDict(extra="ignore", validate_default=True)

    def __init__(self, _env_file: str | Path | None = ENV_FILE, **values: Any) -> None:
        """Arguments win over the environment, which wins over `_env_file` (None: no file)."""
        from_environment = environment_values(list(type(self).model_fields), _env_file)
        super().__init__(**{**from_environment, **values})

    # generation
    flowgen_generator: Literal["auto", "offline", "llm"] = "auto"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = 30.0
    openai_max_retries: int = 2
    openai_api_version: str | None = None  # Azure OpenAI: the api-version query parameter
    llm_model_profile: str | None = None  # see generators/profiles.py; empty = from the model name
    llm_reasoning_effort: str | None = None  # reasoning models only; empty = the profile's default
    llm_max_output_tokens: int = Field(default=4096, gt=0)
    llm_deadline_s: float = Field(default=25.0, gt=0)  # one generation, all retries and repairs
    llm_max_concurrency: int = Field(default=4, gt=0)  # model calls in flight per process
    llm_repair_rounds: int = 2
    max_brief_chars: int = 4000
    brand_name: str | None = None
    brand_timezone: str | None = None  # IANA name used when the brief names none
    # Where a first message without brand or opt-out wording is an error rather than a
    # warning: "generated" (flows generated or refined here; a flow handed in to be validated
    # gets a warning), "always" (every flow) or "never" (a warning everywhere).
    compliance_strict: Literal["generated", "always", "never"] = "generated"

    # state
    database_url: str = Field(default_factory=default_database_url)
    db_auto_migrate: bool = True
    redis_url: str | None = None
    cache_ttl_s: int = 24 * 3600
    retention_days: int = 90
    rate_limit_per_minute: int = 30

    # slack
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_digest_channel: str | None = None
    # Worker processes that run the Slack app's offline generations (0: in the server's threads).
    slack_generation_processes: int = Field(default=2, ge=0)
    # A generation in a worker past this is treated as hung: the user is told and the worker
    # replaced. Far above any offline generation (milliseconds); keep it under the platform's
    # kill delay only if generations must survive restarts, which they need not.
    slack_generation_timeout_s: float = Field(default=120.0, gt=0, le=3600)
    # CPU priority the workers give up (os.nice), so the server's acks run first; 0 keeps it.
    slack_generation_nice: int = Field(default=10, ge=0, le=19)

    # http api
    flowgen_api_keys: str = ""  # comma-separated; empty = only keys stored in the database
    flowgen_api_keys_tenant: str = "api"  # the tenant every FLOWGEN_API_KEYS key belongs to
    api_key_cache_ttl_s: int = 900  # a verified key keeps working this long into a database outage
    metrics_public: bool = True
    metrics_token: SecretStr | None = None  # when set, /metrics needs `Authorization: Bearer <token>`
    docs_enabled: bool = True  # /docs, /redoc and /openapi.json
    security_headers: bool = True
    max_body_bytes: int = 1_000_000
    # A kept-alive client connection older than this is closed after its next response (0: never),
    # so that, with several web processes sharing one socket, clients reconnect to the least busy.
    connection_max_age_s: float = 1.0
    # Seconds a stopping web process lets requests in flight finish (below the platform's kill delay).
    shutdown_timeout_s: int = 25
    log_level: str = "INFO"
    log_json: bool = False

    @model_validator(mode="after")
    def _check_llm_provider(self) -> Settings:
        if self.llm_model_profile:
            # Imported only when the setting is used: the generators package costs ~0.2 s of
            # imports, which every CLI command (validate included) would pay at start-up.
            from flowgen_core.planners.llm.profiles import PROFILES
        if self.llm_model_profile and self.llm_model_profile not in PROFILES:
            raise ValueError(
                f"LLM_MODEL_PROFILE={self.llm_model_profile!r} is not a known profile; "
                f"use one of {', '.join(PROFILES)} (see docs/llm.md)"
            )
        if self.is_azure and not self.openai_api_version:
            raise ValueError(
                "OPENAI_BASE_URL points at Azure OpenAI but OPENAI_API_VERSION is not set; "
                "set it to the api-version your resource supports, e.g. 2024-10-21 (see docs/llm.md)"
            )
        if self.brand_timezone:
            try:
                ZoneInfo(self.brand_timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"BRAND_TIMEZONE={self.brand_timezone!r} is not an IANA time zone, e.g. America/New_York"
                ) from None
        return self

    @property
    def is_azure(self) -> bool:
        url = str(self.openai_base_url or "").lower()
        return ".openai.azure.com" in url or ".cognitiveservices.azure.com" in url

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())

    def resolved_generator(self, requested: str | None = None) -> Literal["offline", "llm"]:
        choice = requested or self.flowgen_generator
        if choice == "auto":
            return "llm" if self.llm_enabled else "offline"
        return choice  # type: ignore[return-value]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
