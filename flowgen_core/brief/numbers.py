"""Counts and durations as marketers write them: number words, units, and the shared patterns.

`NUM`, `UNIT` and `DUR` are pattern text the extractors build their own patterns from;
`parse_count` and `parse_duration` turn what those groups matched into values.
"""

from __future__ import annotations

import math

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.model import Duration
from flowgen_core.brief.timing import long_unit_pattern, unit_days

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "once": 1,
    "single": 1,
    "a single": 1,
    "two": 2,
    "twice": 2,
    "a couple of": 2,
    "couple of": 2,
    "three": 3,
    "thrice": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "hundred": 100,
    "a hundred": 100,
    "one hundred": 100,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
DIGIT_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# "forty-five", "forty five", "ninety": written-out numbers up to 99, as marketers type them
TENS_NUM = rf"(?:{'|'.join(_TENS)})(?:[- ]{DIGIT_WORDS}\b)?"
# "twelve", "eighteen", "thirty-five": a written-out number from one to ninety-nine
WORD_NUM = rf"(?:{TENS_NUM}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{DIGIT_WORDS})"
NUM = (
    rf"(?:\d{{1,6}}|{TENS_NUM}|(?:a|one)\s+hundred|hundred|a\s+couple\s+of|couple\s+of|a\s+single|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|once|twice|thrice|single|an|a)"
)
UNIT = rf"(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?|{long_unit_pattern()})"
DUR = rf"(?P<n>{NUM})\s*-?\s*(?P<u>{UNIT})\b"

_UNIT_CANON = {
    "minute": "minutes",
    "min": "minutes",
    "hour": "hours",
    "hr": "hours",
    "h": "hours",
    "day": "days",
    "d": "days",
    "week": "weeks",
    "wk": "weeks",
    "month": "months",
    "year": "years",
}


def parse_count(word: str | None, default: int = 1) -> int:
    if not word:
        return default
    word = re.sub(r"\s+", " ", word.strip().lower())
    if word.isdigit():
        return int(word)
    tens, _, ones = word.replace("-", " ").partition(" ")
    if tens in _TENS:
        return _TENS[tens] + (NUMBER_WORDS.get(ones, 0) if ones else 0)
    return NUMBER_WORDS.get(word, default)


def canonical_unit(word: str) -> str:
    word = word.lower().rstrip(".")
    if word in unit_days():
        return word
    if word in _UNIT_CANON:
        return _UNIT_CANON[word]
    return _UNIT_CANON.get(word[:-1] if word.endswith("s") else word, "days")


def parse_duration(n: str | None, unit: str) -> Duration | None:
    """Weeks and months become days (1 week = 7, 1 month = 30), as FlowBuilder has no such unit."""
    value = parse_count(n)
    canon = canonical_unit(unit)
    factor = {"weeks": 7, "months": 30, "years": 365, **unit_days()}.get(canon)
    if factor:
        value, canon = value * factor, "days"
    if value <= 0:
        return None
    return Duration(value=value, unit=canon)  # type: ignore[arg-type]


def as_days(d: Duration) -> int:
    return max(1, math.ceil(d.seconds / 86400))
