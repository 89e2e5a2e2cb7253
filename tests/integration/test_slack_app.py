"""The Slack app end to end over real HTTP: signed requests in, recorded Web API calls out.

A real FlowService (SQLite in a temporary directory, in-process cache, offline
generator) behind the real Bolt app served by uvicorn; Slack's Web API is the local stub.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette

from bot import blocks
from bot.app import build_app
from bot.listeners.delivery import Background
from bot.slack_http import slack_routes
from flowgen_core.context import RequestContext
from flowgen_core.service import FlowService
from flowgen_core.settings import Settings
from flowgen_core.validate import validate_flow
from tests.fakes.slack_stub import BOT_USER_ID, AppServer, SlackSender, SlackStub

SECRET = "test-signing-secret"
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply SAVE for the code"


@dataclass
class Harness:
    stub: SlackStub
    slack: SlackSender
    service: FlowService

    def preview_update(self, channel: str = "C0GENERAL", count: int = 1) -> list:
        """chat.update calls that replaced a placeholder with a preview."""
        return self.stub.wait_for(
            "chat.update",
            count=count,
            timeout=20,
            where=lambda c: (
                c.params.get("channel") == channel and _has_action(c.params, blocks.ACTION_DOWNLOAD)
            ),
        )


def _has_action(params: dict, action_id: str) -> bool:
    return action_id in json.dumps(params.get("blocks") or [])


def _button_value(params: dict, action_id: str) -> str:
    for block in params.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button")


@pytest.fixture
def harness(slack_stub: SlackStub, tmp_path: Path) -> Iterator[Harness]:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'slack.sqlite3'}",
        flowgen_generator="offline",
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack_stub.api_url,
    )
    service = FlowService(settings)
    background = Background()
    app = build_app(settings, service, background=background)
    with AppServer(Starlette(routes=slack_routes(app))) as server:
        sender = SlackSender(f"{server.base_url}/slack/events", SECRET)
        try:
            yield Harness(stub=slack_stub, slack=sender, service=service)
        finally:
            sender.close()
            background.shutdown(wait=True)


def _view_submission(view: dict, view_id: str, values: dict, *, user: str = "U0ALICE") -> dict:
    """The interaction payload Slack sends when `user` submits `view` with these input values."""
    return {
        "type": "view_submission",
        "team": {"id": "T0TEST"},
        "user": {"id": user},
        "api_app_id": "A0STUB",
        "view": {**view, "id": view_id, "state": {"values": values}},
    }


def _generate(h: Harness, text: str = BRIEF, **kw) -> dict:
    response = h.slack.command(text, **kw)
    assert response.status_code == 200
    return h.preview_update(channel=kw.get("channel", "C0GENERAL"))[-1].params


# ---------------------------------------------------------------------- /flowgen <brief>
def test_flowgen_acks_fast_then_replaces_the_placeholder_with_a_preview(harness: Harness):
    started = time.perf_counter()
    response = harness.slack.command(BRIEF)
    ack_s = time.perf_counter() - started
    assert response.status_code == 200
    assert ack_s < 3

    placeholder = harness.stub.wait_for("chat.postMessage")[0].params
    assert placeholder["channel"] == "C0GENERAL"
    assert "Generating a flow" in placeholder["text"]

    update = harness.preview_update()[0].params
    # The placeholder is updated in place, not followed by a second preview message.
    placeholder_call = harness.stub.calls_to("chat.postMessage")[0]
    assert (update["channel"], update["ts"]) == (placeholder["channel"], placeholder_call.response["ts"])
    payload = update["blocks"]
    assert blocks.limit_violations(payload) == []
    assert payload[0]["type"] == "header"
    meta = payload[1]["elements"][0]["text"]
    assert "steps" in meta and "`offline`" in meta
    version_id = _button_value(update, blocks.ACTION_DOWNLOAD)
    stored = harness.service.get_version(version_id)
    assert stored.flow["steps"]

    # A diagram follows in the thread (a PNG or the text tree: see the test below).
    calls = harness.stub.wait_until(_diagram_sent)
    assert _diagram_call(calls).params["thread_ts"] == update["ts"]


def _diagram_sent(calls: list) -> bool:
    return any(
        c.method == "files.completeUploadExternal"
        or (c.method == "chat.postMessage" and "Diagram" in str(c.params.get("text")))
        for c in calls
    )


def _diagram_call(calls: list):
    return next(
        c
        for c in calls
        if c.method in ("files.completeUploadExternal", "chat.postMessage") and c.params.get("thread_ts")
    )


# Whether the machine has Graphviz must not decide which branch runs: the renderer is pinned.
@pytest.mark.parametrize("graphviz", [True, False], ids=["png", "text-fallback"])
def test_diagram_is_a_png_with_graphviz_and_a_text_tree_without(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, graphviz: bool
):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    monkeypatch.setattr("bot.listeners.delivery.render_png", lambda flow: png if graphviz else None)
    harness.slack.command(BRIEF)
    update = harness.preview_update()[0].params
    calls = harness.stub.wait_until(_diagram_sent)
    diagram = _diagram_call(calls)
    assert diagram.params["thread_ts"] == update["ts"]
    uploads = [c for c in calls if c.method == "files.completeUploadExternal"]
    if graphviz:
        assert uploads and diagram.method == "files.completeUploadExternal"
    else:
        assert not uploads
        assert diagram.method == "chat.postMessage" and "```" in json.dumps(diagram.params["blocks"])


def test_flowgen_posts_in_a_dm_when_the_channel_is_not_accessible(harness: Harness):
    harness.stub.inaccessible_channels.add("C0PRIVATE")
    harness.slack.command(BRIEF, channel="C0PRIVATE", user="U0BOB")
    harness.stub.wait_for("conversations.open")
    update = harness.stub.wait_for(
        "chat.update", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )[0]
    assert update.params["channel"] == "D0BOB"


def test_empty_command_and_help_answer_in_the_ack(harness: Harness):
    for text in ("", "help"):
        response = harness.slack.command(text)
        assert response.status_code == 200
        body = response.json()
        assert "/flowgen validate" in json.dumps(body["blocks"])
    time.sleep(0.2)
    assert harness.stub.calls_to("chat.postMessage") == []


def test_history_lists_the_users_flows_with_thread_links(harness: Harness):
    preview = _generate(harness)
    harness.slack.command("history")
    ephemeral = harness.stub.wait_for("chat.postEphemeral", timeout=10)[0].params
    text = json.dumps(ephemeral["blocks"])
    assert "Your recent flows" in text
    assert f"/archives/C0GENERAL/p{preview['ts'].replace('.', '')}" in text


def test_validate_pasted_json_reports_and_fix_creates_a_version(harness: Harness):
    bad = {"name": "Pasted", "initialStepID": "a", "steps": [{"id": "a", "type": "message", "content": "Hi"}]}
    harness.slack.command("validate " + json.dumps(bad))
    ephemeral = harness.stub.wait_for("chat.postEphemeral")[0].params
    assert "Validation" in json.dumps(ephemeral["blocks"])
    ref = _button_value(ephemeral, blocks.ACTION_FIX_PASTED)
    assert len(ref) <= 64 and "steps" not in ref

    harness.slack.click(blocks.ACTION_FIX_PASTED, ref, message_ts="1700000000.000001")
    update = harness.preview_update()[0].params
    assert _button_value(update, blocks.ACTION_DOWNLOAD).startswith("ver_")


def test_validate_with_broken_json_is_a_friendly_message(harness: Harness):
    harness.slack.command("validate {not json")
    ephemeral = harness.stub.wait_for("chat.postEphemeral")[0].params
    text = json.dumps(ephemeral["blocks"])
    assert "couldn't read that JSON" in text and "Traceback" not in text


# ---------------------------------------------------------------------- buttons
def test_download_uploads_the_flow_json_to_the_thread(harness: Harness):
    preview = _generate(harness)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    stored = harness.service.get_version(version_id)
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_DOWNLOAD, version_id, message_ts=preview["ts"])
    harness.stub.wait_for("files.completeUploadExternal")
    filename = blocks.json_filename(stored.name, stored.version)
    assert filename.endswith("-v1.json")
    upload = harness.stub.upload_named(filename)
    assert upload is not None, harness.stub.uploads
    flow = json.loads(upload["bytes"])
    assert flow["steps"] == stored.flow["steps"]
    assert stored.valid and validate_flow(flow).valid
    complete = harness.stub.calls_to("files.completeUploadExternal")[0].params
    assert complete.get("thread_ts") == preview["ts"]


def test_double_click_produces_one_new_version(harness: Harness):
    preview = _generate(harness)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    flow_id = harness.service.get_version(version_id).flow_id
    harness.stub.reset()
    first = harness.slack.click(blocks.ACTION_REGENERATE, version_id, message_ts=preview["ts"])
    second = harness.slack.click(blocks.ACTION_REGENERATE, version_id, message_ts=preview["ts"])
    assert first.status_code == second.status_code == 200
    harness.stub.wait_for("chat.postMessage", where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD))
    time.sleep(0.5)
    previews = [
        c for c in harness.stub.calls_to("chat.postMessage") if _has_action(c.params, blocks.ACTION_DOWNLOAD)
    ]
    assert len(previews) == 1
    assert previews[0].params["thread_ts"] == preview["ts"]
    assert [v.version for v in harness.service.list_versions(flow_id)] == [1, 2]


def test_approve_disables_the_editing_buttons(harness: Harness):
    preview = _generate(harness)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_APPROVE, version_id, message_ts=preview["ts"])
    update = harness.stub.wait_for("chat.update")[0].params
    assert update["ts"] == preview["ts"]
    ids = [e["action_id"] for b in update["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert ids == [blocks.ACTION_DOWNLOAD]
    assert harness.service.get_version(version_id).approved


def test_fix_posts_a_new_version_in_the_thread(harness: Harness):
    preview = _generate(harness)
    stored = harness.service.get_version(_button_value(preview, blocks.ACTION_DOWNLOAD))
    # Store a second version with a fixable defect (a message whose mirrored text fields disagree).
    broken = json.loads(json.dumps(stored.flow))
    message = next(step for step in broken["steps"] if step["type"] == "message")
    message["text"] = "out of sync"
    message.pop("messageText", None)
    ctx = RequestContext(source="slack", workspace_id="T0TEST", user_id="U0ALICE")
    saved = harness.service.store.save_version(
        context=ctx, flow=broken, report={}, brief=stored.brief, generator="offline", flow_id=stored.flow_id
    )
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_FIX, saved.version_id, message_ts=preview["ts"])
    posted = harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )[0].params
    assert posted["thread_ts"] == preview["ts"]
    assert "What changed" in json.dumps(posted["blocks"], ensure_ascii=False)
    fixed = harness.service.get_version(_button_value(posted, blocks.ACTION_DOWNLOAD))
    assert fixed.version == 3
    fixed_message = next(step for step in fixed.flow["steps"] if step["id"] == message["id"])
    assert fixed_message["text"] == fixed_message["content"] == fixed_message["messageText"]


def test_fix_with_nothing_to_correct_says_so_without_a_new_version(harness: Harness):
    preview = _generate(harness)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_FIX, version_id, message_ts=preview["ts"])
    posted = harness.stub.wait_for("chat.postMessage", timeout=20)[0].params
    assert posted["thread_ts"] == preview["ts"]
    assert "Nothing to correct" in posted["text"]
    assert len(harness.service.list_versions(harness.service.get_version(version_id).flow_id)) == 1


def test_refine_button_opens_a_modal_and_submission_refines(harness: Harness):
    preview = _generate(harness)
    version_id = _button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.slack.click(blocks.ACTION_REFINE, version_id, message_ts=preview["ts"])
    view = harness.stub.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == blocks.VIEW_REFINE
    harness.stub.reset()
    submission = _view_submission(
        view, "V1", {blocks.REFINE_BLOCK: {blocks.REFINE_INPUT: {"value": "make the discount 20%"}}}
    )
    response = harness.slack.interaction(submission)
    assert response.status_code == 200
    posted = harness.stub.wait_for("chat.postMessage", timeout=20)[0].params
    assert posted["thread_ts"] == preview["ts"]


# ---------------------------------------------------------------------- threads
def _reply(
    h: Harness, text: str, thread_ts: str, *, event_id: str | None = None, headers: dict | None = None
):
    event = {
        "type": "message",
        "channel": "C0GENERAL",
        "channel_type": "channel",
        "user": "U0ALICE",
        "text": text,
        "ts": f"{time.time():.6f}",
        "thread_ts": thread_ts,
    }
    return h.slack.event(event, event_id=event_id, headers=headers)


def test_thread_reply_refines_and_posts_the_new_version_in_the_thread(harness: Harness):
    preview = _generate(harness)
    harness.stub.reset()
    response = _reply(harness, "make the discount 20%", preview["ts"])
    assert response.status_code == 200
    harness.stub.wait_for("reactions.add")
    assert harness.stub.calls_to("reactions.add")[0].params["name"] == "eyes"
    posted = harness.stub.wait_for("chat.postMessage", timeout=20)[0].params
    assert posted["thread_ts"] == preview["ts"]
    text = json.dumps(posted["blocks"], ensure_ascii=False)
    assert "What changed" in text
    new_version = harness.service.get_version(_button_value(posted, blocks.ACTION_DOWNLOAD))
    assert new_version.version == 2
    assert "20" in json.dumps(new_version.flow)


def test_quick_thread_replies_refine_in_order_and_lose_no_edit(harness: Harness):
    preview = _generate(harness)
    harness.stub.reset()
    for n in range(4):
        assert _reply(harness, f"add reply KEY{n} leading to checkout", preview["ts"]).status_code == 200
    posts = harness.stub.wait_for(
        "chat.postMessage", count=4, timeout=30, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )
    stored = [harness.service.get_version(_button_value(p.params, blocks.ACTION_DOWNLOAD)) for p in posts]
    assert [v.version for v in stored] == [2, 3, 4, 5]
    for n, version in enumerate(stored):  # version n+2 carries the replies up to KEYn
        assert f"key{n}" in json.dumps(version.flow).lower()
        assert version.instruction == f"add reply KEY{n} leading to checkout"


def test_refused_instruction_gets_the_reason_and_phrasings(harness: Harness):
    preview = _generate(harness)
    harness.stub.reset()
    _reply(harness, "qwerty zxcv blorp", preview["ts"])
    posted = harness.stub.wait_for("chat.postMessage", timeout=20)[0].params
    text = json.dumps(posted["blocks"], ensure_ascii=False)
    assert "Phrasings that work" in text
    assert not _has_action(posted, blocks.ACTION_DOWNLOAD)


def test_replies_in_unrelated_threads_and_bot_messages_are_ignored(harness: Harness):
    _reply(harness, "make the discount 20%", "1600000000.000100")
    harness.slack.event(
        {
            "type": "message",
            "subtype": "bot_message",
            "channel": "C0GENERAL",
            "text": "x",
            "ts": "1.1",
            "thread_ts": "1.0",
        }
    )
    time.sleep(0.4)
    assert harness.stub.calls_to("reactions.add") == []
    assert harness.stub.calls_to("chat.postMessage") == []


def test_retried_event_is_acked_and_not_processed_twice(harness: Harness):
    preview = _generate(harness)
    harness.stub.reset()
    first = _reply(harness, "make the discount 20%", preview["ts"], event_id="Ev0RETRY")
    retry = _reply(
        harness,
        "make the discount 20%",
        preview["ts"],
        event_id="Ev0RETRY",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status_code == retry.status_code == 200
    harness.stub.wait_for("chat.postMessage", timeout=20)
    time.sleep(0.5)
    assert len(harness.stub.calls_to("reactions.add")) == 1
    assert len(harness.stub.calls_to("chat.postMessage")) == 1


def test_mention_starts_a_flow_in_a_thread_rooted_at_the_mention(harness: Harness):
    mention_ts = "1700000100.000200"
    harness.slack.event(
        {
            "type": "app_mention",
            "channel": "C0GENERAL",
            "user": "U0ALICE",
            "text": f"<@{BOT_USER_ID}> {BRIEF}",
            "ts": mention_ts,
        }
    )
    placeholder = harness.stub.wait_for("chat.postMessage")[0].params
    assert placeholder["thread_ts"] == mention_ts
    harness.preview_update()
    # The thread is now a conversation about that flow.
    harness.stub.reset()
    _reply(harness, "make the discount 20%", mention_ts)
    harness.stub.wait_for("reactions.add")


def _direct_message(text: str, ts: str, **extra: str) -> dict:
    """A message Alice sends the app in her DM channel."""
    return {
        "type": "message",
        "channel": "D0ALICE",
        "channel_type": "im",
        "user": "U0ALICE",
        "text": text,
        "ts": ts,
        **extra,
    }


def test_dm_with_a_brief_generates_a_flow(harness: Harness):
    harness.slack.event(_direct_message(BRIEF, "5.1"))
    harness.preview_update(channel="D0ALICE")


def test_assistant_thread_gets_suggested_prompts_and_status(harness: Harness):
    harness.slack.event(
        {
            "type": "assistant_thread_started",
            "assistant_thread": {"user_id": "U0ALICE", "channel_id": "D0ALICE", "thread_ts": "7.1"},
        }
    )
    prompts = harness.stub.wait_for("assistant.threads.setSuggestedPrompts")[0].params
    assert len(prompts["prompts"]) == 3
    harness.slack.event(_direct_message(BRIEF, "7.2", thread_ts="7.1"))
    statuses = harness.stub.wait_for("assistant.threads.setStatus", count=2, timeout=20)
    assert statuses[0].params["status"] and statuses[-1].params["status"] == ""
    harness.preview_update(channel="D0ALICE")


# ---------------------------------------------------------------------- App Home
def test_app_home_lists_flows_and_admins_can_change_settings(harness: Harness):
    _generate(harness)
    harness.stub.admins.add("U0ALICE")
    harness.stub.reset()
    harness.slack.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"})
    view = harness.stub.wait_for("views.publish")[0].params["view"]
    text = json.dumps(view)
    assert "Your recent flows" in text and blocks.ACTION_OPEN_SETTINGS in text

    harness.stub.reset()
    submission = _view_submission(
        blocks.settings_modal({}), "V2", {"brand_name": {"brand_name": {"value": "Acme"}}}
    )
    assert harness.slack.interaction(submission).status_code == 200
    harness.stub.wait_for("views.publish")
    assert harness.service.workspace_settings("T0TEST").get("brand_name") == "Acme"


def test_non_admins_cannot_change_settings(harness: Harness):
    submission = _view_submission(
        blocks.settings_modal({}), "V3", {"brand_name": {"brand_name": {"value": "X"}}}, user="U0MALLORY"
    )
    response = harness.slack.interaction(submission)
    assert response.json()["response_action"] == "errors"
    assert harness.service.workspace_settings("T0TEST").get("brand_name") is None


# ---------------------------------------------------------------------- signatures
def test_bad_signature_is_rejected(harness: Harness):
    response = harness.slack.command(BRIEF, secret="not-the-secret")
    assert response.status_code == 401
    time.sleep(0.2)
    assert harness.stub.calls_to("chat.postMessage") == []


def test_expired_timestamp_is_rejected(harness: Harness):
    response = harness.slack.command(BRIEF, timestamp=int(time.time()) - 10 * 60)
    assert response.status_code == 401


def test_tokens_are_sent_as_bearer_and_never_in_params(harness: Harness):
    _generate(harness)
    for call in harness.stub.calls:
        assert "xoxb-test-token" not in json.dumps(call.params)
        assert call.authorized


def test_two_replies_in_one_thread_are_applied_one_after_the_other(harness: Harness):
    preview = _generate(harness)
    first_version = _button_value(preview, blocks.ACTION_DOWNLOAD)
    flow_id = harness.service.get_version(first_version).flow_id
    harness.stub.reset()
    _reply(harness, "make the discount 20%", preview["ts"])
    _reply(harness, "wait 2 days instead", preview["ts"])
    harness.stub.wait_for(
        "chat.postMessage", count=2, timeout=30, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )
    versions = harness.service.list_versions(flow_id)
    assert [v.version for v in versions] == [1, 2, 3]
    # Each refinement started from the other's result: a chain, not two siblings of v1.
    assert versions[1].parent_version_id == versions[0].version_id
    assert versions[2].parent_version_id == versions[1].version_id
