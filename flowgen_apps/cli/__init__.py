"""`flowgen` console script: a thin shell over FlowService.

`main` is the click group (`flowgen_apps.cli.group`). The console script enters through `run`:
the two commands people run most, `flowgen validate FILE [--json]` and `flowgen generate
BRIEF` (with `--generator`/`--brand`), written plainly, run without importing click at all
(about a third of `validate`'s start-up, docs/benchmarks.md); any other command line (help,
other options, a mistake click reports) goes to the click group, which parses it as before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowgen_apps.cli.group import main

__all__ = ["main", "run"]


def __getattr__(name: str) -> Any:
    if name == "main":
        # Imported here: the click group loads click, which the plain command lines skip.
        from flowgen_apps.cli.group import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """The console script: the plain command lines without click, everything else through it."""
    # Imported here: the plain command lines skip click (start-up time).
    from flowgen_apps.cli.fast import fast_command

    command = fast_command(sys.argv[1:])
    if command is not None:
        command()
        return
    # Imported here: only a command line the plain path does not run needs click.
    from flowgen_apps.cli.group import main

    main()
