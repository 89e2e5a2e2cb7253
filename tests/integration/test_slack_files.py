"""Validating a FlowBuilder `.json` file shared with the Slack app (DMs, mentions, flow threads).

Same harness as `test_slack_app.py`: the real Bolt app over HTTP, Slack's Web API and its
file downloads served by the local stub.
"""

from __future__ import annotations

import json
import time

import pytest

from flowgen_apps.slack import blocks
from flowgen_apps.slack.files import download_file, is_json_file
from flowgen_core.io import InputError
from tests.fakes.slack_stub import BOT_USER_ID, SlackStub
from tests.integration.test_slack_app import (  # noqa: F401  (the fixture is used by name)
    Harness,
    button_value,
    harness,
    slack_generate,
)

BOT_TOKEN = "xoxb-test-token"  # the harness's SLACK_BOT_TOKEN
DEFECTIVE_FLOW = {
    "name": "Uploaded",
    "initialStepID": "a",
    "steps": [{"id": "a", "type": "message", "content": "Hi"}],
}


def _file_share(file: dict, *, ts: str, channel: str = "D0ALICE", **extra: str) -> dict:
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": channel,
        "channel_type": "im" if channel.startswith("D") else "channel",
        "user": "U0ALICE",
        "text": "",
        "ts": ts,
        "files": [file],
    }
    return {**event, **extra}


def _answer(h: Harness, channel: str = "D0ALICE") -> dict:
    return h.stub.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == channel)[0].params


@pytest.fixture
def stub_checks_token(harness: Harness) -> Harness:  # noqa: F811
    harness.stub.file_token = BOT_TOKEN
    return harness


def test_valid_json_file_in_a_dm_gets_a_report_with_a_fix_button(stub_checks_token: Harness):
    h = stub_checks_token
    file = h.stub.add_file("uploaded.json", json.dumps(DEFECTIVE_FLOW).encode())
    assert h.slack.event(_file_share(file, ts="7.1")).status_code == 200

    answer = _answer(h)
    assert h.stub.downloads == [file["id"]]  # fetched with the bot token (the stub checks it)
    assert "Validation of Uploaded" in answer["text"]
    assert blocks.limit_violations(answer["blocks"]) == []
    ref = button_value(answer, blocks.ACTION_FIX_PASTED)
    assert len(ref) <= 64 and "steps" not in ref
    assert BOT_TOKEN not in json.dumps([c.params for c in h.stub.calls])

    # Fix works exactly as for pasted JSON: a new stored version and its preview.
    h.slack.click(blocks.ACTION_FIX_PASTED, ref, channel="D0ALICE", message_ts="1700000000.000001")
    update = h.preview_update(channel="D0ALICE")[0].params
    version_id = button_value(update, blocks.ACTION_DOWNLOAD)
    assert version_id.startswith("ver_")
    assert h.service.get_version(version_id).flow["steps"]


def test_malformed_json_file_gets_a_friendly_one_line_reason(harness: Harness):  # noqa: F811
    file = harness.stub.add_file("broken.json", b'{"name": "x", "steps": [')
    harness.slack.event(_file_share(file, ts="7.2"))
    answer = _answer(harness)
    text = json.dumps(answer["blocks"])
    assert "couldn't read broken.json" in answer["text"]
    assert "not valid JSON" in answer["text"]
    assert "Traceback" not in text and "Error" not in answer["text"]
    assert not any(blocks.ACTION_FIX_PASTED in json.dumps(c.params) for c in harness.stub.calls)


def test_json_that_is_not_an_object_is_refused(harness: Harness):  # noqa: F811
    file = harness.stub.add_file("list.json", b"[1, 2, 3]")
    harness.slack.event(_file_share(file, ts="7.3"))
    assert "couldn't read list.json" in _answer(harness)["text"]


def test_a_2_mb_file_is_refused_by_size_without_downloading(harness: Harness):  # noqa: F811
    file = harness.stub.add_file("huge.json", b" " * 2_000_000 + b"{}")
    harness.slack.event(_file_share(file, ts="7.4"))
    answer = _answer(harness)
    assert "limit" in answer["text"] and "1,000,000" in answer["text"]
    assert harness.stub.downloads == []


