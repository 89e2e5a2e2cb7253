"""Pattern text reshaped so that `re` searches it faster, matching exactly what it matched.

Python's `re` tries every alternative of `A|B|C` at every position of the text. The brief
reader's phrase patterns are long alternations whose alternatives each begin with the same
zero-width test (`\\b`, `(?<!\\w)`, `(?<![\\w-])`): the test is repeated once per alternative at
every position, although its answer depends on the position alone. `factor_assertions` writes
each run of neighbouring alternatives that begin with the same test as that test once before a
group of their rests (`\\bone|\\btwo|three` -> `\\b(?:one|two)|three`), at every depth of groups.
The matches are the same (same alternatives tried in the same order; a zero-width test without a
group of its own cannot be backtracked into differently), as are group numbers and names.

Not reshaped, returned as given: verbose patterns (whitespace and `#` are syntax there) and text
this splitter does not recognise (an unbalanced bracket: `re.compile` reports it as before).
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core.regex_cache import memoized

__all__ = ["compile", "factor_assertions"]

# A zero-width test that begins an alternative and can be factored: a word boundary, a start or
# end anchor, or a look-around without a group of its own inside (nothing to renumber).
_LEADING_TEST = re.compile(r"\\b|\\B|\\A|\^|\(\?<?[=!](?:[^()\\\[]|\\.|\[(?:[^\]\\]|\\.)*\])*\)")
_CLASS_BODY = re.compile(r"\^?\]?(?:[^\]\\]|\\.)*\]", re.S)
_GROUP_HEAD = re.compile(r"\(\?(?:P<\w+>|P=\w+|<[=!]|[=!:>]|[aiLmsux-]*:|#)")
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_QUANTIFIER = frozenset("*+?{")
_PLAIN = re.compile(r"[^\\\[()|]+")
# Only a pattern where some alternative after the first begins with a test can change.
_CANDIDATE = re.compile(r"\|(?:\\[bBA]|\^|\(\?<?[=!])")


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` of `pattern` reshaped by `factor_assertions` (the same matches, found faster)."""
    if not isinstance(pattern, str):  # a compiled pattern: `re.compile` hands it back
        return re.compile(pattern, flags)
    return _compiled(pattern, int(flags))


# Some callers compile per call (a pattern read from the vocabulary in a function): the text
# is reshaped once, as `re` itself keeps its last compiled patterns.
@lru_cache(maxsize=1024)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    # From the command line's cache when one is installed (flowgen_core/regex_cache.py).
    return re.compile(memoized(factor_assertions, pattern, flags), flags)


def factor_assertions(pattern: str, flags: int = 0) -> str:
    """`pattern` with neighbouring alternatives' shared leading zero-width test written once."""
    if _CANDIDATE.search(pattern) is None:
        return pattern
    if flags & re.VERBOSE or "(?x" in pattern or _flags_x(pattern):
        return pattern
    lead = _GLOBAL_FLAGS.match(pattern)
    start = lead.end() if lead else 0  # global flags stay first, where `re` wants them
    try:
        shaped, end = _alternation(pattern, start)
    except ValueError:
        return pattern
    return pattern[:start] + shaped if end == len(pattern) else pattern


def _flags_x(pattern: str) -> bool:
    m = _GLOBAL_FLAGS.match(pattern)
    return m is not None and "x" in m.group(1)


def _alternation(p: str, i: int) -> tuple[str, int]:
    """The alternation starting at p[i] up to its closing `)` (or the end), reshaped; its end."""
    branches: list[str] = []
    parts: list[str] = []
    n = len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            parts.append(p[i : i + 2])
            i += 2
        elif c == "[":
            m = _CLASS_BODY.match(p, i + 1)
            if m is None:
                raise ValueError("unbalanced [")
            parts.append(p[i : m.end()])
            i = m.end()
        elif c == "(":
            head = _group_head(p, i)
            inner, close = _alternation(p, i + len(head))
            if close >= n or p[close] != ")":
                raise ValueError("unbalanced (")
            parts.append(head + inner + ")")
            i = close + 1
        elif c == ")":
            break
        elif c == "|":
            branches.append("".join(parts))
            parts = []
            i += 1
        else:  # a run of characters none of which opens, closes or splits anything
            run = _PLAIN.match(p, i)
            assert run is not None  # p[i] is none of the characters `_PLAIN` stops at
            parts.append(run.group())
            i = run.end()
    branches.append("".join(parts))
    return _factored(branches), i


def _group_head(p: str, i: int) -> str:
    """The opening of the group at p[i]: `(`, `(?:`, `(?P<name>`, `(?<!`, `(?i:` ..."""
    if not p.startswith("(?", i):
        return "("
    m = _GROUP_HEAD.match(p, i)
    if m is None:
        raise ValueError("unknown group")  # e.g. a conditional group: left as written
    if m.group().startswith("(?P="):
        raise ValueError("backreference group")
    if m.group() == "(?#":
        raise ValueError("comment")
    return m.group()


def _factored(branches: list[str]) -> str:
    if len(branches) < 2:
        return branches[0]
    out: list[str] = []
    k = 0
    while k < len(branches):
        test = _leading_test(branches[k])
        j = k + 1
        if test:
            while j < len(branches) and _leading_test(branches[j]) == test:
                j += 1
        if j - k >= 2:
            rests = [b[len(test) :] for b in branches[k:j]]
            out.append(f"{test}(?:{'|'.join(rests)})")
        else:
            out.append(branches[k])
        k = j
    return "|".join(out)


def _leading_test(branch: str) -> str:
    m = _LEADING_TEST.match(branch)
    if m is None or branch[m.end() : m.end() + 1] in _QUANTIFIER:
        return ""  # no test, or a repeated one (`(?=x)?`): left as written
    return m.group()
