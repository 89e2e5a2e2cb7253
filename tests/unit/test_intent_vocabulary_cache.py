"""The campaign-intent vocabulary is tokenised once per process, not once per brief."""

from __future__ import annotations

from flowgen_core.brief import intent

_TEXTS = (
    "hey team, can you text our VIPs 20% off this weekend?",
    "quick question: how do I reset my login?",
    "send lapsed buyers a reminder",
    "¿qué tal el fin de semana?",
    "I just wanted to say thanks",
)


def test_reading_briefs_reuses_the_tokenised_phrases() -> None:
    for text in _TEXTS:
        intent.not_a_brief_reason(text)
    before = intent._phrases.cache_info().misses
    for text in _TEXTS:
        intent.not_a_brief_reason(text)
    assert intent._phrases.cache_info().misses == before
