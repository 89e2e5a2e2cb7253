"""What `flowgen validate` does, without click: read the flow, check it, render the report.

Shared by the click command (`flowgen_apps.cli.validate`) and the plain command line
(`flowgen_apps.cli.fast`), so both print the same report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flowgen_core.io import DEFAULT_MAX_BYTES, InputError, load_json_file, parse_json_text

if TYPE_CHECKING:
    from flowgen_core.check.report import Finding, Report

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


# Validation records nothing, so it calls the core directly.
def validate_file_flow(flow: Any) -> Report:
    # Imported here: loading this module (for `--help`, `schema`) needs no validator.
    from flowgen_core.check import validate_flow

    return validate_flow(flow)


def read_flow(source: str) -> dict[str, Any]:
    if source == "-":
        data = sys.stdin.buffer.read(DEFAULT_MAX_BYTES + 1)
        try:
            parsed: dict[str, Any] = parse_json_text(data, expect_object=True)
        except InputError as exc:
            raise InputError(f"<stdin>: {exc}") from None
        return parsed
    loaded: dict[str, Any] = load_json_file(source, expect_object=True)
    return loaded


def _step_count(flow: Any) -> int:
    steps = flow.get("steps") if isinstance(flow, dict) else None
    return len(steps) if isinstance(steps, list) else 0


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report, flow: Any) -> str:
    counts = (
        f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}"
        f" in {plural(_step_count(flow), 'step')}"
    )
    return f"✓ valid: {counts}" if report.valid else f"✗ {counts}"


def render_report(report: Report, flow: Any, style: Callable[..., str]) -> str:
    """Findings grouped by step (flow-level ones first), then a one-line summary."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in [*report.errors, *report.warnings]:
        groups.setdefault(finding.step_id, []).append(finding)
    lines: list[str] = []
    for step_id in sorted(groups, key=lambda s: (s is not None, s or "")):
        lines.append(style(f"step {step_id}" if step_id else "flow", bold=True))
        for finding in groups[step_id]:
            is_error = finding.severity == "error"
            mark = style("✗" if is_error else "!", fg="red" if is_error else "yellow")
            where = f" at {finding.path}" if finding.path else ""
            lines.append(f"  {mark} {finding.code}{where}: {finding.message}")
            if finding.hint:
                lines.append(style(f"      hint: {finding.hint}", dim=True))
    summary = summary_line(report, flow)
    lines.append(style(summary, fg="green" if report.valid else "red", bold=True))
    return "\n".join(lines)


def run_validate(file: str, *, as_json: bool) -> int:
    """`flowgen validate FILE [--json]` printed through `flowgen_apps.cli.output`; the exit code."""
    # Imported here: what only the plain command line uses.
    import json

    from flowgen_apps.cli import output

    try:
        flow = read_flow(file)
    except InputError as exc:
        output.echo(f"error: {exc}", err=True)
        return EXIT_UNREADABLE
    report = validate_file_flow(flow)
    if as_json:
        output.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        tty = output.isatty(sys.stdout)
        output.echo(render_report(report, flow, output.style if tty else _plain))
    return EXIT_VALID if report.valid else EXIT_INVALID


def _plain(text: str, **_: Any) -> str:
    return text
