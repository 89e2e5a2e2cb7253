"""A brief is split once per text however many readers ask, and each reader gets its own
clauses; the non-brief check's phrase look-ups agree with a scan of every phrase."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import intent
from flowgen_core.brief.clauses import split_clauses


def test_each_caller_gets_its_own_clauses() -> None:
    text = "Offer: 20% off for VIPs. Send Friday at 10am."
    first = split_clauses(text)
    first[0].kinds.append("tone")
    first[0].text = "changed"
    second = split_clauses(text)
    assert second[0].text == "Offer: 20% off for VIPs."
    assert "tone" not in second[0].kinds
    assert second == split_clauses(text) and second is not split_clauses(text)


def _naive_starts_with(tokens: tuple[str, ...], key: str) -> int:
    for phrase in intent._phrases(key):
        if tokens[: len(phrase)] == phrase:
            return len(phrase)
    return 0


def _naive_contains(tokens: tuple[str, ...], key: str) -> bool:
    for phrase in intent._phrases(key):
        n = len(phrase)
        if any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1)):
            return True
    return False


_KEYS = ("request_openers", "request_verbs", "social_openers", "question_openers")


def _vocabulary_words() -> list[str]:
    return sorted({word for key in _KEYS for phrase in intent._phrases(key) for word in phrase})


@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(st.sampled_from([*_vocabulary_words(), "sale", "vip", ""]), max_size=8).map(tuple),
    key=st.sampled_from(_KEYS),
)
def test_phrase_look_ups_agree_with_a_scan_of_every_phrase(tokens: tuple[str, ...], key: str) -> None:
    assert intent._starts_with(tokens, key) == _naive_starts_with(tokens, key)
    assert intent._contains(tokens, key) is _naive_contains(tokens, key)
    for phrase in intent._phrases(key)[:50]:  # every phrase, at the start and further in
        assert intent._starts_with(phrase + tokens, key) == _naive_starts_with(phrase + tokens, key)
        assert intent._contains(("x", *phrase), key)
