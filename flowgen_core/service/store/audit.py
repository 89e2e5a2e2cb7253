"""Audit entries and feedback: append-only records, queued during an outage like versions."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flowgen_core.context import RequestContext
from flowgen_core.service.store.models import AuditEntry, Base, Feedback, FlowVersion
from flowgen_core.service.store.prepared import PreparedInsert
from flowgen_core.service.store.records import as_utc, utc_now
from flowgen_core.service.store.runner import StoreRunner

log = logging.getLogger(__name__)

INSERT_AUDIT_ENTRY = PreparedInsert(Base.metadata.tables[AuditEntry.__tablename__])


def write_audit_entry(session: Session, payload: dict[str, Any]) -> None:
    """Add one audit entry; also used inside a version's transaction (one commit per version)."""
    context = payload["context"]
    # A prepared INSERT: the entry is never read back in this transaction (see versions.py).
    INSERT_AUDIT_ENTRY.execute(
        session.connection(),
        {
            "action": payload["action"][:32],
            "source": context["source"],
            "workspace_id": context["workspace_id"],
            "user_id": context["user_id"],
            "flow_id": payload["flow_id"],
            "version_id": payload["version_id"],
            "request_id": context.get("request_id"),
            "details": payload["details"],
            "at": datetime.fromisoformat(payload["at"]),
        },
    )


def _write_feedback(session: Session, payload: dict[str, Any]) -> None:
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


class AuditRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner
        runner.register("audit", write_audit_entry)
        runner.register("feedback", _write_feedback)

    def audit(
        self,
        action: str,
        *,
        context: RequestContext,
        flow_id: str | None = None,
        version_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        payload = {
            "action": action,
            "context": context.model_dump(mode="json"),
            "flow_id": flow_id,
            "version_id": version_id,
            "details": details or {},
            "at": utc_now().isoformat(),
        }
        self._runner.write_or_queue("audit", payload)

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
                    "at": as_utc(entry.at),
                }
                for entry in session.scalars(statement)
            ]

        return self._runner.run(work, default=[])

    def add_feedback(self, version_id: str, *, user_id: str, rating: int, comment: str | None = None) -> None:
        if rating not in (1, -1):
            raise ValueError("rating must be +1 or -1")
        payload = {
            "version_id": version_id,
            "user_id": user_id,
            "rating": rating,
            "comment": comment,
            "at": utc_now().isoformat(),
        }
        self._runner.write_or_queue("feedback", payload)
