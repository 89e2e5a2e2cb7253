"""Retention and reporting over the whole history: the purge job and the usage digest."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from flowgen_core.service.store.models import Feedback, Flow, FlowVersion
from flowgen_core.service.store.records import as_utc, rowcount, utc_now
from flowgen_core.service.store.runner import StoreRunner


def _rate(count: int | float, total: int | None) -> float | None:
    return round(count / total, 3) if total else None


def _digest(session: Session, since: datetime) -> dict[str, Any]:
    flows_generated = int(
        session.scalar(select(func.count()).select_from(Flow).where(Flow.created_at >= since)) or 0
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
        "flows_generated": flows_generated,
        "versions": total,
        "versions_by_action": by_action,
        "feedback_up": int(ratings.get(1, 0)),
        "feedback_down": int(ratings.get(-1, 0)),
        "approval_rate": _rate(approved_flows or 0, flows_generated),
        "fallback_rate": _rate(sum(1 for r in versions if r.fallback_reason), total),
        "valid_rate": _rate(sum(1 for r in versions if r.valid), total),
        "median_latency_ms": statistics.median(r.latency_ms for r in versions) if total else None,
    }


class RetentionRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner

    def purge_older_than(self, days: int) -> int:
        """Delete flows untouched for `days` that have no approved version; returns versions deleted."""
        cutoff = utc_now() - timedelta(days=days)

        def work(session: Session) -> int:
            has_approved = exists().where(FlowVersion.flow_id == Flow.id, FlowVersion.approved.is_(True))
            stale = select(Flow.id).where(Flow.updated_at < cutoff, ~has_approved)
            flow_ids = list(session.scalars(stale))
            if not flow_ids:
                return 0
            version_ids = select(FlowVersion.id).where(FlowVersion.flow_id.in_(flow_ids))
            session.execute(delete(Feedback).where(Feedback.version_id.in_(version_ids)))
            deleted = rowcount(session.execute(delete(FlowVersion).where(FlowVersion.flow_id.in_(flow_ids))))
            session.execute(delete(Flow).where(Flow.id.in_(flow_ids)))
            return deleted

        return self._runner.run(work, default=0)

    def usage_digest(self, since: datetime) -> dict[str, Any]:
        since = as_utc(since)
        return self._runner.run(
            lambda session: _digest(session, since), default={"since": since.isoformat(), "unavailable": True}
        )
