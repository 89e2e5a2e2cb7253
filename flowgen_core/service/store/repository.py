"""FlowStore: the repository the service façade calls.

A database outage degrades the store instead of failing the request: writes of versions,
audit entries, feedback and thread bindings go to an outbox and are replayed when the
database answers again; reads return None or [] meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import statistics
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from pydantic import BaseModel
from sqlalchemy import Engine, delete, exists, func, or_, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from flowgen_core.context import RequestContext
from flowgen_core.errors import FlowgenError, FlowLockedError, NotFoundError, StaleVersionError
from flowgen_core.service.store.db import is_current, make_engine, normalize_database_url, upgrade
from flowgen_core.service.store.models import (
    ApiKey,
    AuditEntry,
    Conversation,
    Feedback,
    Flow,
    FlowVersion,
    IdempotencyKey,
    JobRun,
    Lease,
    User,
    Workspace,
)
from flowgen_core.service.store.outbox import Outbox, process_outbox
from flowgen_core.storable import with_version_ids

log = logging.getLogger(__name__)

T = TypeVar("T")
_OUTAGE: Any = object()
WORKSPACE_SETTINGS_TTL_S = 5.0  # what `_run` returns for a read the outage prevented

ACTIONS = ("generated", "regenerated", "refined", "fixed", "imported")


class StoreUnavailable(FlowgenError):
    """The history database cannot be reached and this operation cannot be queued."""

    def __init__(self) -> None:
        super().__init__("The history database is unavailable right now; please try again in a moment.")


class SavedVersion(BaseModel):
    flow_id: str
    version: int
    version_id: str
    persisted: bool = True  # False: queued in the outbox; `version` is provisional until replayed


class StoredVersion(BaseModel):
    version_id: str
    flow_id: str
    version: int
    name: str
    brief: str
    flow: dict[str, Any]
    report: dict[str, Any]
    valid: bool
    generator: str
    model: str | None = None
    tokens: int = 0
    latency_ms: int = 0
    parent_version_id: str | None = None
    instruction: str | None = None
    action: str = "generated"
    approved: bool = False
    workspace_id: str
    tenant_id: str = ""
    user_id: str  # who made this version
    created_by: str = ""  # who created the flow (its first version)
    locked: bool = False  # the flow is approved and closed to changes until reopened
    channel_id: str | None = None
    thread_ts: str | None = None
    created_at: datetime
    source: str | None = None  # the interface that created the flow: cli, slack, api


class ApiKeyInfo(BaseModel):
    """A verified API key: its name, its tenant and whether it has the cross-tenant read scope."""

    name: str
    tenant_id: str
    cross_tenant_read: bool = False


def new_flow_id() -> str:
    return "flw_" + secrets.token_hex(6)


def new_version_id() -> str:
    return "ver_" + secrets.token_hex(6)


def hash_api_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; everything we store is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


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


def _unavailable(error: BaseException) -> bool:
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
        return sqlstate.startswith(_OUTAGE_SQLSTATES)
    module = type(error.orig).__module__
    if module.startswith("sqlite3"):
        message = str(error.orig).lower()
        return any(marker in message for marker in _SQLITE_OUTAGE_MESSAGES)
    return True  # a driver error raised before any server answer: the connection itself failed


is_outage = _unavailable


def default_outbox(database_url: str) -> Outbox:
    """Per database and per process, in the user data dir; adopts files of dead processes."""
    digest = hashlib.sha256(normalize_database_url(database_url).encode()).hexdigest()[:12]
    return process_outbox(Path(user_data_dir("flowgen", appauthor=False)), f"outbox-{digest}")


class FlowStore:
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
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._needs_migration = auto_migrate
        self._retry_after_s = retry_after_s
        self._state_lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._degraded_since: float | None = None
        self._next_attempt_at = 0.0
        self._known_latest: dict[str, int] = {}
        self._settings_cache: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.outbox = Outbox(outbox_path) if outbox_path else default_outbox(self.database_url)
        self._handlers: dict[str, Callable[[Session, dict[str, Any]], None]] = {
            "save_version": self._apply_save_version,
            "audit": self._apply_audit,
            "feedback": self._apply_feedback,
            "bind_thread": self._apply_bind_thread,
        }
        if auto_migrate:
            self._run(lambda _session: None, default=None)

    # ------------------------------------------------------------------ resilience
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
        with self._state_lock:
            first = self._degraded_since is None
            if first:
                self._degraded_since = time.monotonic()
            self._next_attempt_at = time.monotonic() + self._retry_after_s
        if first:
            log.warning(
                "database unavailable (%s); writes are queued in %s until it is back",
                type(error).__name__,
                self.outbox.path,
            )

    def _mark_up(self) -> None:
        with self._state_lock:
            was_down = self._degraded_since
            self._degraded_since = None
        if was_down is not None:
            log.warning("database reachable again after %.0fs", time.monotonic() - was_down)

    def _run(self, work: Callable[[Session], T], *, default: T, force: bool = False) -> T:
        """Run `work` in a transaction; on an outage return `default` and remember it."""
        if self.degraded and not force and time.monotonic() < self._next_attempt_at:
            return default
        try:
            self._ensure_migrated()
            with self._sessions.begin() as session:
                result = work(session)
        except Exception as error:
            if not _unavailable(error):
                raise
            self._mark_down(error)
            return default
        self._mark_up()
        if len(self.outbox):
            self.flush_outbox()
        return result

    def _read(self, work: Callable[[Session], T]) -> T:
        """A read whose answer matters: during an outage it raises StoreUnavailable (a 503 with
        Retry-After), because "no such flow" would be a false answer."""
        result = self._run(work, default=_OUTAGE)
        if result is _OUTAGE:
            raise StoreUnavailable()
        return result  # type: ignore[return-value]

    def _write_or_queue(self, op: str, payload: dict[str, Any]) -> bool:
        """Apply one write now, or queue it. Returns True when it reached the database."""
        handler = self._handlers[op]
        if len(self.outbox):
            self.flush_outbox()
        # Earlier queued writes go first: a refinement must not land before the version it refines.
        if not len(self.outbox) and self._run(
            lambda session: handler(session, payload) or True, default=False
        ):
            return True
        # A queued write is replayed in order, after the ones before it: no check-and-set then.
        queued = {key: value for key, value in payload.items() if key != "expected_latest"}
        self.outbox.append({"id": uuid.uuid4().hex, "op": op, "payload": queued})
        return False

    def flush_outbox(self) -> int:
        """Replay queued writes in order; stops at the first that still cannot be written."""
        if not len(self.outbox) or (self.degraded and time.monotonic() < self._next_attempt_at):
            return 0
        if not self._flush_lock.acquire(blocking=False):
            return 0  # another thread is already replaying
        replayed = 0
        try:
            for entry in self.outbox.pending():
                handler = self._handlers[entry["op"]]
                try:
                    self._ensure_migrated()
                    with self._sessions.begin() as session:
                        handler(session, entry["payload"])
                except Exception as error:
                    if _unavailable(error):
                        self._mark_down(error)
                        break
                    # A write the database refuses for good must not block the rest forever.
                    log.error("an outbox entry the database rejects was set aside: %s", type(error).__name__)
                    self.outbox.reject(entry, f"{type(error).__name__}: {error}")
                else:
                    self.outbox.ack(entry["id"])
                    if "assigned_version" in entry["payload"]:
                        self._remember_latest(
                            entry["payload"]["flow_id"], entry["payload"]["assigned_version"]
                        )
                    replayed += 1
            if replayed:
                self._mark_up()
                log.info("replayed %d queued database writes", replayed)
        finally:
            self._flush_lock.release()
        return replayed

    def _remember_latest(self, flow_id: str, version: int) -> None:
        with self._state_lock:
            self._known_latest[flow_id] = max(self._known_latest.get(flow_id, 0), version)

    def ping(self) -> bool:
        return self._run(
            lambda session: session.execute(text("SELECT 1")).scalar() == 1, default=False, force=True
        )

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _insert_ignore(session: Session, model: type, values: dict[str, Any], keys: list[str]) -> None:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))

    def _ensure_principal(
        self, session: Session, workspace_id: str, user_id: str | None = None, *, tenant_id: str | None = None
    ) -> None:
        self._insert_ignore(
            session,
            Workspace,
            {"id": workspace_id, "tenant_id": tenant_id or workspace_id, "settings": {}},
            ["id"],
        )
        if user_id:
            self._insert_ignore(
                session, User, {"workspace_id": workspace_id, "id": user_id}, ["workspace_id", "id"]
            )

    def _conversation(
        self,
        session: Session,
        workspace_id: str,
        channel_id: str,
        thread_ts: str,
        source: str,
        tenant_id: str,
    ) -> int | None:
        """The conversation's id; None when that thread belongs to another tenant."""
        self._ensure_principal(session, workspace_id, tenant_id=tenant_id)
        self._insert_ignore(
            session,
            Conversation,
            {
                "workspace_id": workspace_id,
                "tenant_id": tenant_id,
                "channel_id": channel_id,
                "thread_ts": thread_ts,
                "source": source,
            },
            ["workspace_id", "channel_id", "thread_ts"],
        )
        found = session.execute(
            select(Conversation.id, Conversation.tenant_id).where(
                Conversation.workspace_id == workspace_id,
                Conversation.channel_id == channel_id,
                Conversation.thread_ts == thread_ts,
            )
        ).one()
        return found.id if found.tenant_id == tenant_id else None

    @staticmethod
    def _stored_query():  # type: ignore[no-untyped-def]
        return (
            select(FlowVersion, Flow, Conversation)
            .join(Flow, Flow.id == FlowVersion.flow_id)
            .outerjoin(Conversation, Conversation.id == Flow.conversation_id)
        )

    def _to_stored(self, row: Any) -> StoredVersion:
        version, flow, conversation = row
        self._known_latest[flow.id] = max(self._known_latest.get(flow.id, 0), flow.latest_version)
        name = version.flow.get("name") if isinstance(version.flow, dict) else None
        return StoredVersion(
            version_id=version.id,
            flow_id=flow.id,
            version=version.version,
            name=str(name or flow.name or ""),
            brief=version.brief,
            flow=version.flow,
            report=version.report or {},
            valid=version.valid,
            generator=version.generator,
            model=version.model,
            tokens=version.tokens,
            latency_ms=version.latency_ms,
            parent_version_id=version.parent_version_id,
            instruction=version.instruction,
            action=version.action,
            approved=version.approved,
            workspace_id=flow.workspace_id,
            tenant_id=flow.tenant_id,
            user_id=version.user_id,
            created_by=flow.user_id,
            locked=bool(flow.locked),
            channel_id=conversation.channel_id if conversation else None,
            thread_ts=conversation.thread_ts if conversation else None,
            created_at=_utc(version.created_at),
            source=flow.source,
        )

    # ------------------------------------------------------------------ versions
    def save_version(
        self,
        *,
        context: RequestContext,
        flow: dict,
        report: dict,
        brief: str,
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
        """Store a new version (a new flow when `flow_id` is None). Never loses the write.

        With `expected_latest`, the write is an optimistic check-and-set: it commits only if the
        flow's latest version is still that number (checked under the flow row's lock), else it
        raises StaleVersionError and stores nothing. With `audit_details`, the audit entry for
        `action` is written in the same transaction (one commit per generated version). With
        `stamp_ids`, the flow is stored with the version's ids in its `metadata` (stamped in the
        transaction that assigns the number, so a replayed write stamps the number it gets).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}; expected one of {ACTIONS}")
        payload: dict[str, Any] = {
            "version_id": new_version_id(),
            "flow_id": flow_id or new_flow_id(),
            "new_flow": flow_id is None,
            "context": context.model_dump(mode="json"),
            "flow": flow,
            "report": report,
            "brief": brief,
            "generator": generator,
            "model": model,
            "tokens": tokens,
            "latency_ms": latency_ms,
            "parent_version_id": parent_version_id,
            "instruction": instruction,
            "action": action,
            "fallback_reason": fallback_reason,
            "created_at": _now().isoformat(),
        }
        if expected_latest is not None:
            payload["expected_latest"] = expected_latest
        if audit_details is not None:
            payload["audit_details"] = audit_details
        if stamp_ids:
            payload["stamp_ids"] = True
        if self._write_or_queue("save_version", payload):
            self._remember_latest(payload["flow_id"], payload["assigned_version"])
            return SavedVersion(
                flow_id=payload["flow_id"],
                version=payload["assigned_version"],
                version_id=payload["version_id"],
            )
        with self._state_lock:
            provisional = self._known_latest.get(payload["flow_id"], 0) + 1
            self._known_latest[payload["flow_id"]] = provisional
        return SavedVersion(
            flow_id=payload["flow_id"], version=provisional, version_id=payload["version_id"], persisted=False
        )

    def _apply_save_version(self, session: Session, payload: dict[str, Any]) -> None:
        existing = session.get(FlowVersion, payload["version_id"])
        if existing is not None:  # replayed twice (crash between commit and ack)
            payload["assigned_version"] = existing.version
            return
        context = RequestContext.model_validate(payload["context"])
        created_at = datetime.fromisoformat(payload["created_at"])
        self._ensure_principal(session, context.workspace_id, context.user_id, tenant_id=context.tenant)
        flow_row = session.execute(
            select(Flow).where(Flow.id == payload["flow_id"]).with_for_update()
        ).scalar_one_or_none()
        # The service checks tenancy and the lock first; this is the last line should it not.
        if flow_row is not None and not context.may_change(flow_row.tenant_id):
            raise NotFoundError(f"No flow {payload['flow_id']!r}.")
        if flow_row is not None and flow_row.locked:
            raise FlowLockedError("This flow is approved and locked; reopen it before changing it.")
        expected = payload.get("expected_latest")
        if flow_row is not None and expected is not None and flow_row.latest_version != expected:
            raise StaleVersionError(
                f"The flow is at version {flow_row.latest_version}, not {expected}: it changed meanwhile.",
                flow_row.latest_version,
            )
        flow_json = payload["flow"]
        name = str(flow_json.get("name") or "") if isinstance(flow_json, dict) else ""
        if flow_row is None:
            conversation_id = None
            if context.channel_id and context.thread_ts:
                conversation_id = self._conversation(
                    session,
                    context.workspace_id,
                    context.channel_id,
                    context.thread_ts,
                    context.source,
                    context.tenant,
                )
            flow_row = Flow(
                id=payload["flow_id"],
                name=name[:300],
                brief=payload["brief"],
                workspace_id=context.workspace_id,
                tenant_id=context.tenant,
                user_id=context.user_id,
                source=context.source,
                conversation_id=conversation_id,
                created_at=created_at,
                updated_at=created_at,
                latest_version=0,
            )
            session.add(flow_row)
        version_number = flow_row.latest_version + 1
        if payload.get("stamp_ids"):
            flow_json = with_version_ids(
                flow_json,
                flow_id=payload["flow_id"],
                version=version_number,
                version_id=payload["version_id"],
            )
        flow_row.latest_version = version_number
        flow_row.updated_at = max(_utc(flow_row.updated_at), created_at)
        if name:
            flow_row.name = name[:300]
        if payload["brief"]:
            flow_row.brief = payload["brief"]
        session.add(
            FlowVersion(
                id=payload["version_id"],
                flow_id=payload["flow_id"],
                tenant_id=flow_row.tenant_id,
                version=version_number,
                brief=payload["brief"],
                flow=flow_json,
                report=payload["report"],
                valid=bool(payload["report"].get("valid", False)),
                generator=payload["generator"],
                model=payload["model"],
                tokens=payload["tokens"],
                latency_ms=payload["latency_ms"],
                fallback_reason=payload.get("fallback_reason"),
                parent_version_id=payload["parent_version_id"],
                instruction=payload["instruction"],
                action=payload["action"],
                user_id=context.user_id,
                created_at=created_at,
            )
        )
        if "audit_details" in payload:
            self._apply_audit(
                session,
                {
                    "action": payload["action"],
                    "context": payload["context"],
                    "flow_id": payload["flow_id"],
                    "version_id": payload["version_id"],
                    "details": payload["audit_details"],
                    "at": payload["created_at"],
                },
            )
        session.flush()
        # Reported (and remembered in `_known_latest`) only once the transaction has committed.
        payload["assigned_version"] = version_number

    def get_version(self, version_id: str) -> StoredVersion | None:
        """The version, or None when there is none; StoreUnavailable during an outage."""

        def work(session: Session) -> StoredVersion | None:
            row = session.execute(self._stored_query().where(FlowVersion.id == version_id)).first()
            return self._to_stored(row) if row else None

        return self._read(work)

    def get_flow_version(self, flow_id: str, version: int | None = None) -> StoredVersion | None:
        def work(session: Session) -> StoredVersion | None:
            query = self._stored_query().where(FlowVersion.flow_id == flow_id)
            query = query.where(
                FlowVersion.version == version
                if version is not None
                else FlowVersion.version == Flow.latest_version
            )
            row = session.execute(query).first()
            return self._to_stored(row) if row else None

        return self._read(work)

    def list_versions(self, flow_id: str) -> list[StoredVersion]:
        def work(session: Session) -> list[StoredVersion]:
            rows = session.execute(
                self._stored_query().where(FlowVersion.flow_id == flow_id).order_by(FlowVersion.version)
            ).all()
            return [self._to_stored(row) for row in rows]

        return self._read(work)

    def history(
        self,
        *,
        workspace_id: str | None = None,
        user_id: str | None = None,
        query: str | None = None,
        limit: int = 20,
        tenant_id: str | None = None,
    ) -> list[StoredVersion]:
        """The latest version of each flow, most recently updated first."""

        def work(session: Session) -> list[StoredVersion]:
            statement = self._stored_query().where(FlowVersion.version == Flow.latest_version)
            if tenant_id is not None:
                statement = statement.where(Flow.tenant_id == tenant_id)
            if workspace_id is not None:
                statement = statement.where(Flow.workspace_id == workspace_id)
            if user_id is not None:
                statement = statement.where(Flow.user_id == user_id)
            if query and query.strip():
                escaped = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                pattern = f"%{escaped}%"
                statement = statement.where(
                    or_(Flow.name.ilike(pattern, escape="\\"), Flow.brief.ilike(pattern, escape="\\"))
                )
            statement = statement.order_by(Flow.updated_at.desc(), Flow.id.desc()).limit(max(1, limit))
            return [self._to_stored(row) for row in session.execute(statement).all()]

        return self._run(work, default=[])

    # ------------------------------------------------------------------ threads
    def bind_thread(
        self,
        flow_id: str,
        *,
        workspace_id: str,
        channel_id: str,
        thread_ts: str,
        tenant_id: str | None = None,
    ) -> None:
        """Attach a flow to a thread. Only a flow of the thread's own tenant is ever bound."""
        payload = {
            "flow_id": flow_id,
            "tenant_id": tenant_id or workspace_id,
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "thread_ts": thread_ts,
        }
        self._write_or_queue("bind_thread", payload)

    def _apply_bind_thread(self, session: Session, payload: dict[str, Any]) -> None:
        tenant_id = payload.get("tenant_id") or payload["workspace_id"]
        conversation_id = self._conversation(
            session, payload["workspace_id"], payload["channel_id"], payload["thread_ts"], "slack", tenant_id
        )
        if conversation_id is None:
            log.warning("thread binding across tenants refused", extra={"flow_id": payload["flow_id"]})
            return
        session.execute(
            update(Flow)
            .where(Flow.id == payload["flow_id"], Flow.tenant_id == tenant_id)
            .values(conversation_id=conversation_id, updated_at=func.coalesce(Flow.updated_at, _now()))
        )

    def latest_for_thread(
        self, *, workspace_id: str, channel_id: str, thread_ts: str, tenant_id: str | None = None
    ) -> StoredVersion | None:
        def work(session: Session) -> StoredVersion | None:
            row = session.execute(
                self._stored_query()
                .where(
                    Flow.tenant_id == (tenant_id or workspace_id),
                    Conversation.workspace_id == workspace_id,
                    Conversation.channel_id == channel_id,
                    Conversation.thread_ts == thread_ts,
                    FlowVersion.version == Flow.latest_version,
                )
                .order_by(Flow.updated_at.desc())
                .limit(1)
            ).first()
            return self._to_stored(row) if row else None

        return self._run(work, default=None)

    # ------------------------------------------------------------------ approval, feedback, audit
    def set_approved(self, version_id: str, *, user_id: str) -> StoredVersion | None:
        """Approve the version and lock its flow."""

        def work(session: Session) -> bool:
            version = session.get(FlowVersion, version_id)
            if version is None:
                return False
            version.approved, version.approved_by, version.approved_at = True, user_id, _now()
            session.execute(update(Flow).where(Flow.id == version.flow_id).values(locked=True))
            return True

        marker = object()
        updated = self._run(work, default=marker)  # type: ignore[arg-type]
        if updated is marker:
            raise StoreUnavailable()
        return self.get_version(version_id) if updated else None

    def set_locked(self, flow_id: str, locked: bool) -> bool:
        def work(session: Session) -> bool:
            return session.execute(update(Flow).where(Flow.id == flow_id).values(locked=locked)).rowcount > 0

        marker = object()
        updated = self._run(work, default=marker)  # type: ignore[arg-type]
        if updated is marker:
            raise StoreUnavailable()
        return bool(updated)

    def add_feedback(self, version_id: str, *, user_id: str, rating: int, comment: str | None = None) -> None:
        if rating not in (1, -1):
            raise ValueError("rating must be +1 or -1")
        payload = {
            "version_id": version_id,
            "user_id": user_id,
            "rating": rating,
            "comment": comment,
            "at": _now().isoformat(),
        }
        self._write_or_queue("feedback", payload)

    def _apply_feedback(self, session: Session, payload: dict[str, Any]) -> None:
        if session.get(FlowVersion, payload["version_id"]) is None:
            log.info("feedback for an unknown version %s ignored", payload["version_id"])
            return
        session.add(
            Feedback(
                version_id=payload["version_id"],
                user_id=payload["user_id"],
                rating=payload["rating"],
                comment=payload["comment"],
                created_at=datetime.fromisoformat(payload["at"]),
            )
        )

    def audit(
        self,
        action: str,
        *,
        context: RequestContext,
        flow_id: str | None = None,
        version_id: str | None = None,
        details: dict | None = None,
    ) -> None:
        payload = {
            "action": action,
            "context": context.model_dump(mode="json"),
            "flow_id": flow_id,
            "version_id": version_id,
            "details": details or {},
            "at": _now().isoformat(),
        }
        self._write_or_queue("audit", payload)

    def _apply_audit(self, session: Session, payload: dict[str, Any]) -> None:
        context = payload["context"]
        session.add(
            AuditEntry(
                action=payload["action"][:32],
                source=context["source"],
                workspace_id=context["workspace_id"],
                user_id=context["user_id"],
                flow_id=payload["flow_id"],
                version_id=payload["version_id"],
                request_id=context.get("request_id"),
                details=payload["details"],
                at=datetime.fromisoformat(payload["at"]),
            )
        )

    def audit_entries(self, *, flow_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        def work(session: Session) -> list[dict[str, Any]]:
            statement = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            if flow_id:
                statement = statement.where(AuditEntry.flow_id == flow_id)
            return [
                {
                    "action": entry.action,
                    "source": entry.source,
                    "workspace_id": entry.workspace_id,
                    "user_id": entry.user_id,
                    "flow_id": entry.flow_id,
                    "version_id": entry.version_id,
                    "request_id": entry.request_id,
                    "details": entry.details,
                    "at": _utc(entry.at),
                }
                for entry in session.scalars(statement)
            ]

        return self._run(work, default=[])

    # ------------------------------------------------------------------ workspaces
    def workspace_settings(self, workspace_id: str) -> dict:
        """A workspace's settings, read through a short per-process cache (every generation asks).

        A change made in this process is seen at once; one made by another process within
        WORKSPACE_SETTINGS_TTL_S.
        """
        now = time.monotonic()
        with self._state_lock:
            cached = self._settings_cache.get(workspace_id)
            if cached is not None and cached[0] > now:
                return dict(cached[1])

        def work(session: Session) -> dict | None:
            workspace = session.get(Workspace, workspace_id)
            return dict(workspace.settings or {}) if workspace else {}

        found = self._run(work, default=None)
        if found is None:  # outage: answer the defaults, cache nothing
            return {}
        self._cache_settings(workspace_id, found)
        return dict(found)

    def _cache_settings(self, workspace_id: str, values: dict) -> None:
        with self._state_lock:
            self._settings_cache[workspace_id] = (time.monotonic() + WORKSPACE_SETTINGS_TTL_S, dict(values))
            self._settings_cache.move_to_end(workspace_id)
            while len(self._settings_cache) > 1_000:
                self._settings_cache.popitem(last=False)

    def update_workspace_settings(self, workspace_id: str, **values: Any) -> dict:
        """Merge `values` into the workspace's settings; a None value removes the key."""

        def work(session: Session) -> dict:
            self._ensure_principal(session, workspace_id)
            workspace = session.execute(
                select(Workspace).where(Workspace.id == workspace_id).with_for_update()
            ).scalar_one()
            merged = dict(workspace.settings or {})
            for key, value in values.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            workspace.settings = merged
            return merged

        marker: dict = {"__unavailable__": True}
        result = self._run(work, default=marker)
        if result is marker:
            raise StoreUnavailable()
        self._cache_settings(workspace_id, result)
        return result

    # ------------------------------------------------------------------ api keys
    def create_api_key(
        self, name: str, *, tenant: str | None = None, cross_tenant_read: bool | None = None
    ) -> str:
        """Create (or rotate) the key called `name` for `tenant` (default: a tenant named after the key).

        Rotating an existing key keeps its tenant and scope unless they are given: a rotation
        must never move a client's key away from its own flows. The plaintext is returned once
        and never stored.
        """
        plaintext = "fgk_" + secrets.token_urlsafe(32)

        def work(session: Session) -> bool:
            key = session.execute(select(ApiKey).where(ApiKey.name == name)).scalar_one_or_none()
            if key is None:
                session.add(
                    ApiKey(
                        name=name,
                        key_hash=hash_api_key(plaintext),
                        tenant_id=tenant or name,
                        cross_tenant_read=bool(cross_tenant_read),
                    )
                )
            else:
                key.key_hash, key.revoked_at, key.created_at = hash_api_key(plaintext), None, _now()
                if tenant is not None:
                    key.tenant_id = tenant
                if cross_tenant_read is not None:
                    key.cross_tenant_read = cross_tenant_read
            return True

        if not self._run(work, default=False):
            raise StoreUnavailable()
        return plaintext

    def revoke_api_key(self, name: str) -> bool:
        def work(session: Session) -> bool:
            result = session.execute(
                update(ApiKey)
                .where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            return result.rowcount > 0

        return self._run(work, default=False)

    def check_api_key(self, plaintext: str) -> str | None:
        try:
            found = self.verify_api_key(plaintext)
        except StoreUnavailable:
            return None
        return found.name if found else None

    def verify_api_key(self, plaintext: str) -> ApiKeyInfo | None:
        """The live key with this plaintext, None when unknown or revoked.

        Raises StoreUnavailable during an outage, so a caller can tell "unknown" from "can't tell".
        """
        if not plaintext:
            return None

        def work(session: Session) -> ApiKeyInfo | None:
            key = session.execute(
                select(ApiKey).where(ApiKey.key_hash == hash_api_key(plaintext), ApiKey.revoked_at.is_(None))
            ).scalar_one_or_none()
            if key is None:
                return None
            key.last_used_at = _now()
            return ApiKeyInfo(name=key.name, tenant_id=key.tenant_id, cross_tenant_read=key.cross_tenant_read)

        marker = ApiKeyInfo(name="", tenant_id="")
        found = self._run(work, default=marker)
        if found is marker:
            raise StoreUnavailable()
        return found

    def list_api_keys(self) -> list[dict[str, Any]]:
        def work(session: Session) -> list[dict[str, Any]]:
            return [
                {
                    "name": key.name,
                    "tenant": key.tenant_id,
                    "cross_tenant_read": key.cross_tenant_read,
                    "created_at": _utc(key.created_at),
                    "revoked_at": _utc(key.revoked_at) if key.revoked_at else None,
                    "last_used_at": _utc(key.last_used_at) if key.last_used_at else None,
                }
                for key in session.scalars(select(ApiKey).order_by(ApiKey.name))
            ]

        return self._run(work, default=[])

    # ------------------------------------------------------------------ retention and reporting
    def purge_older_than(self, days: int) -> int:
        """Delete flows untouched for `days` that have no approved version; returns versions deleted."""
        cutoff = _now() - timedelta(days=days)

        def work(session: Session) -> int:
            has_approved = exists().where(FlowVersion.flow_id == Flow.id, FlowVersion.approved.is_(True))
            stale = select(Flow.id).where(Flow.updated_at < cutoff, ~has_approved)
            flow_ids = list(session.scalars(stale))
            if not flow_ids:
                return 0
            version_ids = select(FlowVersion.id).where(FlowVersion.flow_id.in_(flow_ids))
            session.execute(delete(Feedback).where(Feedback.version_id.in_(version_ids)))
            deleted = session.execute(delete(FlowVersion).where(FlowVersion.flow_id.in_(flow_ids))).rowcount
            session.execute(delete(Flow).where(Flow.id.in_(flow_ids)))
            return int(deleted or 0)

        return self._run(work, default=0)

    def usage_digest(self, since: datetime) -> dict:
        since = _utc(since)

        def work(session: Session) -> dict:
            flows_generated = session.scalar(
                select(func.count()).select_from(Flow).where(Flow.created_at >= since)
            )
            versions = session.execute(
                select(
                    FlowVersion.latency_ms, FlowVersion.fallback_reason, FlowVersion.valid, FlowVersion.action
                ).where(FlowVersion.created_at >= since)
            ).all()
            approved_flows = session.scalar(
                select(func.count(func.distinct(FlowVersion.flow_id)))
                .join(Flow, Flow.id == FlowVersion.flow_id)
                .where(Flow.created_at >= since, FlowVersion.approved.is_(True))
            )
            ratings = dict(
                session.execute(
                    select(Feedback.rating, func.count())
                    .where(Feedback.created_at >= since)
                    .group_by(Feedback.rating)
                ).all()
            )
            by_action: dict[str, int] = {}
            for row in versions:
                by_action[row.action] = by_action.get(row.action, 0) + 1
            total = len(versions)
            return {
                "since": since.isoformat(),
                "flows_generated": int(flows_generated or 0),
                "versions": total,
                "versions_by_action": by_action,
                "feedback_up": int(ratings.get(1, 0)),
                "feedback_down": int(ratings.get(-1, 0)),
                "approval_rate": round((approved_flows or 0) / flows_generated, 3)
                if flows_generated
                else None,
                "fallback_rate": round(sum(1 for r in versions if r.fallback_reason) / total, 3)
                if total
                else None,
                "valid_rate": round(sum(1 for r in versions if r.valid) / total, 3) if total else None,
                "median_latency_ms": statistics.median(r.latency_ms for r in versions) if total else None,
            }

        return self._run(work, default={"since": since.isoformat(), "unavailable": True})

    # ------------------------------------------------------------------ coordination fallback (no Redis)
    def acquire_lease(self, key: str, holder: str, ttl_s: float) -> bool:
        """Take the named lease unless someone else holds an unexpired one."""
        now = _now()

        def work(session: Session) -> bool:
            session.execute(delete(Lease).where(Lease.key == key, Lease.expires_at < now))
            self._insert_ignore(
                session,
                Lease,
                {"key": key, "holder": holder, "expires_at": now + timedelta(seconds=ttl_s)},
                ["key"],
            )
            return session.scalar(select(Lease.holder).where(Lease.key == key)) == holder

        return self._run(work, default=False)

    def release_lease(self, key: str, holder: str) -> None:
        self._run(
            lambda session: session.execute(delete(Lease).where(Lease.key == key, Lease.holder == holder)),
            default=None,
        )

    def claim_key(self, key: str, ttl_s: float) -> bool:
        """Idempotency in the database: True the first time `key` is claimed while unexpired."""
        now = _now()

        def work(session: Session) -> bool:
            session.execute(
                delete(IdempotencyKey).where(IdempotencyKey.key == key, IdempotencyKey.expires_at < now)
            )
            result = session.execute(
                select(IdempotencyKey.key).where(IdempotencyKey.key == key)
            ).scalar_one_or_none()
            if result is not None:
                return False
            self._insert_ignore(
                session,
                IdempotencyKey,
                {"key": key, "created_at": now, "expires_at": now + timedelta(seconds=ttl_s)},
                ["key"],
            )
            return True

        try:
            return self._run(work, default=False)
        except sa_exc.IntegrityError:
            return False

    def expire_coordination_rows(self) -> int:
        now = _now()

        def work(session: Session) -> int:
            leases = session.execute(delete(Lease).where(Lease.expires_at < now)).rowcount or 0
            keys = (
                session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at < now)).rowcount or 0
            )
            return int(leases + keys)

        return self._run(work, default=0)

    def start_job_run(self, job: str, holder: str) -> int | None:
        def work(session: Session) -> int:
            run = JobRun(job=job, holder=holder)
            session.add(run)
            session.flush()
            return run.id

        return self._run(work, default=None)

    def finish_job_run(self, run_id: int | None, *, status: str, result: dict[str, Any]) -> None:
        if run_id is None:
            return
        self._run(
            lambda session: session.execute(
                update(JobRun)
                .where(JobRun.id == run_id)
                .values(status=status, finished_at=_now(), result=result)
            ),
            default=None,
        )

    def job_runs(self, job: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        def work(session: Session) -> list[dict[str, Any]]:
            statement = select(JobRun).order_by(JobRun.id.desc()).limit(limit)
            if job:
                statement = statement.where(JobRun.job == job)
            return [
                {"job": r.job, "holder": r.holder, "status": r.status, "result": r.result}
                for r in session.scalars(statement)
            ]

        return self._run(work, default=[])
