"""A US region word with "US" before it names the zone of the send hours (sentences written
for the test)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Only text them between 10am and 2pm US Pacific on Mondays.", "America/Los_Angeles"),
        ("Send between 9am and 5pm U.S. Central, weekdays only.", "America/Chicago"),
    ],
)
def test_us_region_word_after_hours_is_the_zone(text: str, zone: str) -> None:
    facts = extract_brief(text, today=date(2026, 3, 2))
    assert facts.send_hours
    assert {window.timezone for window in facts.send_hours} == {zone}
