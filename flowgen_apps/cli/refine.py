"""`flowgen refine` and `flowgen diff`.

Exit codes for refine: 0 the new flow is valid, 1 it still has errors, 2 unreadable input,
3 the instruction cannot be applied (nothing on stdout; the reason and the supported
phrasings on stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from flowgen_core.diff import diff_flows
from flowgen_core.errors import FlowgenError, RefinementRefused
from flowgen_core.io import InputError, dump_json, load_json_file

EXIT_REFUSED = 3


def _fail(reason: str, code: int = 2) -> None:
    click.echo(f"error: {reason}", err=True)
    sys.exit(code)


def _load(path: str) -> dict[str, Any]:
    try:
        flow: dict[str, Any] = load_json_file(path, expect_object=True)
    except InputError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits
    return flow


@click.command("refine")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("instruction")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the new flow here."
)
@click.option("--generator", type=click.Choice(["offline", "llm", "auto"]), default=None)
def refine_command(file: str, instruction: str, output: Path | None, generator: str | None) -> None:
    """Change the flow in FILE as INSTRUCTION says ("make the discount 20%")."""
    # Imported here: a command loads the editor and the store only when it runs.
    from flowgen_apps.cli.shell import cli_context, service_or_none

    flow = _load(file)
    service = service_or_none()
    try:
        if service is not None:
            outcome = service.refine(instruction, context=cli_context(), flow=flow, generator=generator)
            new_flow, report, diff, summary, notices = (
                outcome.flow,
                outcome.report,
                outcome.diff,
                outcome.summary,
                outcome.notices,
            )
        else:
            # Imported here: a command loads the editor and the store only when it runs.
            from flowgen_core.refine.editor import refine

            result = refine(flow, instruction, generator=generator)
            new_flow, report, diff, summary, notices = (
                result.flow,
                result.report,
                result.diff,
                result.summary,
                result.notices,
            )
    except RefinementRefused as exc:
        click.echo(f"cannot apply: {exc}", err=True)
        if exc.suggestions:
            click.echo("Supported phrasings:", err=True)
            for line in exc.suggestions:
                click.echo(f"  - {line}", err=True)
        sys.exit(EXIT_REFUSED)
    except FlowgenError as exc:
        _fail(str(exc))
        return
    text = dump_json(new_flow)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    click.echo(summary, err=True)
    for line in diff.lines() if diff is not None else ():
        click.echo(f"  {line}", err=True)
    for notice in notices:
        click.echo(f"notice: {notice}", err=True)
    sys.exit(0 if report.valid else 1)


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the structured diff as JSON.")
def diff_command(old: str, new: str, as_json: bool) -> None:
    """Show what changed between two flows. Exit 0 when identical, 1 when they differ."""
    diff = diff_flows(_load(old), _load(new))
    if as_json:
        click.echo(dump_json(diff.to_dict()), nl=False)
    else:
        click.echo(diff.counts())
        for line in diff.lines():
            click.echo(f"  {line}")
    sys.exit(0 if diff.is_empty() else 1)


COMMANDS: list[click.Command] = [refine_command, diff_command]
