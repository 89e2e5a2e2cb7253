"""The scopes an OAuth install asks for are exactly the ones the app manifests declare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowgen_apps.slack.oauth import BOT_SCOPES

MANIFESTS = sorted((Path(__file__).resolve().parents[2] / "manifests").glob("manifest*.json"))


def test_there_are_manifests_to_compare_with() -> None:
    assert len(MANIFESTS) >= 2


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_install_scopes_match_the_manifest(manifest: Path) -> None:
    declared = json.loads(manifest.read_text())["oauth_config"]["scopes"]["bot"]
    assert sorted(BOT_SCOPES) == sorted(declared)


def test_file_validation_can_read_files() -> None:
    assert "files:read" in BOT_SCOPES
