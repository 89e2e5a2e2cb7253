"""The plain command lines run without click and print what the click commands print.

`flowgen validate FILE [--json]` and `flowgen generate [--generator G] [--brand B] BRIEF` go
through `flowgen_apps.cli.fast` (start-up time, docs/benchmarks.md); every other command line
goes to the click group. Each case runs the console script's entry point and the click group
on the same command line in fresh interpreters and compares stdout, stderr and the exit code.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from flowgen_apps.cli import output
from flowgen_apps.cli.fast import fast_command

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid" / "reminder-loop.json"

_RUN = "import sys; sys.argv[0] = 'flowgen'; from flowgen_apps.cli import {name}; {name}()"
# what differs between two generations of the same brief
_VOLATILE = re.compile(r'"(generated_at|latency_ms|flow_id|version_id)": [^,\n]*')


def _run(entry: str, args: list[str], tmp_path: Path, stdin: str = "") -> tuple[str, str, int]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'history.sqlite3'}",
        "FLOWGEN_GENERATOR": "offline",
        "OPENAI_API_KEY": "",
        "REDIS_URL": "",
        "PYTHONIOENCODING": "utf-8",
    }
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(name=entry), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )
    return _VOLATILE.sub(r'"\1": _', done.stdout), _VOLATILE.sub(r'"\1": _', done.stderr), done.returncode


def _invalid_flow(tmp_path: Path) -> Path:
    path = tmp_path / "invalid.json"
    flow = {"name": "x", "steps": [{"id": "a", "type": "message", "text": "\x1b[31mHola\x1b[0m"}]}
    path.write_text(json.dumps(flow), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(VALID)],
        ["validate", "--json", str(VALID)],
        ["validate", str(VALID), "--json"],
        ["validate", "missing.json"],
        ["validate", "INVALID"],
        ["validate", "--json", "INVALID"],
        ["validate", "-"],
        ["generate", "--generator", "offline", "Recupera clientes inactivos con 15% de descuento"],
        ["generate", "--brand=MaisonLune", "Relancez les clients avec 10 % de remise, répondez OUI"],
        ["generate", "Kunden ohne Bestellung seit 90 Tagen 20% Rabatt, Antwort JA", "--generator=offline"],
        ["generate", "- Audience: lapsed buyers\n- Offer: 15% off\n- CTA: reply YES"],
        ["generate", ""],
        ["generate", "-"],
    ],
)
def test_plain_command_lines_print_what_the_click_commands_print(args: list[str], tmp_path: Path) -> None:
    args = [str(_invalid_flow(tmp_path)) if arg == "INVALID" else arg for arg in args]
    assert fast_command(args) is not None
    stdin = VALID.read_text(encoding="utf-8") if args[0] == "validate" else "Win back lapsed buyers, 10% off"
    (tmp_path / "fast").mkdir()
    (tmp_path / "click").mkdir()
    fast = _run("run", args, tmp_path / "fast", stdin)
    slow = _run("main", args, tmp_path / "click", stdin)
    assert fast == slow


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["validate"],
        ["validate", "-h"],
        ["validate", "a.json", "b.json"],
        ["validate", "--json", "--json", "a.json"],
        ["fix", "a.json"],
        ["generate"],
        ["generate", "--help", "brief"],
        ["generate", "--file", "brief.txt"],
        ["generate", "-o", "flow.json", "brief"],
        ["generate", "-oflow.json", "brief"],
        ["generate", "--output=flow.json", "brief"],
        ["generate", "--generator", "nope", "brief"],
        ["generate", "--generator", "offline", "--generator", "llm", "brief"],
        ["generate", "--brand"],
        ["generate", "--brand", "--generator", "brief"],
        ["generate", "two", "words"],
    ],
)
def test_other_command_lines_go_to_click(args: list[str]) -> None:
    assert fast_command(args) is None


def test_shell_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_FLOWGEN_COMPLETE", "bash_complete")
    assert fast_command(["validate", "a.json"]) is None


def test_a_stream_click_would_rewrap_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    assert fast_command(["validate", "a.json"]) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bold": True},
        {"fg": "red"},
        {"fg": "yellow"},
        {"fg": "green", "bold": True},
        {"dim": True},
        {"fg": "red", "bold": True},
    ],
)
def test_style_writes_clicks_escape_codes(kwargs: dict[str, object]) -> None:
    assert output.style("step s1", **kwargs) == click.style("step s1", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["plain ✓", "\x1b[31mred\x1b[0m text", "", "two\nlines"])
@pytest.mark.parametrize("nl", [True, False])
def test_echo_writes_what_click_echo_writes_to_a_pipe(
    text: str, nl: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, theirs = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", ours)
    output.echo(text, err=True, nl=nl)
    click.echo(text, file=theirs, nl=nl)
    assert ours.getvalue() == theirs.getvalue()


def test_the_plain_validate_path_imports_no_click(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['flowgen', 'validate', sys.argv[1]]\n"
        "from flowgen_apps.cli import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print('click' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(VALID)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False"
