"""The brief's stated content, placed on the sends it belongs to and worded as SMS leads.

The interpreter says what each message must say (`StatedContent`: numbered spec lines, short
quotes, "let them know ..." content, what a send is about, the campaign's subject, named
template variables). This module decides which send carries which content and turns it into the
lead sentence the copy is built around; the rest of the text (greeting with the brand, offer,
reply call to action, opt-out) is still the planner's.

Positions count the sends on the main path: 0 is the first send, 1 the next one (the first
reminder or follow-up), and so on. A numbered line goes to its number; unnumbered content fills
the positions left, in the order the brief writes it.
"""

from __future__ import annotations

import re

from flowgen_core.brief import CampaignBrief, StatedContent, StatedMessage, stated_of
from flowgen_core.brief.stated import MustKind
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.format.variables import canonical_name
from flowgen_core.planners.offline.copywriting import Part, capitalise, compose, to_gsm7
from flowgen_core.planners.offline.localized import LOCALIZED_LANGUAGES, templates

# variables every send already writes or that stand for the brand/customer: never added again
_ALWAYS_WRITTEN = frozenset({"first_name", "brand_name", "store_url", "opt_in_terms"})
_MAX_POSITIONS = 8
_MAX_ACTION_WORDS = 5  # words of the brief's own call to action kept for one reply ("get today's menu")
# the sentence a thing the brief says to mention is worded in (ES/FR/DE: `stated_*` in copy_templates)
_FRAMES = {
    "mention": "Don't miss {x}!",
    "announce": "Introducing {x}!",
    "celebrate": "Let's celebrate {x}!",
    "remember": "Don't forget to {x}.",
    "please": "Please {x}!",
    "invite": "You're invited to {x}!",
}
# the greeting before the message the brief states for one answer (ES/FR/DE: `answer_greeting`)
_ANSWER_GREETING = "Thanks, {{first_name}}!"
# the sentence words a message must contain are put in, kept exactly as the brief quotes them,
# by what they are (ES/FR/DE: `stated_must_say`, `stated_link`, ... in copy_templates); a link
# ends the sentence without a full stop, which a phone would read as part of the address
# the opt-out line that ends a first text ("Reply STOP to opt out.", "Responde STOP ...")
_OPT_OUT_LINE = re.compile(r"(?<=[\s.!?])[^.!?]*\bSTOP\b[^.!?]*[.!?]?\s*$")
_MUST_SAY = {
    "words": "Note: {x}.",
    "price": "Price: {x}.",
    "link": "Link: {x}",
    "phone": "Call {x}.",
    "sign_off": "From {x}.",
}


class StatedCopy:
    """Which send says what the brief states, and how its lead reads."""

    def __init__(self, stated: StatedContent, language: str = "en") -> None:
        self.stated = stated
        # the leads this module words itself ("A reminder: ...", "Here's ...") are English
        self.english = language == "en"
        self.by_position: dict[int, StatedMessage] = {}
        main = stated.main_messages()
        for message in main:
            if message.order is not None and 1 <= message.order <= _MAX_POSITIONS:
                self.by_position.setdefault(message.order - 1, message)
        self.language = language
        # content read from one sentence of the brief is one send's ("tell them we miss them and
        # mention the sunrise session"): it shares a position, its leads in the order written
        self.joined: dict[int, list[StatedMessage]] = {}
        free: list[list[StatedMessage]] = []
        for m in (m for m in main if m not in self.by_position.values()):
            if free and m.order is None and free[-1][-1].sentence == m.sentence:
                free[-1].append(m)
            else:
                free.append([m])
        for position in range(_MAX_POSITIONS):
            if not free:
                break
            if position not in self.by_position:
                group = free.pop(0)
                self.by_position[position] = group[0]
                self.joined[position] = group

    def lead(self, position: int) -> str | None:
        """The lead of the send at `position` on the main path, when the brief states its content."""
        group = self.joined.get(position) or [m for m in (self.by_position.get(position),) if m is not None]
        return " ".join(lead_of(m, self.language) for m in group) if group else None

    def reminder_lead(self, index: int, *, echo_first: bool = False) -> str | None:
        """The lead of reminder `index`: the brief's no-reply message, else the next stated one,
        else (`echo_first`, for copy with no playbook reminder of its own) what the first send said."""
        own = [m for m in (self.stated.on_branch("no_reply"),) if m is not None]
        later = [self.by_position[p] for p in sorted(self.by_position) if p > 0]
        ordered = own + later
        if index < len(ordered):
            return lead_of(ordered[index], self.language)
        first = self.by_position.get(0)
        if first is not None and echo_first and not first.about and first.content[-1:] != "?":
            if not self.english:
                # "Recordatorio: ¡No te pierdas el taller!": the first send's content, in its language
                local = templates(self.language) if self.language in LOCALIZED_LANGUAGES else {}
                frame = local.get("stated_reminder")
                return frame.format(x=lead_of(first, self.language)) if frame else None
            if first.frame is not None:  # "A reminder: don't miss the new dessert menu!"
                said = lead_of(first)
                return f"A reminder: {said[:1].lower()}{said[1:]}"
            return f"A reminder: {_sentence(first.content)}"
        return None

    def other_times_lead(self) -> str | None:
        """The lead of the send outside the brief's dated window, when the brief states one."""
        message = self.stated.on_branch("other_times")
        return lead_of(message, self.language) if message is not None else None

    def subject_lead(self) -> str | None:
        """A lead naming the campaign's subject, for copy that would otherwise be generic."""
        subject = to_gsm7(self.stated.subject or "")
        if not subject:
            return None
        if self.english:
            return f"News from us: {subject}."
        local = templates(self.language) if self.language in LOCALIZED_LANGUAGES else {}
        frame = local.get("stated_subject")
        return frame.format(x=subject) if frame else None

    def must_say(self, first: bool) -> list[str]:
        """Words the first send (`first`) or a later one must contain, exactly as the brief quotes them."""
        return [m.words for m in self.stated.must_say if m.follow_up != first]

    def kind_of(self, words: str) -> MustKind:
        """What `words` (one of `must_say`'s) are: plain words, a link, a phone number, a sign-off."""
        return next((m.kind for m in self.stated.must_say if m.words == words), "words")

    def must_sentence(self, words: str) -> str:
        """The sentence `words` (one of `must_say`'s) is put in: "Note: ...", "Link: ...", "Call ..."."""
        return must_say_sentence(words, self.language, self.kind_of(words))

    def with_must_say(self, text: str, words: list[str]) -> str:
        """`text` with a sentence for each of `words` it does not contain yet, after its first sentence."""
        for phrase in words:
            if phrase.casefold() in text.casefold():
                continue
            sentence = self.must_sentence(phrase)
            if self.kind_of(phrase) == "sign_off":
                # a sign-off closes the message: before its opt-out line, else at its end
                stop = _OPT_OUT_LINE.search(text)
                text = (
                    f"{text[: stop.start()]}{sentence} {text[stop.start() :]}"
                    if stop
                    else f"{text} {sentence}"
                )
                continue
            # after the first sentence that says more than the greeting ("Hola {{first_name}}!")
            cuts = list(re.finditer(r"(?<=[.!?])\s+(?!\{\{)", text))
            cut = next((c for c in cuts if not re.search(r"\}\}\s*[.!?]$", text[: c.start()])), None)
            cut = cut or (cuts[0] if cuts else None)
            text = f"{text[: cut.start()]} {sentence}{text[cut.start() :]}" if cut else f"{text} {sentence}"
        return text

    def missing_variables(self, text: str) -> list[str]:
        """Variables the brief names that `text` does not use yet (canonical names where known)."""
        names = [canonical_name(name) or name for name in self.stated.variables]
        return [
            name
            for name in dict.fromkeys(names)
            if name not in _ALWAYS_WRITTEN and "{{" + name + "}}" not in text
        ]


