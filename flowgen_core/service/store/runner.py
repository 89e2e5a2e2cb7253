"""The session and outage runner every per-concern repository works through.

A database outage degrades the store instead of failing the request: writes registered as
replayable (versions, audit entries, feedback, thread bindings) go to an outbox and are
replayed in order when the database answers again; other reads return their default.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from flowgen_core.errors import FlowgenError
from flowgen_core.service.store.basics import outbox_stem
from flowgen_core.service.store.db import is_current, make_engine, normalize_database_url, upgrade
from flowgen_core.service.store.group_commit import GroupCommitter
from flowgen_core.service.store.outbox import Outbox, process_outbox

log = logging.getLogger(__name__)

T = TypeVar("T")
Handler = Callable[[Session, dict[str, Any]], None]
_OUTAGE: Any = object()  # what `run` returns for a read the outage prevented
# Payload keys that hold only for the attempt made now, never for a replay from the outbox.
_LIVE_ONLY_KEYS = ("expected_latest", "fresh")


class StoreUnavailable(FlowgenError):
    """The history database cannot be reached and this operation cannot be queued."""

    def __init__(self) -> None:
        super().__init__("The history database is unavailable right now; please try again in a moment.")


# PostgreSQL SQLSTATEs that mean "the server cannot be used right now", not "this query failed":
# connection exceptions (class 08), operator intervention (57P01-57P03: shutdown, crash
# recovery), too many connections, out of memory/disk, lock timeout.
_OUTAGE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300", "53100", "53200", "55P03")
# SQLite's counterparts: the file cannot be opened or written, or another writer holds it.
_SQLITE_OUTAGE_MESSAGES = (
    "unable to open",
    "disk i/o",
    "database is locked",
    "readonly database",
    "disk is full",
)


def is_outage(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached (an outage), not that a statement failed.

    An OperationalError can also be a statement the database refuses (a pattern too complex, a
    row too large): that is the request's problem and must not be reported as an outage.
    """
    if isinstance(error, sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, sa_exc.OperationalError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate is not None:
        return bool(sqlstate.startswith(_OUTAGE_SQLSTATES))
    module = type(error.orig).__module__
    if module.startswith("sqlite3"):
        message = str(error.orig).lower()
        return any(marker in message for marker in _SQLITE_OUTAGE_MESSAGES)
    return True  # a driver error raised before any server answer: the connection itself failed


def default_outbox(database_url: str) -> Outbox:
    """Per database and per process, in the user data dir; adopts files of dead processes."""
    return process_outbox(Path(user_data_dir("flowgen", appauthor=False)), outbox_stem(database_url))


class StoreRunner:
    """Transactions, outage detection, the write outbox and the latest version numbers seen."""

    def __init__(
        self,
        database_url: str,
        *,
        auto_migrate: bool = True,
        outbox_path: Path | None = None,
        retry_after_s: float = 5.0,
        engine: Engine | None = None,
    ) -> None:
        self.database_url = normalize_database_url(database_url)
        self.engine = engine or make_engine(self.database_url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.outbox = Outbox(outbox_path) if outbox_path else default_outbox(self.database_url)
        self.next_attempt_at = 0.0
        self.state_lock = threading.Lock()
        self._needs_migration = auto_migrate
        self._retry_after_s = retry_after_s
        self._flush_lock = threading.Lock()
        self._degraded_since: float | None = None
        self._known_latest: dict[str, int] = {}
        self._handlers: dict[str, Handler] = {}
        self._committer = GroupCommitter(self._transact, is_outage=is_outage)

    def register(self, op: str, handler: Handler) -> None:
        """Name a replayable write: `write_or_queue(op, payload)` and the outbox replay call it."""
        self._handlers[op] = handler

    @property
    def degraded(self) -> bool:
        return self._degraded_since is not None

    def _ensure_migrated(self) -> None:
        if self._needs_migration:
            # Every CLI run opens the store: skip Alembic entirely when already at head.
            if not is_current(self.engine):
                upgrade(self.database_url, engine=self.engine)
            self._needs_migration = False

    def _mark_down(self, error: BaseException) -> None:
        with self.state_lock:
            first = self._degraded_since is None
            if first:
                self._degraded_since = time.monotonic()
            self.next_attempt_at = time.monotonic() + self._retry_after_s
        if first:
            log.warning(
                "database unavailable (%s); writes are queued in %s until it is back",
                type(error).__name__,
                self.outbox.path,
            )

    def _mark_up(self) -> None:
        with self.state_lock:
            was_down = self._degraded_since
            self._degraded_since = None
        if was_down is not None:
            log.warning("database reachable again after %.0fs", time.monotonic() - was_down)

    def run(self, work: Callable[[Session], T], *, default: T, force: bool = False) -> T:
        """Run `work` in a transaction; on an outage return `default` and remember it."""
        if self.degraded and not force and time.monotonic() < self.next_attempt_at:
            return default
        try:
            self._ensure_migrated()
            with self.sessions.begin() as session:
                result = work(session)
        except Exception as error:
            if not is_outage(error):
                raise
            self._mark_down(error)
            return default
        self._mark_up()
        if len(self.outbox):
            self.flush_outbox()
        return result

    def _transact(self, work: Callable[[Session], None]) -> None:
        with self.sessions.begin() as session:
            work(session)

    def _write_now(self, handler: Handler, payload: dict[str, Any]) -> bool:
        """Apply one write in the next group commit; False (and remembered) on an outage."""
        if self.degraded and time.monotonic() < self.next_attempt_at:
            return False
        try:
            self._ensure_migrated()
            self._committer.write(handler, payload)
        except Exception as error:
            if not is_outage(error):
                raise
            self._mark_down(error)
            return False
        self._mark_up()
        return True

    def required(self, work: Callable[[Session], T]) -> T:
        """Work whose answer matters: during an outage it raises StoreUnavailable (a 503 with
        Retry-After). Reads of flows use it because "no such flow" would be a false answer, and
        writes that are not queued (settings, keys, approval) because the caller must know."""
        result: T = self.run(work, default=_OUTAGE)
        if result is _OUTAGE:
            raise StoreUnavailable()
        return result

    def write_or_queue(self, op: str, payload: dict[str, Any]) -> bool:
        """Apply one write now, or queue it. Returns True when it reached the database."""
        handler = self._handlers[op]
        if len(self.outbox):
            self.flush_outbox()
        # Earlier queued writes go first: a refinement must not land before the version it refines.
        if not len(self.outbox) and self._write_now(handler, payload):
            if len(self.outbox):
                self.flush_outbox()
            return True
        # A queued write is replayed in order, after the ones before it: no check-and-set then,
        # and it may have reached the database after all, so it is no longer `fresh`.
        queued = {key: value for key, value in payload.items() if key not in _LIVE_ONLY_KEYS}
        self.outbox.append({"id": uuid.uuid4().hex, "op": op, "payload": queued})
        return False

    def flush_outbox(self) -> int:
        """Replay queued writes in order; stops at the first that still cannot be written."""
        if not len(self.outbox) or (self.degraded and time.monotonic() < self.next_attempt_at):
            return 0
        if not self._flush_lock.acquire(blocking=False):
            return 0  # another thread is already replaying
        try:
            replayed = self._replay()
        finally:
            self._flush_lock.release()
        if replayed:
            self._mark_up()
            log.info("replayed %d queued database writes", replayed)
        return replayed

    def _replay(self) -> int:
        replayed = 0
        for entry in self.outbox.pending():
            handler = self._handlers[entry["op"]]
            try:
                self._ensure_migrated()
                with self.sessions.begin() as session:
                    handler(session, entry["payload"])
            except Exception as error:
                if is_outage(error):
                    self._mark_down(error)
                    break
                # A write the database refuses for good must not block the rest forever.
                log.error("an outbox entry the database rejects was set aside: %s", type(error).__name__)
                self.outbox.reject(entry, f"{type(error).__name__}: {error}")
            else:
                self.outbox.ack(entry["id"])
                if "assigned_version" in entry["payload"]:
                    self.remember_latest(entry["payload"]["flow_id"], entry["payload"]["assigned_version"])
                replayed += 1
        return replayed

    def remember_latest(self, flow_id: str, version: int) -> None:
        with self.state_lock:
            self._known_latest[flow_id] = max(self._known_latest.get(flow_id, 0), version)

    def provisional_version(self, flow_id: str) -> int:
        """The number a queued version will most likely get: one past the latest seen."""
        with self.state_lock:
            provisional = self._known_latest.get(flow_id, 0) + 1
            self._known_latest[flow_id] = provisional
        return provisional

    def ping(self) -> bool:
        return self.run(
            lambda session: session.execute(text("SELECT 1")).scalar() == 1, default=False, force=True
        )

    def dispose(self) -> None:
        self.engine.dispose()
