"""flowgen CLI commands: `serve` (REST API + Slack routes), `bot --socket`, `apikey create/revoke`.

The web and Slack code lives in the `bot` package; it is imported inside the commands so
the core CLI never loads FastAPI or Bolt unless one of these commands runs.
"""

from __future__ import annotations

import secrets

import click

from flowgen_core.settings import Settings, get_settings


def _has_any_api_key(settings: Settings) -> bool:
    if any(k.strip() for k in settings.flowgen_api_keys.split(",")):
        return True
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_core.service.store import FlowStore

    store = FlowStore(settings.database_url, auto_migrate=settings.db_auto_migrate)
    try:
        return any(key.get("revoked_at") is None for key in store.list_api_keys())
    finally:
        store.dispose()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port (0 = any free port).")
@click.option(
    "--dev-key",
    is_flag=True,
    help="Generate a throw-away API key for this process only and print it once.",
)
def serve_command(host: str, port: int, dev_key: bool) -> None:
    """Run the REST API (and the Slack routes when configured) with uvicorn.

    With no configuration this uses the embedded defaults: SQLite in the user data
    directory, the in-process cache, and the offline generator unless OPENAI_API_KEY is set.
    """
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    import uvicorn

    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_apps.web import create_app

    settings = get_settings()
    if dev_key:
        key = "fgk_dev_" + secrets.token_urlsafe(24)
        existing = settings.flowgen_api_keys.strip()
        settings = settings.model_copy(update={"flowgen_api_keys": f"{existing},{key}" if existing else key})
        click.echo(f"Development API key (valid while this process runs): {key}")
    elif not _has_any_api_key(settings):
        click.echo(
            "No API key configured: /api/v1 will answer 401. Create one with `flowgen apikey create NAME`, "
            "set FLOWGEN_API_KEYS, or restart with --dev-key."
        )
    app = create_app(settings)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        timeout_graceful_shutdown=settings.shutdown_timeout_s,
    )


@click.command("bot")
@click.option(
    "--socket", "socket_mode", is_flag=True, help="Run the Slack app over Socket Mode (development)."
)
def bot_command(socket_mode: bool) -> None:
    """Run the Slack app. Over HTTP it is served by `flowgen serve`; --socket needs SLACK_APP_TOKEN."""
    if not socket_mode:
        raise click.UsageError(
            "Over HTTP the Slack app is part of `flowgen serve` (routes /slack/events, /slack/install). "
            "Pass --socket to run it over Socket Mode."
        )
    settings = get_settings()
    if settings.slack_app_token is None or settings.slack_bot_token is None:
        raise click.ClickException("Socket Mode needs SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN (xoxb-…).")
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_core.logging import configure_logging

    configure_logging(settings.log_level, settings.log_json)
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_apps.slack.socket import run_socket_mode

    run_socket_mode(settings)


@click.group("apikey")
def apikey_group() -> None:
    """Manage REST API keys stored (hashed) in the database."""


@apikey_group.command("create")
@click.argument("name")
@click.option(
    "--tenant",
    default=None,
    help="The tenant (organisation) whose flows the key reads and writes; default: NAME itself.",
)
@click.option(
    "--cross-tenant-read/--no-cross-tenant-read",
    default=None,
    help="Admin scope: the key may also read (never change) every other tenant's flows. "
    "A rotation keeps the key's current scope unless this is given.",
)
def apikey_create(name: str, tenant: str | None, cross_tenant_read: bool | None) -> None:
    """Create (or rotate) the key NAME and print it once; only its hash is stored.

    Rotating an existing key keeps its tenant and scope unless --tenant / the scope flag say otherwise."""
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_core.errors import FlowgenError
    from flowgen_core.service.store import FlowStore

    settings = get_settings()
    store = FlowStore(settings.database_url, auto_migrate=settings.db_auto_migrate)
    try:
        key = store.create_api_key(name, tenant=tenant, cross_tenant_read=cross_tenant_read)
    except FlowgenError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.dispose()
    click.echo(key)
    click.echo(
        f"API key {name!r} created{f' for tenant {tenant!r}' if tenant else ''}; it is shown only once. "
        "Send it as `Authorization: Bearer <key>`.",
        err=True,
    )


@apikey_group.command("revoke")
@click.argument("name")
def apikey_revoke(name: str) -> None:
    """Revoke the key NAME (requests with it get 401 from now on)."""
    # Imported here: the web, Slack and store stacks load only for the command that serves them.
    from flowgen_core.service.store import FlowStore

    settings = get_settings()
    store = FlowStore(settings.database_url, auto_migrate=settings.db_auto_migrate)
    try:
        revoked = store.revoke_api_key(name)
    finally:
        store.dispose()
    if not revoked:
        raise click.ClickException(f"No active API key named {name!r}.")
    click.echo(f"API key {name!r} revoked.")


COMMANDS: list[click.Command] = [serve_command, bot_command, apikey_group]
