"""The interpreter's answers a planner asks of any brief, read or built by hand.

`extract_brief` fills `CampaignBrief.playbook`, `CampaignBrief.cues` and `CampaignBrief.stated`; a brief built by a
caller (tests, an API client sending facts) may leave them empty, and then the interpreter
reads them here from the brief's text, with the same classifier and readers. Planners and
editors call these and never read `CampaignBrief.text` themselves.
"""

from __future__ import annotations

from flowgen_core.brief.cues import BriefCues, read_cues
from flowgen_core.brief.model import CampaignBrief
from flowgen_core.brief.playbook import classify_playbook
from flowgen_core.brief.stated import StatedContent, read_stated_content


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


def description_of(brief: CampaignBrief) -> str:
    """The flow description a brief gives: its own words, trimmed."""
    return brief.text.strip()
