"""Footnote markers written "(1)" after a word, with a matching "(1) ..." note, leave the clause
they sit in whole, and the note is read as part of the brief."""

from __future__ import annotations

import json
from typing import Any

from flowgen_core.brief import extract_brief
from flowgen_core.brief.formats import reshape_brief
from flowgen_core.planners.offline.composer import OfflineGenerator

_BRIEF = (
    "Send a welcome text on signup (1) for families with property plot_owner = yes, 10% off.\n"
    "(1) Spring planting starts in April; the first text should say April."
)


def test_the_marker_is_dropped_and_the_note_kept() -> None:
    text = reshape_brief(_BRIEF).text
    assert "(1)" not in text
    assert "signup for families with property plot_owner = yes" in text
    assert "Spring planting starts in April" in text


def test_the_property_filter_survives_the_marker() -> None:
    audience = extract_brief(_BRIEF).audience
    assert [(c.property_name, c.property_value) for c in audience] == [("plot_owner", "yes")]
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(_BRIEF), brand_name="Acme").flow
    assert json.dumps(flow).count("plot_owner") > 1  # a condition, not only the description


def test_the_note_says_what_the_first_text_must_say() -> None:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(_BRIEF), brand_name="Acme").flow
    texts = [str(s["text"]) for s in flow["steps"] if s.get("text")]
    assert "April" in texts[0], texts


def test_a_number_in_brackets_without_a_note_is_left_alone() -> None:
    brief = "Sale for all customers, 10% off (2) days only."
    assert reshape_brief(brief).text == brief
