"""Conversations: which flow a chat thread is about."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.orm import Session

from flowgen_core.service.store.models import Conversation, Flow, FlowVersion
from flowgen_core.service.store.records import (
    StoredVersion,
    conversation_id,
    stored_query,
    to_stored,
    utc_now,
)
from flowgen_core.service.store.runner import StoreRunner

log = logging.getLogger(__name__)


def _bind(session: Session, payload: dict[str, Any]) -> None:
    tenant_id = payload.get("tenant_id") or payload["workspace_id"]
    found = conversation_id(
        session, payload["workspace_id"], payload["channel_id"], payload["thread_ts"], "slack", tenant_id
    )
    if found is None:
        log.warning("thread binding across tenants refused", extra={"flow_id": payload["flow_id"]})
        return
    session.execute(
        update(Flow)
        .where(Flow.id == payload["flow_id"], Flow.tenant_id == tenant_id)
        .values(conversation_id=found, updated_at=func.coalesce(Flow.updated_at, utc_now()))
    )


class ThreadRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner
        runner.register("bind_thread", _bind)

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
        self._runner.write_or_queue("bind_thread", payload)

    def latest_for_thread(
        self, *, workspace_id: str, channel_id: str, thread_ts: str, tenant_id: str | None = None
    ) -> StoredVersion | None:
        def work(session: Session) -> StoredVersion | None:
            row = session.execute(
                stored_query()
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
            if row is None:
                return None
            self._runner.remember_latest(row[1].id, row[1].latest_version)
            return to_stored(row)

        return self._runner.run(work, default=None)
