"""`flowgen generate`, `refine` and `fix` record what they produce; `flowgen history` lists it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.settings import get_settings
from tests.fakes.briefs import WINBACK


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWGEN_GENERATOR", "offline")
    get_settings.cache_clear()
    return CliRunner()


def _history(runner: CliRunner) -> list[dict]:
    result = runner.invoke(main, ["history", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_producing_command_lands_in_history(runner: CliRunner, tmp_path: Path) -> None:
    assert _history(runner) == []

    generated = runner.invoke(main, ["generate", WINBACK, "-o", str(tmp_path / "flow.json")])
    assert generated.exit_code == 0, generated.output
    rows = _history(runner)
    assert len(rows) == 1 and rows[0]["generator"] == "offline"

    refined = runner.invoke(main, ["refine", str(tmp_path / "flow.json"), "make the discount 20%"])
    assert refined.exit_code == 0, refined.output
    assert len(_history(runner)) == 2

    flow = json.loads((tmp_path / "flow.json").read_text(encoding="utf-8"))
    flow["steps"][0].pop("active")
    (tmp_path / "broken.json").write_text(json.dumps(flow), encoding="utf-8")
    fixed = runner.invoke(main, ["fix", str(tmp_path / "broken.json")])
    assert fixed.exit_code == 0, fixed.output
    rows = _history(runner)
    assert len(rows) == 3
    assert json.loads(fixed.stdout)["steps"][0]["active"] is True
