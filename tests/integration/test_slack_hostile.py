"""Hostile strings on every outgoing Slack path: none of their live markup reaches Slack.

User text (briefs, file names, flow names, step ids and copy of uploaded flows,
instructions, workspace settings) is driven through each path the app has — previews,
fallback `text`, placeholders, findings, diagrams, the JSON download's title and
`initial_comment`, validation answers, errors, history, App Home, the settings modal —
and every string the stub received is searched for live `<!…>`, `<@…>`, `<#…>` or
`<http…|…>`. Only markup the app writes itself (the clicking user's mention, permalinks
from Slack) may appear.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from typing import Any

from flowgen_apps.slack import blocks
from tests.fakes.slack_stub import SlackStub
from tests.integration.test_slack_app import (  # noqa: F401  (the fixture is used by name)
    Harness,
    button_value,
    harness,
)

HOSTILE = (
    "<!channel> <https://evil.example|Slack: re-login required>",
    "<!here> <@U0VICTIM> <#C0SECRET|general>",
    "<!subteam^S0ADMINS|@admins> <!everyone>",
    "&lt;!channel&gt; &amp;lt;@U0VICTIM&amp;gt;",
    "<https://evil.example>",
)
LIVE = re.compile(r"<(?:[!@#][^<>]*|https?://[^<>]*)>")
# Markup the app writes on purpose: mentions of real users, and Slack's own permalinks.
OURS = re.compile(r"<@U0(?:ALICE|BOB)>|<https://stub\.slack\.test/archives/[^<>|]+\|[^<>]*>")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        found = [value]
        if value[:1] in "[{":  # JSON-encoded nested payloads (views, blocks) count too
            with contextlib.suppress(ValueError):
                found += _strings(json.loads(value))
        return found
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def live_markup(stub: SlackStub) -> list[tuple[str, str]]:
    leaks = []
    for call in stub.calls:
        for text in _strings(call.params):
            for match in LIVE.finditer(text):
                if not OURS.fullmatch(match.group(0)):
                    leaks.append((call.method, match.group(0)))
    return leaks


def hostile_flow(tag: str) -> dict[str, Any]:
    """A defective flow whose name, step ids and copy are all hostile (so findings quote them)."""
    return {
        "name": tag,
        "description": tag,
        "initialStepID": f"{tag}-1",
        "steps": [
            {
                "id": f"{tag}-1",
                "type": "message",
                "label": tag,
                "content": f"Hi {tag}",
                "events": [{"id": f"{tag}-e", "type": "default", "nextStepID": f"{tag}-missing"}],
            }
        ],
    }


def _wait_quiet(stub: SlackStub, seconds: float = 0.6) -> None:
    """Until no new call arrived for `seconds` (background work has finished)."""
    deadline = time.monotonic() + 30
    last = -1
    while time.monotonic() < deadline:
        count = len(stub.calls)
        if count == last:
            return
        last = count
        time.sleep(seconds)


def _file_share(file: dict, ts: str) -> dict:
    return {
        "type": "message",
        "subtype": "file_share",
        "channel": "D0ALICE",
        "channel_type": "im",
        "user": "U0ALICE",
        "text": "",
        "ts": ts,
        "files": [file],
    }


def test_no_live_markup_from_users_reaches_slack_on_any_path(harness: Harness):  # noqa: F811
    h = harness
    h.stub.admins.add("U0ALICE")
    for n, tag in enumerate(HOSTILE):
        # A brief with markup: placeholder, preview, fallback text, diagram.
        h.slack.command(f"Win back customers {tag} with 15% off, reply SAVE")
        preview = h.stub.wait_for(
            "chat.update",
            count=n + 1,
            timeout=20,
            where=lambda c: blocks.ACTION_DOWNLOAD in json.dumps(c.params),
        )[-1].params
        version_id = button_value(preview, blocks.ACTION_DOWNLOAD)
        # A refinement instruction with markup (applied or refused, both answer in the thread).
        h.slack.event(
            {
                "type": "message",
                "channel": "C0GENERAL",
                "channel_type": "channel",
                "user": "U0ALICE",
                "text": f"rename the flow to {tag}",
                "ts": f"{time.time():.6f}",
                "thread_ts": preview["ts"],
            }
        )
        # A pasted flow and an uploaded file with hostile names, ids and copy; then Fix + Download.
        h.slack.command("validate " + json.dumps(hostile_flow(tag)))
        file = h.stub.add_file(f"{tag}.json", json.dumps(hostile_flow(tag)).encode())
        h.slack.event(_file_share(file, ts=f"9.{n}"))
        broken = h.stub.add_file(f"{tag} broken.json", b'{"name": "x", "steps": [')
        h.slack.event(_file_share(broken, ts=f"9.{n}1"))
        answer = h.stub.wait_for(
            "chat.postEphemeral",
            count=n + 1,
            timeout=20,
            where=lambda c: blocks.ACTION_FIX_PASTED in json.dumps(c.params),
        )[-1].params
        h.slack.click(
            blocks.ACTION_FIX_PASTED, button_value(answer, blocks.ACTION_FIX_PASTED), message_ts=f"8.{n}"
        )
        h.slack.click(blocks.ACTION_DOWNLOAD, version_id, message_ts=preview["ts"])
        # Workspace settings typed by an admin show up in App Home and the settings modal.
        values = {field: {field: {"value": tag[:100]}} for field in blocks.SETTINGS_FIELDS}
        h.slack.interaction(
            {
                "type": "view_submission",
                "team": {"id": "T0TEST"},
                "user": {"id": "U0ALICE"},
                "api_app_id": "A0STUB",
                "view": {
                    "id": f"V{n}",
                    "type": "modal",
                    "callback_id": blocks.VIEW_SETTINGS,
                    "state": {"values": values},
                },
            }
        )
        _wait_quiet(h.stub)

    # Every flow produced from the file (fixed) is downloadable: its title and comment are checked too.
    for call in h.stub.calls_to("chat.postMessage"):
        if blocks.ACTION_DOWNLOAD in json.dumps(call.params):
            h.slack.click(
                blocks.ACTION_DOWNLOAD, button_value(call.params, blocks.ACTION_DOWNLOAD), message_ts="8.9"
            )
    h.slack.command("history")
    h.slack.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"})
    h.slack.interaction(
        {
            "type": "block_actions",
            "team": {"id": "T0TEST"},
            "user": {"id": "U0ALICE", "team_id": "T0TEST"},
            "api_app_id": "A0STUB",
            "trigger_id": "trigger-settings",
            "actions": [{"type": "button", "action_id": blocks.ACTION_OPEN_SETTINGS, "value": "settings"}],
        }
    )
    _wait_quiet(h.stub)

    methods = {c.method for c in h.stub.calls}
    # The corpus really went down every path (a test that checked nothing would pass too).
    assert {
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
        "files.completeUploadExternal",
        "views.publish",
        "views.open",
    } <= methods
    comments = [c for c in h.stub.calls_to("files.completeUploadExternal") if c.params.get("initial_comment")]
    assert comments, "no JSON download was posted"
    assert live_markup(h.stub) == []


def test_the_detector_sees_a_live_mention():
    stub = SlackStub()
    from tests.fakes.slack_stub import Call

    stub.calls.append(Call(method="chat.postMessage", params={"text": "hi <!channel>", "blocks": "[]"}))
    stub.calls.append(
        Call(method="chat.postMessage", params={"blocks": [{"text": {"text": "<https://x.example|y>"}}]})
    )
    assert [leak for _, leak in live_markup(stub)] == ["<!channel>", "<https://x.example|y>"]
    stub._server.server_close()


def test_incoming_markup_is_stored_as_plain_text(harness: Harness):  # noqa: F811
    harness.slack.command(
        "Win back customers &amp; friends with 15% off <https://shop.example/sale|our sale> <!channel>"
    )
    preview = harness.stub.wait_for(
        "chat.update", timeout=20, where=lambda c: blocks.ACTION_DOWNLOAD in json.dumps(c.params)
    )[0].params
    stored = harness.service.get_version(button_value(preview, blocks.ACTION_DOWNLOAD))
    assert "customers & friends" in stored.brief
    assert "our sale (https://shop.example/sale)" in stored.brief
    assert "@channel" in stored.brief and "<" not in stored.brief and "&amp;" not in stored.brief
