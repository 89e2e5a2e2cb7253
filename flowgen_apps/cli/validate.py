"""`flowgen validate`, `flowgen fix` and `flowgen schema`.

Exit codes: 0 the flow is valid, 1 it has errors, 2 the input could not be read.
Unreadable input prints one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from flowgen_apps.cli.validating import (
    EXIT_INVALID,
    EXIT_UNREADABLE,
    EXIT_VALID,
    plural,
    read_flow,
    render_report,
    summary_line,
    validate_file_flow,
)
from flowgen_core.io import InputError, dump_json


def _fix(flow: Any) -> Any:
    """Returns an object with `.flow`, `.changes` and `.report` (FlowOutcome or FixResult)."""
    # Imported here: `validate` must not pay for what only `fix` or `schema` use (start-up time).
    from flowgen_apps.cli.shell import cli_context, service_or_none
    from flowgen_core.check.autofix import autofix

    service = service_or_none() if isinstance(flow, dict) else None
    if service is not None:
        return service.fix(context=cli_context(), flow=flow)

    description = flow.get("description") if isinstance(flow, dict) else None
    return autofix(flow, verbatim=_verbatim_copy(description))


def _verbatim_copy(description: Any) -> list[str]:
    """Copy quoted in the brief kept in `description` must keep its variable spelling."""
    if not isinstance(description, str) or not description.strip():
        return []
    try:
        # Imported here: `validate` must not pay for what only `fix` or `schema` use (start-up time).
        from flowgen_core.brief import extract_brief

        return list(extract_brief(description).quoted_copy)
    except Exception:  # the brief extractor is a nicety here, never a reason to fail
        return []


def _fail_unreadable(error: InputError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_UNREADABLE)


def styler(stream: Any) -> Callable[..., str]:
    """click.style on a terminal, plain text anywhere else (files, pipes, CI logs)."""
    try:
        is_tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        is_tty = False
    if is_tty:
        return click.style
    return lambda text, **_: text


@click.command("validate")
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print {valid, errors, warnings} as JSON.")
def validate_command(file: str, as_json: bool) -> None:
    """Check a FlowBuilder flow JSON file (FILE or - for stdin) against the spec."""
    try:
        flow = read_flow(file)
    except InputError as exc:
        _fail_unreadable(exc)
        return
    report = validate_file_flow(flow)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_report(report, flow, styler(sys.stdout)))
    sys.exit(EXIT_VALID if report.valid else EXIT_INVALID)


@click.command("fix")
@click.argument("file", metavar="FILE")
@click.option(
    "-o",
    "--output",
    "output",
    default="-",
    metavar="OUT",
    help="Write the corrected flow here (default stdout).",
)
def fix_command(file: str, output: str) -> None:
    """Apply the deterministic corrections to a flow (FILE or - for stdin).

    The corrected flow goes to OUT (stdout by default); the change log goes to stderr.
    """
    try:
        flow = read_flow(file)
        result = _fix(flow)  # the service refuses what it cannot store (NaN, NUL, lone surrogates)
    except InputError as exc:
        _fail_unreadable(exc)
        return
    text = dump_json(result.flow)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            _fail_unreadable(InputError(f"{output}: cannot write ({exc.strerror or exc})"))
            return
    style = styler(sys.stderr)
    for change in result.changes:
        click.echo(f"fixed {change.describe()}", err=True)
    for finding in result.report.errors:
        where = f"{finding.step_id}: " if finding.step_id else ""
        click.echo(style(f"remaining {finding.code} {where}{finding.message}", fg="red"), err=True)
    n = len(result.changes)
    click.echo(
        style(
            f"{plural(n, 'change')}; " + summary_line(result.report, result.flow),
            fg="green" if result.report.valid else "red",
        ),
        err=True,
    )
    sys.exit(EXIT_VALID if result.report.valid else EXIT_INVALID)


def _load_schema() -> dict[str, Any]:
    # Imported here: `validate` must not pay for what only `fix` or `schema` use (start-up time).
    import flowgen_core.format as flowbuilder

    for name in ("load_schema", "flow_json_schema", "json_schema", "get_schema"):
        loader = getattr(flowbuilder, name, None)
        if callable(loader):
            found: dict[str, Any] = loader()
            return found
    schema = getattr(flowbuilder, "SCHEMA", None)
    if isinstance(schema, dict):
        return schema
    raise RuntimeError("flowgen_core.format exposes no JSON Schema loader")


@click.command("schema")
def schema_command() -> None:
    """Print the FlowBuilder JSON Schema this project validates against."""
    try:
        schema = _load_schema()
    except (ImportError, RuntimeError, OSError, ValueError) as exc:
        click.echo(f"error: the JSON Schema is not available ({exc})", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(dump_json(schema), nl=False)


COMMANDS: list[click.Command] = [validate_command, fix_command, schema_command]
