"""The brief as the offline planner reads it, once, before any step is built.

Most fields are fixed for the build. Two are pools the build draws from: `waits` (each
stated wait is placed once, in order) and `properties` (each property update is set at
one place in the flow), so whichever part places one first takes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowgen_core.brief import CampaignBrief, Duration
from flowgen_core.plan.model import PlanDiscount, PlanProperty
from flowgen_core.planners.offline.playbooks import Playbook


@dataclass
class BriefFacts:
    brief: CampaignBrief
    text: str  # the brief, stripped
    low: str  # the same, lower-case, for the phrase rules
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
    # the offer: the main send's discount, the reminders' own one, and free shipping for each
    main_discount: PlanDiscount | None
    reminder_discount: PlanDiscount | None
    free_shipping_main: bool
    free_shipping_reminder: bool
    topic: str
    property_after_purchase: bool  # property updates mark buyers
    properties_on_noreply: bool  # property updates mark the customers who never reply
    waits: list[Duration] = field(default_factory=list)
    noreply_waits: list[Duration] = field(default_factory=list)
    properties: list[PlanProperty] = field(default_factory=list)

    def take_properties(self) -> list[PlanProperty]:
        """The property updates not yet placed; the pool is empty afterwards."""
        taken = self.properties
        self.properties = []
        return taken
