"""FactSource: where in the brief one fact was read, and how sure the interpreter is of it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

# stated: the brief's own words say it (start/end point at them); assumed: inferred (the playbook,
# a detected language, a fact whose words could not be found again); default: nothing was said
# and a default applies (no audience filter, an even test split)
How = Literal["stated", "assumed", "default"]


class FactSource(BaseModel):
    """The brief's words behind one fact of a `CampaignBrief`."""

    fact: str  # audience, offer, reply, wait, no_reply_wait, reminders, cap, entry_limit, ...
    index: int = 0  # position of the fact in its list on the brief
    # the fact as it was when located (`fact_value`): a later change to the fact (a refinement)
    # no longer matches, so its old words are never quoted for its new value
    value: str = ""
    how: How
    words: str = ""  # brief[start:end] when stated, else empty
    start: int | None = None
    end: int | None = None
