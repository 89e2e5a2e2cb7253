"""The CLI's cache of compiled regular expressions (flowgen_core/regex_cache.py).

A pattern from the cache must be the pattern `re` compiles (`Pattern.__eq__` compares the
flags and the compiled program), whatever file it finds.
"""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flowgen_core import regex_cache
from flowgen_core.regex_cache import RegexCache

_ORIGINAL: Any = re._compiler.compile  # type: ignore[attr-defined]

PATTERNS = [
    (r"\b(?:win|won)\s+back\b", re.I),
    (r"(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>%|percent)", 0),
    (r"(?i)^\W*(?:reply|text)\s+(?P<word>[A-Z]+)", 0),
    (r"(?x) a b # verbose\n c", re.M | re.S),
    (r"[^\W\d_]+(?<!ß)", re.U),
    (r"(a)|(b)|(?P<c>c)", re.A),
    ("(?!)", 0),
]


def _cache(path: Path) -> RegexCache:
    return RegexCache(path, _ORIGINAL)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_cached_pattern_is_the_pattern_re_compiles(tmp_path: Path, pattern: str, flags: int) -> None:
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    compiled = first.compile(pattern, flags)
    first.save()
    again = _cache(path).compile(pattern, flags)  # read from the file
    expected = _ORIGINAL(pattern, flags)
    for candidate in (compiled, again):
        assert candidate == expected
        assert (candidate.flags, candidate.groups, candidate.groupindex) == (
            expected.flags,
            expected.groups,
            expected.groupindex,
        )


_RECORD = """
import marshal, re, sys
seen = []
original = re._compiler.compile
def record(pattern, flags=0):
    if isinstance(pattern, str):
        seen.append((pattern, int(flags)))
    return original(pattern, flags)
re._compiler.compile = record
from flowgen_core.pipeline import read_brief
for text in sys.argv[2:]:
    try:
        read_brief(text)
    except Exception:
        pass
open(sys.argv[1], "wb").write(marshal.dumps(seen))
"""
BRIEFS = [
    "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim",
    "Recupera a los clientes que no compran desde hace 60 días con un 10 % de descuento",
    "Relancez les paniers abandonnés après 2 heures, puis un rappel le lendemain",
    "Erinnere VIP-Kunden an ihren Warenkorb, maximal eine Nachricht pro Woche",
]


def test_the_brief_readers_patterns_compile_to_the_same_programs(tmp_path: Path) -> None:
    record = tmp_path / "patterns.marshal"
    subprocess.run([sys.executable, "-c", _RECORD, str(record), *BRIEFS], check=True, timeout=300)
    patterns = marshal.loads(record.read_bytes())
    assert len(patterns) > 100  # the vocabularies' alternations among them
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    for pattern, flags in patterns:
        first.compile(pattern, flags)
    first.save()
    reread = _cache(path)
    for pattern, flags in patterns:
        assert reread.compile(pattern, flags) == _ORIGINAL(pattern, flags), pattern[:80]


def test_a_hit_does_not_parse_the_pattern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    first.compile(r"\d+ days?", re.I)
    first.save()
    parsed: list[str] = []
    parse = re._parser.parse  # type: ignore[attr-defined]
    monkeypatch.setattr(re._parser, "parse", lambda p, f=0: parsed.append(p) or parse(p, f))  # type: ignore[attr-defined]
    _cache(path).compile(r"\d+ days?", re.I)
    assert parsed == []


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal", marshal.dumps(("another-interpreter", {})), marshal.dumps([1, 2, 3])],
)
def test_an_unusable_file_means_compiling_as_before(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "regex.marshal"
    path.write_bytes(content)
    assert _cache(path).compile(r"x(y)", 0) == _ORIGINAL(r"x(y)", 0)


def test_a_damaged_entry_is_compiled_again(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    damaged = {("ab+", 0): (32, b"\xff\xff\xff\xff", 0, {})}
    path.write_bytes(marshal.dumps((regex_cache._KEY, damaged, {})))
    assert _cache(path).compile("ab+", 0) == _ORIGINAL("ab+", 0)


def test_bytes_patterns_are_cached_too(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    first.compile(rb"=([a-f0-9]{2})", re.I)
    first.save()
    assert _cache(path).compile(rb"=([a-f0-9]{2})", re.I) == _ORIGINAL(rb"=([a-f0-9]{2})", re.I)


def test_debug_and_locale_patterns_are_left_to_re(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "regex.marshal")
    assert cache.compile(b"a+", re.L) == _ORIGINAL(b"a+", re.L)
    cache.save()
    assert not (tmp_path / "regex.marshal").exists()  # nothing was added


def test_a_full_cache_keeps_the_patterns_the_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 3)
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    for word in ("a", "b", "c"):
        first.compile(word, 0)
    first.save()
    second = _cache(path)
    second.compile("c", 0)
    second.compile("d", 0)
    second.save()
    _key, entries, _texts = marshal.loads(path.read_bytes())
    assert sorted(pattern for pattern, _flags in entries) == ["c", "d"]


def test_an_unwritable_directory_only_loses_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = _cache(blocker / "regex.marshal")  # its directory cannot be made
    assert cache.compile("a|b", 0) == _ORIGINAL("a|b", 0)
    cache.save()


def _joined(words: tuple[str, ...], separator: str) -> str:
    return separator.join(words)


def _counted(built: list[tuple[str, ...]]) -> Any:
    """`_joined` as the cache sees it (same module and name), counting its calls."""

    def builder(words: tuple[str, ...], separator: str) -> str:
        built.append(words)
        return _joined(words, separator)

    builder.__module__, builder.__qualname__ = __name__, "_joined"
    return builder


def test_a_built_text_is_kept_and_read_back_without_building(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    built: list[tuple[str, ...]] = []
    builder = _counted(built)
    first = _cache(path)
    assert first.text(builder, (("a", "b"), "|")) == "a|b"
    first.save()
    second = _cache(path)
    assert second.text(builder, (("a", "b"), "|")) == "a|b"
    assert second.text(builder, (("a", "c"), "|")) == "a|c"  # other arguments: built
    assert built == [("a", "b"), ("a", "c")]


def test_a_text_built_by_an_edited_module_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "regex.marshal"
    built: list[tuple[str, ...]] = []
    builder = _counted(built)
    first = _cache(path)
    first.text(builder, (("a",), "|"))
    first.save()
    key = next(iter(marshal.loads(path.read_bytes())[2]))
    assert key[:2] == (__name__, "_joined")
    monkeypatch.setitem(regex_cache._SOURCE_CHECKSUMS, __name__, key[2] + 1)  # the source changed
    assert _cache(path).text(builder, (("a",), "|")) == "a"
    assert built == [("a",), ("a",)]


def test_without_an_installed_cache_memoized_just_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "_installed", None)
    assert regex_cache.memoized(_joined, ("x", "y"), "-") == "x-y"


def test_unhashable_arguments_are_built_every_time(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "regex.marshal")
    assert cache.text(_joined, (["a", "b"], "+")) == "a+b"
    cache.save()
    assert not (tmp_path / "regex.marshal").exists()  # nothing was added
