"""Who is a workspace admin: Slack's `users.info` is_admin / is_owner, cached briefly.

The change policy (docs/security.md) lets a workspace admin approve or reopen anyone's
flow. Asking Slack on every click would spend a Web API call (and rate limit) per click,
so answers are kept for a few minutes per workspace and user; a failed lookup is "not an
admin" and is not cached.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

ADMIN_CACHE_TTL_S = 300.0

_answers: dict[tuple[str, str], tuple[bool, float]] = {}
_lock = threading.Lock()


def is_workspace_admin(client: WebClient, user_id: str, *, team_id: str | None = None) -> bool:
    key = (team_id or "", user_id)
    now = time.monotonic()
    with _lock:
        cached = _answers.get(key)
    if cached is not None and now - cached[1] < ADMIN_CACHE_TTL_S:
        return cached[0]
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        log.info("users.info failed; treating the user as not an admin")
        return False
    answer = _admin_of(user, team_id)
    with _lock:
        _answers[key] = (answer, now)
    return answer


def _admin_of(user: dict[str, Any], team_id: str | None) -> bool:
    """An admin or owner *of this workspace*: in a shared (Slack Connect) channel an admin of
    the other organisation clicks with our team id on the payload, so the user's own team
    decides; guests and external members are never admins here."""
    if team_id and user.get("team_id") and user.get("team_id") != team_id:
        return False
    if user.get("is_stranger") or user.get("is_restricted") or user.get("is_ultra_restricted"):
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))


def forget_admins() -> None:
    """Drop every cached answer (tests; or after a role change that must apply at once)."""
    with _lock:
        _answers.clear()