def test_a_file_larger_than_declared_is_cut_off_while_reading(slack_stub: SlackStub):
    file = slack_stub.add_file("liar.json", b"[" + b"0," * 600_000 + b"0]")
    file["size"] = 10
    with pytest.raises(InputError, match="larger than the limit"):
        download_file(file, token=BOT_TOKEN, api_base_url=slack_stub.api_url)


def test_the_token_goes_only_to_slack_hosts(slack_stub: SlackStub):
    file = slack_stub.add_file("flow.json", b"{}")
    file["url_private_download"] = "http://attacker.example/files/x"
    with pytest.raises(InputError, match="not hosted by Slack"):
        download_file(file, token=BOT_TOKEN, api_base_url=slack_stub.api_url)
    assert (
        download_file(
            {**file, "url_private_download": file["url_private"]},
            token=BOT_TOKEN,
            api_base_url=slack_stub.api_url,
        )
        == b"{}"
    )


def test_a_wrong_token_is_a_friendly_refusal(slack_stub: SlackStub):
    slack_stub.file_token = BOT_TOKEN
    file = slack_stub.add_file("flow.json", b"{}")
    with pytest.raises(InputError, match="HTTP 403"):
        download_file(file, token="xoxb-other", api_base_url=slack_stub.api_url)


def test_a_non_json_file_in_a_dm_is_ignored(harness: Harness):  # noqa: F811
    png = harness.stub.add_file("diagram.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert not is_json_file(png)
    assert harness.slack.event(_file_share(png, ts="7.5")).status_code == 200
    time.sleep(0.5)
    assert harness.stub.downloads == []
    assert harness.stub.calls_to("chat.postMessage") == []
    assert harness.stub.calls_to("chat.postEphemeral") == []


def test_json_file_in_a_flows_thread_is_validated_not_refined(harness: Harness):  # noqa: F811
    preview = slack_generate(harness)
    harness.stub.reset()
    file = harness.stub.add_file("edited.json", json.dumps(DEFECTIVE_FLOW).encode())
    event = _file_share(file, ts=f"{time.time():.6f}", channel="C0GENERAL", thread_ts=preview["ts"])
    event["text"] = "make the discount 20%"
    harness.slack.event(event)
    answer = _answer(harness, channel="C0GENERAL")
    assert answer["thread_ts"] == preview["ts"]
    assert "Validation of Uploaded" in answer["text"]
    button_value(answer, blocks.ACTION_FIX_PASTED)
    time.sleep(0.3)
    assert harness.stub.calls_to("reactions.add") == []  # no refinement started
    assert len(harness.stub.calls_to("chat.postMessage")) == 1


def test_json_file_with_a_mention_in_a_channel_is_validated_in_its_thread(harness: Harness):  # noqa: F811
    file = harness.stub.add_file("campaign.json", json.dumps(DEFECTIVE_FLOW).encode())
    ts = "1700000200.000300"
    harness.slack.event(
        {
            "type": "app_mention",
            "channel": "C0GENERAL",
            "user": "U0ALICE",
            "text": f"<@{BOT_USER_ID}> check this",
            "ts": ts,
            "files": [file],
        }
    )
    answer = _answer(harness, channel="C0GENERAL")
    assert answer["thread_ts"] == ts
    assert "Validation of Uploaded" in answer["text"]
    assert harness.stub.calls_to("chat.update") == []  # no flow generated from "check this"


def test_help_mentions_uploading_a_json_file():
    assert "upload a `.json` file in a DM" in json.dumps(blocks.help_blocks())


def test_a_sign_in_page_instead_of_the_file_names_the_missing_scope(slack_stub: SlackStub):
    file = slack_stub.add_file("flow.json", b"<html>sign in</html>")
    slack_stub.file_content_type = "text/html; charset=utf-8"
    with pytest.raises(InputError, match="files:read"):
        download_file(file, token=BOT_TOKEN, api_base_url=slack_stub.api_url)
