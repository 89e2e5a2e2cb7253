"""Flows and their versions: the one write every generation makes, and the reads of history."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from flowgen_core.context import RequestContext
from flowgen_core.errors import FlowLockedError, NotFoundError, StaleVersionError
from flowgen_core.service.store.audit import write_audit_entry
from flowgen_core.service.store.models import Base, Flow, FlowVersion
from flowgen_core.service.store.prepared import PreparedInsert
from flowgen_core.service.store.records import (
    ACTIONS,
    SavedVersion,
    StoredVersion,
    as_utc,
    conversation_id,
    ensure_principal,
    new_flow_id,
    new_version_id,
    rowcount,
    stored_query,
    to_stored,
    utc_now,
)
from flowgen_core.service.store.runner import StoreRunner
from flowgen_core.storable import with_version_ids

# Compiled once per dialect and run as driver SQL (see `_insert_flow` and store/prepared.py).
INSERT_FLOW = PreparedInsert(Base.metadata.tables[Flow.__tablename__])
INSERT_VERSION = PreparedInsert(Base.metadata.tables[FlowVersion.__tablename__])


def _check_writable(flow_row: Flow, context: RequestContext, payload: dict[str, Any]) -> None:
    # The service checks tenancy and the lock first; this is the last line should it not.
    if not context.may_change(flow_row.tenant_id):
        raise NotFoundError(f"No flow {payload['flow_id']!r}.")
    if flow_row.locked:
        raise FlowLockedError("This flow is approved and locked; reopen it before changing it.")
    expected = payload.get("expected_latest")
    if expected is not None and flow_row.latest_version != expected:
        raise StaleVersionError(
            f"The flow is at version {flow_row.latest_version}, not {expected}: it changed meanwhile.",
            flow_row.latest_version,
        )


def _insert_flow(
    session: Session, context: RequestContext, payload: dict[str, Any], name: str, created_at: datetime
) -> str:
    """Insert the flow row at version 1; returns its tenant."""
    thread = None
    if context.channel_id and context.thread_ts:
        thread = conversation_id(
            session,
            context.workspace_id,
            context.channel_id,
            context.thread_ts,
            context.source,
            context.tenant,
        )
    row = {
        "id": payload["flow_id"],
        "name": name[:300],
        "brief": payload["brief"],
        "workspace_id": context.workspace_id,
        "tenant_id": context.tenant,
        "user_id": context.user_id,
        "source": context.source,
        "conversation_id": thread,
        "created_at": created_at,
        "updated_at": created_at,
        "latest_version": 1,
        "locked": False,
    }
    # Prepared INSERTs, not ORM objects: the rows are written once and never read back in this
    # transaction, and the unit of work was most of a cached generation's CPU time.
    INSERT_FLOW.execute(session.connection(), row)
    return context.tenant


def _advance_flow(flow_row: Flow, payload: dict[str, Any], name: str, created_at: datetime) -> int:
    """Move an existing (locked) flow row to its next version number; returns that number."""
    number = flow_row.latest_version + 1
    flow_row.latest_version = number
    flow_row.updated_at = max(as_utc(flow_row.updated_at), created_at)
    if name:
        flow_row.name = name[:300]
    if payload["brief"]:
        flow_row.brief = payload["brief"]
    return number


def _version_values(
    payload: dict[str, Any], tenant: str, number: int, created_at: datetime
) -> dict[str, Any]:
    return {
        "id": payload["version_id"],
        "flow_id": payload["flow_id"],
        "tenant_id": tenant,
        "version": number,
        "brief": payload["brief"],
        # Stamped here, where the number is assigned, so a write replayed from the outbox
        # stamps the number it actually gets.
        "flow": (
            with_version_ids(
                payload["flow"], flow_id=payload["flow_id"], version=number, version_id=payload["version_id"]
            )
            if payload.get("stamp_ids")
            else payload["flow"]
        ),
        "report": payload["report"],
        "spec": payload.get("spec"),
        "valid": bool(payload["report"].get("valid", False)),
        "generator": payload["generator"],
        "model": payload["model"],
        "tokens": payload["tokens"],
        "latency_ms": payload["latency_ms"],
        "fallback_reason": payload.get("fallback_reason"),
        "parent_version_id": payload["parent_version_id"],
        "instruction": payload["instruction"],
        "action": payload["action"],
        "approved": False,
        "user_id": payload["context"]["user_id"],
        "created_at": created_at,
    }


def principal_key(payload: dict[str, Any]) -> tuple[str, str, str]:
    context = payload["context"]
    return (context["workspace_id"], context["user_id"], context.get("tenant_id") or context["workspace_id"])


def _locked_flow_row(session: Session, flow_id: str) -> Flow | None:
    """The flow row, locked until commit so two writers cannot both read the same latest version."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite ignores FOR UPDATE and a read takes no write lock: a no-op write takes the
        # database's single write lock first, so a concurrent writer waits here, not at commit.
        session.execute(update(Flow).where(Flow.id == flow_id).values(latest_version=Flow.latest_version))
    return session.execute(select(Flow).where(Flow.id == flow_id).with_for_update()).scalar_one_or_none()


