"""The conversation policy: which thread replies are instructions, which DMs are small talk."""

from __future__ import annotations

import pytest

from flowgen_apps.slack.conversation import (
    ReplyKind,
    classify_reply,
    is_acknowledgement,
    is_emoji_only,
    is_small_talk,
    mentioned_users,
    vocabulary,
)

ACKNOWLEDGEMENTS = [
    ":+1:",
    "👍",
    "🙏",
    "🎉🎉",
    ":tada: :heart:",
    "👍 !",
    "thanks",
    "Thanks!",
    "thank you",
    "thank you so much",
    "thanks, looks good!",
    "looks good",
    "LGTM",
    "lgtm 🚀",
    "perfect",
    "perfect 🎉",
    "great, ship it",
    "love it",
    "nice",
    "ok",
    "okay cool",
    "awesome, thanks!",
    "sounds good",
    "cheers",
    "ty",
    "thx!",
    "got it",
    "great job",
    "exactly what I needed",
    "works for me",
    "yes!",
    "yep",
    "merci",
    "Looks great, thank you!",
]
INSTRUCTIONS = [
    "make the discount 20%",
    "wait 2 days instead",
    "add a reminder after 1 day",
    "shorter copy",
    "only customers who ordered in the last 60 days",
    "ok make it 20%",
    "thanks! now make it 25% off",
    "looks good but wait 3 days",
    "change the code to SAVE20",
    "send it at 10am",
    "remove the second message",
    "use a friendlier tone",
    "can you add an emoji",
    "translate to Spanish",
    "drop the reminder",
    "qwerty zxcv blorp",
]
SMALL_TALK = [
    "hi",
    "Hi!",
    "hello",
    "hello there!",
    "hey :wave:",
    "good morning",
    "how are you?",
    "what can you do?",
    "yo",
    "thanks",
    "test",
    "?",
    "👋",
]
BRIEFS = [
    "Win back customers who haven't ordered in 90 days with 15% off",
    "boost VIP reorders",
    "cart abandoners",
    "summer sale launch",
    "welcome series for new subscribers",
    "birthday discount",
    "restock alerts",
]


@pytest.mark.parametrize("text", ACKNOWLEDGEMENTS)
def test_acknowledgements(text):
    assert is_acknowledgement(text)
    assert classify_reply(text, author="U1", owner="U1", bot_mentioned=False) is ReplyKind.ACKNOWLEDGEMENT


@pytest.mark.parametrize("text", INSTRUCTIONS)
def test_the_owners_change_requests_are_instructions(text):
    assert not is_acknowledgement(text)
    assert classify_reply(text, author="U1", owner="U1", bot_mentioned=False) is ReplyKind.INSTRUCTION


@pytest.mark.parametrize("text", SMALL_TALK)
def test_small_talk_in_dms(text):
    assert is_small_talk(text)


@pytest.mark.parametrize("text", BRIEFS)
def test_briefs_are_not_small_talk(text):
    assert not is_small_talk(text)


def test_emoji_only():
    assert (
        is_emoji_only(":+1:")
        and is_emoji_only("🎉 🙌")
        and not is_emoji_only("ok 👍")
        and not is_emoji_only("")
    )


def test_who_is_talking_decides():
    kw = {"owner": "U1", "bot_mentioned": False}
    assert classify_reply("make it 20%", author="U2", **kw) is ReplyKind.NOT_OWNER
    assert classify_reply("did you see the game?", author="U2", **kw) is ReplyKind.SIDE_CHAT
    assert classify_reply("make it 20%", author="U1", others_mentioned=True, **kw) is ReplyKind.SIDE_CHAT
    assert classify_reply("make it 20%", author="U2", anyone_may_edit=True, **kw) is ReplyKind.INSTRUCTION
    # A mention of the bot always counts, from anyone, even next to another person's mention.
    assert (
        classify_reply("make it 20%", author="U2", owner="U1", bot_mentioned=True, others_mentioned=True)
        is ReplyKind.INSTRUCTION
    )
    assert classify_reply(":+1:", author="U1", owner="U1", bot_mentioned=True) is ReplyKind.ACKNOWLEDGEMENT


def test_mentions_are_read_from_markup():
    assert mentioned_users("<@U0BOT> hi <@U0BOB|bob>") == ["U0BOT", "U0BOB"]


def test_vocabularies_are_data():
    vocab = vocabulary()
    assert (
        "thanks" in vocab.acknowledgements and "make" in vocab.instruction_cues and "hi" in vocab.small_talk
    )
    assert not (vocab.acknowledgements & {"make", "change", "add", "wait"})
