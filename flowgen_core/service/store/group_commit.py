"""Group commit: the writes that arrive while a commit is under way share the next one.

Every generation ends in one small write (a version and its audit entry). Committed one by
one, concurrent writers of a process queue for the database's write lock (SQLite has one
writer; its busy handler sleeps in steps of milliseconds), so throughput is bounded by
commits, not by work. Here the first writer to arrive leads: it takes every write waiting
at that moment, applies them in one transaction and commits once; writers that arrive
meanwhile wait and the first of them leads the next batch.

A write learns its outcome only after the commit that holds it: a version number is never
reported before it is durable. When one write of a batch fails, the batch is rolled back
and each write is applied again in its own transaction, so one bad write (a stale
check-and-set, a locked flow) fails alone and the others commit as they would have one by
one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

# Bounds the time one transaction holds the write lock and the work lost to a retried batch.
MAX_BATCH = 64

Apply = Callable[[Session, dict[str, Any]], None]
Transact = Callable[[Callable[[Session], None]], None]
IsOutage = Callable[[BaseException], bool]


@dataclass
class _Write:
    apply: Apply
    payload: dict[str, Any]
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to lead the next batch rather than with an outcome
    error: BaseException | None = None
    finished: bool = False


class GroupCommitter:
    """Applies writes through `transact` (one transaction per call), batching concurrent ones."""

    def __init__(self, transact: Transact, *, is_outage: IsOutage) -> None:
        self._transact = transact
        self._is_outage = is_outage
        self._lock = threading.Lock()
        self._waiting: list[_Write] = []
        self._leading = False

    def write(self, apply: Apply, payload: dict[str, Any]) -> None:
        """Apply one write; returns once it has committed, raises what it (or its commit) raised."""
        mine = _Write(apply, payload)
        with self._lock:
            self._waiting.append(mine)
            lead = not self._leading
            self._leading = True
        while not lead:
            mine.done.wait()
            if mine.finished:
                break
            mine.done.clear()
            lead = mine.lead
        if lead:
            self._lead()
        if mine.error is not None:
            raise mine.error

    def _lead(self) -> None:
        with self._lock:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
        try:
            self._commit(batch)
        finally:
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                self._leading = successor is not None
            for write in batch:
                write.finished = True
                write.done.set()
            if successor is not None:
                successor.lead = True
                successor.done.set()

    def _commit(self, batch: list[_Write]) -> None:
        if len(batch) > 1:
            try:
                self._transact(lambda session: _apply_all(session, batch))
                return
            except Exception as error:
                for write in batch:
                    write.payload.pop("assigned_version", None)
                if self._is_outage(error):  # no database to retry against: every write queues
                    for write in batch:
                        write.error = error
                    return
        for write in batch:
            try:
                self._transact(_applying(write))
            except BaseException as error:  # handed to the writer's own thread
                write.payload.pop("assigned_version", None)
                write.error = error


def _applying(write: _Write) -> Callable[[Session], None]:
    return lambda session: write.apply(session, write.payload)


def _apply_all(session: Session, batch: list[_Write]) -> None:
    for write in batch:
        write.apply(session, write.payload)
