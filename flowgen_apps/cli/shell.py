"""What every CLI command shares: the request context and the service façade.

A command that produces a flow goes through FlowService so the version lands in the
history database. If the service cannot even be built (an unreadable DATABASE_URL, say),
the command still does its job on the core alone and says that history is off.
"""

from __future__ import annotations

import getpass
import logging
from typing import TYPE_CHECKING

import click

from flowgen_core.context import RequestContext

if TYPE_CHECKING:
    from flowgen_core.service.facade import FlowService

log = logging.getLogger(__name__)


def cli_context() -> RequestContext:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "local"
    return RequestContext(source="cli", workspace_id="local", user_id=user)


def service_or_none() -> FlowService | None:
    # Imported here: the façade loads the store and generators; only commands that record need it.
    from flowgen_core.service.facade import FlowService

    try:
        return FlowService()
    except Exception as exc:  # history is a convenience for the CLI, never a reason to fail
        log.debug("service unavailable", exc_info=True)
        click.echo(f"notice: history is off for this run ({type(exc).__name__}: {exc})", err=True)
        return None
