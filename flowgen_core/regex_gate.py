"""The words a pattern cannot match without: a cheap test that skips a whole regex scan.

Most of the brief reader's patterns can only match where one of a few literal words stands
("the word", "say", "sign"). `needed_words` reads them from the pattern itself, from its
parse tree, so the gate can never drift from the vocabulary it was compiled from: every
match contains one of the returned strings (lower-cased). `may_match` asks that of a text
first; when it answers False, `pattern.search(text)` is None.

The test is exact only for ASCII text: under `re.IGNORECASE`, `re` also folds a few non-ASCII
letters onto ASCII ones ("ſ" matches "s", the Kelvin sign "k"), which `str.lower` does not.
`may_match` therefore answers True for any text that is not ASCII, and the needles are only
the ASCII pieces of a pattern's literals ("envi" of "envió").
"""

from __future__ import annotations

import re
from functools import lru_cache

# the parser `re` itself compiles with (Python 3.11 names it `re._parser`)
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

from flowgen_core.regex_cache import memoized

__all__ = ["may_match", "needed_words"]

_NOT_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def _needs(items: object) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains, or None."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        # any piece of a run of literals is in every match too: keep its longest ASCII piece
        pieces = [p for p in _NOT_ASCII_RE.split("".join(run)) if p]
        if pieces:
            candidates.append(frozenset({max(pieces, key=len).lower()}))
        run.clear()

    for op, av in items:  # type: ignore[attr-defined]
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        sub: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            sub = _needs(av[-1])
        elif op is _c.BRANCH:
            branches = [_needs(b) for b in av[1]]
            if all(b is not None for b in branches):
                sub = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            sub = _needs(av[2])
        elif op is _ATOMIC:
            sub = _needs(av)
        elif op is _c.ASSERT:  # a positive look-around: its words stand in the text too
            sub = _needs(av[1])
        if sub is not None:
            candidates.append(sub)
    flush()
    usable = [c for c in candidates if c and all(c)]
    if not usable:
        return None
    # the strongest test: the needles whose shortest is longest, then the fewest of them
    return max(usable, key=lambda c: (min(len(w) for w in c), -len(c)))


@lru_cache(maxsize=1024)
def needed_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which each match of `pattern` contains; None when the
    pattern needs no particular word (a class, a number, anything)."""
    # Parsing a large alternation is Python code (most of `generate`'s gate cost once the
    # programs come from the cache): the command line keeps the words with the patterns.
    words = memoized(_words_of, pattern.pattern, pattern.flags)
    return frozenset(words) if words else None


def _words_of(pattern: str, flags: int) -> tuple[str, ...]:
    """`needed_words` as a sorted tuple, empty for None (the form the pattern cache keeps)."""
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, TypeError, ValueError):  # pragma: no cover - it compiled once already
        return ()
    needs = _needs(parsed)
    return tuple(sorted(needs)) if needs else ()


# id(pattern) -> (pattern, its needed words). Not `needed_words`' own cache: hashing a compiled
# pattern hashes its whole program (about 0.4 ms for a vocabulary alternation), on every call.
# The pattern is kept in the entry, so its id is not reused while the entry stands.
_BY_ID: dict[int, tuple[re.Pattern[str], frozenset[str] | None]] = {}
_MAX_BY_ID = 1024


def _needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    found = _BY_ID.get(id(pattern))
    if found is None or found[0] is not pattern:
        if len(_BY_ID) >= _MAX_BY_ID:
            _BY_ID.clear()
        found = _BY_ID[id(pattern)] = (pattern, needed_words(pattern))
    return found[1]


def may_match(pattern: re.Pattern[str], text: str, low: str | None = None) -> bool:
    """False only when `pattern.search(text)` is None for certain. `low` is `text.lower()`
    when the caller has it already."""
    if not text.isascii():
        return True
    needles = _needles(pattern)
    if needles is None:
        return True
    low = text.lower() if low is None else low
    return any(w in low for w in needles)
