"""Reading loosely written scalars: spellings, whole numbers, and time units."""

from __future__ import annotations

import re
from typing import Any


def squash(value: str) -> str:
    """Spelling-insensitive key: `Rate-Limit`, `rateLimit` and `rate_limit` agree."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


# unit key -> (seconds, lower plural, capitalised plural)
UNITS: dict[str, tuple[int, str, str]] = {
    name: (seconds, word, word.capitalize())
    for names, seconds, word in (
        (("s", "sec", "secs", "second", "seconds"), 1, "seconds"),
        (("m", "min", "mins", "minute", "minutes"), 60, "minutes"),
        (("h", "hr", "hrs", "hour", "hours"), 3600, "hours"),
        (("d", "day", "days"), 86400, "days"),
    )
    for name in names
}
WEEK_KEYS = ("w", "wk", "wks", "week", "weeks")
# Adverbial periods (rate limits): the period and the factor for the timespan.
ADVERB_PERIODS = {"hourly": ("Hours", 1), "daily": ("Days", 1), "weekly": ("Days", 7)}


def digits(value: Any) -> str | None:
    """A whole non-negative number as a digit string, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.isdigit() and stripped.isascii():
            return str(int(stripped))
    return None


def as_int(value: Any) -> int | None:
    text = digits(value)
    return int(text) if text is not None else None


def loose_digits(value: Any) -> str | None:
    """Like `digits`, but also reads `15%` and `$5` (discount values)."""
    found = digits(value)
    if found is None and isinstance(value, str):
        found = digits(value.strip().strip("%$").strip())
    return found


def is_digit_text(value: Any) -> bool:
    """Already written as the spec wants a digits field: a digit string, or empty."""
    return isinstance(value, str) and (value == "" or value.isdigit())


def parse_unit(unit: Any) -> tuple[str, int] | None:
    """(unit key in UNITS, multiplier) for a unit spelling; weeks become days x 7."""
    if not isinstance(unit, str):
        return None
    key = unit.strip().lower()
    if key in UNITS:
        return key, 1
    if key in WEEK_KEYS:
        return "days", 7
    return None


def object_or_empty(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else a fresh empty one to read defaults from."""
    return value if isinstance(value, dict) else {}
