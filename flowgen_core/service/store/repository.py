"""FlowStore: the one object the service façade and the apps hold.

It owns a `StoreRunner` (transactions, outage detection, the write outbox) and one repository
per concern, and exposes their methods under the names callers have always used, so a caller
needs one handle while each concern lives — and is tested — in its own module:

- versions.py      flows and versions (save, read, history, approval and lock)
- threads.py       conversations: which flow a chat thread is about
- audit.py         audit entries and feedback
- workspaces.py    workspace settings (cached per process)
- api_keys.py      REST API keys
- coordination.py  leases, idempotency keys and job runs when there is no Redis
- retention.py     the purge job and the usage digest
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from flowgen_core.service.store.api_keys import ApiKeyRepository
from flowgen_core.service.store.audit import AuditRepository
from flowgen_core.service.store.coordination import CoordinationRepository
from flowgen_core.service.store.outbox import Outbox
from flowgen_core.service.store.records import (
    ACTIONS,
    ApiKeyInfo,
    SavedVersion,
    StoredVersion,
    hash_api_key,
    new_flow_id,
    new_version_id,
)
from flowgen_core.service.store.retention import RetentionRepository
from flowgen_core.service.store.runner import StoreRunner, StoreUnavailable, default_outbox, is_outage
from flowgen_core.service.store.threads import ThreadRepository
from flowgen_core.service.store.versions import VersionRepository
from flowgen_core.service.store.workspaces import WORKSPACE_SETTINGS_TTL_S, WorkspaceRepository

__all__ = [
    "ACTIONS",
    "WORKSPACE_SETTINGS_TTL_S",
    "ApiKeyInfo",
    "FlowStore",
    "SavedVersion",
    "StoreUnavailable",
    "StoredVersion",
    "default_outbox",
    "hash_api_key",
    "is_outage",
    "new_flow_id",
    "new_version_id",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class _Delegate(Generic[P, R]):
    """`FlowStore.x` is `FlowStore.<part>.x`, typed from the repository method itself.

    One signature per method (the repository's) instead of a copy in the façade that could
    drift from it; mypy checks calls through the façade against the real parameters.
    """

    def __init__(self, part: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self._part = part
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> _Delegate[P, R]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> Callable[P, R]: ...

    def __get__(self, instance: object | None, owner: type) -> _Delegate[P, R] | Callable[P, R]:
        if instance is None:
            return self
        method: Callable[P, R] = getattr(getattr(instance, self._part), self._name)
        return method


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
        self.runner = StoreRunner(
            database_url,
            auto_migrate=auto_migrate,
            outbox_path=outbox_path,
            retry_after_s=retry_after_s,
            engine=engine,
        )
        # Each repository registers its replayable writes with the runner before anything runs.
        self.versions = VersionRepository(self.runner)
        self.threads = ThreadRepository(self.runner)
        self.audit_log = AuditRepository(self.runner)
        self.workspaces = WorkspaceRepository(self.runner)
        self.api_keys = ApiKeyRepository(self.runner)
        self.coordination = CoordinationRepository(self.runner)
        self.retention = RetentionRepository(self.runner)
        if auto_migrate:
            self.runner.run(lambda _session: None, default=None)

    # ------------------------------------------------------------------ connection and outage state
    @property
    def database_url(self) -> str:
        return self.runner.database_url

    @property
    def engine(self) -> Engine:
        return self.runner.engine

    @property
    def outbox(self) -> Outbox:
        return self.runner.outbox

    @property
    def degraded(self) -> bool:
        return self.runner.degraded

    @property
    def _sessions(self) -> sessionmaker[Session]:  # tests hook the session factory's events
        return self.runner.sessions

    @property
    def _next_attempt_at(self) -> float:
        return self.runner.next_attempt_at

    @_next_attempt_at.setter
    def _next_attempt_at(self, value: float) -> None:  # tests end a retry back-off early
        self.runner.next_attempt_at = value

    def _run(self, work: Callable[[Session], T], *, default: T) -> T:
        return self.runner.run(work, default=default)

    flush_outbox = _Delegate("runner", StoreRunner.flush_outbox)
    ping = _Delegate("runner", StoreRunner.ping)
    dispose = _Delegate("runner", StoreRunner.dispose)

    # ------------------------------------------------------------------ per-concern repositories
    save_version = _Delegate("versions", VersionRepository.save_version)
    get_version = _Delegate("versions", VersionRepository.get_version)
    get_flow_version = _Delegate("versions", VersionRepository.get_flow_version)
    list_versions = _Delegate("versions", VersionRepository.list_versions)
    history = _Delegate("versions", VersionRepository.history)
    set_approved = _Delegate("versions", VersionRepository.set_approved)
    set_locked = _Delegate("versions", VersionRepository.set_locked)

    bind_thread = _Delegate("threads", ThreadRepository.bind_thread)
    latest_for_thread = _Delegate("threads", ThreadRepository.latest_for_thread)

    audit = _Delegate("audit_log", AuditRepository.audit)
    audit_entries = _Delegate("audit_log", AuditRepository.audit_entries)
    add_feedback = _Delegate("audit_log", AuditRepository.add_feedback)

    workspace_settings = _Delegate("workspaces", WorkspaceRepository.workspace_settings)
    update_workspace_settings = _Delegate("workspaces", WorkspaceRepository.update_workspace_settings)

    create_api_key = _Delegate("api_keys", ApiKeyRepository.create_api_key)
    revoke_api_key = _Delegate("api_keys", ApiKeyRepository.revoke_api_key)
    check_api_key = _Delegate("api_keys", ApiKeyRepository.check_api_key)
    verify_api_key = _Delegate("api_keys", ApiKeyRepository.verify_api_key)
    list_api_keys = _Delegate("api_keys", ApiKeyRepository.list_api_keys)

    acquire_lease = _Delegate("coordination", CoordinationRepository.acquire_lease)
    release_lease = _Delegate("coordination", CoordinationRepository.release_lease)
    claim_key = _Delegate("coordination", CoordinationRepository.claim_key)
    expire_coordination_rows = _Delegate("coordination", CoordinationRepository.expire_coordination_rows)
    start_job_run = _Delegate("coordination", CoordinationRepository.start_job_run)
    finish_job_run = _Delegate("coordination", CoordinationRepository.finish_job_run)
    job_runs = _Delegate("coordination", CoordinationRepository.job_runs)

    purge_older_than = _Delegate("retention", RetentionRepository.purge_older_than)
    usage_digest = _Delegate("retention", RetentionRepository.usage_digest)
