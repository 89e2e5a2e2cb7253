"""The send times a brief asks for, for the quiet-hours rule of brief compliance.

Three sources, all read from the brief as the interpreter left it:

- its daily send hours (`CampaignBrief.send_hours`: "only between 7am and 10pm ET");
- the time of day of its dated send windows (`CampaignBrief.send_windows` whose words name
  a clock time: "tonight at 11pm", "Dec 5 at 6:30am");
- a fixed clock time the interpreter keeps no fact for because no date comes with it
  ("at 6am sharp", "blast it @ 11:30 pm", "um 23 Uhr"). Which words make a clock time a
  send time, and which make it an end, a deadline, opening hours or a prohibition ("ends at
  midnight", "store opens at 7am", "never text at 6am") is data: `vocab/send_times.json`.
  These are read from the brief's text only while its timing facts are the brief's own: a
  refined spec keeps the original text, and a refinement that set new windows or hours
  supersedes the clock times written there.

Times are wall-clock times of the brief, in whatever zone it names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core.brief import CampaignBrief
from flowgen_core.check.hours import clock, time_of_day

_AMPM = r"\d{1,2}(?::[0-5]\d)?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
_H24 = r"(?:[01]?\d|2[0-3]):[0-5]\d(?!\s*(?:%|[ap]\.?\s?m))"
_H_WORD = r"(?:[01]?\d|2[0-3])\s*(?:h|uhr)(?:\s*[0-5]\d)?(?![a-z])"
_NAMED = {
    "noon": time(12),
    "midnight": time(0),
    "medianoche": time(0),
    "minuit": time(0),
    "mitternacht": time(0),
}
_NAMED_RE = "|".join(_NAMED)
# where the part of a clause that a clock time belongs to starts
_PART_BREAK_RE = re.compile(r"[.!?;,:\n]|\s[-\u2013\u2014]\s|[\u2013\u2014]")


@dataclass(frozen=True)
class RequestedTime:
    """A send time of day the brief asks for: a moment (`until` None) or daily hours."""

    at: time
    until: time | None
    words: str

    def shown(self) -> str:
        return f"{clock(self.at)} - {clock(self.until)}" if self.until is not None else clock(self.at)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    raw = resources.files("flowgen_core.check").joinpath("vocab/send_times.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _alternation(words: list[str]) -> str:
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = _vocabulary()
    words = [w for w in vocab["before"] if w[:1].isalpha()]
    symbols = [w for w in vocab["before"] if not w[:1].isalpha()]
    before = (
        r"(?:(?<!\w)"
        + _alternation(words)
        + r"\s+"
        + ("|" + _alternation(symbols) + r"\s*" if symbols else "")
        + ")"
    )
    fixed = re.compile(
        before + rf"(?P<t>{_AMPM}|{_H24}|{_H_WORD}|\b(?:{_NAMED_RE})\b)"
        rf"|(?<![\w:])(?P<t2>{_AMPM}|{_H24})\s+" + _alternation(vocab["after"]) + r"(?!\w)",
        re.I,
    )
    not_a_send = re.compile(r"(?<!\w)" + _alternation(vocab["not_a_send"]) + r"(?!\w)", re.I)
    clock = re.compile(rf"{_AMPM}|{_H24}|\b(?:{_NAMED_RE})\b", re.I)
    return fixed, not_a_send, clock


def _read_clock(raw: str) -> time | None:
    low = raw.strip().lower()
    if low in _NAMED:
        return _NAMED[low]
    m = re.fullmatch(r"(\d{1,2})\s*(?:h|uhr)(?:\s*([0-5]\d))?", low)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        return time(hour, minute) if hour < 24 else None
    return time_of_day(low.replace(" ", "").replace(".", ""))


def _ambiguous(raw: str, at: time) -> bool:
    """ "at 6:00" with no AM/PM and a one-digit hour may mean the evening: no finding on it
    ("06:00", "6am", "6h" and "18:00" say which)."""
    return bool(re.fullmatch(r"[1-7]:[0-5]\d", raw.strip())) and at.hour < 8


def _is_a_send(text: str, start: int) -> bool:
    """The clock time at `start` is a send time: nothing in its part of the clause makes it an
    end, a deadline, opening hours or a prohibition."""
    _, not_a_send, _ = _patterns()
    breaks = [m.end() for m in _PART_BREAK_RE.finditer(text, 0, start)]
    part = text[(breaks[-1] if breaks else 0) : start]
    return not not_a_send.search(part)


def _timing_refined(brief: CampaignBrief) -> bool:
    """A refinement replaced the brief's timing facts: their words are not the brief's. Its
    text is the original brief's, so a clock time read from that text no longer stands."""
    stated = [w.text for w in brief.send_windows] + [h.text for h in brief.send_hours]
    return any(words and words not in brief.text for words in stated)


def requested_times(brief: CampaignBrief) -> list[RequestedTime]:
    """The send times of day `brief` asks for, once each, in the order it states them."""
    found: list[RequestedTime] = []
    seen: set[tuple[time, time | None]] = set()

    def add(at: time, until: time | None, words: str) -> None:
        key = (at.replace(second=0), until.replace(second=0) if until is not None else None)
        if key not in seen:
            seen.add(key)
            found.append(RequestedTime(at=key[0], until=key[1], words=words.strip().rstrip(".").strip()))

    for hours in brief.send_hours:
        if hours.days and (hours.start, hours.end) == ("00:00", "23:59"):
            continue  # days without hours ("weekends only"): the brief asks for no time of day
        at, until = _read_clock(hours.start), _read_clock(hours.end)
        if at is not None and until is not None:
            add(at, until, hours.text or f"{hours.start}-{hours.end}")
    text = brief.text
    fixed, _, named_clock = _patterns()
    for window in brief.send_windows:
        if not window.start or "T" not in window.start or not named_clock.search(window.text or ""):
            continue  # no time of day in its words ("tonight" alone is the planner's choice)
        named = named_clock.search(window.text)
        where = text.find(window.text)
        if named is not None and where >= 0 and not _is_a_send(text, where + named.start()):
            continue
        at = _read_clock(window.start.partition("T")[2][:5])
        if at is not None:
            add(at, None, window.text)
    if _timing_refined(brief):
        return found  # the brief's own clock times were superseded by a refinement's
    for m in fixed.finditer(text):
        group = "t" if m.group("t") else "t2"
        raw = m.group(group)
        at = _read_clock(raw)
        if at is not None and not _ambiguous(raw, at) and _is_a_send(text, m.start(group)):
            add(at, None, m.group(0))
    return found