def write_version(session: Session, payload: dict[str, Any], *, principal_known: bool = False) -> None:
    """Insert the version (and its flow when new) under the flow row's lock; idempotent on replay.

    `principal_known`: this process has already committed a version for the payload's
    workspace and user, so their rows exist (they are never deleted) and need no upsert.
    A payload marked `fresh` (its version id was drawn for this very call, not replayed from
    the outbox) cannot already be stored, so the replay check is skipped.
    """
    if not payload.get("fresh"):
        existing = session.get(FlowVersion, payload["version_id"])
        if existing is not None:  # replayed twice (crash between commit and ack)
            payload["assigned_version"] = existing.version
            return
    context = RequestContext.model_validate(payload["context"])
    created_at = datetime.fromisoformat(payload["created_at"])
    if not principal_known:
        ensure_principal(session, context.workspace_id, context.user_id, tenant_id=context.tenant)
    flow_json = payload["flow"]
    name = str(flow_json.get("name") or "") if isinstance(flow_json, dict) else ""
    # A new flow's id was drawn for this write, and its row is only ever inserted together with
    # its first version (checked just above on replay), so there is no row to read or lock.
    flow_row = None if payload.get("new_flow") else _locked_flow_row(session, payload["flow_id"])
    if flow_row is None:
        tenant, number = _insert_flow(session, context, payload, name, created_at), 1
    else:
        _check_writable(flow_row, context, payload)
        tenant, number = flow_row.tenant_id, _advance_flow(flow_row, payload, name, created_at)
        session.flush()  # the flow row's UPDATE, before the version that refers to it
    INSERT_VERSION.execute(session.connection(), _version_values(payload, tenant, number, created_at))
    if "audit_details" in payload:
        write_audit_entry(
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
    # Reported (and remembered as the flow's latest) only once the transaction has committed.
    payload["assigned_version"] = number


def _history_filter(query: str) -> Any:
    escaped = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(Flow.name.ilike(pattern, escape="\\"), Flow.brief.ilike(pattern, escape="\\"))


class VersionRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner
        # (workspace, user, tenant) whose rows a committed write of this process has created:
        # every generation would otherwise upsert the same two rows again.
        self._principals: set[tuple[str, str, str]] = set()
        self._principals_lock = threading.Lock()
        runner.register("save_version", self._write)

    def _write(self, session: Session, payload: dict[str, Any]) -> None:
        write_version(session, payload, principal_known=principal_key(payload) in self._principals)

    def _stored(self, row: Any) -> StoredVersion:
        self._runner.remember_latest(row[1].id, row[1].latest_version)
        return to_stored(row)

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
            "spec": spec,
            "generator": generator,
            "model": model,
            "tokens": tokens,
            "latency_ms": latency_ms,
            "parent_version_id": parent_version_id,
            "instruction": instruction,
            "action": action,
            "fallback_reason": fallback_reason,
            "created_at": utc_now().isoformat(),
            "fresh": True,
        }
        if expected_latest is not None:
            payload["expected_latest"] = expected_latest
        if audit_details is not None:
            payload["audit_details"] = audit_details
        if stamp_ids:
            payload["stamp_ids"] = True
        if self._runner.write_or_queue("save_version", payload):
            self._runner.remember_latest(payload["flow_id"], payload["assigned_version"])
            with self._principals_lock:
                if len(self._principals) > 10_000:  # bounded: a miss only costs the upsert again
                    self._principals.clear()
                self._principals.add(principal_key(payload))
            return SavedVersion(
                flow_id=payload["flow_id"],
                version=payload["assigned_version"],
                version_id=payload["version_id"],
            )
        provisional = self._runner.provisional_version(payload["flow_id"])
        return SavedVersion(
            flow_id=payload["flow_id"], version=provisional, version_id=payload["version_id"], persisted=False
        )

    def get_version(self, version_id: str) -> StoredVersion | None:
        """The version, or None when there is none; StoreUnavailable during an outage."""

        def work(session: Session) -> StoredVersion | None:
            row = session.execute(stored_query().where(FlowVersion.id == version_id)).first()
            return self._stored(row) if row else None

        return self._runner.required(work)

    def get_flow_version(self, flow_id: str, version: int | None = None) -> StoredVersion | None:
        def work(session: Session) -> StoredVersion | None:
            query = stored_query().where(FlowVersion.flow_id == flow_id)
            query = query.where(
                FlowVersion.version == version
                if version is not None
                else FlowVersion.version == Flow.latest_version
            )
            row = session.execute(query).first()
            return self._stored(row) if row else None

        return self._runner.required(work)

    def list_versions(self, flow_id: str) -> list[StoredVersion]:
        def work(session: Session) -> list[StoredVersion]:
            rows = session.execute(
                stored_query().where(FlowVersion.flow_id == flow_id).order_by(FlowVersion.version)
            ).all()
            return [self._stored(row) for row in rows]

        return self._runner.required(work)

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
            statement = stored_query().where(FlowVersion.version == Flow.latest_version)
            if tenant_id is not None:
                statement = statement.where(Flow.tenant_id == tenant_id)
            if workspace_id is not None:
                statement = statement.where(Flow.workspace_id == workspace_id)
            if user_id is not None:
                statement = statement.where(Flow.user_id == user_id)
            if query and query.strip():
                statement = statement.where(_history_filter(query))
            statement = statement.order_by(Flow.updated_at.desc(), Flow.id.desc()).limit(max(1, limit))
            return [self._stored(row) for row in session.execute(statement).all()]

        return self._runner.run(work, default=[])

    def set_approved(self, version_id: str, *, user_id: str) -> StoredVersion | None:
        """Approve the version and lock its flow."""

        def work(session: Session) -> bool:
            version = session.get(FlowVersion, version_id)
            if version is None:
                return False
            version.approved, version.approved_by, version.approved_at = True, user_id, utc_now()
            session.execute(update(Flow).where(Flow.id == version.flow_id).values(locked=True))
            return True

        return self.get_version(version_id) if self._runner.required(work) else None

    def set_locked(self, flow_id: str, locked: bool) -> bool:
        def work(session: Session) -> bool:
            return rowcount(session.execute(update(Flow).where(Flow.id == flow_id).values(locked=locked))) > 0

        return self._runner.required(work)
