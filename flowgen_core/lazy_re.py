"""`re` with `compile` deferred to a pattern's first use.

The brief reader holds a hundred-odd module-level patterns, and compiling them all at import
was a large share of a CLI command's start-up (docs/benchmarks.md), while one brief uses a
fraction of them (most are gated on a cue word being present). A module that imports this
as `re` (`from flowgen_core import lazy_re as re`) keeps writing `re.compile(...)`,
`re.search(...)`, `re.I`: everything is the standard module's except `compile`, which returns
a stand-in that compiles the pattern the first time one of its methods is used and from then
on hands out the compiled pattern's own bound methods. The pattern is compiled as
`regex_shape.compile` shapes it (the same matches, found with fewer steps); its `pattern`
attribute stays the text as written, which other patterns are built from.

A stand-in is not a `re.Pattern` instance: pass it to its own methods (`pattern.search(text)`),
not to the module functions (`re.search(pattern, text)`).
"""

from __future__ import annotations

from re import (
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    UNICODE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    S,
    U,
    X,
    error,
    escape,
    findall,
    finditer,
    fullmatch,
    match,
    search,
    split,
    sub,
    subn,
)
from typing import Any, cast

from flowgen_core.regex_shape import compile as _shaped_compile

__all__ = [
    "ASCII",
    "DOTALL",
    "IGNORECASE",
    "MULTILINE",
    "UNICODE",
    "VERBOSE",
    "A",
    "I",
    "M",
    "Match",
    "Pattern",
    "S",
    "U",
    "X",
    "compile",
    "error",
    "escape",
    "findall",
    "finditer",
    "fullmatch",
    "match",
    "search",
    "split",
    "sub",
    "subn",
]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """A pattern compiled on first use; then its methods are the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # readable without compiling (patterns are built from others)
        self._flags = flags
        self._compiled: Pattern[str] | None = None

    def compiled(self) -> Pattern[str]:
        if self._compiled is None:
            compiled = _shaped_compile(self.pattern, self._flags)
            for name in _METHODS:  # the next call finds the bound method without __getattr__
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_compiled", "_flags", "pattern"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r}, {self._flags})"


def compile(pattern: str, flags: int = 0) -> Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (typed as the pattern it stands for)."""
    return cast("Pattern[str]", LazyPattern(pattern, int(flags)))
