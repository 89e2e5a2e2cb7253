"""Tenancy over real signed HTTP: two installed workspaces (OAuth mode) and two API keys.

One deployable app (`flowgen_apps.web.create_app`: REST API + Slack routes) on SQLite, Slack's Web
API played by the local stub. Every cross-tenant attempt — each Slack button, the refine
modal, a thread reply, the JSON download, each REST route — is refused and changes
nothing; each tenant's own flows keep working; the change policy (creator or admin
approves, approved flows are locked until reopened) holds on both surfaces.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from slack_sdk.oauth.installation_store import Installation

from flowgen_apps.slack import blocks
from flowgen_apps.slack.oauth import BOT_SCOPES, build_stores
from flowgen_apps.web import create_app
from flowgen_core.context import RequestContext
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings
from tests.fakes.slack_stub import BOT_USER_ID, AppServer, SlackSender, SlackStub

SECRET = "tenancy-signing-secret"
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply SAVE for the code"
T1, T2 = "T0ACME", "T0GLOBEX"
C1, C2 = "C0ACME", "C0GLOBEX"


@dataclass
class World:
    stub: SlackStub
    service: FlowService
    acme: SlackSender  # workspace T1
    globex: SlackSender  # workspace T2
    api: httpx.Client
    key_a: str  # API tenant "acme-api"
    key_b: str  # API tenant "globex-api"
    key_admin: str  # cross-tenant read scope


def _install(settings: Settings, team_id: str) -> None:
    installations, _ = build_stores(settings)
    installations.save(
        Installation(
            app_id="A0STUB",
            team_id=team_id,
            bot_token=f"xoxb-{team_id.lower()}",
            bot_id="B0BOT",
            bot_user_id=BOT_USER_ID,
            bot_scopes=list(BOT_SCOPES),
            user_id="U0INSTALLER",
            installed_at=time.time(),
        )
    )


@pytest.fixture
def world(slack_stub: SlackStub, tmp_path: Path) -> Iterator[World]:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'tenancy.sqlite3'}",
        flowgen_generator="offline",
        slack_signing_secret=SECRET,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
        slack_api_url=slack_stub.api_url,
        rate_limit_per_minute=100_000,
    )
    service = FlowService(settings)
    _install(settings, T1)
    _install(settings, T2)
    key_a = service.store.create_api_key("acme-client", tenant="acme-api")
    key_b = service.store.create_api_key("globex-client", tenant="globex-api")
    key_admin = service.store.create_api_key("auditor", tenant="ops", cross_tenant_read=True)
    with AppServer(create_app(settings, service)) as server, httpx.Client(base_url=server.base_url) as api:
        acme = SlackSender(f"{server.base_url}/slack/events", SECRET, team_id=T1)
        globex = SlackSender(f"{server.base_url}/slack/events", SECRET, team_id=T2)
        try:
            yield World(slack_stub, service, acme, globex, api, key_a, key_b, key_admin)
        finally:
            acme.close()
            globex.close()


def _button_value(params: dict, action_id: str) -> str:
    for block in params.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button")


def _preview_in(w: World, sender: SlackSender, channel: str, user: str = "U0ALICE") -> dict:
    sender.command(BRIEF, channel=channel, user=user)
    preview = w.stub.wait_for(
        "chat.update",
        timeout=20,
        where=lambda c: c.params.get("channel") == channel and blocks.ACTION_DOWNLOAD in json.dumps(c.params),
    )[-1].params

    def diagram_sent(calls: list) -> bool:
        return any(
            c.method == "files.completeUploadExternal"
            or (c.method == "chat.postMessage" and "Diagram" in str(c.params.get("text")))
            for c in calls
        )

    w.stub.wait_until(diagram_sent, timeout=20)  # the last thing a new flow posts
    return preview


def _snapshot(w: World, version_id: str) -> dict[str, Any]:
    stored = w.service.get_version(version_id)
    versions = w.service.list_versions(stored.flow_id)
    return {
        "versions": [(v.version_id, v.approved) for v in versions],
        "locked": stored.locked,
        "thread": (stored.channel_id, stored.thread_ts),
        "tenant": stored.tenant_id,
    }


def _refusals(w: World, count: int) -> list:
    return w.stub.wait_for("chat.postEphemeral", count=count, timeout=20)


def _settle() -> None:
    time.sleep(0.5)  # background work that should *not* happen would have happened by now


def _visible_effects(w: World) -> list[str]:
    """Calls that change what anyone sees (everything but ephemeral answers and lookups)."""
    quiet = {"chat.postEphemeral", "users.info", "auth.test", "conversations.open"}
    return [c.method for c in w.stub.calls if c.method not in quiet]


def _view_submission(team: str, version_id: str, channel: str, thread_ts: str, user: str) -> dict:
    metadata = json.dumps({"version_id": version_id, "channel_id": channel, "thread_ts": thread_ts})
    return {
        "type": "view_submission",
        "team": {"id": team},
        "user": {"id": user, "team_id": team},
        "api_app_id": "A0STUB",
        "view": {
            "id": "V0ATTACK",
            "type": "modal",
            "callback_id": blocks.VIEW_REFINE,
            "private_metadata": metadata,
            "state": {
                "values": {blocks.REFINE_BLOCK: {blocks.REFINE_INPUT: {"value": "make the discount 50%"}}}
            },
        },
    }


# ---------------------------------------------------------------------- Slack
def test_another_workspace_cannot_act_on_a_flow_from_any_channel(world: World) -> None:
    preview = _preview_in(world, world.acme, C1)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    before = _snapshot(world, version_id)
    assert before["tenant"] == T1 and before["thread"] == (C1, preview["ts"])

    world.stub.reset()
    attempts = 0
    # Its own channel, and the shared (Slack Connect) channel the message lives in.
    # (One attacker per channel: the same click twice within seconds counts once.)
    for channel, attacker in ((C2, "U0MALLORY"), (C1, "U0MALLORY2")):
        for action in (
            blocks.ACTION_DOWNLOAD,
            blocks.ACTION_APPROVE,
            blocks.ACTION_REGENERATE,
            blocks.ACTION_FIX,
            blocks.ACTION_REFINE,
        ):
            response = world.globex.click(
                action, version_id, user=attacker, channel=channel, message_ts=preview["ts"]
            )
            assert response.status_code == 200
            attempts += 1
    refusals = _refusals(world, attempts)
    assert {c.params["user"] for c in refusals} == {"U0MALLORY", "U0MALLORY2"}
    assert all("can't find that flow" in c.params["text"] for c in refusals)

    # The refine modal's submission and a reply in the (shared) thread.
    world.globex.interaction(_view_submission(T2, version_id, C1, preview["ts"], "U0MALLORY"))
    _refusals(world, attempts + 1)
    world.globex.event(
        {
            "type": "message",
            "channel": C1,
            "channel_type": "channel",
            "user": "U0MALLORY",
            "text": "make the discount 90%",
            "ts": f"{time.time():.6f}",
            "thread_ts": preview["ts"],
        }
    )
    _settle()
    assert _visible_effects(world) == []
    assert world.stub.calls_to("views.open") == [] and world.stub.uploads == {}
    assert _snapshot(world, version_id) == before

    # The owning workspace still works, and its thread is still its own.
    world.stub.reset()
    world.acme.event(
        {
            "type": "message",
            "channel": C1,
            "channel_type": "channel",
            "user": "U0ALICE",
            "text": "make the discount 20%",
            "ts": f"{time.time():.6f}",
            "thread_ts": preview["ts"],
        }
    )
    posted = world.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: blocks.ACTION_DOWNLOAD in json.dumps(c.params)
    )[0].params
    assert posted["channel"] == C1 and posted["thread_ts"] == preview["ts"]
    assert len(world.service.list_versions(world.service.get_version(version_id).flow_id)) == 2


def test_same_workspace_cannot_act_on_a_flow_from_another_channel(world: World) -> None:
    preview = _preview_in(world, world.acme, C1)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    before = _snapshot(world, version_id)
    world.stub.reset()
    for action in (blocks.ACTION_DOWNLOAD, blocks.ACTION_REGENERATE, blocks.ACTION_APPROVE):
        world.acme.click(action, version_id, channel="C0ELSEWHERE", message_ts=preview["ts"])
    _refusals(world, 3)
    _settle()
    assert _visible_effects(world) == []
    assert _snapshot(world, version_id) == before


def test_only_the_creator_or_an_admin_approves_and_approved_flows_are_locked(world: World) -> None:
    preview = _preview_in(world, world.acme, C1, user="U0ALICE")
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)

    # A colleague in the channel may download (and refine), but not approve.
    world.stub.reset()
    world.acme.click(blocks.ACTION_APPROVE, version_id, user="U0BOB", channel=C1, message_ts=preview["ts"])
    refusal = _refusals(world, 1)[0].params
    assert refusal["user"] == "U0BOB" and "creator or a workspace admin" in refusal["text"]
    assert not world.service.get_version(version_id).approved
    world.acme.click(blocks.ACTION_DOWNLOAD, version_id, user="U0BOB", channel=C1, message_ts=preview["ts"])
    world.stub.wait_for("files.completeUploadExternal", timeout=20)

    # A workspace admin may approve; the flow is then locked for everyone.
    world.stub.admins.add("U0ADMIN")
    world.stub.reset()
    world.acme.click(blocks.ACTION_APPROVE, version_id, user="U0ADMIN", channel=C1, message_ts=preview["ts"])
    world.stub.wait_for("chat.update", timeout=20)
    stored = world.service.get_version(version_id)
    assert stored.approved and stored.locked

    world.stub.reset()
    world.acme.click(
        blocks.ACTION_REGENERATE, version_id, user="U0ALICE", channel=C1, message_ts=preview["ts"]
    )
    locked = _refusals(world, 1)[0].params
    assert locked["user"] == "U0ALICE" and "locked" in locked["text"]
    world.acme.event(
        {
            "type": "message",
            "channel": C1,
            "channel_type": "channel",
            "user": "U0ALICE",
            "text": "make the discount 20%",
            "ts": f"{time.time():.6f}",
            "thread_ts": preview["ts"],
        }
    )
    _refusals(world, 2)
    _settle()
    assert len(world.service.list_versions(stored.flow_id)) == 1

    # Reopening is explicit, and follows the approval rule.
    alice = RequestContext(source="slack", workspace_id=T1, user_id="U0ALICE", channel_id=C1)
    bob = alice.model_copy(update={"user_id": "U0BOB"})
    from flowgen_core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        world.service.reopen(version_id, context=bob)
    assert not world.service.reopen(version_id, context=alice).locked
    world.service.refine("make the discount 20%", version_id=version_id, context=alice)
    assert len(world.service.list_versions(stored.flow_id)) == 2


# ---------------------------------------------------------------------- REST
def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _generate(w: World, key: str) -> dict:
    response = w.api.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF}, headers=_auth(key))
    assert response.status_code == 200, response.text
    return response.json()["metadata"]


def test_every_rest_route_refuses_another_tenants_flow_and_changes_nothing(world: World) -> None:
    mine = _generate(world, world.key_a)
    slack_preview = _preview_in(world, world.acme, C1)
    slack_flow = world.service.get_version(_button_value(slack_preview, blocks.ACTION_DOWNLOAD)).flow_id
    before = {
        fid: _snapshot(world, world.service.get_flow(fid).version_id) for fid in (mine["flow_id"], slack_flow)
    }

    for key, flow_id in (
        (world.key_b, mine["flow_id"]),
        (world.key_a, slack_flow),
        (world.key_b, slack_flow),
    ):
        attempts = [
            world.api.get(f"/api/v1/flows/{flow_id}", headers=_auth(key)),
            world.api.get(f"/api/v1/flows/{flow_id}?version=1", headers=_auth(key)),
            world.api.get(f"/api/v1/flows/{flow_id}/versions", headers=_auth(key)),
            world.api.get(f"/api/v1/flows/{flow_id}/diagram.png", headers=_auth(key)),
            world.api.post(
                "/api/v1/refineFlow",
                json={"flowId": flow_id, "instruction": "wait 2 days"},
                headers=_auth(key),
            ),
            world.api.post("/api/v1/fixFlow", json={"flowId": flow_id}, headers=_auth(key)),
        ]
        for response in attempts:
            assert response.status_code == 404, (response.request.url, response.text)
            assert response.json()["error"]["code"] == "not_found"
            assert flow_id not in json.dumps(response.json()["error"].get("details") or {})
    after = {fid: _snapshot(world, world.service.get_flow(fid).version_id) for fid in before}
    assert after == before

    # The owner still reads and refines its own flow; the refinement is its own version.
    own = world.api.get(f"/api/v1/flows/{mine['flow_id']}", headers=_auth(world.key_a))
    assert own.status_code == 200
    refined = world.api.post(
        "/api/v1/refineFlow",
        json={"flowId": mine["flow_id"], "instruction": "wait 2 days"},
        headers=_auth(world.key_a),
    )
    assert refined.status_code == 200 and refined.json()["version"] == 2
    other = _generate(world, world.key_b)
    assert world.api.get(f"/api/v1/flows/{other['flow_id']}", headers=_auth(world.key_b)).status_code == 200


def test_the_admin_scope_reads_across_tenants_but_changes_nothing(world: World) -> None:
    mine = _generate(world, world.key_a)
    read = world.api.get(f"/api/v1/flows/{mine['flow_id']}/versions", headers=_auth(world.key_admin))
    assert read.status_code == 200 and len(read.json()["versions"]) == 1
    refine = world.api.post(
        "/api/v1/refineFlow",
        json={"flowId": mine["flow_id"], "instruction": "wait 2 days"},
        headers=_auth(world.key_admin),
    )
    assert refine.status_code == 403 and refine.json()["error"]["code"] == "permission_denied"
    assert len(world.service.list_versions(mine["flow_id"])) == 1


def test_an_approved_flow_answers_409_until_reopened(world: World) -> None:
    mine = _generate(world, world.key_a)
    owner = RequestContext(source="api", workspace_id="acme-api", user_id="acme-client")
    world.service.approve(mine["version_id"], context=owner)
    body = {"flowId": mine["flow_id"], "instruction": "wait 2 days"}
    for path, payload in (("/api/v1/refineFlow", body), ("/api/v1/fixFlow", {"flowId": mine["flow_id"]})):
        locked = world.api.post(path, json=payload, headers=_auth(world.key_a))
        assert locked.status_code == 409 and locked.json()["error"]["code"] == "flow_locked"
    world.service.reopen(mine["version_id"], context=owner)
    assert world.api.post("/api/v1/refineFlow", json=body, headers=_auth(world.key_a)).status_code == 200


def test_a_pasted_flow_reference_is_useless_in_another_workspace(world: World) -> None:
    pasted = {
        "name": "Pasted",
        "initialStepID": "a",
        "steps": [{"id": "a", "type": "message", "content": "Hi"}],
    }
    world.acme.command("validate " + json.dumps(pasted), channel=C1)
    answer = world.stub.wait_for("chat.postEphemeral", timeout=20)[0].params
    ref = _button_value(answer, blocks.ACTION_FIX_PASTED)
    flows_before = len(world.service.store.history(limit=100))

    world.stub.reset()
    world.globex.click(blocks.ACTION_FIX_PASTED, ref, user="U0MALLORY", channel=C2, message_ts="5.5")
    expired = world.stub.wait_for("chat.postMessage", timeout=20)[0].params
    assert expired["channel"] == C2 and "expired" in expired["text"]
    _settle()
    assert len(world.service.store.history(limit=100)) == flows_before

    # In its own workspace the reference still works.
    world.acme.click(blocks.ACTION_FIX_PASTED, ref, channel=C1, message_ts="5.6")
    world.stub.wait_for(
        "chat.update", timeout=20, where=lambda c: blocks.ACTION_DOWNLOAD in json.dumps(c.params)
    )
    assert len(world.service.store.history(limit=100)) == flows_before + 1


# -- edges found by attacking the app: shared channels, DM fallbacks, unsigned bodies, rotation
def test_an_admin_of_another_workspace_in_a_shared_channel_cannot_approve(world: World) -> None:
    preview = _preview_in(world, world.acme, C1, user="U0ALICE")
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    world.stub.admins.add("U0EXTADMIN")  # admin, but of T2 (users.info says so)
    world.stub.user_teams["U0EXTADMIN"] = T2
    world.stub.reset()
    payload = {
        "type": "block_actions",
        "team": {"id": T1, "domain": "acme"},  # the channel's workspace
        "user": {"id": "U0EXTADMIN", "team_id": T2},  # the clicker's own workspace
        "api_app_id": "A0STUB",
        "trigger_id": "trigger-ext",
        "container": {"type": "message", "message_ts": preview["ts"], "channel_id": C1},
        "channel": {"id": C1},
        "message": {"type": "message", "ts": preview["ts"], "text": "preview"},
        "actions": [
            {
                "type": "button",
                "action_id": blocks.ACTION_APPROVE,
                "block_id": "flow_actions",
                "value": version_id,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    world.acme.interaction(payload)
    world.stub.wait_for("chat.postEphemeral", timeout=20)
    _settle()
    stored = world.service.get_version(version_id)
    assert not stored.approved and not stored.locked


def test_a_colleagues_click_while_the_channel_refuses_posts_keeps_the_flow_in_the_channel(
    world: World,
) -> None:
    preview = _preview_in(world, world.acme, C1, user="U0ALICE")
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    flow_id = world.service.get_version(version_id).flow_id
    world.stub.inaccessible_channels.add(C1)  # e.g. the bot was removed from the channel
    world.stub.reset()
    world.acme.click(blocks.ACTION_REGENERATE, version_id, user="U0BOB", channel=C1, message_ts=preview["ts"])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(world.service.list_versions(flow_id)) < 2:
        time.sleep(0.2)
    _settle()
    latest = world.service.get_flow(flow_id)
    assert latest.version == 2
    assert latest.channel_id == C1  # not Bob's DM: the team still finds its flow in the channel


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (("payload=" + quote("[" * 100_000)).encode(), "application/x-www-form-urlencoded"),
        (("payload=" + quote('{"a":"' + '\\"' * 1000)).encode(), "application/x-www-form-urlencoded"),
        (b"[" * 100_000, "application/json"),
    ],
    ids=["deep-form-payload", "unterminated-form-payload", "deep-json"],
)
def test_unsigned_slack_bodies_are_refused_before_parsing(
    world: World, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.ERROR)
    answer = world.api.post("/slack/events", content=body, headers={"Content-Type": content_type}, timeout=30)
    assert answer.status_code == 401
    # an outbound Web API call another test's thread finishes late is no error of this request's
    own = [r for r in caplog.records if r.levelno >= logging.ERROR and not r.name.startswith("slack_sdk.web")]
    assert not own


def test_signed_but_malformed_slack_bodies_are_a_400(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    answer = world.acme.post("[" * 100_000, "application/json")
    assert answer.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_rotating_a_key_keeps_its_tenant_and_scope(world: World) -> None:
    mine = _generate(world, world.key_a)  # key "acme-client" of tenant "acme-api"
    rotated = world.service.store.create_api_key("acme-client")  # `flowgen apikey create NAME` again
    assert world.api.get(f"/api/v1/flows/{mine['flow_id']}", headers=_auth(rotated)).status_code == 200
    assert world.api.get(f"/api/v1/flows/{mine['flow_id']}", headers=_auth(world.key_a)).status_code == 401
