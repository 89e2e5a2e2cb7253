"""JSON values every backend can store and every client can read back.

JSON text may carry what neither database nor a strict JSON reader accepts: `NaN`,
`Infinity` and numbers that overflow to them (`1e400`, or an integer beyond a double's
range), lone UTF-16 surrogates (`"\\ud800"`,
not encodable as UTF-8, so SQLite and the response encoder fail on them) and NUL
characters (rejected by PostgreSQL's `jsonb` and `text`). Input is checked once, where it
enters (request bodies, briefs, flows given to the service), and refused with one clear
message naming where the value sits.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flowgen_core.io import InputError, bounded_int, too_large_int

_UNSTORABLE_CHAR = re.compile("[\x00\ud800-\udfff]")


class UnstorableValue(InputError):
    """A value that cannot be stored or sent as JSON (non-finite number, NUL, lone surrogate)."""


def _describe_char(char: str) -> str:
    return "a NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None."""
    match = _UNSTORABLE_CHAR.search(text)
    return _describe_char(match.group()) if match else None


def check_text(text: str, what: str) -> None:
    problem = text_problem(text)
    if problem:
        raise UnstorableValue(f"{what} contains {problem}, which cannot be stored")


def check_value(value: Any, what: str = "the input") -> None:
    """Raise UnstorableValue for the first unstorable string, key or number inside `value`."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                raise UnstorableValue(f"{what} contains {problem} at {path or '/'}")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise UnstorableValue(f"{what} contains a non-finite number at {path or '/'}")
        elif isinstance(item, int) and too_large_int(item):
            raise UnstorableValue(f"{what} contains a number too large to represent at {path or '/'}")
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and text_problem(key):
                    raise UnstorableValue(f"{what} has a key with {text_problem(key)} at {path or '/'}")
                stack.append((child, f"{path}/{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{path}/{index}") for index, child in enumerate(item))


def _reject_constant(name: str) -> Any:
    raise UnstorableValue(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise UnstorableValue(f"the number {text[:40]} is too large to represent")
    return number


def _finite_int(text: str) -> int:
    try:
        return bounded_int(text)
    except InputError as exc:
        raise UnstorableValue(str(exc)) from None


def loads(text: str | bytes, what: str = "the request body") -> Any:
    """`json.loads` that refuses what `check_value` refuses (raises UnstorableValue or ValueError)."""
    value = json.loads(
        text, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_finite_int
    )
    check_value(value, what)
    return value


def with_version_ids(flow: Any, *, flow_id: str, version: int, version_id: str) -> Any:
    """`flow` with its version's ids in `metadata` (a copy; a non-object flow as it is).

    The store stamps them in the transaction that assigns the version number, and the
    service stamps the flow it returns the same way, so a stored version reads back (and
    downloads) exactly as it was returned.
    """
    if not isinstance(flow, dict):
        return flow
    metadata = flow.get("metadata")
    ids = {"flow_id": flow_id, "version": version, "version_id": version_id}
    return {**flow, "metadata": {**(metadata if isinstance(metadata, dict) else {}), **ids}}
