"""The `flowgen` click group: a thin shell over FlowService.

Each sub-module contributes its commands; this module only assembles the group. A command's
module is imported when that command runs (or when help lists it), so `flowgen validate`
does not pay for the generator stack, the store or the web server.
"""

from __future__ import annotations

import importlib

import click

# command name -> the module that defines it (as `COMMANDS`)
_COMMAND_MODULES: dict[str, str] = {
    "validate": "validate",
    "fix": "validate",
    "schema": "validate",
    "generate": "generate",
    "refine": "refine",
    "diff": "refine",
    "db": "store",
    "history": "store",
    "clock": "store",
    "serve": "serve",
    "bot": "serve",
    "apikey": "serve",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in _COMMAND_MODULES:
            return command
        module = importlib.import_module(f"flowgen_apps.cli.{_COMMAND_MODULES[cmd_name]}")
        for candidate in module.COMMANDS:
            self.add_command(candidate)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flowgen")
def main() -> None:
    """Turn campaign briefs into validated FlowBuilder SMS flows."""
