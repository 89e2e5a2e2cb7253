"""Reading and writing flow JSON safely.

Every shell reads flows through these functions so that bad input (a missing file, a
binary blob, a 50 MB upload, a 10,000-deep array) becomes one clear `InputError`
instead of a traceback, a `RecursionError` or a memory spike.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from itertools import accumulate
from pathlib import Path
from typing import Any

from flowgen_core.errors import FlowgenError

DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_MAX_DEPTH = 200

# An escape pair (backslash + any byte). Matches are two bytes long and never overlap, so
# removing them is one left-to-right pass: linear in the input, whatever it holds.
_ESCAPE_PAIR = re.compile(rb"\\.", re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")  # +1 / -1 as signed bytes


class InputError(FlowgenError, ValueError):
    """Input that cannot be read as a flow; `str(error)` is a one-line message for people."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self)


# The largest integer a JSON number may be here: beyond a double's range a number is neither
# portable JSON (RFC 8259 §6) nor usable where the flow's numbers are read as floats.
MAX_JSON_INT = int(sys.float_info.max)


def too_large_int(value: int) -> bool:
    return not -MAX_JSON_INT <= value <= MAX_JSON_INT


def bounded_int(text: str) -> int:
    """`json.loads`'s `parse_int`: an InputError for an integer beyond a double's range."""
    value = int(text)
    if too_large_int(value):
        raise InputError(f"the number {text[:40]}… is too large to represent")
    return value


def _describe_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def _too_large(size: int, max_bytes: int) -> InputError:
    if size == max_bytes + 1:  # a read cut one byte past the limit: its real size is unknown
        return InputError(f"input is larger than the limit of {_describe_size(max_bytes)}")
    return InputError(
        f"input is too large ({_describe_size(size)}); the limit is {_describe_size(max_bytes)}"
    )


def outside_strings(data: bytes) -> bytes:
    """The bytes of JSON text that are not inside string literals, in one linear pass.

    Escape pairs go first (so `\\"` no longer looks like a quote); then every other
    quote-separated piece is string content. An unterminated string runs to the end, as a
    JSON parser would read it. Every step is a single C-level scan (`sub`, `split`, `join`).
    """
    return b"".join(_ESCAPE_PAIR.sub(b"", data).split(b'"')[::2])


def max_nesting_depth(data: bytes) -> int:
    """Deepest array/object nesting in JSON text, found without recursion, in linear time.

    Brackets outside strings become +1/-1 signed bytes and a running sum gives the depth;
    every step runs in C (`translate`, `accumulate`, `max`), so even 10 MB of brackets
    takes a fraction of a second, and no input makes it slower than linear.
    """
    brackets = outside_strings(data).translate(None, _NOT_A_BRACKET).translate(_BRACKET_STEP)
    return max(0, max(accumulate(array("b", brackets)), default=0))


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise InputError("input is binary, not JSON text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"input is not UTF-8 text (invalid byte at offset {exc.start})") from None


def parse_json_text(
    text: str | bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    expect_object: bool = False,
) -> Any:
    """Parse JSON text, raising `InputError` with a one-line message for anything unusable."""
    if isinstance(text, str):
        if len(text) > max_bytes:  # cheap pre-check; characters are at least one byte
            raise _too_large(len(text), max_bytes)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("input contains characters that are not valid Unicode") from None
    elif isinstance(text, bytes | bytearray | memoryview):
        data = bytes(text)
    else:
        raise InputError(f"expected JSON text, got {type(text).__name__}")
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    decoded = _decode(data)
    if not decoded.strip():
        raise InputError("input is empty, expected JSON")
    if max_nesting_depth(data) > max_depth:
        raise InputError(f"JSON is nested too deeply (more than {max_depth} levels)")
    try:
        value = json.loads(decoded, parse_int=bounded_int)
    except InputError:
        raise
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"JSON is nested too deeply (more than {max_depth} levels)") from None
    except ValueError as exc:  # e.g. integers with more digits than Python allows
        raise InputError(f"not valid JSON: {exc}") from None
    if expect_object and not isinstance(value, dict):
        raise InputError(f"not a JSON object (the top level is {_json_kind(value)})")
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return type(value).__name__


def load_json_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    expect_object: bool = False,
) -> Any:
    """Read and parse a JSON file, raising `InputError` with a one-line message on any problem."""
    file = Path(path)
    data = _read_capped(file, max_bytes, what="JSON file", refuse_large_first=True)
    if len(data) > max_bytes:
        raise InputError(f"{file}: {_too_large(len(data), max_bytes)}")
    try:
        return parse_json_text(data, max_bytes=max_bytes, max_depth=max_depth, expect_object=expect_object)
    except InputError as exc:
        raise InputError(f"{file}: {exc}") from None


def dump_json(obj: Any) -> str:
    """Serialise for people and diffs: two-space indent, real Unicode, trailing newline."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def read_text_limited(path: str | Path, *, max_bytes: int, what: str = "file") -> str:
    """Read a UTF-8 text file of at most `max_bytes` (a device like /dev/zero is cut off, not read)."""
    file = Path(path)
    return _decode_limited(_read_capped(file, max_bytes, what=what), max_bytes, str(file))


def _read_capped(file: Path, max_bytes: int, *, what: str, refuse_large_first: bool = False) -> bytes:
    """At most `max_bytes + 1` bytes of `file` (one past the limit, so callers can tell it was
    cut: special files like /dev/zero lie about their size), with one-line errors."""
    try:
        if file.is_dir():
            raise InputError(f"{file}: is a directory, not a {what}")
        if refuse_large_first:
            size = file.stat().st_size
            if size > max_bytes:
                raise InputError(f"{file}: {_too_large(size, max_bytes)}")
        with file.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except PermissionError:
        raise InputError(f"{file}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None


def read_stream_limited(stream: Any, *, max_bytes: int, name: str = "<stdin>") -> str:
    """Read at most `max_bytes` of UTF-8 text from a binary stream."""
    return _decode_limited(stream.read(max_bytes + 1), max_bytes, name)


def _decode_limited(data: bytes, max_bytes: int, name: str) -> str:
    if len(data) > max_bytes:
        raise InputError(f"{name}: more than {_describe_size(max_bytes)}; that is too long for this input")
    try:
        return _decode(data)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
