"""The relational schema: typed SQLAlchemy 2.x models shared by SQLite and PostgreSQL.

Every change to these models needs an Alembic revision in `migrations/versions`; a test
compares the migrated schema with this metadata on both backends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine


class PortableJSON(TypeDecorator[Any]):
    """Plain JSON on SQLite, JSONB (indexable, compact) on PostgreSQL.

    Chosen per dialect when a connection is made, instead of `JSON().with_variant(JSONB())`,
    because naming JSONB at import loads the whole PostgreSQL dialect and its asyncio driver
    (about a fifth of SQLAlchemy's import time) in every process, SQLite CLI runs included.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            # Imported here: only a PostgreSQL connection needs the PostgreSQL dialect.
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


JSONType = PortableJSON()

# Deterministic constraint names so migrations can alter them on any backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSONType,
        datetime: DateTime(timezone=True),
    }


class Workspace(Base):
    """A Slack team or an API client; `settings` holds default model, digest channel, brand name."""

    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """A Slack thread (or any channel + thread pair) that a flow is discussed in."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("workspace_id", "channel_id", "thread_ts", name="uq_conversations_thread"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"))
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    channel_id: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="slack")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flow(Base):
    __tablename__ = "flows"
    __table_args__ = (
        Index("ix_flows_workspace_updated", "workspace_id", "updated_at"),
        Index("ix_flows_tenant_updated", "tenant_id", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    brief: Mapped[str] = mapped_column(Text, default="")
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"))
    tenant_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="cli")
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    latest_version: Mapped[int] = mapped_column(Integer, default=0)
    # Set by an approval, cleared by an explicit reopen: a locked flow gets no new versions.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class FlowVersion(Base):
    __tablename__ = "flow_versions"
    __table_args__ = (
        UniqueConstraint("flow_id", "version", name="uq_flow_versions_flow_version"),
        Index("ix_flow_versions_created_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("flows.id", ondelete="CASCADE"))
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    brief: Mapped[str] = mapped_column(Text, default="")
    flow: Mapped[dict[str, Any]] = mapped_column()
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The flow's spec (flowgen_core.spec.FlowSpec as JSON); None on versions stored before it.
    spec: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    valid: Mapped[bool] = mapped_column(Boolean, default=False)
    generator: Mapped[str] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(100))
    tokens: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    fallback_reason: Mapped[str | None] = mapped_column(Text)
    # Not a foreign key: a parent may be purged while its children are kept.
    parent_version_id: Mapped[str | None] = mapped_column(String(32))
    instruction: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16), default="generated")
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column()
    user_id: Mapped[str] = mapped_column(String(64), default="local")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("flow_versions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who did what, when. Deliberately without foreign keys: the trail outlives purged flows."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16), default="cli")
    workspace_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    flow_id: Mapped[str | None] = mapped_column(String(32))
    version_id: Mapped[str | None] = mapped_column(String(32))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the plaintext is never kept
    tenant_id: Mapped[str] = mapped_column(String(64))
    # The admin scope: this key may read flows of every tenant (never change them).
    cross_tenant_read: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()


class Lease(Base):
    """A named, expiring lock: the coordination fallback when Redis is not configured."""

    __tablename__ = "locks"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(index=True)


class JobRun(Base):
    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_started", "job", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(64))
    holder: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="running")
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)


class IdempotencyKey(Base):
    """Claimed keys (Slack event ids, digest days) when Redis is not configured."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
