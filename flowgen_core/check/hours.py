"""Quiet hours: when a schedule window sends, read in the schedule's time zone.

Texts may reach customers only between 08:00 and 21:00 their time. A window must lie wholly
inside that span on one day: its start, its end and every night in between. Two
representations of a window bound are read:

- a date-time (`2026-11-25T10:00:00`, a space instead of the `T`, an optional UTC offset):
  a window on given dates;
- a time of day (`10:00`, `10:00:00`, `10am`, `7:30 PM`, `24:00`): a window repeated every
  day, as the offline planner writes a brief's daily send hours. An end at or before the
  start runs past midnight into the next day.

A bare date (no time of day) states no hours and is not checked. Stdlib only: the validator
must not import pydantic (start-up time).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from flowgen_core.records import record

QUIET_BEFORE, QUIET_AFTER = 8 * 60, 21 * 60  # minutes after local midnight
ALLOWED = "texts may reach customers only between 8:00 AM and 9:00 PM their time"

_TIME_OF_DAY_RE = re.compile(
    r"^(?P<h>\d{1,2})(?::(?P<m>[0-5]\d))?(?::(?P<s>[0-5]\d)(?:\.\d+)?)?\s*(?P<ap>[ap])?\.?\s*(?:m\.?)?$", re.I
)
_REFERENCE_DAY = datetime(2000, 1, 3)  # any day: daily windows are read on it and the next


@record(frozen=True)
class Bound:
    """One end of a window: a wall-clock moment, and whether it names a day or only a time."""

    moment: datetime
    daily: bool


def clock(moment: datetime | time) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def zone_of(name: Any) -> tzinfo | None:
    """The IANA zone `name` stands for; None when it names none."""
    if not isinstance(name, str) or not name.strip():
        return None
    # Imported here: zoneinfo loads sysconfig, and a flow that names no zone needs neither
    # (start-up time of `flowgen validate`, docs/benchmarks.md).
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def time_of_day(raw: str) -> time | None:
    """ "10:00", "10:00:00", "10am", "7:30 PM" -> a time; "24:00" is the next midnight (None
    for anything else). `time(0)` stands for midnight at either end."""
    m = _TIME_OF_DAY_RE.match(raw.strip())
    if not m or (m.group("m") is None and m.group("ap") is None):
        return None  # a bare number is no time of day
    hour, minute, second = int(m.group("h")), int(m.group("m") or 0), int(m.group("s") or 0)
    ampm = (m.group("ap") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour == 24 and minute == second == 0:
        return time(0)
    if hour > 23:
        return None
    return time(hour, minute, second)


def read_bound(raw: Any, zone: tzinfo | None) -> Bound | None:
    """A window bound as local wall-clock time; None for a bare date or an unreadable value."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    at = time_of_day(text)
    if at is not None:
        return Bound(datetime.combine(_REFERENCE_DAY.date(), at), daily=True)
    if "T" not in text and " " not in text:
        return None  # a bare date: no time of day stated
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)  # a bound with an offset, read in the schedule's zone
    return Bound(moment.replace(tzinfo=None), daily=False)


def window_span(start: Bound | None, end: Bound | None) -> tuple[datetime | None, datetime | None, bool]:
    """(start, end, daily) of a window on the wall clock. A daily end at or before its start
    is the next day's; a daily bound beside a dated one is read on the dated one's day."""
    daily = (start is None or start.daily) and (end is None or end.daily)
    begin = start.moment if start is not None else None
    finish = end.moment if end is not None else None
    if start is not None and end is not None and start.daily != end.daily:
        day = (end if start.daily else start).moment.date()
        if start.daily:
            begin = datetime.combine(day, start.moment.time())
        else:
            finish = datetime.combine(day, end.moment.time())
            if finish <= start.moment:
                finish += timedelta(days=1)
    elif daily and begin is not None and finish is not None and finish <= begin:
        finish += timedelta(days=1)  # "22:00 - 02:00" runs through midnight
    return begin, finish, daily


def quiet_hours_problem(start: datetime | None, end: datetime | None, *, daily: bool = False) -> str | None:
    """What puts the window [start, end) into quiet hours, in words; None when it lies inside
    08:00-21:00 of one day. The end is exclusive: a window ending at 9:00 PM sends nothing
    at 9 PM, as "Dec 1, 12:00 AM - Dec 2, 12:00 AM" in the spec's labels covers one day.
    `daily` words the problem for a window repeated every day (no dates)."""
    if end is not None and start is not None and end <= start:
        end = None  # an empty or reversed dated window: only its start says when it sends
    problems: list[str] = []
    if start is not None:
        minutes = start.hour * 60 + start.minute
        if not QUIET_BEFORE <= minutes < QUIET_AFTER:
            problems.append(f"starts at {clock(start)}")
    if end is not None:
        # seconds count: a window ending at 21:00:30 sends after 9 PM
        minutes = end.hour * 60 + end.minute + (end.second > 0 or end.microsecond > 0)
        nights = (end.date() - start.date()).days if start is not None else 0
        if nights == 1 and minutes == 0:
            problems.append("runs until midnight")
        elif nights > 0 and daily:
            problems.append(f"runs through the night until {clock(end)}")
        elif nights > 0:
            problems.append(f"runs through the night until {end:%b} {end.day}, {clock(end)}")
        elif not QUIET_BEFORE < minutes <= QUIET_AFTER:
            problems.append(f"ends at {clock(end)}")
    return " and ".join(problems) or None


def window_problem(window: dict[str, Any], zone: tzinfo | None) -> tuple[str | None, bool]:
    """`quiet_hours_problem` of one schedule window, whichever representation it uses, and
    whether the window repeats every day."""
    start, end, daily = window_span(
        read_bound(window.get("start"), zone), read_bound(window.get("end"), zone)
    )
    return quiet_hours_problem(start, end, daily=daily), daily and (start or end) is not None


def window_times(window: dict[str, Any], zone: tzinfo | None) -> tuple[time | None, time | None]:
    """The wall-clock times of day a window opens and closes (None where it states none)."""
    start, end = read_bound(window.get("start"), zone), read_bound(window.get("end"), zone)
    return (
        start.moment.time() if start is not None else None,
        end.moment.time() if end is not None else None,
    )


def in_quiet_hours(at: time) -> bool:
    """A send at `at` falls in quiet hours."""
    return not QUIET_BEFORE <= at.hour * 60 + at.minute < QUIET_AFTER


def hours_problem(start: time, end: time) -> str | None:
    """`quiet_hours_problem` of daily hours from `start` to `end` (an end at or before the
    start is the next day's)."""
    begin = datetime.combine(_REFERENCE_DAY.date(), start)
    finish = datetime.combine(_REFERENCE_DAY.date(), end)
    if finish <= begin:
        finish += timedelta(days=1)
    return quiet_hours_problem(begin, finish, daily=True)
