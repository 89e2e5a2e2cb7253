"""Workspace settings (an admin's choices in App Home), read by every generation."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flowgen_core.service.store.models import Workspace
from flowgen_core.service.store.records import ensure_principal
from flowgen_core.service.store.runner import StoreRunner

WORKSPACE_SETTINGS_TTL_S = 5.0
_CACHED_WORKSPACES = 1_000


class WorkspaceRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()

    def workspace_settings(self, workspace_id: str) -> dict[str, Any]:
        """A workspace's settings, read through a short per-process cache (every generation asks).

        A change made in this process is seen at once; one made by another process within
        WORKSPACE_SETTINGS_TTL_S.
        """
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(workspace_id)
            if cached is not None and cached[0] > now:
                return dict(cached[1])

        def work(session: Session) -> dict[str, Any] | None:
            workspace = session.get(Workspace, workspace_id)
            return dict(workspace.settings or {}) if workspace else {}

        found = self._runner.run(work, default=None)
        if found is None:  # outage: answer the defaults, cache nothing
            return {}
        self._remember(workspace_id, found)
        return dict(found)

    def _remember(self, workspace_id: str, values: dict[str, Any]) -> None:
        with self._lock:
            self._cache[workspace_id] = (time.monotonic() + WORKSPACE_SETTINGS_TTL_S, dict(values))
            self._cache.move_to_end(workspace_id)
            while len(self._cache) > _CACHED_WORKSPACES:
                self._cache.popitem(last=False)

    def update_workspace_settings(self, /, workspace_id: str, **values: Any) -> dict[str, Any]:
        """Merge `values` into the workspace's settings; a None value removes the key."""

        def work(session: Session) -> dict[str, Any]:
            ensure_principal(session, workspace_id)
            workspace = session.execute(
                select(Workspace).where(Workspace.id == workspace_id).with_for_update()
            ).scalar_one()
            merged = dict(workspace.settings or {})
            for key, value in values.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            workspace.settings = merged
            return merged

        result = self._runner.required(work)
        self._remember(workspace_id, result)
        return result
