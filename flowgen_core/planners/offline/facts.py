"""The brief as the offline planner reads it, once, before any step is built.

Most fields are fixed for the build. Two are pools the build draws from: `waits` (each
stated wait is placed once, in order) and `properties` (each property update is set at
one place in the flow), so whichever part places one first takes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flowgen_core.brief import BriefCues, CampaignBrief, Duration
from flowgen_core.plan.model import PlanDiscount, PlanProperty
from flowgen_core.planners.offline.playbooks import Playbook

# the value of an update that stores whatever the customer answered
REPLY_VALUE = "{{reply}}"


def answered(properties: list[PlanProperty], answer: str) -> list[PlanProperty]:
    """`properties` on the branch of one reply: an update storing the answer stores `answer`."""
    return [PlanProperty(name=p.name, value=answer) if p.value == REPLY_VALUE else p for p in properties]


@dataclass(frozen=True)
class Offer:
    """What one send offers: money off (or a bare code) and whether shipping is free."""

    discount: PlanDiscount | None = None
    free_shipping: bool = False


@dataclass
class BriefFacts:
    brief: CampaignBrief
    description: str  # the brief's words, trimmed: the flow's description, never scanned
    cues: BriefCues  # the interpreter's planning cues (brief.cues): the planner reads no raw text
    pb: Playbook
    brand: str  # brand token for the greeting
    max_segments: int
    reminders: int  # no-reply reminders after the main send (0-3)
    quoted: list[str]  # copy the brief quotes, used verbatim in send order
    # reply words: keywords route to branches, poll answers to options, stop ends the flow
    keywords: list[str]
    poll: list[str]
    options: dict[str, str]  # poll answer -> what it shows ("1" -> "new arrivals")
    stop_requested: bool
    # the offer: the main send's discount and free shipping, then the follow-ups' own offers,
    # one per follow-up in the order the brief escalates them (empty: they repeat the main one)
    main_discount: PlanDiscount | None
    free_shipping_main: bool
    follow_up_offers: list[Offer]
    # the offer of the body's other branch (everyone else, all other times) when the brief
    # gives it one of its own; None: that branch repeats the main offer (or has none)
    branch_offer: Offer | None
    topic: str
    property_after_purchase: bool  # property updates mark buyers
    properties_on_noreply: bool  # property updates mark the customers who never reply
    waits: list[Duration] = field(default_factory=list)
    noreply_waits: list[Duration] = field(default_factory=list)
    properties: list[PlanProperty] = field(default_factory=list)
    # (property name, value) -> the reply keyword whose answer sets it ("reply IN to join:
    # waitlist = yes"); each branch of a list may set one property to its own value
    property_replies: dict[tuple[str, str], str] = field(default_factory=dict)
    # property names set after whichever reply comes ("tag whoever replies with volunteer = yes")
    any_reply_properties: set[str] = field(default_factory=set)

    def take_properties(self) -> list[PlanProperty]:
        """The property updates not yet placed; the pool is empty afterwards."""
        taken = self.properties
        self.properties = []
        return taken

    def take_reply_properties(self, word: str) -> list[PlanProperty]:
        """The updates the brief ties to reply `word`; they leave the pool."""
        return self._take(lambda p: self.property_replies.get((p.name, p.value)) == word)

    def take_any_reply_properties(self) -> list[PlanProperty]:
        """The updates the brief ties to a reply without naming its keyword."""
        return self._take(lambda p: p.name in self.any_reply_properties)

    def take_answer_properties(self) -> list[PlanProperty]:
        """Updates that record the answer itself ("{{reply}}") and are tied to no one reply."""
        return self._take(lambda p: p.value == REPLY_VALUE and (p.name, p.value) not in self.property_replies)

    def _take(self, wanted: Callable[[PlanProperty], bool]) -> list[PlanProperty]:
        taken = [p for p in self.properties if wanted(p)]
        self.properties = [p for p in self.properties if not wanted(p)]
        return taken
