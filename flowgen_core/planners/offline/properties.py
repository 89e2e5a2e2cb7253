"""The brief's property updates and where they are set: on entry, on purchase, or for
the customers who never reply.
"""

from __future__ import annotations

import re

from flowgen_core.brief import BriefCues, CampaignBrief
from flowgen_core.plan.model import PlanProperty

_PURCHASE_NAME = re.compile(r"buy|purchas|order|convert")


def read_property_updates(brief: CampaignBrief, cues: BriefCues) -> tuple[list[PlanProperty], bool, bool]:
    """(updates, set after a purchase, set when there is no reply)."""
    properties = [PlanProperty(name=p.name, value=p.value) for p in brief.property_updates]
    after_purchase = bool(properties) and (
        cues.updates_after_purchase or any(_PURCHASE_NAME.search(p.name) for p in properties)
    )
    on_noreply = bool(properties) and cues.updates_on_no_reply
    return properties, after_purchase, on_noreply
