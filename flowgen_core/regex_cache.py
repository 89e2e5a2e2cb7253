"""Compiled regular expressions kept between processes, as `__pycache__` keeps bytecode.

Python compiles a pattern with Python code (`re._parser` and `re._compiler`): a few million
instructions for one of the brief reader's larger alternations. `flowgen generate` compiles
about 450 patterns per brief (the vocabularies are alternations of hundreds of phrases), which
was over half of the command's instructions (docs/benchmarks.md, "CLI start-up"). What the
compiler produces, the program `_sre.compile` takes, depends only on the pattern, its flags and
the interpreter, so a command line loads the programs an earlier run compiled and hands them
straight to `_sre.compile`; a pattern not in the cache is compiled as before and saved at exit.

`install` replaces `re._compiler.compile` for the whole process, so it is for short-lived
command lines (the CLI's `generate`); the server and library callers compile as usual. The file
is keyed by the interpreter's exact version and the regex engine's magic number; a file that
is missing, unreadable or from another interpreter is ignored (everything is compiled, as
before). Patterns with DEBUG or LOCALE are left to `re`. A warning the parser gives for a
pattern (a possible nested set, say) is given when it is compiled, not again when it comes from
the cache, as with `re`'s own in-process cache. A cached pattern compares
equal (`==`: same flags, same program) to the one `re.compile` builds
(tests/unit/test_regex_cache.py).

The pattern texts themselves are kept too: the brief reader builds its larger patterns from the
vocabularies (`word_trie`) and reshapes every pattern before compiling it
(`regex_shape.factor_assertions`), pure string work that was about a tenth of `generate` once
the programs came from the cache. `memoized(builder, *args)` returns what `builder(*args)`
returns (a string or a tuple of strings), from the file when an earlier run built it; the key holds the builder's name, its
arguments and a checksum of its module's source, so editing the builder or the vocabulary
(an argument) builds the text afresh. Without an installed cache it just calls the builder.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import marshal
import os
import re
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["RegexCache", "install", "memoized"]

# The interpreters whose `re._compiler.compile` is the parse + `_code` + `_sre.compile` below.
_SUPPORTED = ((3, 11), (3, 12), (3, 13))
_UNCACHED_FLAGS = re.DEBUG | re.LOCALE
# Patterns built from input (an escaped phrase of one brief) would otherwise pile up: past this
# many, a save keeps only the patterns the run used.
MAX_ENTRIES = 2000
# (flags with the pattern's inline flags, program as machine words, group count, group names);
# the program is kept as bytes, which marshal reads in one copy, where a list is read int by int
# (`generate`: 1,316 M instructions with lists, 1,232 M with bytes).
Entry = tuple[int, bytes, int, dict[str, int]]
_WORD = next(code for code in "HIL" if array(code).itemsize == _sre.CODESIZE)  # one code word
_Built = TypeVar("_Built")
# (builder's module, builder's name, checksum of the module's source, the arguments)
TextKey = tuple[str, str, int, tuple[Any, ...]]
# In the file name, so that a tree writing the earlier layout (programs only) does not make
# this one's file unreadable, nor this one its, when both are run side by side.
_FORMAT = "v2"
_KEY = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"


def _program(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` hands `_sre.compile` for `pattern` (the program as bytes)."""
    compiler: Any = re._compiler  # type: ignore[attr-defined]
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = compiler._code(parsed, flags)
    state = parsed.state
    program = array(_WORD, [int(op) for op in code]).tobytes()
    return (int(flags | state.flags), program, state.groups - 1, dict(state.groupdict))


def _pattern(pattern: str | bytes, entry: Entry) -> re.Pattern[Any]:
    flags, code, groups, groupindex = entry
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    program = array(_WORD, code).tolist()
    compiled: re.Pattern[Any] = _sre.compile(
        pattern, flags, program, groups, dict(groupindex), tuple(indexgroup)
    )
    return compiled


