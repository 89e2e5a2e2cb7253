"""Cue-word gates skip a regex scan only when it would find nothing, and memoised readers
answer what a fresh read gives.

`regex_gate.may_match` is asked before the stated-content reader's and the about-a-campaign
check's scans. A gate that said "absent" where its pattern matches would drop a fact without
a trace, so every gate decision taken while the fixture briefs (and the golden corpus of the
brief reader) are read is checked against the pattern's own search, and the gated readers'
answers against the same readers with every gate open.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core import regex_gate
from flowgen_core.brief import about_campaign, cues, intent, replies, stated
from flowgen_core.regex_gate import may_match, needed_words
from tests.shared_data import fixture_texts

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "brief_texts.jsonl"


def _texts() -> list[str]:
    texts = fixture_texts()
    if CORPUS.exists():
        texts += [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    return texts


TEXTS = _texts()
# the stated-content reader's texts are masked first; the check reads the text as given
LANGUAGES = ("en", "es", "fr", "de")


@pytest.fixture
def checked_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every gate decision is checked against a real search of the same text."""
    closed = [0]

    def checked(pattern: re.Pattern[str], text: str, low: str | None = None) -> bool:
        answer = regex_gate.may_match(pattern, text, low)
        if not answer:
            closed[0] += 1
            assert pattern.search(text) is None, (pattern.pattern[:80], text[:120])
        return answer

    monkeypatch.setattr(stated, "may_match", checked)
    monkeypatch.setattr(about_campaign, "may_match", checked)
    monkeypatch.setattr(cues, "may_match", checked)
    yield closed


def test_no_gate_skips_a_pattern_that_matches(checked_gate: list[int]) -> None:
    fixtures = set(fixture_texts())
    for text in TEXTS:
        about_campaign.about_campaign_reason(text)
        cues.read_cues(text)
        # the fixture briefs in every language the reader knows, the rest of the corpus in English
        for language in LANGUAGES if text in fixtures else ("en",):
            stated.read_stated_content(text, language)
    assert checked_gate[0] > 1000  # the gates do close: the test checks something


def _open(pattern: re.Pattern[str], text: str, low: str | None = None) -> bool:
    return True


@pytest.mark.parametrize("language", LANGUAGES)
def test_gated_readers_read_as_ungated_ones(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    def read(text: str) -> tuple[object, ...]:
        return (
            about_campaign.about_campaign_reason(text),
            stated.read_stated_content(text, language).model_dump(),
            cues.read_cues(text).model_dump(),
        )

    texts = fixture_texts()
    gated = [read(t) for t in texts]
    for module in (stated, about_campaign, cues):
        monkeypatch.setattr(module, "may_match", _open)
    assert [read(t) for t in texts] == gated


def test_needed_words_of_simple_patterns() -> None:
    assert needed_words(re.compile(r"\b(?:the\s+word|le\s+mot)\s+(?P<w>\w+)", re.I)) == {"word", "mot"}
    assert needed_words(re.compile(r"se envió", re.I)) == {"se envi"}
    assert needed_words(re.compile(r"a|\d+")) is None  # an alternative needs no word
    assert needed_words(re.compile(r"(?:sale)?\d+%")) == {"%"}
    assert needed_words(re.compile(r"(?:sale)*\d+")) is None
    assert not may_match(re.compile(r"\bsay\s+\w+", re.I), "Reply YES to claim")
    # not ASCII: `re` folds "ſ" onto "s" under IGNORECASE, `str.lower` does not
    assert may_match(re.compile(r"say", re.I), "ſay it")
    assert re.compile(r"say", re.I).search("ſay it")


_PIECES = st.sampled_from(["say", "the word", "sign", "from", "Dr. Lee's team", "SAY", "Mention", " ", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(alphabet="abcdefsSAYWORD .,;:!?()'\"\n", max_size=6)), max_size=8))
def test_gate_is_never_closed_on_a_match(parts: list[str]) -> None:
    text = "".join(parts)
    unquoted, need, _ = stated._unquoted_patterns()
    patterns = [p for p, _ in unquoted] + [need, *stated._verbatim_patterns()["sign_off"]]
    patterns += list(about_campaign._signal_patterns().values())
    for pattern in patterns:
        if pattern.search(text):
            assert may_match(pattern, text), (pattern.pattern[:80], text)


@pytest.mark.parametrize("text", fixture_texts()[:40])
def test_memoised_readers_answer_as_a_fresh_read(text: str) -> None:
    intent._campaign_evidence.cache_clear()
    replies._read_replies.cache_clear()
    fresh_evidence = intent._campaign_evidence.__wrapped__(text)
    assert intent.campaign_evidence(text) == fresh_evidence
    assert intent.campaign_evidence(text) == fresh_evidence  # from the cache
    fresh = replies._scan_replies(text)
    first = replies.extract_replies(text)
    first[0].append("changed")
    first[1]["changed"] = "by a caller"
    assert replies.extract_replies(text) == fresh  # each caller gets its own list and dict
    assert list(replies.extract_replies(text)[1]) == list(fresh[1])  # in the same order
