"""Who asked, from where: carried from the shells through the service into logs and the store.

The tenant is the unit of isolation: a Slack team (its team id) or an API client's
organisation (the tenant its key belongs to). Every flow, version, conversation and
workspace belongs to exactly one tenant, and the service answers "not found" for anything
of another tenant. The CLI runs on the operator's machine with the database credentials,
so it acts as an operator across tenants.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field


class RequestContext(BaseModel):
    source: Literal["cli", "slack", "api", "job"] = "cli"
    workspace_id: str = "local"  # Slack team id, API tenant, or "local" for the CLI
    user_id: str = "local"
    channel_id: str | None = None
    thread_ts: str | None = None
    request_id: str = Field(default_factory=lambda: uuid.uuid4().hex[:16])
    # The tenant that owns what this request creates and the only one it may see; defaults to
    # the workspace (a Slack team is its own tenant).
    tenant_id: str | None = None
    # A workspace admin (Slack is_admin / is_owner): may approve and reopen anyone's flow.
    workspace_admin: bool = False
    # The explicit admin scope of an API key: may *read* flows of every tenant. Off by default.
    cross_tenant_read: bool = False

    @property
    def tenant(self) -> str:
        return self.tenant_id or self.workspace_id

    @property
    def operator(self) -> bool:
        """The CLI and scheduled jobs act for the operator, across tenants."""
        return self.source in ("cli", "job")

    def may_read(self, tenant: str) -> bool:
        return self.operator or self.cross_tenant_read or tenant == self.tenant

    def may_change(self, tenant: str) -> bool:
        return self.operator or tenant == self.tenant
