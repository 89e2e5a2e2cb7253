"""flowgen CLI commands (generate)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowgen_apps.cli.generating import MAX_BRIEF_FILE_BYTES, produce, read_stdin_brief, run_generate
from flowgen_core.io import InputError, read_text_limited

# the producer the command uses (tests replace it)
_produce = produce


def _fail(reason: str) -> None:
    click.echo(f"error: {reason}", err=True)
    sys.exit(2)


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
            description = read_stdin_brief()
    except InputError as exc:
        _fail(str(exc))
        return
    code = run_generate(
        description or "",
        output=output,
        generator=generator,
        brand_name=brand_name,
        echo=click.echo,
        produce=_produce,
    )
    sys.exit(code)


COMMANDS: list[click.Command] = [generate_command]
