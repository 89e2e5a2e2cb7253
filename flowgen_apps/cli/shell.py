"""What every CLI command shares: the request context and the service façade.

A command that produces a flow goes through FlowService so the version lands in the
history database. If the service cannot even be built (an unreadable DATABASE_URL, say),
the command still does its job on the core alone and says that history is off.
"""

from __future__ import annotations

import getpass
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from flowgen_apps.cli import output
from flowgen_core.context import RequestContext

if TYPE_CHECKING:
    from flowgen_core.service.facade import FlowService
    from flowgen_core.service.store import FlowStore
    from flowgen_core.service.store.sqlite_direct import SqliteHistory

log = logging.getLogger(__name__)


def cli_context() -> RequestContext:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "local"
    return RequestContext(source="cli", workspace_id="local", user_id=user)


def service_or_none(*, new_flows_only: bool = False) -> FlowService | None:
    """The service, or None (with a notice) when it cannot be built.

    `new_flows_only`: the command only records new flows (`generate`). On a SQLite history
    database already at head, the service then records through `SqliteHistory`, which writes
    the same rows with the standard library's sqlite3 instead of importing the ORM; anything
    it cannot write goes to the full store.
    """
    # Imported here: the façade loads the store and generators; only commands that record need it.
    from flowgen_core.service.facade import FlowService

    try:
        history = _direct_history() if new_flows_only else None
        # SqliteHistory answers the two store calls `FlowService.generate` makes.
        return FlowService(store=cast("FlowStore", history)) if history is not None else FlowService()
    except Exception as exc:  # history is a convenience for the CLI, never a reason to fail
        log.debug("service unavailable", exc_info=True)
        # click's echo under the click group (it may have wrapped the streams), the same bytes otherwise
        click = sys.modules.get("click")
        echo = click.echo if click is not None else output.echo
        echo(f"notice: history is off for this run ({type(exc).__name__}: {exc})", err=True)
        return None


def _direct_history() -> SqliteHistory | None:
    # Imported here: only a command that records new flows opens the direct writer.
    from platformdirs import user_data_dir

    from flowgen_core.service.store.sqlite_direct import SqliteHistory
    from flowgen_core.settings import get_settings

    settings = get_settings()
    return SqliteHistory.open(
        settings.database_url,
        outbox_dir=Path(user_data_dir("flowgen", appauthor=False)),
        auto_migrate=settings.db_auto_migrate,
    )
