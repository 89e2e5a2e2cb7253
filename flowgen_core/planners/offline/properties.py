"""The brief's property updates and where they are set: on entry, on purchase, or for
the customers who never reply.
"""

from __future__ import annotations

import re

from flowgen_core.brief import CampaignBrief
from flowgen_core.plan.model import PlanProperty

_PURCHASE_PROPERTY = re.compile(
    r"\b(?:who|anyone|customers?|people|those)\s+(?:who\s+|that\s+)?(?:buys?|purchases?|orders?|bought|purchased|"
    r"ordered|converts?)\b|\bafter\s+(?:they|a|the|their)\s+(?:buy|purchase|order)",
    re.I,
)
_NOREPLY_PROPERTY = re.compile(
    r"(?:\bno\s+(?:reply|response|answer)|\b(?:don'?t|do\s+not|doesn'?t|never)\s+(?:reply|respond|answer)"
    r"|\botherwise|\bignores?\b|\bsilent)[^.;]{0,50}?\b(?:set|sets|mark|tag|update|flag|label)\b"
)


def read_property_updates(brief: CampaignBrief, text: str, low: str) -> tuple[list[PlanProperty], bool, bool]:
    """(updates, set after a purchase, set when there is no reply)."""
    properties = [PlanProperty(name=p.name, value=p.value) for p in brief.property_updates]
    after_purchase = bool(properties) and (
        bool(_PURCHASE_PROPERTY.search(text))
        or any(re.search(r"buy|purchas|order|convert", p.name) for p in properties)
    )
    on_noreply = bool(properties) and bool(_NOREPLY_PROPERTY.search(low))
    return properties, after_purchase, on_noreply
