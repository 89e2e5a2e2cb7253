"""Frequency caps written as a formal limit, with "max" between the count and its period, or
through Spanish "como mucho" / "a lo sumo" (sentences written for the test)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import FrequencyCap, extract_brief

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        (
            "Texts to a subscriber must not exceed 3 messages in any 5-day period.",
            FrequencyCap(occurrences=3, timespan=5, period="Days"),
        ),
        (
            "Send volume should never exceed one text per week.",
            FrequencyCap(occurrences=1, timespan=7, period="Days"),
        ),
        (
            "Plafond : 3 SMS maximum par jour et par client.",
            FrequencyCap(occurrences=3, timespan=1, period="Days"),
        ),
        (
            "Envoyez les rappels de la vente privée, 2 SMS maximum par semaine.",
            FrequencyCap(occurrences=2, timespan=7, period="Days"),
        ),
        (
            "Manda los recordatorios, como mucho 2 mensajes cada 4 días.",
            FrequencyCap(occurrences=2, timespan=4, period="Days"),
        ),
        (
            "Recordatorios de la rebaja: a lo sumo 1 mensaje por semana.",
            FrequencyCap(occurrences=1, timespan=7, period="Days"),
        ),
    ],
)
def test_cap_phrasings(text: str, cap: FrequencyCap) -> None:
    facts = extract_brief(text, today=TODAY)
    assert cap in facts.frequency_caps + facts.entry_limits


@pytest.mark.parametrize(
    "text",
    [
        "Plafond : 2 SMS maximum par semaine et par personne.",
        "Keep it to at most 2 texts a week per person.",
    ],
)
def test_a_cap_on_texts_per_person_is_a_frequency_cap(text: str) -> None:
    facts = extract_brief(text, today=TODAY)
    assert FrequencyCap(occurrences=2, timespan=7, period="Days") in facts.frequency_caps
    assert facts.entry_limits == []
