"""The cheap paths of the pre-passes answer as the full ones do, and skip the costly work."""

from __future__ import annotations

import re

import pytest

from flowgen_core import regex_gate
from flowgen_core.brief import shorthand
from flowgen_core.brief.disclaimed import disclaimed_spans
from flowgen_core.brief.versions import version_edits


def test_a_word_near_no_cue_does_not_read_the_known_words() -> None:
    shorthand._known.cache_clear()
    shorthand.corrected.cache_clear()
    assert shorthand.corrected("boost") is None
    assert shorthand.corrected("reorders") is None
    assert shorthand._known.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("chekout", "checkout"),
        ("Chekout", "Checkout"),
        ("ordred", "ordered"),
        ("older", None),
        ("ORDRED", None),
    ],
)
def test_corrections_are_unchanged(word: str, fixed: str | None) -> None:
    shorthand.corrected.cache_clear()
    assert shorthand.corrected(word) == fixed


def test_the_words_a_pattern_needs_come_back_as_a_set() -> None:
    pattern = re.compile(r"(?:say|tell) (?:yes|no)\b", re.I)
    assert regex_gate.needed_words(pattern) == frozenset({"say", "tell"})
    assert regex_gate._words_of(pattern.pattern, pattern.flags) == ("say", "tell")
    assert regex_gate.needed_words(re.compile(r"\d+")) is None


def test_the_gate_does_not_hash_the_pattern_on_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = re.compile("|".join(f"word{i}" for i in range(50)))
    assert regex_gate.may_match(pattern, "a word7 here")
    calls: list[object] = []
    monkeypatch.setattr(regex_gate, "needed_words", lambda p: calls.append(p))
    assert regex_gate.may_match(pattern, "a word7 here")
    assert not regex_gate.may_match(pattern, "nothing")
    assert calls == []  # answered from the pattern's own entry


@pytest.mark.parametrize(
    "text",
    [
        "VIPs already got an email, but this goes to everyone anyway - no filtering. 10% off.",
        "Wait CHANGED: was 1 day, now 2 days. Descuento: antes 10 %, ahora 15 %.",
        "Rabatt von 10 % auf 15 %; VINYL10 is dead, use SPIN20. ~~15%~~ 20%",
        "boost VIP reorders",
        "Bring back lapsed buyers after 60 days with 20% off",
    ],
)
def test_gated_scans_read_as_ungated(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spans, edits = disclaimed_spans(text), version_edits(text)
    monkeypatch.setattr("flowgen_core.brief.disclaimed.may_match", lambda *a: True)
    monkeypatch.setattr("flowgen_core.brief.versions.may_match", lambda *a: True)
    assert disclaimed_spans(text) == spans
    assert version_edits(text) == edits
