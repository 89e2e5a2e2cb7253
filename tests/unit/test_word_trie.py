"""`word_trie`: one prefix-tree regex over a phrase list finds a phrase exactly where the
separate phrase patterns would, and the brief reader's vocabularies read the same through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import clauses, intent
from flowgen_core.brief.vocabulary import load_vocabulary, word_trie
from tests.shared_data import fixture_texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TAILS = ("", r"(?!\w)", r"\b", r"(?=\s)")


def _naive(entries: list[tuple[str, str]], text: str, flags: int = re.I) -> bool:
    return any(re.search(re.escape(literal) + tail, text, flags) for literal, tail in entries)


def _trie(entries: list[tuple[str, str]], text: str, flags: int = re.I) -> bool:
    return re.search(word_trie(entries), text, flags) is not None


def test_overlapping_phrases_each_still_match() -> None:
    entries = [("car", r"(?!\w)"), ("cart", r"(?!\w)"), ("cart abandon", ""), ("carts", r"(?!\w)")]
    for text, found in [
        ("a car", True),
        ("the cart", True),
        ("two carts", True),
        ("cart abandonment", True),  # "cart abandon" needs nothing after it
        ("cartography", False),  # "cart" must end a word, and "car" too
        ("carriage", False),
    ]:
        assert _trie(entries, text) is found, text
        assert _naive(entries, text) is found, text


def test_a_shorter_phrase_that_matches_anywhere_covers_longer_ones() -> None:
    entries = [("abandon", ""), ("abandoned cart", r"(?!\w)")]
    assert word_trie(entries) == "abandon"
    assert _trie(entries, "Abandoned carts")


def test_word_boundaries_come_from_the_tails() -> None:
    entries = [("sale", r"\b")]
    assert _trie(entries, "flash sale!")
    assert not _trie(entries, "wholesaler")  # "sale" must end a word here
    assert _trie(entries, "wholesale")  # and nothing asks it to start one
    assert _trie([("vip", r"(?!\w)")], "VIP members") and not _trie([("vip", r"(?!\w)")], "vips")


def test_accents_and_case_follow_the_flags() -> None:
    entries = [("réduction", r"(?!\w)"), ("geschäft", ""), ("año", r"(?!\w)")]
    assert _trie(entries, "RÉDUCTION de 20 %")
    assert _trie(entries, "Geschäftskunden")
    assert not _trie(entries, "reduction")  # an accent is its own character
    assert not _trie(entries, "RÉDUCTION", flags=0)
    assert _trie(entries, "feliz año nuevo") and not _trie(entries, "años")


def test_special_characters_are_literal() -> None:
    entries = [("50%", ""), ("$5", ""), ("a.b", ""), ("(vip)", "")]
    assert _trie(entries, "save 50% now") and _trie(entries, "just $5") and _trie(entries, "(VIP)")
    assert not _trie(entries, "axb") and not _trie(entries, "5")


def test_an_empty_list_never_matches() -> None:
    assert not _trie([], "anything at all")
    assert not _trie([], "")


_ALPHABET = "abcé É-'%.\n"
_phrases = st.lists(st.tuples(st.text(_ALPHABET, min_size=1, max_size=5), st.sampled_from(TAILS)), max_size=8)


@settings(max_examples=400, deadline=None)
@given(entries=_phrases, text=st.text(_ALPHABET + "xyz_1", max_size=30), ignore_case=st.booleans())
def test_trie_finds_a_phrase_exactly_where_a_naive_scan_does(
    entries: list[tuple[str, str]], text: str, ignore_case: bool
) -> None:
    flags = re.I if ignore_case else 0
    assert _trie(entries, text, flags) is _naive(entries, text, flags)


def _briefs() -> list[str]:
    return fixture_texts()


def _cue_sentences(cues: list[str]) -> list[str]:
    """Each cue inside, at the start and glued to a word, to try both sides of its boundaries."""
    words = [cue.rstrip("*").strip() for cue in cues]
    return [f"{form}" for w in words for form in (f"we {w} now", f"x{w}y", f"{w}s", w.upper())]


def _category_texts() -> list[str]:
    vocabulary = load_vocabulary("campaign_intent")["categories"]
    return _briefs() + _cue_sentences(
        [c for cat in vocabulary.values() for g in cat["cues"].values() for c in g]
    )


def test_campaign_categories_match_as_one_alternation_per_category_did() -> None:
    one_by_one = []
    for name, category in load_vocabulary("campaign_intent")["categories"].items():
        parts = [intent._cue_regex(cue) for cues in category["cues"].values() for cue in cues]
        parts += list(category.get("patterns", []))
        one_by_one.append((name, re.compile("|".join(parts), re.I)))
    for text in _category_texts():
        old = [name for name, pattern in one_by_one if pattern.search(text)]
        new = [name for name, _, pattern in intent._category_patterns() if pattern.search(text)]
        assert new == old, text


@pytest.mark.parametrize("text", [*_briefs(), "thanks, you're welcome", "out of order", "De nada!"])
def test_the_ignore_gate_finds_what_the_ignore_pattern_finds(text: str) -> None:
    assert bool(intent._ignored_gate().search(text)) is bool(intent._ignored_pattern().search(text))


def _old_clause_pattern(cues: list[str]) -> re.Pattern[str]:
    parts = []
    for cue in cues:
        word = re.escape(cue.rstrip("*").strip())
        suffix = r"\w*" if cue.endswith("*") else r"\b"
        lead = r"\b" if cue[:1].isalnum() else ""
        parts.append(f"{lead}{word}{suffix}" if cue.strip()[-1:].isalnum() or cue.endswith("*") else word)
    return re.compile("|".join(parts), re.I)


def test_clause_kinds_match_as_one_alternation_per_kind_did() -> None:
    cues = load_vocabulary("clause_kinds")["cues"]
    old = {kind: _old_clause_pattern(words) for kind, words in cues.items()}
    texts = _briefs() + _cue_sentences([c for words in cues.values() for c in words])
    for text in texts:
        for piece in [text, *(c.text for c in clauses.split_clauses(text))]:
            was = [kind for kind, pattern in old.items() if pattern.search(piece)]
            now = [kind for kind, pattern in clauses._cue_patterns().items() if pattern.search(piece)]
            assert now == was, piece
