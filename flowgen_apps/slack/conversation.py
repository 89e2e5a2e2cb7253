"""Who is talking in a flow's thread, and whether a message is an instruction.

Every reply in a preview's thread used to become a new version: "👍", "thanks, looks
good!" and two colleagues chatting all did. The policy here decides, from the text and who
wrote it, what a message is:

- `INSTRUCTION` — apply it (the flow's owner, or anyone when the workspace allows; a mention
  of the bot always counts);
- `ACKNOWLEDGEMENT` — an emoji-only message or a thank-you: react to it, change nothing;
- `SIDE_CHAT` — people talking to each other (another person is mentioned, or a non-owner
  without a mention): stay out of it;
- `NOT_OWNER` — a non-owner's change request without a mention: say privately who can change it.

The vocabularies are data (`conversation.toml`), so phrasings are added without code.
Incoming text is already plain (`flowgen_apps.slack.mrkdwn.to_plain`), except mentions, which the caller
passes separately.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("conversation.toml")

_SHORTCODE = re.compile(r":[a-z0-9_+\-']+:")
_WORD = re.compile(r"[a-z0-9%/_'\-]+")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


class ReplyKind(StrEnum):
    INSTRUCTION = "instruction"
    ACKNOWLEDGEMENT = "acknowledgement"
    SIDE_CHAT = "side_chat"
    NOT_OWNER = "not_owner"


@dataclass(frozen=True)
class Vocabulary:
    acknowledgements: frozenset[str]
    instruction_cues: frozenset[str]
    brief_cues: frozenset[str]
    small_talk: frozenset[str]
    max_small_talk_words: int


@lru_cache(maxsize=1)
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Vocabulary(
        acknowledgements=frozenset(w.lower() for w in data["acknowledgements"]),
        instruction_cues=frozenset(w.lower() for w in data["instruction_cues"]),
        brief_cues=frozenset(w.lower() for w in data["brief_cues"]),
        small_talk=frozenset(_normal(p) for p in data["small_talk"]),
        max_small_talk_words=int(data.get("max_small_talk_words", 3)),
    )


def mentioned_users(raw_text: str) -> list[str]:
    """User ids mentioned in Slack markup (`<@U123>`), in order."""
    return _MENTION.findall(raw_text or "")


def _without_emoji(text: str) -> str:
    text = _SHORTCODE.sub(" ", text)
    # Symbols (So/Sk), variation selectors and joiners: what emoji are made of.
    return "".join(
        " " if (ord(ch) >= 0x2190 and not ch.isalnum()) or ch in "\u200d\ufe0f" else ch for ch in text
    )


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(_without_emoji(text.lower())))


def words(text: str) -> list[str]:
    return _WORD.findall(_without_emoji((text or "").lower()))


def is_emoji_only(text: str) -> bool:
    """True for ":+1:", "👍🎉", "🙏 !" — nothing but emoji, reactions and punctuation."""
    stripped = _without_emoji(text or "")
    return bool((text or "").strip()) and not re.search(r"[A-Za-z0-9]", stripped)


def is_acknowledgement(text: str) -> bool:
    """A thank-you or an approval in words ("thanks, looks good!"), with no change request in it."""
    if is_emoji_only(text):
        return True
    found = words(text)
    if not found:
        return False
    vocab = vocabulary()
    if any(w in vocab.instruction_cues and w not in vocab.acknowledgements for w in found):
        return False
    if any(any(c.isdigit() for c in w) for w in found):
        return False
    return all(w.strip("'-") in vocab.acknowledgements for w in found)


def looks_like_instruction(text: str) -> bool:
    vocab = vocabulary()
    found = words(text)
    return any(w in vocab.instruction_cues for w in found) or any(any(c.isdigit() for c in w) for w in found)


def is_small_talk(text: str) -> bool:
    """A DM that greets or chats rather than describes a campaign ("hi", "how are you?")."""
    vocab = vocabulary()
    normal = _normal(text or "")
    if not normal:
        return True
    if normal in vocab.small_talk or is_acknowledgement(text):
        return True
    if any(w in vocab.brief_cues for w in normal.split()):
        return False
    return len(normal.split()) <= vocab.max_small_talk_words and not looks_like_instruction(text)


def classify_reply(
    text: str,
    *,
    author: str,
    owner: str | None,
    bot_mentioned: bool,
    others_mentioned: bool = False,
    anyone_may_edit: bool = False,
) -> ReplyKind:
    """What a reply in a flow's thread is (see the module docstring). `text` has mentions removed."""
    if not (text or "").strip() or is_acknowledgement(text):
        return ReplyKind.ACKNOWLEDGEMENT
    if bot_mentioned:
        return ReplyKind.INSTRUCTION
    if others_mentioned:
        return ReplyKind.SIDE_CHAT
    if owner is None or author == owner or anyone_may_edit:
        return ReplyKind.INSTRUCTION
    return ReplyKind.NOT_OWNER if looks_like_instruction(text) else ReplyKind.SIDE_CHAT