class RegexCache:
    """The programs in one cache file, and the `compile` that reads and extends them."""

    def __init__(self, path: Path, original: Callable[..., Any]) -> None:
        self.path = path
        self._original = original
        self._entries: dict[tuple[str | bytes, int], Entry]
        self._texts: dict[TextKey, Any]
        self._entries, self._texts = self._read()
        self._used: set[tuple[str | bytes, int]] = set()
        self._texts_used: set[TextKey] = set()
        self._added = False

    def _read(self) -> tuple[dict[tuple[str | bytes, int], Entry], dict[TextKey, Any]]:
        try:
            key, entries, texts = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}, {}
        if key != _KEY or not isinstance(entries, dict) or not isinstance(texts, dict):
            return {}, {}
        return entries, texts

    def text(self, builder: Callable[..., _Built], args: tuple[Any, ...]) -> _Built:
        """`builder(*args)`, from the cache when an earlier run built it from the same source."""
        key = (builder.__module__, builder.__qualname__, _source_checksum(builder.__module__), args)
        try:
            found = self._texts.get(key)
        except TypeError:  # an argument marshal cannot keep (unhashable): nothing to cache
            return builder(*args)
        if found is not None:
            self._texts_used.add(key)
            return found
        built = builder(*args)
        if _SOURCE_CHECKSUMS.get(builder.__module__) is not None:
            self._texts[key] = built
            self._texts_used.add(key)
            self._added = True
        return built

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """`re._compiler.compile(pattern, flags)`, from the cache when the program is in it."""
        if not isinstance(pattern, (str, bytes)) or flags & _UNCACHED_FLAGS:
            return self._original(pattern, flags)
        key = (pattern, int(flags))
        entry = self._entries.get(key)
        if entry is not None:
            try:
                compiled = _pattern(pattern, entry)
            except (RuntimeError, TypeError, ValueError, IndexError):  # a damaged entry
                entry = None
            else:
                self._used.add(key)
                return compiled
        entry = _program(pattern, int(flags))
        self._entries[key] = entry
        self._used.add(key)
        self._added = True
        return _pattern(pattern, entry)

    def save(self) -> None:
        """Write the programs back if this run compiled any; a failed write only loses the cache."""
        if not self._added:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {key: entry for key, entry in entries.items() if key in self._used}
        texts = self._texts
        if len(texts) > MAX_ENTRIES:
            texts = {key: text for key, text in texts.items() if key in self._texts_used}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(marshal.dumps((_KEY, entries, texts)))
            os.replace(temporary, self.path)  # whole files only, also with two runs at once
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


# module name -> checksum of its source file (None: no readable source, so nothing is kept)
_SOURCE_CHECKSUMS: dict[str, int | None] = {}
_installed: RegexCache | None = None


def _source_checksum(module: str) -> int:
    if module not in _SOURCE_CHECKSUMS:
        path = getattr(sys.modules.get(module), "__file__", None)
        try:
            _SOURCE_CHECKSUMS[module] = zlib.crc32(Path(path).read_bytes()) if path else None
        except OSError:
            _SOURCE_CHECKSUMS[module] = None
    return _SOURCE_CHECKSUMS[module] or 0


def memoized(builder: Callable[..., _Built], *args: Any) -> _Built:
    """`builder(*args)`: a pure function of its arguments and its module's source.

    The arguments and the result are strings, numbers and tuples of them (what marshal keeps).

    Taken from the installed cache when an earlier run built it; built (and kept) otherwise.
    """
    if _installed is None:
        return builder(*args)
    return _installed.text(builder, args)


def install(directory: Path) -> RegexCache | None:
    """Compile this process's patterns through the cache in `directory`, saved at exit."""
    compiler: Any = getattr(re, "_compiler", None)
    if sys.version_info[:2] not in _SUPPORTED or compiler is None:
        return None
    if isinstance(getattr(compiler.compile, "__self__", None), RegexCache):
        return None  # already installed
    cache = RegexCache(
        directory / f"regex-{sys.implementation.cache_tag}-{_FORMAT}.marshal", compiler.compile
    )
    compiler.compile = cache.compile
    global _installed
    _installed = cache
    atexit.register(cache.save)
    return cache
