"""`flowgen refine` and `flowgen diff` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import SUPPORTED_PHRASINGS
from flowgen_core.settings import Settings, get_settings
from tests.fakes.briefs import WINBACK

BRIEF = WINBACK


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("FLOWGEN_GENERATOR", "offline")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture()
def flow_file(tmp_path: Path) -> Path:
    flow = generate_flow(BRIEF, settings=Settings(_env_file=None, flowgen_generator="offline")).flow
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow), encoding="utf-8")
    return path


def _offer(flow: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["type"] == "message")


def test_refine_prints_new_flow_on_stdout_and_summary_and_diff_on_stderr(
    runner: CliRunner, flow_file: Path
) -> None:
    result = runner.invoke(main, ["refine", str(flow_file), "make the discount 20%"])
    assert result.exit_code == 0, result.stderr
    flow = json.loads(result.stdout)
    assert _offer(flow)["discountValue"] == "20"
    assert "20%" in result.stderr and "discountValue: 15 -> 20" in result.stderr


def test_refine_writes_output_file(runner: CliRunner, flow_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "v2.json"
    result = runner.invoke(main, ["refine", str(flow_file), "rename the flow to Winback Q4", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Winback Q4"
    assert "name:" in result.stderr


def test_refine_without_the_service_still_works(
    runner: CliRunner, flow_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("flowgen_apps.cli.shell.service_or_none", lambda: None)
    result = runner.invoke(main, ["refine", str(flow_file), "only VIPs", "--generator", "offline"])
    assert result.exit_code == 0, result.stderr
    segment = next(s for s in json.loads(result.stdout)["steps"] if s["type"] == "segment")
    assert any(c.get("propertyValue") == "vip" for c in segment["conditions"])


@pytest.mark.parametrize("instruction", ["blah blah", "make it pop", "remove the A/B test"])
def test_unusable_instruction_exits_3_with_reason_and_phrasings(
    runner: CliRunner, flow_file: Path, instruction: str
) -> None:
    result = runner.invoke(main, ["refine", str(flow_file), instruction])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "cannot apply" in result.stderr and "Supported phrasings" in result.stderr
    assert SUPPORTED_PHRASINGS[0] in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(main, ["refine", str(bad), "make the discount 20%"])
    assert result.exit_code == 2 and result.stdout == ""
    missing = runner.invoke(main, ["refine", str(tmp_path / "missing.json"), "make the discount 20%"])
    assert missing.exit_code == 2


def test_diff_command_prints_readable_changes(runner: CliRunner, flow_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "v2.json"
    assert (
        runner.invoke(main, ["refine", str(flow_file), "make the discount 20%", "-o", str(out)]).exit_code
        == 0
    )
    result = runner.invoke(main, ["diff", str(flow_file), str(out)])
    assert result.exit_code == 1  # like diff(1): 1 when the flows differ
    assert "changed" in result.stdout and "discountValue: 15 -> 20" in result.stdout
    as_json = runner.invoke(main, ["diff", str(flow_file), str(out), "--json"])
    assert json.loads(as_json.stdout)["changed"]


def test_diff_of_identical_flows_exits_0(runner: CliRunner, flow_file: Path) -> None:
    result = runner.invoke(main, ["diff", str(flow_file), str(flow_file)])
    assert result.exit_code == 0
    assert "no changes" in result.stdout
