"""How the offline editor reads an instruction: once, into the interpreter's facts and the edit it asks for.

The facts an instruction states (waits, timeouts, counts, caps, discounts, audiences, windows,
reply keywords) come from the brief interpreter (`flowgen_core.brief.read_instruction`), the same
reader the planner's facts come from, so "wait two days", "espera 2 días" and "48h" mean to the
editor what they mean to the planner. What is the editor's own — which operation is asked for
("remove", "instead of", "add an A/B test"), which message is meant, a new name or copy after a
colon — is vocabulary data (`vocab/edits.json`) matched here and nowhere else in the package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core.brief import CampaignBrief, read_instruction

_NUMBER = r"(\d{1,4})"


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    """The edit vocabulary with its Spanish, French and German words merged into the English groups.

    Cue phrases, ordinals and acknowledgements become one list per name; each command and argument
    pattern a list of alternatives (English first), so an edit word is read in any of the four
    languages whatever the language of the flow.
    """
    raw = resources.files("flowgen_core.refine").joinpath("vocab/edits.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    languages: dict[str, dict[str, Any]] = data.pop("languages", {})
    data["commands"] = {name: [spec] for name, spec in data["commands"].items()}
    data["patterns"] = {name: [pattern] for name, pattern in data["patterns"].items()}
    for words in languages.values():
        for name, phrases in words.get("cues", {}).items():
            data["cues"].setdefault(name, []).extend(phrases)
        for name, specs in words.get("commands", {}).items():
            data["commands"].setdefault(name, []).extend(specs)
        for name, pattern in words.get("patterns", {}).items():
            data["patterns"].setdefault(name, []).append(pattern)
        data["ordinals"].update(words.get("ordinals", {}))
        data["numbered_message"].extend(words.get("numbered_message", []))
        data["acknowledgements"].extend(words.get("acknowledgements", []))
        for name, phrases in words.get("branch_targets", {}).items():
            data["branch_targets"].setdefault(name, []).extend(phrases)
        data["not_keywords"].extend(words.get("not_keywords", []))
    return data


def _phrase(phrase: str) -> str:
    """A vocabulary phrase as a pattern: whole words, `*` lets the last word go on, `#` is a number."""
    body = phrase.rstrip("*")
    parts = [_NUMBER if part == "#" else re.escape(part) for part in re.split(r"(#)", body) if part]
    pattern = r"\s+".join("".join(parts).split(r"\ "))
    lead = r"\b" if body[:1].isalnum() or body[:1] == "#" else ""
    tail = r"\w*" if phrase.endswith("*") else (r"\b" if body[-1:].isalnum() or body[-1:] == "#" else "")
    return f"{lead}{pattern}{tail}"


def _alternation(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


def _command(spec: dict[str, Any]) -> str:
    """verb, then one of the `between` words ('' = none, '...' = any words, '~' = up to three
    words), then a noun; the noun first with `noun_first` ("Rabatt entfernen"). An elided article
    ("l'") runs into its noun."""
    between = []
    for word in spec["between"]:
        if word == "...":
            between.append(r"\b.*?")
        elif word == "~":
            between.append(r"(?:\s+[\w/'’-]+){1,3}?\s+")
        elif word.endswith(("'", "’")):
            between.append(r"\s+" + _phrase(word) + r"\s*")
        elif word:
            between.append(r"\s+" + _phrase(word) + r"\s+")
        else:
            between.append(r"\s+")
    first, last = (spec["nouns"], spec["verbs"]) if spec.get("noun_first") else (spec["verbs"], spec["nouns"])
    return _alternation(first) + "(?:" + "|".join(between) + ")" + _alternation(last)


@lru_cache(maxsize=1)
def _asks() -> dict[str, re.Pattern[str]]:
    vocab = _vocabulary()
    found = {name: re.compile(_alternation(phrases), re.I) for name, phrases in vocab["cues"].items()}
    found |= {
        name: re.compile("|".join(f"(?:{_command(spec)})" for spec in specs), re.I)
        for name, specs in vocab["commands"].items()
    }
    return found


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    return {name: [re.compile(p, re.I | re.S) for p in ps] for name, ps in _vocabulary()["patterns"].items()}


def _search(name: str, text: str) -> re.Match[str] | None:
    """The first of the argument pattern `name`'s alternatives (English first) found in `text`."""
    return next((m for p in _patterns()[name] if (m := p.search(text))), None)


@lru_cache(maxsize=1)
def _pick_pattern() -> re.Pattern[str]:
    vocab = _vocabulary()
    return re.compile(
        "(?P<word>" + _alternation(list(vocab["ordinals"])) + ")|" + _alternation(vocab["numbered_message"]),
        re.I,
    )


@lru_cache(maxsize=1)
def _targets() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, re.compile(_alternation(phrases), re.I))
        for name, phrases in _vocabulary()["branch_targets"].items()
    ]


def split_payload(instruction: str) -> tuple[str, str | None]:
    """Split "change the first message to: <copy>" into the command and the copy.

    The copy is whatever follows a colon (not one inside a time such as 9:30) or a quoted
    text of several words at the end. Without either there is no payload: free text is
    only ever taken from an explicit colon or quotes, so other edits are never misread.
    """
    text = instruction.strip()
    match = _search("payload_colon", text) or _search("payload_quoted", text)
    if not match:
        return text, None
    payload = match.group("payload").strip().strip('"“”').strip()
    command = text[: match.start("payload")].rstrip().rstrip(':"“').rstrip()
    return command, payload or None


