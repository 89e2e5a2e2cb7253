"""Multi-workspace mode: install through OAuth into the SQLAlchemy stores, serve, uninstall."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from flowgen_apps.slack.app import SlackConfigError, build_app
from flowgen_apps.slack.http import slack_routes
from flowgen_apps.slack.listeners.delivery import Background
from flowgen_apps.slack.oauth import build_stores
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings
from tests.fakes.slack_stub import TEAM_ID, AppServer, SlackSender, SlackStub

SECRET = "oauth-signing-secret"


def _settings(tmp_path: Path, stub: SlackStub, **overrides) -> Settings:
    values = {
        "_env_file": None,
        "database_url": f"sqlite:///{tmp_path / 'oauth.sqlite3'}",
        "flowgen_generator": "offline",
        "slack_signing_secret": SECRET,
        "slack_client_id": "111.222",
        "slack_client_secret": "client-secret",
        "slack_api_url": stub.api_url,
    }
    values.update(overrides)
    return Settings(**values)


def test_install_serve_and_uninstall(slack_stub: SlackStub, tmp_path: Path):
    settings = _settings(tmp_path, slack_stub)
    service = FlowService(settings)
    background = Background()
    app = build_app(settings, service, background=background)
    installations, _ = build_stores(settings)
    with (
        AppServer(Starlette(routes=slack_routes(app, signing_secret=SECRET))) as server,
        httpx.Client(base_url=server.base_url) as web,
    ):
        install = web.get("/slack/install")
        assert install.status_code == 200
        state = re.search(r"state=([A-Za-z0-9_-]+)", install.text).group(1)
        assert "slack-app-oauth-state" in install.headers.get("set-cookie", "")

        # The state cookie is `Secure`, so the client won't return it over plain http: send it as a browser would.
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        callback = web.get(
            "/slack/oauth_redirect", params={"code": "the-code", "state": state}, headers=cookie
        )
        assert callback.status_code == 200, callback.text
        assert slack_stub.calls_to("oauth.v2.access")
        bot = installations.find_bot(enterprise_id=None, team_id=TEAM_ID)
        assert bot is not None and bot.bot_token == "xoxb-stub-installed"

        # A request from the installed workspace is served with the stored token.
        slack = SlackSender(f"{server.base_url}/slack/events", SECRET)
        assert slack.command("history").status_code == 200
        slack_stub.wait_for("chat.postEphemeral")
        # Later requests are acked without asking Slack about the token again.
        asked = len(slack_stub.calls_to("auth.test"))
        for _ in range(3):
            assert slack.command("help").status_code == 200
        assert len(slack_stub.calls_to("auth.test")) == asked

        # A replayed callback (state already used) is refused.
        replay = web.get("/slack/oauth_redirect", params={"code": "x", "state": state}, headers=cookie)
        assert replay.status_code >= 400

        # Uninstalling deletes the workspace's installation.
        assert slack.event({"type": "app_uninstalled"}).status_code == 200
        deadline = time.monotonic() + 5
        while installations.find_bot(enterprise_id=None, team_id=TEAM_ID) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert installations.find_bot(enterprise_id=None, team_id=TEAM_ID) is None
        slack.close()
    background.shutdown(wait=True)


def test_http_mode_needs_a_signing_secret_and_a_token(slack_stub: SlackStub, tmp_path: Path):
    service = FlowService(_settings(tmp_path, slack_stub))
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(_settings(tmp_path, slack_stub, slack_signing_secret=None), service)
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        build_app(_settings(tmp_path, slack_stub, slack_client_id=None, slack_client_secret=None), service)


def test_socket_mode_needs_an_app_token(slack_stub: SlackStub, tmp_path: Path):
    from flowgen_apps.slack.socket import build_socket_handler

    settings = _settings(tmp_path, slack_stub, slack_client_id=None, slack_bot_token="xoxb-t")
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN"):
        build_socket_handler(settings, FlowService(settings))


def test_socket_mode_handler_talks_to_the_configured_api(slack_stub: SlackStub, tmp_path: Path):
    from flowgen_apps.slack.socket import build_socket_handler

    settings = _settings(
        tmp_path,
        slack_stub,
        slack_client_id=None,
        slack_client_secret=None,
        slack_signing_secret=None,  # not needed over Socket Mode
        slack_bot_token="xoxb-t",
        slack_app_token="xapp-t",
    )
    handler = build_socket_handler(settings, FlowService(settings))
    try:
        assert handler.client.web_client.base_url == slack_stub.api_url
        assert handler.app.client.base_url == slack_stub.api_url
    finally:
        handler.client.close()
