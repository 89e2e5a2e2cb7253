"""flowgen CLI commands (generate)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flowgen_core.io import InputError, read_stream_limited, read_text_limited
from flowgen_core.settings import Settings, get_settings

if TYPE_CHECKING:
    from flowgen_core.check.report import Report

# A brief is a few sentences (the service refuses more than MAX_BRIEF_CHARS); reading is cut off
# well above that, so `--file /dev/zero` fails at once instead of filling memory.
MAX_BRIEF_FILE_BYTES = 1_000_000


def _produce(description: str, *, settings: Settings, generator: str | None, brand_name: str | None) -> Any:
    """Make a flow through the service façade, so the version lands in `flowgen history`."""
    # Imported here: a command loads the generator stack and the store only when it runs.
    from flowgen_apps.cli.shell import cli_context, service_or_none

    service = service_or_none(new_flows_only=True)
    if service is not None:
        return service.generate(
            description, context=cli_context(), generator=generator, brand_name=brand_name
        )
    # Imported here: a command loads the generator stack and the store only when it runs.
    from flowgen_core.pipeline import generate_flow

    return generate_flow(description, settings=settings, generator=generator, brand_name=brand_name)


def _fail(reason: str) -> None:
    click.echo(f"error: {reason}", err=True)
    sys.exit(2)


def _summary(report: Report) -> str:
    head = "valid" if report.valid else "INVALID"
    lines = [f"{head}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"]
    for finding in [*report.errors, *report.warnings]:
        where = f" [{finding.step_id}]" if finding.step_id else ""
        lines.append(f"  {finding.severity}: {finding.code}{where}: {finding.message}")
    return "\n".join(lines)


class _BriefCommand(click.Command):
    """A command whose brief may begin with dashes.

    A pasted brief ("- Audience: ...", "---------- Forwarded message") is the brief, not
    options: read as options, "- Offer" would hold a `-f` and `-o` and read or write a file
    named after the words. Only the command's own options are options; every other word is
    moved behind `--`, so it reaches the DESCRIPTION argument whatever it starts with.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, brief_last(args, self.get_params(ctx)))


def brief_last(args: list[str], params: list[click.Parameter]) -> list[str]:
    """`args` with the options first, then `--` and the other words in their order."""
    names: set[str] = set()
    valued: set[str] = set()
    for param in params:
        if isinstance(param, click.Option):
            for name in [*param.opts, *param.secondary_opts]:
                names.add(name)
                if not param.is_flag and not param.count:
                    valued.add(name)
    options: list[str] = []
    words: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            words.extend(args[index:])
            break
        if arg in names:
            options.append(arg)
            if arg in valued and index < len(args):
                options.append(args[index])
                index += 1
        elif _option_with_value(arg, valued):
            options.append(arg)
        else:
            words.append(arg)
    return [*options, "--", *words] if words else options


def _option_with_value(arg: str, valued: set[str]) -> bool:
    """`--output=flow.json` or `-oflow.json`: a known option with its value attached (no spaces)."""
    if any(ch.isspace() for ch in arg):
        return False
    if arg.startswith("--"):
        return "=" in arg and arg.split("=", 1)[0] in valued
    return len(arg) > 2 and arg[:2] in valued


@click.command("generate", cls=_BriefCommand)
@click.argument("description", required=False)
@click.option(
    "--file",
    "-f",
    "file_",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the brief from a file.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the flow JSON here."
)
@click.option(
    "--generator",
    type=click.Choice(["offline", "llm", "auto"]),
    default=None,
    help="Planner to use (default: FLOWGEN_GENERATOR).",
)
@click.option("--brand", "brand_name", default=None, help="Brand name to write into the copy.")
def generate_command(
    description: str | None,
    file_: Path | None,
    output: Path | None,
    generator: str | None,
    brand_name: str | None,
) -> None:
    """Generate a FlowBuilder flow from a campaign brief (DESCRIPTION, --file, or stdin with '-')."""
    try:
        if file_ is not None:
            description = read_text_limited(file_, max_bytes=MAX_BRIEF_FILE_BYTES, what="brief file")
        elif description == "-":
            description = read_stream_limited(sys.stdin.buffer, max_bytes=MAX_BRIEF_FILE_BYTES)
    except InputError as exc:
        _fail(str(exc))
        return
    # Empty or overlong text is refused by the core's boundary check (GenerationError below).
    try:
        result = _produce(
            description or "", settings=get_settings(), generator=generator, brand_name=brand_name
        )
    except Exception as exc:
        # Imported here: a command loads the generator stack and the store only when it runs.
        from flowgen_core.planners.base import GenerationError

        if isinstance(exc, GenerationError):
            _fail(str(exc))
            return
        _fail(f"generation failed: {type(exc).__name__}: {exc}")
        return
    text = json.dumps(result.flow, indent=2, ensure_ascii=False)
    if output is not None:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)
    understood = getattr(result, "understood", [])
    if understood:
        click.echo("What I understood:", err=True)
        for line in understood:
            click.echo(f"  {line}", err=True)
    for notice in result.notices:
        click.echo(f"notice: {notice}", err=True)
    click.echo(_summary(result.report), err=True)
    sys.exit(0 if result.report.valid else 1)


COMMANDS: list[click.Command] = [generate_command]
