"""Coordination without Redis: leases, idempotency keys and the record of scheduled job runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from flowgen_core.service.store.models import IdempotencyKey, JobRun, Lease
from flowgen_core.service.store.records import insert_ignore, rowcount, utc_now
from flowgen_core.service.store.runner import StoreRunner


class CoordinationRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner

    def acquire_lease(self, key: str, holder: str, ttl_s: float) -> bool:
        """Take the named lease unless someone else holds an unexpired one."""
        now = utc_now()

        def work(session: Session) -> bool:
            session.execute(delete(Lease).where(Lease.key == key, Lease.expires_at < now))
            insert_ignore(
                session,
                Lease,
                {"key": key, "holder": holder, "expires_at": now + timedelta(seconds=ttl_s)},
                ["key"],
            )
            return session.scalar(select(Lease.holder).where(Lease.key == key)) == holder

        return self._runner.run(work, default=False)

    def release_lease(self, key: str, holder: str) -> None:
        self._runner.run(
            lambda session: session.execute(delete(Lease).where(Lease.key == key, Lease.holder == holder)),
            default=None,
        )

    def claim_key(self, key: str, ttl_s: float) -> bool:
        """Idempotency in the database: True the first time `key` is claimed while unexpired."""
        now = utc_now()

        def work(session: Session) -> bool:
            session.execute(
                delete(IdempotencyKey).where(IdempotencyKey.key == key, IdempotencyKey.expires_at < now)
            )
            result = session.execute(
                select(IdempotencyKey.key).where(IdempotencyKey.key == key)
            ).scalar_one_or_none()
            if result is not None:
                return False
            insert_ignore(
                session,
                IdempotencyKey,
                {"key": key, "created_at": now, "expires_at": now + timedelta(seconds=ttl_s)},
                ["key"],
            )
            return True

        try:
            return self._runner.run(work, default=False)
        except sa_exc.IntegrityError:
            return False

    def expire_coordination_rows(self) -> int:
        now = utc_now()

        def work(session: Session) -> int:
            leases = rowcount(session.execute(delete(Lease).where(Lease.expires_at < now)))
            keys = rowcount(session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at < now)))
            return leases + keys

        return self._runner.run(work, default=0)

    def start_job_run(self, job: str, holder: str) -> int | None:
        def work(session: Session) -> int | None:
            run = JobRun(job=job, holder=holder)
            session.add(run)
            session.flush()
            return run.id

        return self._runner.run(work, default=None)

    def finish_job_run(self, run_id: int | None, *, status: str, result: dict[str, Any]) -> None:
        if run_id is None:
            return
        self._runner.run(
            lambda session: session.execute(
                update(JobRun)
                .where(JobRun.id == run_id)
                .values(status=status, finished_at=utc_now(), result=result)
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

        return self._runner.run(work, default=[])
