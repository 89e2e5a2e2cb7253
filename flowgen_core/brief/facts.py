"""The interpreter's answers a planner asks of any brief, read or built by hand.

`extract_brief` fills `CampaignBrief.playbook`, `CampaignBrief.cues` and `CampaignBrief.stated`; a brief built by a
caller (tests, an API client sending facts) may leave them empty, and then the interpreter
reads them here from the brief's text, with the same classifier and readers. Planners and
editors call these and never read `CampaignBrief.text` themselves.
"""

from __future__ import annotations

import re

from flowgen_core.brief.cues import BriefCues, read_cues
from flowgen_core.brief.model import CampaignBrief
from flowgen_core.brief.playbook import classify_playbook
from flowgen_core.brief.stated import StatedContent, read_stated_content
from flowgen_core.brief.vocabulary import load_vocabulary


def cues_of(brief: CampaignBrief) -> BriefCues:
    """The brief's planning cues (read once and kept on the brief)."""
    if brief.cues is None:
        brief.cues = read_cues(brief.text, brief.discounts)
    return brief.cues


def stated_of(brief: CampaignBrief) -> StatedContent:
    """What the brief says its messages say (read once and kept on the brief)."""
    if brief.stated is None:
        brief.stated = read_stated_content(brief.text, brief.source_language)
    return brief.stated


def playbook_of(brief: CampaignBrief) -> str:
    """The brief's playbook: the one it states, else the interpreter's classification."""
    if brief.playbook:
        return brief.playbook
    return classify_playbook(brief.text) if brief.text.strip() else "generic"


_SHOPPING_DESTINATIONS = ("latest_cart", "purchase_offer", "popular", "product_choice")


def description_of(brief: CampaignBrief) -> str:
    """The flow description a brief gives: its own words, trimmed."""
    return brief.text.strip()


def sells_nothing(brief: CampaignBrief) -> bool:
    """A generic flow whose brief asks for no products, recommendations, catalogue, cart or
    offer (news, an event, a booking, a class): its texts have no product picks or checkout of
    their own to lead to or remind of."""
    return not brief.discounts and asks_for_no_products(brief)


def asks_for_no_products(brief: CampaignBrief) -> bool:
    """A generic flow whose brief names no products, recommendations, catalogue or cart, though
    it may offer a discount ("£20 off the renewal, reply RENEW"): a reply is not sent to product
    picks the brief never asked for."""
    if playbook_of(brief) != "generic" or brief.products:
        return False
    # a reply the brief sends to products ("RIDE to see the bikes") asks for them
    if any(where in _SHOPPING_DESTINATIONS for where in brief.reply_destinations.values()):
        return False
    cues = cues_of(brief)
    return not (cues.shopping or cues.named_step or cues.selection or cues.personalized)


def asks_opinion_only(brief: CampaignBrief, answers: list[str]) -> bool:
    """A survey or a flow that sells nothing, with no products, offer or shopping words, whose
    poll answers are written as conditions ("reply 1 if you liked the event", "1 si te gustó"):
    opinions, thanked by text, not the categories a shopper picks ("1 for dresses")."""
    if playbook_of(brief) not in ("generic", "survey") or brief.products or brief.discounts:
        return False
    cues = cues_of(brief)
    if cues.shopping or cues.named_step or cues.selection or cues.personalized:
        return False
    conditions = "|".join(load_vocabulary("replies")["condition_words"])
    return any(
        re.search(rf"(?<![\w.]){re.escape(key)}\s+(?:{conditions})\b", brief.text, re.I) for key in answers
    )


def confirmed_by_default(brief: CampaignBrief, keyword: str) -> bool:
    """Whether replying `keyword` is answered with a plain confirmation text because the brief
    says nowhere else it leads: a flow that asks for no products (a discount it offers is
    claimed by the reply), a keyword with no stated destination
    and no help, decline or ask-again meaning of its own."""
    if not asks_for_no_products(brief):
        return False
    # with a discount, only a keyword the brief asks for claims it; a default one still shops
    if brief.discounts and keyword.lower() not in brief.reply_keywords:
        return False
    if keyword in brief.reply_destinations or keyword in brief.reply_asks_again:
        return False
    answered = set(load_vocabulary("reply_destinations")["answered_otherwise"])
    meaning = brief.reply_meanings.get(keyword, "").lower().split()
    return keyword.lower() not in answered and not answered.intersection(meaning)


def rest_gets_own_send(brief: CampaignBrief) -> bool:
    """Whether the customers the audience conditions leave out get a send of their own after the
    audience's ("VIPs 24 hours early, everyone else a day later"): a launch for a stated audience
    that names the rest of the list. The flow splits on the audience instead of filtering by it."""
    return bool(brief.audience) and playbook_of(brief) == "launch" and cues_of(brief).rest_of_audience
