"""The history writes of `flowgen generate` on SQLite, through the standard library's sqlite3.

A CLI run records one new flow: the workspace settings read and one transaction of INSERTs
(workspace and user if new, the flow, its first version, the audit entry). Importing the ORM
for that is most of the command's start-up time (docs/benchmarks.md), so when the database
is a SQLite file already at the head migration and no queued writes wait for it, those
statements are written here, row for row what `FlowStore` writes
(tests/integration/test_sqlite_direct.py compares the two). Everything else, and any write this
writer cannot make, goes to the full `FlowStore`: it migrates, replays and queues.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowgen_core.context import RequestContext
from flowgen_core.service.store.basics import (
    ACTIONS,
    HEAD_REVISION,
    SavedVersion,
    new_flow_id,
    new_version_id,
    outbox_stem,
    utc_now,
)
from flowgen_core.storable import with_version_ids

if TYPE_CHECKING:
    from flowgen_core.service.store.repository import FlowStore

log = logging.getLogger(__name__)

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")

_INSERT_WORKSPACE = "INSERT INTO workspaces (id, tenant_id, settings, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
_INSERT_USER = (
    "INSERT INTO users (workspace_id, id, created_at, last_seen_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (workspace_id, id) DO NOTHING"
)
_INSERT_FLOW = (
    "INSERT INTO flows (id, name, brief, workspace_id, tenant_id, user_id, source, conversation_id, "
    "created_at, updated_at, latest_version, locked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_VERSION = (
    "INSERT INTO flow_versions (id, flow_id, tenant_id, version, brief, flow, report, spec, valid, "
    "generator, model, tokens, latency_ms, fallback_reason, parent_version_id, instruction, action, "
    "approved, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_AUDIT = (
    "INSERT INTO audit_log (action, source, workspace_id, user_id, flow_id, version_id, request_id, "
    "details, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def sqlite_file(database_url: str) -> str | None:
    """The file of a plain `sqlite:///PATH` URL; None for any other URL (left to SQLAlchemy)."""
    for prefix in _SQLITE_PREFIXES:
        if database_url.startswith(prefix):
            path = database_url[len(prefix) :]
            # Query options, escapes and in-memory databases: SQLAlchemy's URL parsing decides.
            if not path or path == ":memory:" or "?" in path or "%" in path:
                return None
            return path
    return None


def _stamp(value: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite DateTime stores it."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _json(value: Any) -> str:
    """A JSON column's value as SQLAlchemy's JSON type binds it (the default `json.dumps`)."""
    return json.dumps(value)


def _connect(path: str) -> sqlite3.Connection | None:
    """A connection to an existing database file, set up as `make_engine` sets up SQLite."""
    try:
        uri = Path(path).resolve().as_uri() + "?mode=rw"  # never create the file: that is a migration
        connection = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA busy_timeout=10000")
        found = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error:
        connection.close()
        return None
    if found != [HEAD_REVISION]:
        connection.close()
        return None
    return connection


def _writes_queued(database_url: str, outbox_dir: Path) -> bool:
    """Whether some process left writes for this database in an outbox file (see outbox.py)."""
    try:
        return any(outbox_dir.glob(f"{outbox_stem(database_url)}-*"))
    except OSError:
        return True


class SqliteHistory:
    """The two store calls `FlowService.generate` makes, for a SQLite database at head.

    `workspace_settings` and `save_version` (a new flow, without a chat thread) take the same
    arguments and return the same values as `FlowStore`'s; a call outside that (a new version
    of an existing flow, a thread, a check-and-set) or a write SQLite refuses goes to a full
    `FlowStore` built on first need.
    """

    def __init__(
        self, database_url: str, connection: sqlite3.Connection, *, auto_migrate: bool = True
    ) -> None:
        self.database_url = database_url
        self._connection = connection
        self._auto_migrate = auto_migrate
        self._full: FlowStore | None = None
        self._principals: set[tuple[str, str, str]] = set()

    @classmethod
    def open(cls, database_url: str, *, outbox_dir: Path, auto_migrate: bool = True) -> SqliteHistory | None:
        """The writer for `database_url`, or None when the full store must handle it: not a
        SQLite file, not (yet) at the head migration, or writes waiting in an outbox."""
        path = sqlite_file(database_url)
        if path is None or not Path(path).is_file() or _writes_queued(database_url, outbox_dir):
            return None
        connection = _connect(path)
        return cls(database_url, connection, auto_migrate=auto_migrate) if connection is not None else None

    def full_store(self) -> FlowStore:
        if self._full is None:
            # Imported here: the ORM loads only when a write needs more than this writer does.
            from flowgen_core.service.store.repository import FlowStore

            self._full = FlowStore(self.database_url, auto_migrate=self._auto_migrate)
        return self._full

    def close(self) -> None:
        self._connection.close()
        if self._full is not None:
            self._full.dispose()

    def workspace_settings(self, workspace_id: str) -> dict[str, Any]:
        row = self._connection.execute(
            "SELECT settings FROM workspaces WHERE id = ?", (workspace_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return {}
        settings = json.loads(row[0])
        return dict(settings) if isinstance(settings, dict) else {}

    def save_version(
        self,
        *,
        context: RequestContext,
        flow: dict[str, Any],
        report: dict[str, Any],
        brief: str,
        spec: dict[str, Any] | None = None,
        generator: str,
        model: str | None = None,
        tokens: int = 0,
        latency_ms: int = 0,
        flow_id: str | None = None,
        parent_version_id: str | None = None,
        instruction: str | None = None,
        action: str = "generated",
        fallback_reason: str | None = None,
        expected_latest: int | None = None,
        audit_details: dict[str, Any] | None = None,
        stamp_ids: bool = False,
    ) -> SavedVersion:
        """`FlowStore.save_version`: a new flow is written here, anything else by the full store."""
        arguments: dict[str, Any] = {
            "context": context,
            "flow": flow,
            "report": report,
            "brief": brief,
            "spec": spec,
            "generator": generator,
            "model": model,
            "tokens": tokens,
            "latency_ms": latency_ms,
            "flow_id": flow_id,
            "parent_version_id": parent_version_id,
            "instruction": instruction,
            "action": action,
            "fallback_reason": fallback_reason,
            "expected_latest": expected_latest,
            "audit_details": audit_details,
            "stamp_ids": stamp_ids,
        }
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}; expected one of {ACTIONS}")
        if flow_id is not None or expected_latest is not None or (context.channel_id and context.thread_ts):
            return self.full_store().save_version(**arguments)
        new_flow, version_id = new_flow_id(), new_version_id()
        try:
            self._insert_new_flow(new_flow, version_id, arguments)
        except sqlite3.Error as error:
            # Locked past the busy timeout, read-only, full: the full store retries or queues it.
            log.info("direct history write failed (%s); using the store", type(error).__name__)
            return self.full_store().save_version(**arguments)
        return SavedVersion(flow_id=new_flow, version=1, version_id=version_id)

    def _insert_new_flow(self, flow_id: str, version_id: str, arguments: dict[str, Any]) -> None:
        """The statements of `versions.write_version` for a new flow, in one transaction."""
        context: RequestContext = arguments["context"]
        created_at = utc_now()
        tenant = context.tenant
        flow_json = arguments["flow"]
        name = str(flow_json.get("name") or "") if isinstance(flow_json, dict) else ""
        stored_flow = (
            with_version_ids(flow_json, flow_id=flow_id, version=1, version_id=version_id)
            if arguments["stamp_ids"]
            else flow_json
        )
        report = arguments["report"]
        at = _stamp(created_at)
        principal = (context.workspace_id, context.user_id, tenant)
        connection = self._connection
        connection.execute("BEGIN")
        try:
            if principal not in self._principals:
                connection.execute(
                    _INSERT_WORKSPACE, (context.workspace_id, tenant, _json({}), _stamp(utc_now()))
                )
                now = _stamp(utc_now())
                connection.execute(_INSERT_USER, (context.workspace_id, context.user_id, now, now))
            connection.execute(
                _INSERT_FLOW,
                (
                    flow_id,
                    name[:300],
                    arguments["brief"],
                    context.workspace_id,
                    tenant,
                    context.user_id,
                    context.source,
                    None,
                    at,
                    at,
                    1,
                    False,
                ),
            )
            connection.execute(
                _INSERT_VERSION,
                (
                    version_id,
                    flow_id,
                    tenant,
                    1,
                    arguments["brief"],
                    _json(stored_flow),
                    _json(report),
                    _json(arguments["spec"]),
                    bool(report.get("valid", False)),
                    arguments["generator"],
                    arguments["model"],
                    arguments["tokens"],
                    arguments["latency_ms"],
                    arguments["fallback_reason"],
                    arguments["parent_version_id"],
                    arguments["instruction"],
                    arguments["action"],
                    False,
                    context.user_id,
                    at,
                ),
            )
            details = arguments["audit_details"]
            if details is not None:
                connection.execute(
                    _INSERT_AUDIT,
                    (
                        arguments["action"][:32],
                        context.source,
                        context.workspace_id,
                        context.user_id,
                        flow_id,
                        version_id,
                        context.request_id,
                        _json(details),
                        at,
                    ),
                )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        self._principals.add(principal)