@lru_cache(maxsize=1)
def _acknowledgement() -> re.Pattern[str]:
    ack = _alternation(_vocabulary()["acknowledgements"])
    return re.compile(rf"^\s*{ack}(?:[\s,.!&-]+(?:and\s+)?{ack})*[\s.!]*$", re.I)


def is_acknowledgement(instruction: str) -> bool:
    """One or more acknowledgements ("looks good, thanks!") and nothing else: no change asked for."""
    return _acknowledgement().match(instruction) is not None


def says(command: str, name: str) -> bool:
    """Whether `command` uses the edit vocabulary's cue or command `name` (for readers of an
    instruction that need no facts, such as the refined flow's requirements)."""
    return _asks()[name].search(command) is not None


def not_a_keyword(word: str) -> bool:
    """A word the reply-branch pattern can catch that is no reply keyword ("reply that ...")."""
    return word.lower() in set(_vocabulary()["not_keywords"])


@dataclass
class Instruction:
    """One instruction, read once: the command's facts and the edit words it uses.

    `assumed` holds cue names an operation decided the instruction means although it does not
    say them ("if no reply in 6 hours send a reminder" in a flow without one is an addition).
    """

    command: str
    payload: str | None
    facts: CampaignBrief
    assumed: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, instruction: str, *, today: date | None = None, language: str | None = None) -> Instruction:
        # New copy after a colon or in quotes is data, not more instructions: "20% off" in a
        # rewritten message must not also change the discount.
        command, payload = split_payload(instruction)
        return cls(command, payload, read_instruction(command, today=today, language=language))

    def asks(self, name: str) -> bool:
        """Whether the command uses the edit vocabulary's cue or command `name`."""
        return name in self.assumed or says(self.command, name)

    def match(self, name: str) -> re.Match[str] | None:
        """The vocabulary's argument pattern `name` ("keyword_rename", "reply_branch", ...) in the command."""
        return _search(name, self.command)

    def new_flow_name(self) -> str | None:
        """The flow's new name, if the command renames the flow ("rename the flow to <name>",
        "renombra el flujo a <name>", "benenne den Flow in <name> um")."""
        if self.payload is not None and self.match("rename_lead"):
            name = self.payload.strip()[:120]
        else:
            m = self.match("rename_to_name")
            name = m.group("name").strip()[:120] if m else ""
        return name or None

    def renamed_keyword(self, keywords: Iterable[str]) -> tuple[str, str] | None:
        """(old, new) when the command renames one of `keywords` ("change the reply keyword YES to
        BUY", "cambia SI por COMPRAR"); "change the reply keyword to BUY" names the only one."""
        known = {k.lower() for k in keywords}
        m = self.match("keyword_rename")
        if m and m.group("old").lower() in known:
            return m.group("old").lower(), m.group("new").lower()
        only = self.match("only_keyword")
        candidates = sorted(k for k in known if k != "stop")
        # "add the keyword INFO leading to …" names a new keyword, not the only one's new name
        if not only or len(candidates) != 1 or self.new_reply_branch() is not None:
            return None
        return candidates[0], only.group("new").lower()

    def new_reply_branch(self) -> tuple[str, str] | None:
        """(keyword, the words saying where it leads) when the command adds or re-points a reply
        branch ("add reply INFO leading to checkout", "la respuesta INFO que lleve al pago",
        "la réponse INFO qui mène au panier", "Antwort INFO, die zur Kasse führt")."""
        m = self.match("reply_branch")
        if m is None or not_a_keyword(m.group("kw")):
            return None
        return m.group("kw").lower(), m.group("target") or ""

    def removed_reply(self, keywords: Iterable[str]) -> str | None:
        """The reply keyword the command removes ("remove the NO branch", "quita la respuesta NO",
        "supprime la réponse NON", "Antwort NEIN entfernen"): one of `keywords`, or any keyword the
        command names as a reply ("remove reply MAYBE"), so that an absent one can be refused."""
        known = {k.lower() for k in keywords}
        if self.asks("remove_reminder"):  # "remove the no-reply reminder" names no reply NO
            return None
        for pattern in _patterns()["remove_reply"]:
            for m in pattern.finditer(self.command):
                word = m.group("kw").lower()
                named = bool(m.groupdict().get("pre") or m.groupdict().get("post"))
                if word in known or (named and not not_a_keyword(word)):
                    return word
        return None

    def picked_message(self) -> int | None:
        """The message the command names by position (1-based, -1 = the last), if any."""
        m = _pick_pattern().search(self.command)
        if m is None:
            return None
        if m.group("word"):
            return int(_vocabulary()["ordinals"][m.group("word").lower()])
        return int(next(g for g in m.groups()[1:] if g))


def branch_target(words: str) -> str | None:
    """Where the words after "leading to" point: "message", "product_list", "checkout", "end"."""
    return next((name for name, pattern in _targets() if pattern.search(words)), None)
