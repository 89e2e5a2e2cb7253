"""`lazy_re.compile` answers as `re.compile` does, compiling only when a pattern is first used."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from flowgen_core import lazy_re
from flowgen_core.lazy_re import LazyPattern

_PATTERNS = [r"\b(?P<n>\d{1,3})\s*%", r"(?i)free\s+ship\w*", r"\s+", r"(a|b)+c?", r"[^a-z0-9]+"]


def test_nothing_is_compiled_until_first_use() -> None:
    pattern = lazy_re.compile(r"(?P<word>\w+)", re.I)
    assert isinstance(pattern, LazyPattern) and pattern._compiled is None
    assert pattern.pattern == r"(?P<word>\w+)"  # readable without compiling
    assert pattern._compiled is None
    assert pattern.search("Hi there") is not None
    assert pattern._compiled is not None
    assert pattern.groupindex == {"word": 1} and pattern.flags == re.compile(r"\w", re.I).flags


def test_a_bad_pattern_fails_when_used() -> None:
    pattern = lazy_re.compile(r"(unclosed")
    try:
        pattern.search("x")
    except re.error:
        return
    raise AssertionError("an invalid pattern must raise re.error on use")


@given(source=st.sampled_from(_PATTERNS), flags=st.sampled_from([0, re.I, re.M]), text=st.text(max_size=60))
def test_every_method_answers_as_the_compiled_pattern(source: str, flags: int, text: str) -> None:
    lazy, real = lazy_re.compile(source, flags), re.compile(source, flags)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("_", text) == real.sub("_", text) and lazy.subn("_", text) == real.subn("_", text)
    assert lazy.split(text) == real.split(text)
    for method in ("search", "match", "fullmatch"):
        found, expected = getattr(lazy, method)(text), getattr(real, method)(text)
        assert (found and found.span()) == (expected and expected.span())
