"""The Web API stub refuses what Slack refuses, with Slack's error codes."""

from __future__ import annotations

from tests.fakes.slack_stub import check_limits


def _section(chars: int) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * chars}}


def test_message_limits():
    assert check_limits("chat.postMessage", {"blocks": [_section(10)], "text": "t"}) is None
    assert check_limits("chat.update", {"blocks": [_section(10)] * 51})["error"] == "invalid_blocks"
    assert check_limits("chat.postMessage", {"blocks": [_section(3001)]})["error"] == "invalid_blocks"
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}
    assert check_limits("chat.postEphemeral", {"blocks": [header]})["error"] == "invalid_blocks"
    assert check_limits("chat.update", {"blocks": [_section(2900)] * 5})["error"] == "msg_blocks_too_long"
    assert check_limits("chat.postMessage", {"text": "x" * 40_001})["error"] == "msg_too_long"
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "b" * 76},
        "action_id": "a",
        "value": "v",
    }
    assert check_limits("chat.postMessage", {"blocks": [{"type": "actions", "elements": [button]}]})


def test_view_limits():
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []}
    assert check_limits("views.open", {"view": view})["error"] == "invalid_arguments"
    many = {"type": "home", "blocks": [_section(5)] * 101}
    assert check_limits("views.publish", {"view": many})["error"] == "invalid_arguments"
