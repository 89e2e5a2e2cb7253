"""`flowgen generate`: JSON on stdout, summary on stderr, exit codes 0/1/2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.settings import get_settings


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWGEN_GENERATOR", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_generate_prints_flow_json_and_summary(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["generate", "Win back customers who haven't ordered in 90 days with 15% off"]
    )
    assert result.exit_code == 0, result.stderr
    flow = json.loads(result.stdout)
    assert {"name", "description", "initialStepID", "steps", "metadata"} <= set(flow)
    assert flow["metadata"]["generator"] == "offline"
    assert "valid: 0 error(s)" in result.stderr


def test_generate_from_file_to_output(runner: CliRunner, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text("Welcome new subscribers with code WELCOME10", encoding="utf-8")
    out = tmp_path / "flow.json"
    result = runner.invoke(main, ["generate", "--file", str(brief), "-o", str(out), "--brand", "Acme"])
    assert result.exit_code == 0, result.stderr
    flow = json.loads(out.read_text(encoding="utf-8"))
    assert any("Acme" in s.get("messageText", "") for s in flow["steps"])


@pytest.mark.parametrize(
    "args",
    [["generate", "   "], ["generate"], ["generate", "--file", "/nonexistent/brief.txt"]],
)
def test_generate_without_a_usable_brief_exits_2_with_one_line(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_generate_too_long_brief_exits_2(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_BRIEF_CHARS", "50")
    get_settings.cache_clear()
    result = runner.invoke(main, ["generate", "a promotion " * 10])
    assert result.exit_code == 2 and "50" in result.stderr


@pytest.mark.parametrize("error", ["llm", "bug"])
def test_llm_failure_falls_back_with_notice(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, error: str
) -> None:
    from flowgen_core.planners.base import LLMError

    class Failing:
        def __init__(self, settings: object, **options: object) -> None:
            pass

        def generate(self, brief: object, *, brand_name: str | None = None, **context: object) -> None:
            raise LLMError("timeout after 30s") if error == "llm" else KeyError("choices")

    import flowgen_core.planners.llm.client as llm_module

    monkeypatch.setattr(llm_module, "LLMGenerator", Failing)
    result = runner.invoke(main, ["generate", "--generator", "llm", "more sales this weekend"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["metadata"]["fallback"] is True
    reason = "timeout after 30s" if error == "llm" else "unexpected KeyError"
    assert (
        f"The AI model was unavailable ({reason}); this flow was made by the offline planner."
        in result.stderr
    )


def test_exit_1_when_errors_remain(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from flowgen_apps.cli import generate as generate_cli
    from flowgen_core.check.report import Finding, Report
    from flowgen_core.planners.base import GenerationResult

    report = Report()
    report.add(Finding(code="dangling_event", severity="error", message="broken"))
    broken = GenerationResult(flow={"steps": []}, report=report, generator="offline")
    monkeypatch.setattr(generate_cli, "_produce", lambda *a, **k: broken)
    result = runner.invoke(main, ["generate", "anything"])
    assert result.exit_code == 1 and "dangling_event" in result.stderr


# "- Offer" holds "-f" and "- CTA: reply PICK" holds "-o": read as options they open or write files
BULLET_BRIEF = "- Audience: customers who ordered in the last 60 days\n- Offer: 20% off\n- CTA: reply PICK"


def test_a_brief_of_bullets_is_the_description_and_writes_no_file(runner: CliRunner) -> None:
    with runner.isolated_filesystem() as here:
        result = runner.invoke(main, ["generate", "--generator", "offline", BULLET_BRIEF])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["description"] == BULLET_BRIEF
        assert list(Path(here).iterdir()) == []


def test_options_after_a_bullet_brief_still_apply(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "flow.json"
    result = runner.invoke(main, ["generate", BULLET_BRIEF, "-o", str(out), "--brand=Acme"])
    assert result.exit_code == 0, result.stderr
    flow = json.loads(out.read_text(encoding="utf-8"))
    assert flow["description"] == BULLET_BRIEF
    assert "Acme" in json.dumps(flow)
    assert f"wrote {out}" in result.stderr


def test_a_brief_of_a_single_dash_word_is_the_description(runner: CliRunner) -> None:
    result = runner.invoke(main, ["generate", "--Win back lapsed customers with 15% off"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["description"].startswith("--Win back")


def test_generate_quotes_the_brief_s_words_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(main, ["generate", "Win back lapsed buyers with twenty percent off, code BACK15"])
    assert result.exit_code == 0, result.stderr
    assert "Offer: 20% off, code BACK15 — from “twenty percent off”, “code BACK15”" in result.stderr
    assert "Assumed: a winback flow" in result.stderr
