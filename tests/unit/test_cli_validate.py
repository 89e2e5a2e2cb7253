"""`flowgen validate`, `flowgen fix`, `flowgen schema` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from tests.fakes.flow_parts import end_step, event, message_step, purchase_offer_step, purchase_step


def _flow(cart_source: str = "latest") -> dict:
    text = "{{brand_name}}: Hi {{first_name}}, your cart is waiting. Reply YES to buy. Reply STOP to opt out."
    offer = "Reply YES to buy: {{Cart List}} {{Purchase Link}}"
    return {
        "name": "Cart reminder",
        "initialStepID": "msg-001",
        "steps": [
            message_step(
                "msg-001",
                text,
                [
                    event("e1", "reply", "offer-001", intent="yes", description="wants to buy"),
                    event("e2", "noreply", "end-001", after={"value": 1, "unit": "days"}),
                ],
            ),
            purchase_offer_step(
                "offer-001",
                offer,
                [
                    event("e3", "reply", "buy-001", intent="yes", description="buys"),
                    event("e4", "noreply", "end-001", after={"value": 6, "unit": "hours"}),
                ],
                cartSource=cart_source,
            ),
            purchase_step("buy-001", event("e5", "default", "end-001")),
            end_step(),
        ],
    }


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _write(tmp_path: Path, flow: object, name: str = "flow.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(flow), encoding="utf-8")
    return path


def test_validate_valid_flow_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(_write(tmp_path, _flow()))])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    assert "in 4 steps" in result.output
    assert "\x1b[" not in result.output  # no colour when not a terminal


def test_validate_invalid_flow_exits_1_with_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(_write(tmp_path, _flow("manual")))])
    assert result.exit_code == 1, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("✗ ") and "error" in last and "in 4 steps" in last
    assert "step offer-001" in result.output


def test_validate_json_shape(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", "--json", str(_write(tmp_path, _flow("latest_cart")))])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert set(payload) == {"valid", "errors", "warnings", "truncated"}
    assert payload["valid"] is False
    assert payload["errors"]
    assert set(payload["errors"][0]) >= {"code", "severity", "message", "hint", "step_id", "path"}


def test_validate_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--json", "-"], input=json.dumps(_flow()))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["valid"] is True


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "not json": "{not json",
        "not an object": "[1, 2, 3]",
        "deep": "[" * 10_000 + "]" * 10_000,
    }
    paths = {name: _write(tmp_path, None, f"{i}.json") for i, name in enumerate(files)}
    for name, text in files.items():
        paths[name].write_text(text, encoding="utf-8")
    binary = tmp_path / "binary.json"
    binary.write_bytes(bytes(range(256)))
    paths["binary"] = binary
    big = tmp_path / "big.json"
    big.write_text('{"steps": [' + ",".join(['{"id": "x"}'] * 4_600_000) + "]}", encoding="utf-8")
    assert big.stat().st_size > 50_000_000
    paths["50 MB"] = big
    paths["missing"] = tmp_path / "absent.json"
    paths["directory"] = tmp_path
    return paths


@pytest.mark.parametrize("command", ["validate", "fix"])
def test_unreadable_input_exits_2_with_one_line(runner: CliRunner, tmp_path: Path, command: str) -> None:
    for name, path in _bad_inputs(tmp_path).items():
        result = runner.invoke(main, [command, str(path)])
        assert result.exit_code == 2, (name, result.output)
        assert "Traceback" not in result.output, name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, lines)
        assert result.stdout == "", name


def test_unreadable_stdin_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "-"], input=b"\x00\xff\x00")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: <stdin>:")


def test_fix_writes_corrected_flow_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["fix", str(_write(tmp_path, _flow("latest_cart")))])
    assert result.exit_code == 0, result.stderr
    fixed = json.loads(result.stdout)
    assert fixed["steps"][1]["cartSource"] == "latest"
    assert result.stdout.endswith("}\n")
    log = result.stderr.splitlines()
    assert any("enum_normalised" in line and "offer-001" in line for line in log)
    assert "1 change;" in log[-1]


def test_fix_to_file_and_remaining_errors_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["fix", str(_write(tmp_path, _flow("manual"))), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["steps"][1]["cartSource"] == "manual"
    assert "remaining" in result.stderr


def test_fix_output_validates(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    runner.invoke(main, ["fix", str(_write(tmp_path, _flow("latest_cart"))), "-o", str(out)])
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0


def test_schema_prints_a_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert isinstance(schema, dict)
    assert "$schema" in schema or "properties" in schema or "$defs" in schema


def test_fix_keeps_copy_quoted_in_the_description(runner: CliRunner, tmp_path: Path) -> None:
    quoted = "Hi {{customer.first_name}}, your cart is waiting. Reply YES to buy."
    flow = _flow()
    flow["description"] = f'Cart abandoners, send exactly: "{quoted}"'
    message = flow["steps"][0]
    for key in ("content", "text", "messageText"):
        message[key] = "{{brand_name}}: " + quoted + " Reply STOP to opt out."
    message["events"][1]["after"] = {"value": "1", "unit": "Days"}  # something to fix
    result = runner.invoke(main, ["fix", str(_write(tmp_path, flow))])
    fixed = json.loads(result.stdout)
    assert quoted in fixed["steps"][0]["content"]
    assert fixed["steps"][0]["events"][1]["after"] == {"value": 1, "unit": "days"}
    assert "variable_canonicalised" not in result.stderr


def test_human_report_is_coloured_only_for_a_terminal() -> None:
    import click

    from flowgen_apps.cli.validate import render_report, styler
    from flowgen_core.check import validate_flow

    flow = _flow("manual")
    report = validate_flow(flow)

    class Terminal:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    assert styler(Terminal()) is click.style
    coloured = render_report(report, flow, styler(Terminal()))
    plain = render_report(report, flow, styler(Pipe()))
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert click.unstyle(coloured) == plain
