"""What the store returns, and the row helpers the per-concern repositories share."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from flowgen_core.service.store.basics import ACTIONS, SavedVersion, new_flow_id, new_version_id, utc_now
from flowgen_core.service.store.models import Conversation, Flow, FlowVersion, User, Workspace

__all__ = [
    "ACTIONS",
    "ApiKeyInfo",
    "SavedVersion",
    "StoredVersion",
    "as_utc",
    "conversation_id",
    "ensure_principal",
    "hash_api_key",
    "insert_ignore",
    "new_flow_id",
    "new_version_id",
    "rowcount",
    "stored_query",
    "to_stored",
    "utc_now",
]


class StoredVersion(BaseModel):
    version_id: str
    flow_id: str
    version: int
    name: str
    brief: str
    flow: dict[str, Any]
    report: dict[str, Any]
    spec: dict[str, Any] | None = None  # flowgen_core.spec.FlowSpec as JSON; None before specs were kept
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


def hash_api_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def as_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; everything we store is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def rowcount(result: Any) -> int:
    """Rows a DML statement touched (typed results of `session.execute` do not declare it)."""
    return int(getattr(result, "rowcount", 0) or 0)


def insert_ignore(session: Session, model: type, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect (both spell it the same way)."""
    # Imported here: only the dialect in use is loaded (the PostgreSQL one costs a CLI on SQLite
    # start-up time it would never use).
    insert: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))


def ensure_principal(
    session: Session, workspace_id: str, user_id: str | None = None, *, tenant_id: str | None = None
) -> None:
    insert_ignore(
        session,
        Workspace,
        {"id": workspace_id, "tenant_id": tenant_id or workspace_id, "settings": {}},
        ["id"],
    )
    if user_id:
        insert_ignore(session, User, {"workspace_id": workspace_id, "id": user_id}, ["workspace_id", "id"])


def conversation_id(
    session: Session, workspace_id: str, channel_id: str, thread_ts: str, source: str, tenant_id: str
) -> int | None:
    """The conversation's id (created if new); None when that thread belongs to another tenant."""
    ensure_principal(session, workspace_id, tenant_id=tenant_id)
    insert_ignore(
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


def stored_query() -> Select[FlowVersion, Flow, Conversation]:
    """A version with its flow and (when bound) its conversation: one joined select."""
    return (
        select(FlowVersion, Flow, Conversation)
        .join(Flow, Flow.id == FlowVersion.flow_id)
        .outerjoin(Conversation, Conversation.id == Flow.conversation_id)
    )


def to_stored(row: Any) -> StoredVersion:
    version, flow, conversation = row
    name = version.flow.get("name") if isinstance(version.flow, dict) else None
    return StoredVersion(
        version_id=version.id,
        flow_id=flow.id,
        version=version.version,
        name=str(name or flow.name or ""),
        brief=version.brief,
        flow=version.flow,
        report=version.report or {},
        spec=version.spec,
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
        created_at=as_utc(version.created_at),
        source=flow.source,
    )
