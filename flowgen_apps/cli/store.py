"""flowgen CLI commands (store): `db upgrade`, `history`, `clock`."""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import UTC, datetime

import click

from flowgen_core.settings import Settings, get_settings


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _when(moment: datetime) -> str:
    seconds = int((datetime.now(UTC) - moment).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"


@click.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to migrate to.")
def db_upgrade(revision: str) -> None:
    """Apply the database migrations (DATABASE_URL)."""
    # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
    from flowgen_core.service.store.db import upgrade

    upgrade(get_settings().database_url, revision)
    click.echo(f"database migrated to {revision}")


@click.command("history")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--query", "-q", default=None, help="Only flows whose name or brief contains this text.")
@click.option("--workspace", default=None, help="Only flows of this workspace (Slack team id, API client).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def history(limit: int, query: str | None, workspace: str | None, as_json: bool) -> None:
    """Recent flows from every interface (CLI, Slack, API), newest first."""
    # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
    from flowgen_core.service.store import FlowStore

    settings = get_settings()
    store = FlowStore(settings.database_url, auto_migrate=settings.db_auto_migrate)
    try:
        versions = store.history(workspace_id=workspace, query=query, limit=limit)
        if store.degraded:
            raise click.ClickException("the history database is unavailable")
    finally:
        store.dispose()
    if as_json:
        rows = [
            {
                "flow_id": v.flow_id,
                "version_id": v.version_id,
                "version": v.version,
                "name": v.name,
                "brief": v.brief,
                "generator": v.generator,
                "valid": v.valid,
                "approved": v.approved,
                "source": v.source,
                "workspace_id": v.workspace_id,
                "user_id": v.user_id,
                "created_at": v.created_at.isoformat(),
            }
            for v in versions
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not versions:
        click.echo("No flows yet.")
        return
    header = f"{'flow':<17} {'ver':>3}  {'name':<28} {'brief':<40} {'gen':<8} {'valid':<5} {'via':<5} when"
    click.echo(header)
    for v in versions:
        click.echo(
            f"{v.flow_id:<17} {v.version:>3}  {_short(v.name, 28):<28} {_short(v.brief, 40):<40} "
            f"{v.generator:<8} {'yes' if v.valid else 'no':<5} {(v.source or '-'):<5} {_when(v.created_at)}"
        )


def _post_digest_to_slack(settings: Settings) -> None:
    """With a bot token and SLACK_DIGEST_CHANNEL, the daily digest goes to Slack (else the log)."""
    # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
    from flowgen_core.service.jobs import set_digest_sink

    try:
        # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
        from flowgen_apps.slack.digest import slack_digest_sink
    except ImportError:  # the library installed without the Slack app
        return
    sink = slack_digest_sink(settings)
    if sink is not None:
        set_digest_sink(sink)


@click.command("clock")
@click.option("--run", "run_now", default=None, help="Run one job now and exit (e.g. retention_purge).")
def clock(run_now: str | None) -> None:
    """Run the scheduled jobs (retention, outbox replay, usage digest). One per deployment."""
    # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
    from flowgen_core.service.cache import build_cache
    from flowgen_core.service.jobs import JOBS, build_scheduler, run_job
    from flowgen_core.service.store import FlowStore

    settings = get_settings()
    # Imported here: the store, jobs and Slack stacks load only for the command that uses them.
    from flowgen_core.logging import configure_logging

    configure_logging(settings.log_level, json=settings.log_json)
    # Their INFO lines (plugin setup, "job added") drown the jobs' own reports.
    for noisy in ("alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    store = FlowStore(settings.database_url, auto_migrate=settings.db_auto_migrate)
    cache = build_cache(settings)
    _post_digest_to_slack(settings)
    if run_now:
        if run_now not in JOBS:
            raise click.BadParameter(f"unknown job; choose from {', '.join(JOBS)}", param_hint="--run")
        ran = run_job(run_now, store, cache, settings)
        click.echo(f"{run_now}: {'done' if ran else 'skipped (another clock holds the lock)'}")
        return
    scheduler = build_scheduler(store, cache, settings)
    click.echo(f"clock started with jobs: {', '.join(JOBS)}")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()


COMMANDS: list[click.Command] = [db_group, history, clock]