def lead_of(message: StatedMessage, language: str = "en") -> str:
    """The lead a stated message gives its send: its own sentence, what the send is about, or the
    thing it must mention in its frame ("Don't miss the sunrise session!")."""
    content = to_gsm7(message.content)
    if message.frame is not None:
        local = templates(language) if language in LOCALIZED_LANGUAGES else {}
        frame = local.get(f"stated_{message.frame}", _FRAMES[message.frame])
        return capitalise(frame.format(x=content))
    if message.about:
        # "the vendor map and opening times" -> "Here are the vendor map and opening times: <link>"
        last = content.split()[-1].lower() if content.split() else ""
        verb = "Here are" if last.endswith("s") and not last.endswith("ss") else "Here's"
        determiner = "" if content.split()[0].lower() in ("the", "our", "your", "this", "these") else "our "
        return f"{verb} {determiner}{content}: {{{{store_url}}}}"
    return capitalise(_sentence(content))


def said_for_answer(brief: CampaignBrief, answer: str, max_segments: int = 2) -> tuple[int, str] | None:
    """The message the brief states for reply `answer` (a word or a score): which stated answer
    it is (answers sharing one share a step) and its text, greeting first; None when unstated or
    when the copy is not in the brief's own language (its words would be the wrong language)."""
    if brief.language != brief.source_language:
        return None
    stated = stated_of(brief)
    said = stated.for_answer(answer)
    if said is None:
        return None
    local = templates(brief.language) if brief.language in LOCALIZED_LANGUAGES else None
    greeting = local["answer_greeting"].format() if local else _ANSWER_GREETING
    text = compose([Part(greeting, required=False), Part(said.content)], max_segments=max_segments)
    return stated.answers.index(said), text


def reply_action(meaning: str) -> str | None:
    """The brief's own words for what a reply does ("get today's menu"), when they are a short
    phrase led by an action verb the call to action can say as written; else None."""
    words = meaning.strip().rstrip(".!?,;:").split()
    if not words or len(words) > _MAX_ACTION_WORDS or re.search(r"[\d{}%$€£=<>→]", meaning):
        return None
    verbs = set(load_vocabulary("stated")["reply_action_verbs"])
    return to_gsm7(" ".join(words)) if words[0].lower() in verbs else None


def must_say_sentence(words: str, language: str = "en", kind: MustKind = "words") -> str:
    """ "Note: by appointment only.", "Link: g.page/oak/review", "Call 555-0199.": words a message
    must contain, unchanged, in a short sentence."""
    local = templates(language) if language in LOCALIZED_LANGUAGES else {}
    key = "stated_must_say" if kind == "words" else f"stated_{kind}"
    sentence = local.get(key, _MUST_SAY[kind]).format(x=words)
    return sentence if words[-1:] not in ".!?" or not sentence.endswith(".") else sentence[:-1]


def variable_sentence(name: str) -> str:
    """A short sentence that uses template variable `name` ("It's {{agent_name}} here.")."""
    token = "{{" + name + "}}"
    if name.endswith("_name"):
        return f"It's {token} here."
    label = name.replace("_", " ").replace(".", " ").strip()
    return f"Your {label}: {token}."


def _sentence(content: str) -> str:
    content = content.strip()
    return content if content[-1:] in ".!?" else f"{content}."
