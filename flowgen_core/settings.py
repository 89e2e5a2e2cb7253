"""Every knob, read once from the environment (and `.env`). See `.env.example`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    data_dir = Path(user_data_dir("flowgen", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'flowgen.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # generation
    flowgen_generator: Literal["auto", "offline", "llm"] = "auto"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = 30.0
    openai_max_retries: int = 2
    llm_repair_rounds: int = 2
    max_brief_chars: int = 4000
    brand_name: str | None = None

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

    # http api
    flowgen_api_keys: str = ""  # comma-separated; empty = only keys stored in the database
    flowgen_api_keys_tenant: str = "api"  # the tenant every FLOWGEN_API_KEYS key belongs to
    api_key_cache_ttl_s: int = 900  # a verified key keeps working this long into a database outage
    metrics_public: bool = True
    metrics_token: SecretStr | None = None  # when set, /metrics needs `Authorization: Bearer <token>`
    docs_enabled: bool = True  # /docs, /redoc and /openapi.json
    security_headers: bool = True
    max_body_bytes: int = 1_000_000
    # Seconds a stopping web process lets requests in flight finish (below the platform's kill delay).
    shutdown_timeout_s: int = 25
    log_level: str = "INFO"
    log_json: bool = False

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
