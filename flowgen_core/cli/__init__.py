"""`flowgen` console script: a thin shell over FlowService.

Each sub-module contributes its commands; this module only assembles the group.
"""

from __future__ import annotations

import click

from flowgen_core.cli import generate, serve, store, validate
from flowgen_core.cli import refine as refine_cmds


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flowgen")
def main() -> None:
    """Turn campaign briefs into validated FlowBuilder SMS flows."""


for module in (validate, generate, refine_cmds, store, serve):
    for command in module.COMMANDS:
        main.add_command(command)
