"""FlowStore is a façade: every public method of each per-concern repository is reachable on it."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from flowgen_core.service.store import FlowStore
from flowgen_core.service.store.api_keys import ApiKeyRepository
from flowgen_core.service.store.audit import AuditRepository
from flowgen_core.service.store.coordination import CoordinationRepository
from flowgen_core.service.store.retention import RetentionRepository
from flowgen_core.service.store.threads import ThreadRepository
from flowgen_core.service.store.versions import VersionRepository
from flowgen_core.service.store.workspaces import WorkspaceRepository

REPOSITORIES = {
    "versions": VersionRepository,
    "threads": ThreadRepository,
    "audit_log": AuditRepository,
    "workspaces": WorkspaceRepository,
    "api_keys": ApiKeyRepository,
    "coordination": CoordinationRepository,
    "retention": RetentionRepository,
}


def _public_methods(cls: type) -> list[str]:
    return [name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")]


@pytest.mark.parametrize("part", sorted(REPOSITORIES))
def test_every_repository_method_is_on_the_facade(part: str, tmp_path: Path) -> None:
    store = FlowStore(f"sqlite:///{tmp_path / 'db.sqlite3'}", outbox_path=tmp_path / "outbox")
    try:
        for name in _public_methods(REPOSITORIES[part]):
            through_facade = getattr(store, name)
            assert through_facade == getattr(getattr(store, part), name), name
            assert inspect.signature(through_facade) == inspect.signature(getattr(getattr(store, part), name))
    finally:
        store.dispose()
