"""A reshaped pattern finds exactly what the pattern as written finds (`flowgen_core/regex_shape.py`).

Neighbouring alternatives that open with the same zero-width test are written as that test once
before a group of their rests; matches, spans, groups and names stay the same, in English,
Spanish, French and German text, and patterns the splitter does not handle are left as written.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core import lazy_re, regex_shape
from flowgen_core.regex_shape import factor_assertions

TEXTS = [
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15.",
    "We'll hand-pick the products; staff picks only, manually chosen by our team.",
    "Recupera clientes que no compraron en 90 días: 15% de descuento, elegidos por nosotros a mano.",
    "Relancez les clients inactifs avec 15 % de remise, sélection manuelle, sinon rien.",
    "Inaktive Kunden mit 15 % Rabatt zurückgewinnen, handverlesen, von Hand, sonst nichts.",
    "",
    "wait 2 days, then send a reminder; 3 days after purchase ask for a review",
    "a-b  \n^x |y| (z) [w]",
]

PATTERNS = [
    r"\bmanually\b|\bmanual\s+(?:selection|picks?)\b|à la main|\bvon hand\b|\bmanuell\b",
    r"(?<!\w)customer\w*|(?<!\w)commande\w*|(?<!\w)purchas\w*|shopped(?!\w)|(?<!\w)pedid\w*",
    r"(?:(?<![\w.])(?<!\d,)1(?![\d])|(?:(?<!\w)single(?!\w)|(?<!\w)one(?!\w)))\s*(?P<u>days?|hours?)",
    r"\bwait(?:ing)?\s+(\d+)\s*\w*|(?:^|[.;:,!-]\s*)(\d+)\s*days?\s+later|\b(\d+)\s*days?\s+after\b",
    r"(?i)\bsend|\bwait|\btext",
    r"[|\b]|\ba|\bb",
    r"\b|\bwait",
    r"^a|^b|\Ax|\Ay",
    r"(?<![\w'’])(?:do\s+not|don't)\s+\w+|(?<![\w'’])ohne\s+\w+",
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict(), m.regs) for m in pattern.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("flags", [0, re.I, re.M])
def test_reshaped_patterns_match_the_same(pattern: str, flags: int) -> None:
    written, shaped = re.compile(pattern, flags), regex_shape.compile(pattern, flags)
    assert shaped.groups == written.groups and shaped.groupindex == written.groupindex
    for text in TEXTS:
        assert _matches(shaped, text) == _matches(written, text)
        assert shaped.sub("_", text) == written.sub("_", text)


def test_runs_of_the_same_test_are_written_once() -> None:
    assert factor_assertions(r"\bone|\btwo|three|\bfour") == r"\b(?:one|two)|three|\bfour"
    assert factor_assertions(r"(?:(?<!\w)a|(?<!\w)b)c") == r"(?:(?<!\w)(?:a|b))c"
    assert factor_assertions(r"(?i)\ba|\bb") == r"(?i)\b(?:a|b)"


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bnothing to share",  # no alternation
        r"(?x) \b a | \b b",  # verbose: whitespace is syntax
        r"(?=x)?a|(?=x)?b",  # a repeated test
        r"(?<=(a))b|(?<=(a))c",  # a test with a group of its own: numbering would change
        r"(a)|\b(?(1)x|y)|\bz",  # a conditional group: not handled, left as written
        r"\ba|\bb[",  # not a pattern: `re.compile` says so as before
    ],
)
def test_what_is_not_reshaped_is_left_as_written(pattern: str) -> None:
    assert factor_assertions(pattern) == pattern


def test_lazy_patterns_are_reshaped_and_keep_their_text() -> None:
    pattern = lazy_re.compile(r"\bone|\btwo", re.I)
    assert pattern.pattern == r"\bone|\btwo"  # other patterns are built from the written text
    assert [m.span() for m in pattern.finditer("One, two")] == [(0, 3), (5, 8)]


_PIECES = st.sampled_from(
    [r"\b", r"(?<!\w)", r"(?!\w)", "^", "a", "b", "ab", r"\w+", r"\s", "(?:a|b)", "(c)", "x?"]
)


@settings(max_examples=300, deadline=None)
@given(
    branches=st.lists(st.lists(_PIECES, min_size=1, max_size=4).map("".join), min_size=1, max_size=6),
    text=st.text(alphabet="abc x\n-", max_size=30),
)
def test_any_alternation_of_tests_matches_the_same(branches: list[str], text: str) -> None:
    pattern = "|".join(branches)
    written, shaped = re.compile(pattern), regex_shape.compile(pattern)
    assert _matches(shaped, text) == _matches(written, text)
