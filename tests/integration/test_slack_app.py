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

from flowgen_apps.slack import blocks
from flowgen_apps.slack.app import build_app
from flowgen_apps.slack.http import slack_routes
from flowgen_apps.slack.listeners.delivery import Background
from flowgen_core.check import validate_flow
from flowgen_core.context import RequestContext
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings
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

    def wait_for_diagram(self, thread_ts: str) -> None:
        """Until a diagram (a PNG or the text tree) is posted in the thread: the end of a delivery."""
        self.stub.wait_until(
            lambda calls: any(_is_diagram(c) and c.params.get("thread_ts") == thread_ts for c in calls),
            timeout=20,
        )

    def thread_previews(self, thread_ts: str, count: int = 1) -> list:
        """chat.postMessage calls that posted a new version's preview in the thread."""
        return self.stub.wait_for(
            "chat.postMessage",
            count=count,
            timeout=20,
            where=lambda c: (
                c.params.get("thread_ts") == thread_ts and _has_action(c.params, blocks.ACTION_DOWNLOAD)
            ),
        )


def _is_diagram(call) -> bool:
    if call.method == "files.completeUploadExternal":
        return "diagram" in json.dumps(call.params.get("files") or [])
    return call.method == "chat.postMessage" and str(call.params.get("text") or "").startswith("Diagram of")


def _has_action(params: dict, action_id: str) -> bool:
    return action_id in json.dumps(params.get("blocks") or [])


def button_value(params: dict, action_id: str) -> str:
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
    with AppServer(Starlette(routes=slack_routes(app, signing_secret=SECRET))) as server:
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


def slack_generate(h: Harness, text: str = BRIEF, **kw) -> dict:
    """The preview of a new flow, returned once its delivery is over (the diagram is the last post).

    A test that resets the stub next must not find this flow's diagram among the calls it checks.
    """
    response = h.slack.command(text, **kw)
    assert response.status_code == 200
    preview = h.preview_update(channel=kw.get("channel", "C0GENERAL"))[-1].params
    h.wait_for_diagram(preview["ts"])
    return preview


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
    version_id = button_value(update, blocks.ACTION_DOWNLOAD)
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
    monkeypatch.setattr(
        "flowgen_apps.slack.listeners.delivery.render_png", lambda flow: png if graphviz else None
    )
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
    preview = slack_generate(harness)
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
    ref = button_value(ephemeral, blocks.ACTION_FIX_PASTED)
    assert len(ref) <= 64 and "steps" not in ref

    harness.slack.click(blocks.ACTION_FIX_PASTED, ref, message_ts="1700000000.000001")
    update = harness.preview_update()[0].params
    assert button_value(update, blocks.ACTION_DOWNLOAD).startswith("ver_")


def test_validate_with_broken_json_is_a_friendly_message(harness: Harness):
    harness.slack.command("validate {not json")
    ephemeral = harness.stub.wait_for("chat.postEphemeral")[0].params
    text = json.dumps(ephemeral["blocks"])
    assert "couldn't read that JSON" in text and "Traceback" not in text


