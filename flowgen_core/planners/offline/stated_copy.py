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

from flowgen_core.brief import StatedContent, StatedMessage
from flowgen_core.format.variables import canonical_name
from flowgen_core.planners.offline.copywriting import capitalise, to_gsm7

# variables every send already writes or that stand for the brand/customer: never added again
_ALWAYS_WRITTEN = frozenset({"first_name", "brand_name", "store_url", "opt_in_terms"})
_MAX_POSITIONS = 8


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
        free = [m for m in main if m not in self.by_position.values()]
        for position in range(_MAX_POSITIONS):
            if not free:
                break
            if position not in self.by_position:
                self.by_position[position] = free.pop(0)

    def lead(self, position: int) -> str | None:
        """The lead of the send at `position` on the main path, when the brief states its content."""
        message = self.by_position.get(position)
        return lead_of(message) if message is not None else None

    def reminder_lead(self, index: int, *, echo_first: bool = False) -> str | None:
        """The lead of reminder `index`: the brief's no-reply message, else the next stated one,
        else (`echo_first`, for copy with no playbook reminder of its own) what the first send said."""
        own = [m for m in (self.stated.on_branch("no_reply"),) if m is not None]
        later = [self.by_position[p] for p in sorted(self.by_position) if p > 0]
        ordered = own + later
        if index < len(ordered):
            return lead_of(ordered[index])
        first = self.by_position.get(0)
        if (
            first is not None
            and echo_first
            and not first.about
            and self.english
            and first.content[-1:] != "?"
        ):
            return f"A reminder: {_sentence(first.content)}"
        return None

    def other_times_lead(self) -> str | None:
        """The lead of the send outside the brief's dated window, when the brief states one."""
        message = self.stated.on_branch("other_times")
        return lead_of(message) if message is not None else None

    def subject_lead(self) -> str | None:
        """A lead naming the campaign's subject, for copy that would otherwise be generic."""
        subject = to_gsm7(self.stated.subject or "")
        return f"News from us: {subject}." if subject and self.english else None

    def missing_variables(self, text: str) -> list[str]:
        """Variables the brief names that `text` does not use yet (canonical names where known)."""
        names = [canonical_name(name) or name for name in self.stated.variables]
        return [
            name
            for name in dict.fromkeys(names)
            if name not in _ALWAYS_WRITTEN and "{{" + name + "}}" not in text
        ]


def lead_of(message: StatedMessage) -> str:
    """The lead a stated message gives its send: its own sentence, or what the send is about."""
    content = to_gsm7(message.content)
    if message.about:
        # "the vendor map and opening times" -> "Here are the vendor map and opening times: <link>"
        last = content.split()[-1].lower() if content.split() else ""
        verb = "Here are" if last.endswith("s") and not last.endswith("ss") else "Here's"
        determiner = "" if content.split()[0].lower() in ("the", "our", "your", "this", "these") else "our "
        return f"{verb} {determiner}{content}: {{{{store_url}}}}"
    return capitalise(_sentence(content))


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
