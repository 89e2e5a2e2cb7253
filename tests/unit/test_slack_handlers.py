"""Each Slack listener called directly: a mocked `ack`, a mocked WebClient, fake dependencies.

The stub-server suites (tests/integration/test_slack_*.py) drive the same listeners through
Bolt over HTTP; these check each one on its own: the ack comes first, and what is sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any
from unittest.mock import MagicMock, Mock, call

import pytest
from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient

from flowgen_apps.slack import blocks
from flowgen_apps.slack.admins import forget_admins
from flowgen_apps.slack.listeners import deduplicate_events
from flowgen_apps.slack.listeners.actions import (
    BUTTON_WORK,
    ack_only,
    feedback,
    on_button,
    open_outline,
    open_refine,
    run_button,
)
from flowgen_apps.slack.listeners.assistant import (
    GENERATING_STAGES,
    GREETING,
    in_known_thread,
    on_thread_started,
    on_user_message,
    work_then_narrate,
)
from flowgen_apps.slack.listeners.commands import on_command, run_command
from flowgen_apps.slack.listeners.deps import BACKGROUND, SERVICE, SETTINGS, provide
from flowgen_apps.slack.listeners.events import (
    handle_mention,
    ignore,
    on_home_opened,
    on_mention,
    on_message,
    single_workspace_uninstalled,
)
from flowgen_apps.slack.listeners.messages import handle_message, reply_in_flow_thread
from flowgen_apps.slack.listeners.views import (
    on_new_flow_submitted,
    on_refine_submitted,
    open_new_flow,
    open_settings,
    save_settings,
)
from flowgen_core.context import RequestContext
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings

TEAM, USER, CHANNEL = "T0TEST", "U0ALICE", "C0GENERAL"


class Calls:
    """One recorder for ack, the Web API client and the background pool, in the order called."""

    def __init__(self) -> None:
        self.log = Mock()
        self.ack = MagicMock(name="ack")
        self.client = MagicMock(spec=WebClient)
        self.client.token = "xoxb-test"
        self.client.base_url = "https://slack.test/api/"
        self.client.chat_postMessage.return_value = {"channel": CHANNEL, "ts": "200.1"}
        self.client.conversations_open.return_value = {"channel": {"id": "D0ALICE"}}
        self.client.users_info.return_value = {"user": {"id": USER, "team_id": TEAM, "is_admin": False}}
        self.background = MagicMock(name="background")
        self.log.attach_mock(self.ack, "ack")
        self.log.attach_mock(self.client, "client")
        self.log.attach_mock(self.background, "background")

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.log.mock_calls]

    def assert_ack_first(self) -> None:
        assert self.names, "nothing was called"
        assert self.names[0] == "ack", self.names

    def submitted(self) -> list[tuple[Callable[..., Any], tuple[Any, ...]]]:
        """(function, arguments) of every task handed to the pool, in order."""
        found = []
        for name, args, _ in self.background.mock_calls:
            if name == "submit":
                found.append((args[0], args[1:]))
            elif name == "submit_in_order":
                found.append((args[1], args[2:]))
        return found

    def client_methods(self) -> list[str]:
        return [name.split(".", 1)[1] for name in self.names if name.startswith("client.")]


@pytest.fixture
def calls() -> Iterator[Calls]:
    forget_admins()
    yield Calls()
    forget_admins()


@pytest.fixture
def service() -> MagicMock:
    fake = MagicMock(spec=FlowService)
    fake.settings = Settings(_env_file=None, flowgen_generator="offline")
    fake.cache = MemoryCache()
    fake.latest_for_thread.return_value = None
    fake.history.return_value = []
    return fake


def _context(**values: Any) -> BoltContext:
    return BoltContext({"team_id": TEAM, "bot_user_id": "U0BOT", **values})


def _button(action_id: str, value: str = "v1", **extra: Any) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": USER},
        "trigger_id": "trigger-1",
        "container": {"channel_id": CHANNEL, "message_ts": "100.1", "thread_ts": "100.1"},
        "actions": [{"action_id": action_id, "value": value}],
        **extra,
    }


def _stored(version_id: str = "v1", **fields: Any) -> SimpleNamespace:
    defaults: dict[str, Any] = {"version": 1, "locked": False, "created_by": USER, "user_id": USER}
    return SimpleNamespace(version_id=version_id, **{**defaults, **fields})


# ---------------------------------------------------------------------- dependencies from the context
def test_provide_puts_the_service_its_settings_and_the_pool_in_the_context(service: MagicMock) -> None:
    context, background = BoltContext(), MagicMock()
    nxt = MagicMock(return_value="next")
    assert provide(service, background)(context=context, next=nxt) == "next"
    assert context[SERVICE] is service
    assert context[SETTINGS] is service.settings
    assert context[BACKGROUND] is background


def test_a_retried_event_is_acked_and_skipped(service: MagicMock) -> None:
    body = {"type": "event_callback", "event_id": "Ev1"}
    request = SimpleNamespace(headers={"x-slack-retry-num": ["1"]})
    nxt = MagicMock(return_value="handled")
    assert deduplicate_events(body, request, service, nxt) == "handled"  # type: ignore[arg-type]
    skipped = deduplicate_events(body, request, service, nxt)  # type: ignore[arg-type]
    assert isinstance(skipped, BoltResponse) and skipped.status == 200
    assert nxt.call_count == 1


# ---------------------------------------------------------------------- /flowgen
def test_help_is_answered_in_the_ack_itself(calls: Calls, service: MagicMock) -> None:
    on_command(calls.ack, {"text": "help", "command": "/flowgen"}, calls.client, service, calls.background)
    calls.ack.assert_called_once()
    assert calls.ack.call_args.kwargs["text"] == "How to use flowgen"
    assert calls.ack.call_args.kwargs["blocks"] == blocks.help_blocks("/flowgen")
    assert calls.names == ["ack"]


def test_a_brief_is_acked_then_generated_in_the_background(calls: Calls, service: MagicMock) -> None:
    command = {"text": "Win back lapsed buyers with 10% off", "channel_id": CHANNEL, "user_id": USER}
    on_command(calls.ack, command, calls.client, service, calls.background)
    calls.assert_ack_first()
    calls.ack.assert_called_once_with()
    assert calls.submitted() == [(run_command, (command, calls.client, service))]
    assert calls.client_methods() == []  # nothing slow before the ack returns


def test_history_is_posted_privately(calls: Calls, service: MagicMock) -> None:
    command = {"text": "history", "channel_id": CHANNEL, "user_id": USER, "team_id": TEAM, "trigger_id": "t1"}
    run_command(command, calls.client, service)
    calls.client.chat_postEphemeral.assert_called_once()
    sent = calls.client.chat_postEphemeral.call_args.kwargs
    assert (sent["channel"], sent["user"], sent["text"]) == (CHANNEL, USER, "Your recent flows")
    # The same trigger twice (a replayed request) is one command.
    run_command(command, calls.client, service)
    calls.client.chat_postEphemeral.assert_called_once()


def test_pasted_json_that_does_not_parse_gets_a_private_error(calls: Calls, service: MagicMock) -> None:
    command = {"text": "validate {not json", "channel_id": CHANNEL, "user_id": USER, "trigger_id": "t2"}
    run_command(command, calls.client, service)
    sent = calls.client.chat_postEphemeral.call_args.kwargs
    assert "couldn't read that JSON" in sent["text"]
    service.validate.assert_not_called()


# ---------------------------------------------------------------------- buttons
def test_ack_only_acknowledges_a_link_button(calls: Calls) -> None:
    ack_only(calls.ack)
    assert calls.names == ["ack"]


@pytest.mark.parametrize("action_id", sorted(BUTTON_WORK))
def test_every_slow_button_is_acked_then_run_in_the_background(
    calls: Calls, service: MagicMock, action_id: str
) -> None:
    body = _button(action_id)
    on_button(calls.ack, body, calls.client, service, calls.background)
    calls.assert_ack_first()
    assert calls.submitted() == [(run_button, (body, calls.client, service))]


def test_a_double_click_is_one_action(calls: Calls, service: MagicMock) -> None:
    body = _button(blocks.ACTION_FEEDBACK_UP)
    run_button(body, calls.client, service)
    run_button(body, calls.client, service)
    service.feedback.assert_called_once()
    assert service.feedback.call_args.args[:2] == ("v1", 1)


def test_a_button_on_an_older_version_is_refused_privately(calls: Calls, service: MagicMock) -> None:
    service.latest_for_thread.return_value = _stored("v2", version=2)
    run_button(_button(blocks.ACTION_APPROVE, "v1"), calls.client, service)
    service.approve.assert_not_called()
    sent = calls.client.chat_postEphemeral.call_args.kwargs
    assert "older version" in sent["text"] and sent["user"] == USER


def test_feedback_thanks_only_the_person_who_clicked(calls: Calls, service: MagicMock) -> None:
    feedback(_button(blocks.ACTION_FEEDBACK_DOWN), calls.client, service)
    assert service.feedback.call_args.args[:2] == ("v1", -1)
    sent = calls.client.chat_postEphemeral.call_args.kwargs
    assert sent["user"] == USER and sent["thread_ts"] == "100.1"
    assert "Reply with what to change" in sent["text"]


def test_refine_opens_its_modal_right_after_the_ack(calls: Calls, service: MagicMock) -> None:
    service.latest_for_thread.return_value = _stored("v1")
    open_refine(calls.ack, _button(blocks.ACTION_REFINE), calls.client, service, calls.background)
    calls.assert_ack_first()
    assert calls.client_methods() == ["views_open"]
    opened = calls.client.views_open.call_args.kwargs
    assert opened["trigger_id"] == "trigger-1"
    assert opened["view"]["callback_id"] == blocks.VIEW_REFINE
    assert calls.submitted() == []


def test_refine_on_an_older_version_opens_no_modal(calls: Calls, service: MagicMock) -> None:
    service.latest_for_thread.return_value = _stored("v2", version=2)
    open_refine(calls.ack, _button(blocks.ACTION_REFINE, "v1"), calls.client, service, calls.background)
    calls.assert_ack_first()
    calls.client.views_open.assert_not_called()
    assert [fn.__name__ for fn, _ in calls.submitted()] == ["stale_refusal"]


def test_an_outline_that_cannot_be_read_is_reported_in_the_background(
    calls: Calls, service: MagicMock
) -> None:
    service.get_version.side_effect = RuntimeError("database down")
    open_outline(calls.ack, _button(blocks.ACTION_FULL_OUTLINE), calls.client, service, calls.background)
    calls.assert_ack_first()
    calls.client.views_open.assert_not_called()
    assert [fn.__name__ for fn, _ in calls.submitted()] == ["_report_failure"]


# ---------------------------------------------------------------------- modals
def _view(block: str, action: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"state": {"values": {block: {action: {"value": value}}}}, **extra}


def test_an_empty_refine_instruction_keeps_the_modal_open(calls: Calls, service: MagicMock) -> None:
    view = _view(blocks.REFINE_BLOCK, blocks.REFINE_INPUT, "  ")
    on_refine_submitted(calls.ack, view, {}, calls.client, service, calls.background)
    calls.ack.assert_called_once_with(
        response_action="errors", errors={blocks.REFINE_BLOCK: "Say what should change."}
    )
    assert calls.submitted() == []


def test_a_refine_instruction_is_acked_then_applied_in_the_background(
    calls: Calls, service: MagicMock
) -> None:
    view = _view(blocks.REFINE_BLOCK, blocks.REFINE_INPUT, "make it 20% off")
    on_refine_submitted(calls.ack, view, {}, calls.client, service, calls.background)
    calls.assert_ack_first()
    calls.ack.assert_called_once_with()
    assert [fn.__name__ for fn, _ in calls.submitted()] == ["refine_submitted"]


def test_settings_open_for_admins_only(calls: Calls, service: MagicMock) -> None:
    body = {"team": {"id": TEAM}, "user": {"id": USER}, "trigger_id": "trigger-1"}
    open_settings(calls.ack, body, calls.client, service)
    calls.assert_ack_first()
    calls.client.views_open.assert_not_called()

    forget_admins()
    calls.client.users_info.return_value = {"user": {"id": USER, "team_id": TEAM, "is_admin": True}}
    service.workspace_settings.return_value = {}
    open_settings(calls.ack, body, calls.client, service)
    assert calls.client.views_open.call_args.kwargs["view"]["callback_id"] == blocks.VIEW_SETTINGS


def test_a_non_admin_cannot_save_settings(calls: Calls, service: MagicMock) -> None:
    body = {"team": {"id": TEAM}, "user": {"id": USER}}
    save_settings(calls.ack, body, {"state": {"values": {}}}, calls.client, service)
    calls.ack.assert_called_once_with(
        response_action="errors", errors={"brand_name": "Only workspace admins can change settings."}
    )
    service.update_workspace_settings.assert_not_called()


def test_new_flow_opens_its_modal_after_the_ack(calls: Calls) -> None:
    open_new_flow(calls.ack, {"trigger_id": "trigger-1"}, calls.client)
    calls.assert_ack_first()
    assert calls.client.views_open.call_args.kwargs["view"]["callback_id"] == blocks.VIEW_NEW_FLOW


def test_an_empty_new_flow_brief_keeps_the_modal_open(calls: Calls, service: MagicMock) -> None:
    view = _view(blocks.BRIEF_BLOCK, blocks.BRIEF_INPUT, "")
    on_new_flow_submitted(calls.ack, view, {}, calls.client, service, calls.background)
    calls.ack.assert_called_once_with(
        response_action="errors", errors={blocks.BRIEF_BLOCK: "Describe the campaign."}
    )
    assert calls.submitted() == []


# ---------------------------------------------------------------------- events
def _message(**fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": "D0ALICE",
        "channel_type": "im",
        "user": USER,
        "ts": "300.1",
        **fields,
    }


@pytest.mark.parametrize(
    "fields", [{"bot_id": "B0BOT"}, {"user": None}, {"subtype": "message_changed"}, {"subtype": "file_share"}]
)
def test_bots_edits_and_other_files_are_not_instructions(
    calls: Calls, service: MagicMock, fields: dict[str, Any]
) -> None:
    on_message(_message(text="hi", **fields), calls.client, _context(), service, calls.background)
    assert calls.names == []


def test_messages_of_one_conversation_queue_in_order(calls: Calls, service: MagicMock) -> None:
    event, context = _message(text="a brief", thread_ts="300.0"), _context()
    on_message(event, calls.client, context, service, calls.background)
    assert calls.background.mock_calls == [
        call.submit_in_order("D0ALICE:300.0", handle_message, event, calls.client, context, service)
    ]


def test_a_help_word_in_a_dm_gets_the_help(calls: Calls, service: MagicMock) -> None:
    handle_message(_message(text="help"), calls.client, _context(), service)
    sent = calls.client.chat_postMessage.call_args.kwargs
    assert sent["text"] == "How to use flowgen" and sent["channel"] == "D0ALICE"
    service.generate.assert_not_called()


def test_a_channel_message_outside_a_thread_is_ignored(calls: Calls, service: MagicMock) -> None:
    handle_message(
        _message(text="hello", channel=CHANNEL, channel_type="channel"), calls.client, _context(), service
    )
    assert calls.client_methods() == []


def test_a_thanks_in_a_flow_thread_gets_a_reaction(calls: Calls, service: MagicMock) -> None:
    event = _message(text="thanks!", channel=CHANNEL, channel_type="channel", thread_ts="100.1")
    ctx = RequestContext(
        source="slack", workspace_id=TEAM, user_id=USER, channel_id=CHANNEL, thread_ts="100.1"
    )
    reply_in_flow_thread(
        calls.client, service, ctx, event, "thanks!", _stored(), bot_user_id="U0BOT", status=None
    )
    calls.client.reactions_add.assert_called_once_with(channel=CHANNEL, timestamp="300.1", name="+1")
    service.refine.assert_not_called()


def test_a_change_to_a_locked_flow_asks_to_reopen(calls: Calls, service: MagicMock) -> None:
    event = _message(
        text="<@U0BOT> make it 20% off", channel=CHANNEL, channel_type="channel", thread_ts="100.1"
    )
    ctx = RequestContext(
        source="slack", workspace_id=TEAM, user_id=USER, channel_id=CHANNEL, thread_ts="100.1"
    )
    latest = _stored(locked=True)
    reply_in_flow_thread(
        calls.client, service, ctx, event, event["text"], latest, bot_user_id="U0BOT", status=None
    )
    sent = calls.client.chat_postEphemeral.call_args.kwargs
    assert "approved and locked" in sent["text"]
    assert blocks.ACTION_REOPEN in json.dumps(sent["blocks"])
    service.refine.assert_not_called()


def test_a_mention_is_handled_in_the_background(calls: Calls, service: MagicMock) -> None:
    event, context = _message(type="app_mention", channel=CHANNEL), _context()
    on_mention(event, calls.client, context, service, calls.background)
    assert calls.background.mock_calls == [call.submit(handle_mention, event, calls.client, context, service)]


def test_a_mention_inside_a_flow_thread_is_left_to_the_message_listener(
    calls: Calls, service: MagicMock
) -> None:
    service.latest_for_thread.return_value = _stored()
    event = _message(type="app_mention", channel=CHANNEL, text="<@U0BOT> shorter", thread_ts="100.1")
    handle_mention(event, calls.client, _context(), service)
    assert calls.client_methods() == []


def test_app_home_is_published_for_the_home_tab_only(calls: Calls, service: MagicMock) -> None:
    on_home_opened({"tab": "messages", "user": USER}, calls.client, _context(), service, calls.background)
    assert calls.submitted() == []
    on_home_opened({"tab": "home", "user": USER}, calls.client, _context(), service, calls.background)
    assert [fn.__name__ for fn, _ in calls.submitted()] == ["publish_home"]


def test_quiet_events_send_nothing(caplog: pytest.LogCaptureFixture) -> None:
    assert ignore({"type": "assistant_thread_context_changed"}) is None
    single_workspace_uninstalled({"type": "app_uninstalled"})
    assert "SLACK_BOT_TOKEN no longer works" in caplog.text


# ---------------------------------------------------------------------- assistant threads
def _assistant_started() -> dict[str, Any]:
    return {
        "assistant_thread": {
            "channel_id": "D0ALICE",
            "thread_ts": "400.1",
            "context": {"channel_id": CHANNEL},
        }
    }


def test_a_new_assistant_thread_is_remembered_and_greeted(service: MagicMock) -> None:
    say, prompts = MagicMock(), MagicMock()
    on_thread_started(_assistant_started(), say, prompts, service)
    say.assert_called_once_with(text=GREETING)
    assert len(prompts.call_args.kwargs["prompts"]) == len(blocks.EXAMPLE_BRIEFS)
    body = {"event": {"channel": "D0ALICE", "thread_ts": "400.1"}}
    assert in_known_thread(body, service)
    assert not in_known_thread({"event": {"channel": "D0ALICE", "thread_ts": "999.9"}}, service)


def test_the_assistant_status_goes_up_before_the_work_starts(calls: Calls, service: MagicMock) -> None:
    payload = {"channel": "D0ALICE", "thread_ts": "400.1", "user": USER, "text": "Win back lapsed buyers"}
    set_title, context = MagicMock(), _context()
    on_user_message(payload, calls.client, context, set_title, service, calls.background)
    calls.client.assistant_threads_setStatus.assert_called_once_with(
        channel_id="D0ALICE",
        thread_ts="400.1",
        status="is reading your brief…",
        loading_messages=GENERATING_STAGES,
    )
    set_title.assert_called_once_with("Win back lapsed buyers")
    assert calls.names.index("client.assistant_threads_setStatus") < calls.names.index("background.submit")
    [(fn, args)] = calls.submitted()
    assert fn is work_then_narrate and args[:4] == (payload, calls.client, context, service)
