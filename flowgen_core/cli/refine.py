"""flowgen CLI commands (refine)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
