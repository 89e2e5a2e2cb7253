"""Persistence: SQLAlchemy models, the FlowStore repository, Alembic migrations."""

from flowgen_core.service.store.db import normalize_database_url, upgrade
from flowgen_core.service.store.repository import (
    FlowStore,
    SavedVersion,
    StoredVersion,
    StoreUnavailable,
    hash_api_key,
)

__all__ = [
    "FlowStore",
    "SavedVersion",
    "StoreUnavailable",
    "StoredVersion",
    "hash_api_key",
    "normalize_database_url",
    "upgrade",
]
