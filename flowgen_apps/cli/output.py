"""Writing to the terminal without importing click, the way `click.echo`/`click.style` do.

The plain command lines (`flowgen_apps.cli.fast`) print through these so their output is
the same bytes click would write: a newline appended and the stream flushed, ANSI escape
sequences stripped when the stream is not a terminal, and the same escape codes for colours.
They are only used on UTF-8 streams (`streams_are_plain`); any other stream, which click
re-wraps, goes through click itself. tests/unit/test_cli_fast_path.py compares them with click.
"""

from __future__ import annotations

import codecs
import re
import sys
from typing import IO, Any

# click._compat._ansi_re, compiled only for a message that holds an escape character
_ANSI = r"\033\[[0-?]*[ -/]*[@-~]"
# click.termui._ansi_colors (the colours this CLI uses)
_COLOURS = {"red": 31, "green": 32, "yellow": 33}


def isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def streams_are_plain() -> bool:
    """stdout and stderr are UTF-8 text streams, which click writes to as they are."""
    return all(
        stream is not None and not isinstance(stream, codecs.StreamWriter) and _utf8(stream)
        for stream in (sys.stdout, sys.stderr)
    )


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """`click.echo(message, err=err, nl=nl)` for a str on a UTF-8 stream."""
    stream: IO[str] | None = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if nl:
        message += "\n"
    if "\033" in message and not isatty(stream):
        message = re.sub(_ANSI, "", message)
    stream.write(message)
    stream.flush()


def style(text: str, *, fg: str | None = None, bold: bool | None = None, dim: bool | None = None) -> str:
    """`click.style` for the colours and attributes this CLI uses."""
    bits: list[str] = []
    if fg is not None:
        bits.append(f"\033[{_COLOURS[fg]}m")
    if bold is not None:
        bits.append(f"\033[{1 if bold else 22}m")
    if dim is not None:
        bits.append(f"\033[{2 if dim else 22}m")
    bits.append(text)
    bits.append("\033[0m")
    return "".join(bits)