# ---------------------------------------------------------------------- buttons
def test_download_uploads_the_flow_json_to_the_thread(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
    stored = harness.service.get_version(version_id)
    harness.stub.wait_until(_diagram_sent)  # the preview's own upload must not be taken for the download
    harness.stub.reset()
    filename = blocks.json_filename(stored.name, stored.version)
    assert filename.endswith("-v1.json")
    harness.slack.click(blocks.ACTION_DOWNLOAD, version_id, message_ts=preview["ts"])
    # The bytes arrive before files.completeUploadExternal shares them: wait for both.
    harness.stub.wait_until(
        lambda calls: (
            harness.stub.upload_named(filename) is not None
            and any(c.method == "files.completeUploadExternal" for c in calls)
        )
    )
    upload = harness.stub.upload_named(filename)
    assert upload is not None, harness.stub.uploads
    flow = json.loads(upload["bytes"])
    assert flow["steps"] == stored.flow["steps"]
    # Stored = returned: the download is the stored flow, ids included, as the service returned it.
    assert flow == stored.flow
    assert flow["metadata"]["version_id"] == version_id and flow["metadata"]["version"] == 1
    assert flow["metadata"]["flow_id"] == stored.flow_id
    assert stored.valid and validate_flow(flow).valid
    complete = harness.stub.calls_to("files.completeUploadExternal")[0].params
    assert complete.get("thread_ts") == preview["ts"]


def test_double_click_produces_one_new_version(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
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


def test_approve_asks_for_confirmation_then_locks_and_reopen_unlocks(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
    approve = next(
        e
        for b in preview["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == blocks.ACTION_APPROVE
    )
    assert approve["confirm"]["confirm"]["text"] == "Approve"
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_APPROVE, version_id, message_ts=preview["ts"])
    update = harness.stub.wait_for("chat.update")[0].params
    assert update["ts"] == preview["ts"]
    ids = [e["action_id"] for b in update["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert blocks.ACTION_REOPEN in ids
    assert not set(ids) & set(blocks.EDITING_ACTIONS)
    text = json.dumps(update["blocks"], ensure_ascii=False)
    assert "Approved* by <@U0ALICE> on " in text and " UTC" in text
    assert harness.service.get_version(version_id).approved

    # Locked: a reply asks to reopen (privately) instead of creating a version.
    harness.stub.reset()
    _reply(harness, "make the discount 20%", preview["ts"])
    note = harness.stub.wait_for("chat.postEphemeral", timeout=20)[0].params
    assert "locked" in note["text"] and blocks.ACTION_REOPEN in json.dumps(note["blocks"])
    flow_id = harness.service.get_version(version_id).flow_id
    assert len(harness.service.list_versions(flow_id)) == 1

    harness.stub.reset()
    harness.slack.click(blocks.ACTION_REOPEN, version_id, message_ts=preview["ts"])
    harness.stub.wait_for("chat.postMessage", where=lambda c: "reopened" in str(c.params.get("text")))
    assert not harness.service.get_version(version_id).locked
    reopened = harness.stub.calls_to("chat.update")[0].params
    assert _has_action(reopened, blocks.ACTION_APPROVE)

    harness.stub.reset()
    _reply(harness, "make the discount 20%", preview["ts"])
    harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )
    assert len(harness.service.list_versions(flow_id)) == 2


def test_fix_posts_a_new_version_in_the_thread(harness: Harness):
    preview = slack_generate(harness)
    stored = harness.service.get_version(button_value(preview, blocks.ACTION_DOWNLOAD))
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
    fixed = harness.service.get_version(button_value(posted, blocks.ACTION_DOWNLOAD))
    assert fixed.version == 3
    fixed_message = next(step for step in fixed.flow["steps"] if step["id"] == message["id"])
    assert fixed_message["text"] == fixed_message["content"] == fixed_message["messageText"]


def test_fix_with_nothing_to_correct_says_so_without_a_new_version(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.stub.reset()
    harness.slack.click(blocks.ACTION_FIX, version_id, message_ts=preview["ts"])
    posted = harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: "Nothing to correct" in str(c.params.get("text"))
    )[0].params
    assert posted["thread_ts"] == preview["ts"]
    assert harness.stub.calls_to("chat.postMessage") == harness.stub.calls_to(
        "chat.postMessage", text=posted["text"]
    )
    assert len(harness.service.list_versions(harness.service.get_version(version_id).flow_id)) == 1


def test_refine_button_opens_a_modal_and_submission_refines(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
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
    preview = slack_generate(harness)
    harness.stub.reset()
    response = _reply(harness, "make the discount 20%", preview["ts"])
    assert response.status_code == 200
    harness.stub.wait_for("reactions.add")
    assert harness.stub.calls_to("reactions.add")[0].params["name"] == "eyes"
    posted = harness.thread_previews(preview["ts"])[0].params
    assert posted["thread_ts"] == preview["ts"]
    text = json.dumps(posted["blocks"], ensure_ascii=False)
    assert "What changed" in text
    new_version = harness.service.get_version(button_value(posted, blocks.ACTION_DOWNLOAD))
    assert new_version.version == 2
    assert "20" in json.dumps(new_version.flow)


def test_quick_thread_replies_refine_in_order_and_lose_no_edit(harness: Harness):
    preview = slack_generate(harness)
    harness.stub.reset()
    for n in range(4):
        assert _reply(harness, f"add reply KEY{n} leading to checkout", preview["ts"]).status_code == 200
    posts = harness.stub.wait_for(
        "chat.postMessage", count=4, timeout=30, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )
    stored = [harness.service.get_version(button_value(p.params, blocks.ACTION_DOWNLOAD)) for p in posts]
    assert [v.version for v in stored] == [2, 3, 4, 5]
    for n, version in enumerate(stored):  # version n+2 carries the replies up to KEYn
        assert f"key{n}" in json.dumps(version.flow).lower()
        assert version.instruction == f"add reply KEY{n} leading to checkout"


def test_refused_instruction_gets_the_reason_and_a_few_phrasings_privately(harness: Harness):
    preview = slack_generate(harness)
    harness.stub.wait_until(_diagram_sent)
    harness.stub.reset()
    _reply(harness, "qwerty zxcv blorp", preview["ts"])
    note = harness.stub.wait_for("chat.postEphemeral", timeout=20)[0].params
    assert note["user"] == "U0ALICE" and note["thread_ts"] == preview["ts"]
    text = note["blocks"][0]["text"]["text"]
    assert "Phrasings that work" in text
    assert 3 <= text.count("\n• ") <= 5
    time.sleep(0.3)
    assert harness.stub.calls_to("chat.postMessage") == []


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
    preview = slack_generate(harness)
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
    harness.wait_for_diagram(preview["ts"])  # the first delivery is over
    time.sleep(0.5)
    assert len(harness.stub.calls_to("reactions.add")) == 1
    posts = harness.stub.calls_to("chat.postMessage")
    # One new version: its preview and, without Graphviz, its text diagram; nothing else.
    assert len(harness.thread_previews(preview["ts"])) == 1
    assert len([c for c in harness.stub.calls if _is_diagram(c)]) == 1
    assert all(_has_action(c.params, blocks.ACTION_DOWNLOAD) or _is_diagram(c) for c in posts)


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


def test_assistant_thread_start_greets_with_prompts_and_status_comes_before_work(harness: Harness):
    harness.slack.event(
        {
            "type": "assistant_thread_started",
            "assistant_thread": {
                "user_id": "U0ALICE",
                "channel_id": "D0ALICE",
                "thread_ts": "7.1",
                "context": {"channel_id": "C0GENERAL", "team_id": "T0TEST"},
            },
        }
    )
    prompts = harness.stub.wait_for("assistant.threads.setSuggestedPrompts")[0].params
    assert len(prompts["prompts"]) == 3 and prompts["thread_ts"] == "7.1"
    greeting = harness.stub.wait_for("chat.postMessage")[0].params
    assert greeting["thread_ts"] == "7.1" and "Describe a campaign" in greeting["text"]

    harness.stub.reset()
    harness.slack.event(_direct_message(BRIEF, "7.2", thread_ts="7.1"))
    posted = harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )[0]
    calls = harness.stub.wait_until(
        lambda cs: any(c.method == "assistant.threads.setStatus" and c.params.get("status") == "" for c in cs)
    )
    methods = [c.method for c in calls]
    first_status = methods.index("assistant.threads.setStatus")
    # The status is up before anything else happens in the thread, with stage messages.
    assert first_status < methods.index("chat.postMessage")
    assert calls[first_status].params["status"] and calls[first_status].params.get("loading_messages")
    assert calls[first_status].at < posted.at
    assert harness.stub.calls_to("assistant.threads.setTitle")
    assert posted.params["thread_ts"] == "7.1"  # no placeholder: the status is the progress
    # The new version's journey is streamed into the thread after the preview.
    stop = harness.stub.wait_for("chat.stopStream", timeout=20)[0]
    start = harness.stub.calls_to("chat.startStream")[0].params
    assert start["thread_ts"] == "7.1" and start["recipient_user_id"] == "U0ALICE"
    appended = "".join(c.params["markdown_text"] for c in harness.stub.calls_to("chat.appendStream"))
    assert (
        "Day 0" in appended
        and stop.params["ts"] == harness.stub.calls_to("chat.startStream")[0].response["ts"]
    )

    # A refinement in the assistant thread shows its own status first.
    harness.stub.reset()
    harness.slack.event(_direct_message("make the discount 20%", "7.3", thread_ts="7.1"))
    refined = harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )[0]
    status = harness.stub.calls_to("assistant.threads.setStatus")[0]
    assert status.params["status"] == "is updating the flow…" and status.at < refined.at


def test_a_dm_thread_that_is_not_an_assistant_thread_is_an_ordinary_dm(harness: Harness):
    harness.slack.event(_direct_message(BRIEF, "8.2", thread_ts="8.1"))
    harness.preview_update(channel="D0ALICE")  # the ordinary placeholder → preview path
    assert harness.stub.calls_to("assistant.threads.setStatus") == []


def test_dm_small_talk_gets_help_not_a_flow(harness: Harness):
    for n, text in enumerate(("hi", "hello there!", "what can you do?")):
        harness.slack.event(_direct_message(text, f"9.{n + 1}"))
    harness.stub.wait_for("chat.postMessage", count=3)
    time.sleep(0.3)
    texts = [c.params["text"] for c in harness.stub.calls_to("chat.postMessage")]
    assert texts == ["How to use flowgen"] * 3
    assert (
        harness.service.history(
            context=RequestContext(source="slack", workspace_id="T0TEST", user_id="U0ALICE")
        )
        == []
    )


# ---------------------------------------------------------------------- App Home
def test_app_home_lists_flows_and_admins_can_change_settings(harness: Harness):
    slack_generate(harness)
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
    slack_generate(harness)
    assert any(call.method == "chat.postMessage" for call in harness.stub.calls)
    for call in harness.stub.calls:
        assert "xoxb-test-token" not in json.dumps(call.params)
        # A file's bytes go to the one-time upload URL Slack handed out, which is its own
        # credential (Slack's upload flow sends no token there); every Web API call needs one.
        if call.method != "file.upload":
            assert call.authorized


def test_two_replies_in_one_thread_are_applied_one_after_the_other(harness: Harness):
    preview = slack_generate(harness)
    first_version = button_value(preview, blocks.ACTION_DOWNLOAD)
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


# ---------------------------------------------------------------------- previews that always land
def _big_flow(n_messages: int = 60) -> dict:
    from tests.fakes.sample_flow import long_flow

    return long_flow(n_messages)


def _store_flow(h: Harness, flow: dict, **ctx_fields) -> str:
    ctx = RequestContext(source="slack", workspace_id="T0TEST", user_id="U0ALICE", **ctx_fields)
    saved = h.service.store.save_version(
        context=ctx,
        flow=flow,
        report=validate_flow(flow).to_dict(),
        brief="A long series",
        generator="offline",
    )
    return saved.version_id


def test_a_sixty_step_flow_preview_lands_within_slacks_limits(harness: Harness, monkeypatch):
    big = _big_flow(60)
    assert len(big["steps"]) >= 60
    original = harness.service.generate

    def generate_big(brief, *, context, **kw):
        outcome = original(brief, context=context, **kw)
        version_id = _store_flow(harness, big)
        stored = harness.service.get_version(version_id)
        return outcome.model_copy(
            update={
                "flow": stored.flow,
                "version_id": version_id,
                "version": stored.version,
                "flow_id": stored.flow_id,
                "report": validate_flow(big),
            }
        )

    monkeypatch.setattr(harness.service, "generate", generate_big)
    update = slack_generate(harness)
    # The stub answers msg_blocks_too_long / invalid_blocks like Slack: landing here means it fit.
    assert harness.stub.calls_to("chat.update")[-1].response["ok"]
    text = json.dumps(update["blocks"], ensure_ascii=False)
    assert "more messages" in text and "Full outline" in text
    harness.slack.click(
        blocks.ACTION_FULL_OUTLINE, button_value(update, blocks.ACTION_DOWNLOAD), message_ts=update["ts"]
    )
    modal = harness.stub.wait_for("views.open")[0]
    assert modal.response["ok"] and len(modal.params["view"]["blocks"]) <= 100


def test_a_refused_preview_update_still_leaves_a_result(harness: Harness):
    harness.stub.fail_next["chat.update"] = ["msg_blocks_too_long"]
    harness.slack.command(BRIEF)
    updates = harness.stub.wait_for("chat.update", count=2, timeout=20)
    assert not updates[0].response["ok"] and updates[1].response["ok"]
    compact = updates[1].params
    assert _has_action(compact, blocks.ACTION_FULL_OUTLINE) and len(compact["blocks"]) <= 6


def test_when_every_update_fails_the_preview_is_posted_as_words_and_a_file(harness: Harness):
    harness.stub.failures["chat.update"] = "internal_error"
    harness.stub.fail_next["chat.postMessage"] = [None, "invalid_blocks", "invalid_blocks"]  # type: ignore[list-item]
    harness.slack.command(BRIEF)

    def plain_posted(calls: list) -> bool:
        return any(
            c.method == "chat.postMessage"
            and c.response.get("ok")
            and "could not be shown" in str(c.params.get("text"))
            for c in calls
        )

    harness.stub.wait_until(plain_posted, timeout=20)
    harness.stub.wait_until(
        lambda cs: any(
            c.method == "files.getUploadURLExternal" and str(c.params.get("filename")).endswith(".json")
            for c in cs
        )
    )


# ---------------------------------------------------------------------- conversation policy
def test_acknowledgements_get_a_reaction_and_nothing_public(harness: Harness):
    preview = slack_generate(harness)
    flow_id = harness.service.get_version(button_value(preview, blocks.ACTION_DOWNLOAD)).flow_id
    harness.stub.wait_until(_diagram_sent)
    harness.stub.reset()
    for text in (":+1:", "thanks, looks good!", "👍"):
        _reply(harness, text, preview["ts"])
    harness.stub.wait_for("reactions.add", count=3)
    time.sleep(0.4)
    assert {c.params["name"] for c in harness.stub.calls_to("reactions.add")} == {"+1"}
    assert harness.stub.calls_to("chat.postMessage") == []
    assert harness.stub.calls_to("chat.postEphemeral") == []
    assert len(harness.service.list_versions(flow_id)) == 1


def test_side_chat_and_other_peoples_replies_change_nothing(harness: Harness):
    preview = slack_generate(harness)
    flow_id = harness.service.get_version(button_value(preview, blocks.ACTION_DOWNLOAD)).flow_id
    harness.stub.wait_until(_diagram_sent)
    harness.stub.reset()
    _reply(harness, "<@U0BOB> can you check the copy with legal?", preview["ts"])
    bob = {
        "type": "message",
        "channel": "C0GENERAL",
        "channel_type": "channel",
        "user": "U0BOB",
        "text": "make the discount 30%",
        "ts": f"{time.time():.6f}",
        "thread_ts": preview["ts"],
    }
    harness.slack.event(bob)
    note = harness.stub.wait_for("chat.postEphemeral")[0].params
    assert note["user"] == "U0BOB" and "mention me" in note["text"]
    time.sleep(0.3)
    assert harness.stub.calls_to("chat.postMessage") == []
    assert len(harness.service.list_versions(flow_id)) == 1

    # A mention of the bot always counts, whoever writes it.
    harness.stub.reset()
    harness.slack.event(
        {**bob, "text": f"<@{BOT_USER_ID}> make the discount 30%", "ts": f"{time.time():.6f}"}
    )
    harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )
    assert len(harness.service.list_versions(flow_id)) == 2


def test_thread_broadcast_replies_are_instructions_too(harness: Harness):
    preview = slack_generate(harness)
    harness.stub.reset()
    harness.slack.event(
        {
            "type": "message",
            "subtype": "thread_broadcast",
            "channel": "C0GENERAL",
            "channel_type": "channel",
            "user": "U0ALICE",
            "text": "make the discount 20%",
            "ts": f"{time.time():.6f}",
            "thread_ts": preview["ts"],
        }
    )
    harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )


# ---------------------------------------------------------------------- versions in the channel
def test_new_version_collapses_the_old_preview_and_stale_buttons_are_refused(harness: Harness):
    preview = slack_generate(harness)
    v1 = button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.stub.reset()
    _reply(harness, "make the discount 20%", preview["ts"])
    posted = harness.stub.wait_for(
        "chat.postMessage", timeout=20, where=lambda c: _has_action(c.params, blocks.ACTION_DOWNLOAD)
    )[0]
    v2 = button_value(posted.params, blocks.ACTION_DOWNLOAD)
    collapsed = harness.stub.wait_for("chat.update", where=lambda c: c.params.get("ts") == preview["ts"])[
        0
    ].params
    assert "superseded by" in json.dumps(collapsed["blocks"]) and "v2" in collapsed["text"]
    assert not any(b["type"] == "actions" for b in collapsed["blocks"])

    harness.stub.reset()
    harness.slack.click(blocks.ACTION_REGENERATE, v1, message_ts=preview["ts"])
    note = harness.stub.wait_for("chat.postEphemeral")[0].params
    assert "older version" in note["text"] and "/archives/C0GENERAL/p" in note["text"]
    time.sleep(0.3)
    flow_id = harness.service.get_version(v1).flow_id
    assert [v.version_id for v in harness.service.list_versions(flow_id)] == [v1, v2]


def test_feedback_is_recorded_against_the_version(harness: Harness):
    preview = slack_generate(harness)
    version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
    harness.slack.click(blocks.ACTION_FEEDBACK_UP, version_id, message_ts=preview["ts"])
    harness.stub.wait_for("chat.postEphemeral")
    from sqlalchemy import select

    from flowgen_core.service.store.models import Feedback

    query = select(Feedback.rating).where(Feedback.version_id == version_id)
    ratings = harness.service.store._run(lambda session: list(session.scalars(query)), default=[])
    assert ratings == [1]


def test_rate_limits_cover_dms_too(harness: Harness):
    harness.service.settings = harness.service.settings.model_copy(update={"rate_limit_per_minute": 1})
    harness.slack.event(_direct_message(BRIEF, "11.1"))
    harness.slack.event(_direct_message(BRIEF.replace("15", "20"), "11.2"))
    note = harness.stub.wait_for("chat.postEphemeral", timeout=20)[0].params
    assert "a lot of requests" in note["text"]


def test_app_home_caches_permalinks_and_offers_a_new_flow(harness: Harness):
    slack_generate(harness)
    harness.stub.reset()

    def open_home(n: int) -> None:
        harness.slack.event(
            {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"}
        )
        harness.stub.wait_for("views.publish", count=n)

    open_home(1)
    asked = len(harness.stub.calls_to("chat.getPermalink"))
    assert asked >= 1
    open_home(2)
    open_home(3)
    assert len(harness.stub.calls_to("chat.getPermalink")) == asked  # later opens use the cache
    view = harness.stub.calls_to("views.publish")[0].params["view"]
    assert blocks.ACTION_NEW_FLOW in json.dumps(view)

    harness.slack.interaction(
        {
            "type": "block_actions",
            "team": {"id": "T0TEST"},
            "user": {"id": "U0ALICE"},
            "api_app_id": "A0STUB",
            "trigger_id": "trigger-home",
            "container": {"type": "view", "view_id": "V0HOME"},
            "actions": [
                {"type": "button", "action_id": blocks.ACTION_NEW_FLOW, "value": "new", "block_id": "b"}
            ],
        }
    )
    modal = harness.stub.wait_for("views.open")[0].params["view"]
    assert modal["callback_id"] == blocks.VIEW_NEW_FLOW
    harness.stub.reset()
    harness.slack.interaction(
        _view_submission(modal, "V4", {blocks.BRIEF_BLOCK: {blocks.BRIEF_INPUT: {"value": BRIEF}}})
    )
    harness.preview_update(channel="D0ALICE")
