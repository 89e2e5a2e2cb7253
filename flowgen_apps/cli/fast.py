"""The plain command lines, run without click (start-up time, docs/benchmarks.md).

`flowgen validate FILE [--json]` and `flowgen generate [--generator G] [--brand B] BRIEF` are
recognised here; `fast_command` returns None for anything else (help, `--file`, `--output`,
repeated or unknown options, a missing or extra argument, shell completion, a stream that is
not UTF-8), and the click group parses that command line exactly as before. What a
recognised command prints and its exit code are the click command's
(tests/unit/test_cli_fast_path.py runs both on the same command lines).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any

from flowgen_apps.cli import output

GENERATORS = ("offline", "llm", "auto")
# `generate`'s options (click.Option names); only the two valued ones below run here
_GENERATE_VALUED = ("--file", "-f", "--output", "-o", "--generator", "--brand")
_GENERATE_FLAGS = ("-h", "--help")
_PLAIN_GENERATE_OPTIONS = ("--generator", "--brand")


def fast_command(args: list[str]) -> Callable[[], None] | None:
    """The command to run for `args` (the words after `flowgen`) without click, or None."""
    if not args or not output.streams_are_plain() or _completing():
        return None
    if args[0] == "validate":
        return _validate_command(args[1:])
    if args[0] == "generate":
        return _generate_command(args[1:])
    return None


def _completing() -> bool:
    """Shell completion is asked for (click's `_<PROG>_COMPLETE` variable)."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _is_value(arg: str) -> bool:
    return arg == "-" or not arg.startswith("-")


def _validate_command(args: list[str]) -> Callable[[], None] | None:
    rest = [arg for arg in args if arg != "--json"]
    if len(rest) != 1 or len(args) - len(rest) > 1 or not _is_value(rest[0]):
        return None
    file, as_json = rest[0], len(args) == 2

    def command() -> None:
        # Imported here: recognising a command line must not load the validator (start-up time).
        from flowgen_apps.cli.validating import run_validate

        _exit(lambda: run_validate(file, as_json=as_json))

    return command


def _generate_command(args: list[str]) -> Callable[[], None] | None:
    """As `generate.brief_last` reads `args`: options where they are named, every other word the brief."""
    values: dict[str, str] = {}
    words: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            words.extend(args[index:])
            break
        name, eq, attached = (
            arg.partition("=") if arg.startswith("--") and not _has_space(arg) else (arg, "", "")
        )
        if arg in _GENERATE_FLAGS or (eq and name in _GENERATE_VALUED) or arg in _GENERATE_VALUED:
            if name not in _PLAIN_GENERATE_OPTIONS or name in values:
                return None
            if not eq:
                if index >= len(args):
                    return None
                attached = args[index]
                index += 1
            if not _is_value(attached) or attached == "-":
                return None
            values[name] = attached
        elif len(arg) > 2 and arg[:2] in ("-f", "-o") and not _has_space(arg):
            return None  # `-oflow.json`: an option with its value attached
        else:
            words.append(arg)
    generator = values.get("--generator")
    if len(words) != 1 or (generator is not None and generator not in GENERATORS):
        return None
    description, brand_name = words[0], values.get("--brand")

    def command() -> None:
        _cache_compiled_patterns()
        # Imported here: recognising a command line must not load the generator (start-up time).
        from flowgen_apps.cli.generating import InputError, read_stdin_brief, run_generate

        def produce() -> int:
            brief = description
            if brief == "-":
                try:
                    brief = read_stdin_brief()
                except InputError as exc:
                    output.echo(f"error: {exc}", err=True)
                    return 2
            return run_generate(
                brief, output=None, generator=generator, brand_name=brand_name, echo=output.echo
            )

        _exit(produce)

    return command


def _cache_compiled_patterns() -> None:
    """Reuse the regular expressions an earlier `generate` compiled (flowgen_core/regex_cache.py).

    Installed before the generator is imported, since its modules compile patterns at import.
    """
    # Imported here: only `generate` compiles enough patterns to gain from the cache.
    from pathlib import Path

    from platformdirs import user_cache_dir

    from flowgen_core.regex_cache import install

    install(Path(user_cache_dir("flowgen", appauthor=False)))


def _has_space(arg: str) -> bool:
    return any(ch.isspace() for ch in arg)


def _exit(body: Callable[[], int]) -> None:
    """Run `body` and exit with its code, as click's standalone mode ends a command."""
    try:
        code = body()
    except (EOFError, KeyboardInterrupt):
        output.echo(err=True)
        output.echo("Aborted!", err=True)
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # Imported here: only a closed pipe needs click's flush wrapper.
        from click.utils import PacifyFlushWrapper

        pacify: Any = PacifyFlushWrapper
        sys.stdout = pacify(sys.stdout)
        sys.stderr = pacify(sys.stderr)
        sys.exit(1)
    sys.exit(code)
