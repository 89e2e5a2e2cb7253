"""Persistence: SQLAlchemy models, the FlowStore repository, Alembic migrations.

The names below are loaded on first use, not when the package is imported: a module of the
package that needs no SQLAlchemy (`basics`, `sqlite_direct`) can be imported without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowgen_core.service.store.basics import SavedVersion as SavedVersion
    from flowgen_core.service.store.basics import normalize_database_url as normalize_database_url
    from flowgen_core.service.store.db import upgrade as upgrade
    from flowgen_core.service.store.records import StoredVersion as StoredVersion
    from flowgen_core.service.store.records import hash_api_key as hash_api_key
    from flowgen_core.service.store.repository import FlowStore as FlowStore
    from flowgen_core.service.store.runner import StoreUnavailable as StoreUnavailable

# exported name -> the module of this package that defines it
_EXPORTS = {
    "FlowStore": "repository",
    "SavedVersion": "basics",
    "StoreUnavailable": "runner",
    "StoredVersion": "records",
    "hash_api_key": "records",
    "normalize_database_url": "basics",
    "upgrade": "db",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
