"""Installation lookups on the ack path are served from memory, for a bounded time."""

from __future__ import annotations

import time
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore

from flowgen_apps.slack.oauth import ExpiringInstallationStore


class CountingStore(InstallationStore):
    def __init__(self) -> None:
        self.reads = 0
        self.bots: dict[str, Bot] = {}
        self.installations: dict[str, Installation] = {}

    def save(self, installation: Installation) -> None:
        self.installations[installation.team_id or ""] = installation
        self.bots[installation.team_id or ""] = installation.to_bot()

    def find_bot(self, *, enterprise_id: Any, team_id: Any, is_enterprise_install: Any = False) -> Bot | None:
        self.reads += 1
        return self.bots.get(team_id or "")

    def find_installation(
        self, *, enterprise_id: Any, team_id: Any, user_id: Any = None, is_enterprise_install: Any = False
    ) -> Installation | None:
        self.reads += 1
        return self.installations.get(team_id or "")

    def delete_all(self, *, enterprise_id: Any, team_id: Any) -> None:
        self.bots.pop(team_id or "", None)
        self.installations.pop(team_id or "", None)


def _installation(token: str) -> Installation:
    return Installation(
        app_id="A1", team_id="T1", user_id="U1", bot_token=token, bot_id="B1", bot_user_id="UB1"
    )


def test_repeated_lookups_read_the_store_once_until_the_entry_expires() -> None:
    underlying = CountingStore()
    store = ExpiringInstallationStore(underlying, ttl_s=0.2)
    store.save(_installation("xoxb-1"))
    for _ in range(5):
        found = store.find_installation(enterprise_id=None, team_id="T1")
        assert found is not None and found.bot_token == "xoxb-1"
    assert underlying.reads == 1
    # Another worker's reinstall is seen once the entry expires.
    underlying.save(_installation("xoxb-2"))
    time.sleep(0.25)
    found = store.find_installation(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == "xoxb-2"
    assert underlying.reads == 2


def test_a_save_or_delete_here_is_seen_at_once() -> None:
    underlying = CountingStore()
    store = ExpiringInstallationStore(underlying, ttl_s=3600)
    store.save(_installation("xoxb-1"))
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None
    store.save(_installation("xoxb-2"))
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-2"
    store.delete_all(enterprise_id=None, team_id="T1")
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    assert store.find_installation(enterprise_id=None, team_id="T1") is None


def test_a_missing_workspace_is_not_remembered() -> None:
    underlying = CountingStore()
    store = ExpiringInstallationStore(underlying, ttl_s=3600)
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    underlying.save(_installation("xoxb-1"))  # installed through another worker
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None
