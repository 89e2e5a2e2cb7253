"""What the store's parts share that needs no SQLAlchemy: ids, the head revision, URL forms.

Kept apart so the direct SQLite history writer (`sqlite_direct.py`), which `flowgen generate`
uses to skip importing the ORM, agrees with the ORM store on every id, name and number.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from pydantic import BaseModel

ACTIONS = ("generated", "regenerated", "refined", "fixed", "imported")

# The newest migration's revision id. A test checks it against Alembic's script head, so a
# new migration that forgets to bump it fails CI; it lets `is_current` skip importing Alembic.
HEAD_REVISION = "0003_flow_spec"


class SavedVersion(BaseModel):
    flow_id: str
    version: int
    version_id: str
    persisted: bool = True  # False: queued in the outbox; `version` is provisional until replayed


def new_flow_id() -> str:
    return "flw_" + secrets.token_hex(6)


def new_version_id() -> str:
    return "ver_" + secrets.token_hex(6)


def utc_now() -> datetime:
    return datetime.now(UTC)


def normalize_database_url(url: str) -> str:
    """Make hosted-style URLs (`postgres://`, `postgresql://`) use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def outbox_stem(database_url: str) -> str:
    """The name every process's outbox file for this database starts with (see outbox.py)."""
    digest = hashlib.sha256(normalize_database_url(database_url).encode()).hexdigest()[:12]
    return f"outbox-{digest}"
