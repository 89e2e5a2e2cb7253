"""Multi-workspace installs: OAuth settings backed by slack_sdk's SQLAlchemy stores.

Installations and OAuth states live in the same database as the flows (their own
tables, created on first use), so a restart or a second web worker keeps every
workspace's tokens. Single-workspace deployments set SLACK_BOT_TOKEN instead and never
reach this module.

Every request from an installed workspace needs its tokens before it can be acknowledged,
so the ack path must not pay a database read and a Slack `auth.test` each time: lookups
are kept in memory for `INSTALLATION_CACHE_TTL_S` (saves and deletes in this process clear
them at once; the TTL bounds how long another worker's uninstall goes unnoticed), and
the `auth.test` answer for a token is asked of Slack once.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.cacheable_installation_store import CacheableInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from flowgen_core.service.store.db import make_engine
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRATION_S = 600
INSTALLATION_CACHE_TTL_S = 60

BOT_SCOPES = (
    "app_mentions:read",
    "assistant:write",
    "channels:history",
    "chat:write",
    "commands",
    "files:read",  # file validation downloads the .json files people share
    "files:write",
    "groups:history",
    "im:history",
    "im:write",
    "reactions:write",
    "users:read",
)


def oauth_enabled(settings: Settings) -> bool:
    return bool(settings.slack_client_id and settings.slack_client_secret)


def build_stores(
    settings: Settings, *, engine: Engine | None = None
) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore]:
    """Installation and state stores on the database URL, with their tables created."""
    engine = engine or make_engine(settings.database_url)
    installations = SQLAlchemyInstallationStore(
        client_id=settings.slack_client_id or "single-workspace", engine=engine, logger=log
    )
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_S, engine=engine, logger=log)
    # create_all is idempotent: existing tables are left alone.
    installations.metadata.create_all(engine)
    states.metadata.create_all(engine)
    return installations, states


class ExpiringInstallationStore(CacheableInstallationStore):
    """slack_sdk's in-memory installation cache, with entries that expire after `ttl_s`."""

    def __init__(
        self, installation_store: InstallationStore, *, ttl_s: float = INSTALLATION_CACHE_TTL_S
    ) -> None:
        super().__init__(installation_store)
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._cached_at: dict[str, float] = {}

    def _fresh(self, cache: dict[str, Any], key: str) -> None:
        """Drop `key` from `cache` when it is older than the TTL (the next lookup reads the store)."""
        with self._lock:
            at = self._cached_at.get(key)
            if key in cache and (at is None or time.monotonic() - at > self.ttl_s):
                cache.pop(key, None)
                self._cached_at.pop(key, None)

    def _stamp(self, cache: dict[str, Any], key: str) -> None:
        with self._lock:
            if key in cache and key not in self._cached_at:
                self._cached_at[key] = time.monotonic()

    @staticmethod
    def _key(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
        if is_enterprise_install or team_id is None:
            team_id = ""
        return f"{enterprise_id or ''}-{team_id or ''}"

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        key = self._key(enterprise_id, team_id, is_enterprise_install)
        self._fresh(self.cached_bots, key)
        bot = super().find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        self._stamp(self.cached_bots, key)
        return bot

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = f"{self._key(enterprise_id, team_id, is_enterprise_install)}-{user_id or ''}"
        self._fresh(self.cached_installations, key)
        installation = super().find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        self._stamp(self.cached_installations, key)
        return installation

    def _forget(self) -> None:
        with self._lock:
            self._cached_at = {
                k: v
                for k, v in self._cached_at.items()
                if k in self.cached_bots or k in self.cached_installations
            }

    def save(self, installation: Installation) -> Any:
        result = super().save(installation)
        self._forget()
        return result

    def save_bot(self, bot: Bot) -> Any:
        result = super().save_bot(bot)
        self._forget()
        return result

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._forget()

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        super().delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        # slack_sdk's cache keeps the workspace's bot after an installation is deleted: drop it too.
        self.cached_bots.pop(self._key(enterprise_id, team_id, False), None)
        self._forget()

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        super().delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self._forget()


def build_oauth_settings(settings: Settings, *, engine: Engine | None = None) -> OAuthSettings | None:
    """OAuth settings when a client id and secret are configured, else None (single workspace)."""
    if not oauth_enabled(settings):
        return None
    installations, states = build_stores(settings, engine=engine)
    secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else None
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret,
        scopes=list(BOT_SCOPES),
        installation_store=ExpiringInstallationStore(installations),
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
    )
    # Bolt asks Slack's auth.test about the token of every request unless told to remember it.
    if isinstance(oauth.authorize, InstallationStoreAuthorize):
        oauth.authorize.cache_enabled = True
    return oauth
