"""A brief read with every stated fact checked against the brief's own characters."""

from __future__ import annotations

from datetime import date

from flowgen_core.brief import CampaignBrief, extract_brief


def read_with_own_spans(text: str, today: date) -> CampaignBrief:
    """The brief read from `text`; each stated fact's span must be the user's own words."""
    brief = extract_brief(text, today=today)
    assert brief.text == text
    for source in brief.sources:
        if source.how == "stated":
            assert source.start is not None and source.end is not None
            assert text[source.start : source.end] == source.words
    return brief
