"""Who asked, from where: carried from the shells through the service into logs and the store."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field


class RequestContext(BaseModel):
    source: Literal["cli", "slack", "api", "job"] = "cli"
    workspace_id: str = "local"  # Slack team id, API client name, or "local" for the CLI
    user_id: str = "local"
    channel_id: str | None = None
    thread_ts: str | None = None
    request_id: str = Field(default_factory=lambda: uuid.uuid4().hex[:16])
