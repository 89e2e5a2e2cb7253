"""What `flowgen generate` does once it has the brief, without click.

Shared by the click command (`flowgen_apps.cli.generate`) and the plain command line
(`flowgen_apps.cli.fast`), so both print the same flow, notices and summary.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowgen_core.io import InputError, read_stream_limited

if TYPE_CHECKING:
    from flowgen_core.check.report import Report
    from flowgen_core.settings import Settings

# A brief is a few sentences (the service refuses more than MAX_BRIEF_CHARS); reading is cut off
# well above that, so `--file /dev/zero` fails at once instead of filling memory.
MAX_BRIEF_FILE_BYTES = 1_000_000

Echo = Callable[..., None]


def produce(description: str, *, settings: Settings, generator: str | None, brand_name: str | None) -> Any:
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


def _summary(report: Report) -> str:
    head = "valid" if report.valid else "INVALID"
    lines = [f"{head}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"]
    for finding in [*report.errors, *report.warnings]:
        where = f" [{finding.step_id}]" if finding.step_id else ""
        lines.append(f"  {finding.severity}: {finding.code}{where}: {finding.message}")
    return "\n".join(lines)


def read_stdin_brief() -> str:
    """The brief from stdin (`flowgen generate -`), cut off at MAX_BRIEF_FILE_BYTES."""
    return read_stream_limited(sys.stdin.buffer, max_bytes=MAX_BRIEF_FILE_BYTES)


def run_generate(
    description: str,
    *,
    output: Path | None,
    generator: str | None,
    brand_name: str | None,
    echo: Echo,
    produce: Callable[..., Any] = produce,
) -> int:
    """Generate from `description`, print or write the flow and the summary; the exit code."""
    # Imported here: the plain command line reads the settings only once it runs.
    from flowgen_core.settings import get_settings

    # Empty or overlong text is refused by the core's boundary check (GenerationError below).
    try:
        result = produce(description, settings=get_settings(), generator=generator, brand_name=brand_name)
    except Exception as exc:
        # Imported here: a command loads the generator stack and the store only when it runs.
        from flowgen_core.planners.base import GenerationError

        if isinstance(exc, GenerationError):
            echo(f"error: {exc}", err=True)
            return 2
        echo(f"error: generation failed: {type(exc).__name__}: {exc}", err=True)
        return 2
    text = json.dumps(result.flow, indent=2, ensure_ascii=False)
    if output is not None:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            echo(f"error: cannot write {output}: {exc.strerror}", err=True)
            return 2
        echo(f"wrote {output}", err=True)
    else:
        echo(text)
    understood = getattr(result, "understood", [])
    if understood:
        echo("What I understood:", err=True)
        for line in understood:
            echo(f"  {line}", err=True)
    for notice in result.notices:
        echo(f"notice: {notice}", err=True)
    echo(_summary(result.report), err=True)
    return 0 if result.report.valid else 1


__all__ = ["MAX_BRIEF_FILE_BYTES", "InputError", "read_stdin_brief", "run_generate"]
