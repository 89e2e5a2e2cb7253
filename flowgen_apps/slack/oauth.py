"""Multi-workspace installs: OAuth settings backed by slack_sdk's SQLAlchemy stores.

Installations and OAuth states live in the same database as the flows (their own
tables, created on first use), so a restart or a second web worker keeps every
workspace's tokens. Single-workspace deployments set SLACK_BOT_TOKEN instead and never
reach this module.
"""

from __future__ import annotations

import logging

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from flowgen_core.service.store.db import make_engine
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRATION_S = 600

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


def build_oauth_settings(settings: Settings, *, engine: Engine | None = None) -> OAuthSettings | None:
    """OAuth settings when a client id and secret are configured, else None (single workspace)."""
    if not oauth_enabled(settings):
        return None
    installations, states = build_stores(settings, engine=engine)
    secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret,
        scopes=list(BOT_SCOPES),
        installation_store=installations,
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
    )
