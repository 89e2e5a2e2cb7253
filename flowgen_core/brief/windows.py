"""When to send: dated send windows ("Dec 1-3", "Friday at 10am PT"), daily sending hours
("between 10am and 7pm Eastern") and the recurring days they hold on ("Mon-Fri").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.context import mentions
from flowgen_core.brief.model import SendHours, SendWindow
from flowgen_core.brief.numbers import NUM, NUMBER_WORDS
from flowgen_core.brief.timing import (
    city_zone_pattern,
    labelled_zones,
    month_number,
    numeric_date_range,
    time_word_modifier_patterns,
    zone_label_pattern,
)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_TZ_ABBREVIATIONS = {
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PT": "America/Los_Angeles",
    "EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York",
    "CST": "America/Chicago", "CDT": "America/Chicago", "CT": "America/Chicago",
    "MST": "America/Denver", "MDT": "America/Denver", "MT": "America/Denver",
    "AKST": "America/Anchorage", "HST": "Pacific/Honolulu",
    "UTC": "UTC", "GMT": "Europe/London", "BST": "Europe/London",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "AEST": "Australia/Sydney", "IST": "Asia/Kolkata",
}  # fmt: skip
_TZ_WORDS = {
    "pacific": "America/Los_Angeles",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
}
_TZ_RE = re.compile(
    r"\b(?P<abbr>" + "|".join(sorted(_TZ_ABBREVIATIONS, key=len, reverse=True)) + r")\b"
    r"|\b(?i:(?P<word>pacific|eastern|central|mountain)\s+(?:standard\s+|daylight\s+)?time)\b"
    r"|\b(?P<iana>(?:America|Europe|Asia|Australia|Africa|Pacific|Atlantic)(?:/[A-Za-z_]+){1,2})\b"
)
# right after a time, a bare region word is the zone: "between 10am and 6pm Pacific", "9pm US Eastern"
_BARE_ZONE_WORD_RE = re.compile(r"^[\s,(]*(?:u\.?s\.?\s+)?(?P<word>pacific|eastern|central|mountain)\b", re.I)
_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = (
    r"(?P<{g}>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:%|percent|days?|hours?|weeks?|months?|minutes?|units?|times?|messages?|texts?))"
)
_TIME = (
    r"(?P<{g}>(?:\d{{1,2}}(?::\d{{2}})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))|noon|midnight"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d)"
)


def _p(template: str, group: str) -> str:
    return template.format(g=group)


_ISO_RE = re.compile(
    r"(?P<a>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)"
    r"(?:\s*(?:to|until|till|through|-|and)\s*(?P<b>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?))?"
)
_DATE_RANGE_RE = re.compile(
    r"\b(?:between\s+|from\s+)?" + _p(_MONTH, "m1") + r"\s+" + _p(_DAY, "d1")
    + r"\s*(?:to|until|till|through|thru|-|and)\s*(?:(?:" + _p(_MONTH, "m2") + r")\s+)?" + _p(_DAY, "d2"),
    re.I,
)  # fmt: skip
_DATE_RE = re.compile(
    r"\b(?:on\s+)?" + _p(_MONTH, "m1") + r"\s+" + _p(_DAY, "d1")
    + r"(?:\s*,?\s*(?:at|@)?\s*" + _p(_TIME, "t") + ")?",
    re.I,
)  # fmt: skip
_RELATIVE_RE = re.compile(
    r"(?:" + _p(_TIME, "t0") + r"\s+(?:(?-i:[A-Z]{2,4})\s+)?)?\b(?P<rel>today|tonight|tomorrow)\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?:\s*(?:at|@)?\s*" + _p(_TIME, "t") + ")?",
    re.I,
)  # fmt: skip
_WEEKDAY_RE = re.compile(
    r"(?<!black )(?<!good )(?<!cyber )(?<!giving )\b(?:(?P<next>next|this|on|coming)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?:\s*(?:at|@)?\s*" + _p(_TIME, "t") + ")?",
    re.I,
)  # fmt: skip
# "12/26 - 1/2", "12/26/2026 to 1/2/2027": month/day ranges, parsed by dateparser
_NUMERIC_RANGE_RE = re.compile(
    r"(?<![\d/$%])(?P<a>(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?:/\d{2,4})?)\s*(?:-|to|until|till|through|thru)\s*"
    r"(?P<b>(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?:/\d{2,4})?)(?![\d/%])",
    re.I,
)
# "del 3 al 9 de marzo", "du 3 au 9 mars", "vom 3. bis 9. März", "du 28 février au 3 mars":
# day-first ranges; the words in the month places are months only if dateparser's locales say so
_DAY_FIRST_RANGE_RE = re.compile(
    r"(?<![\w.,:/$€£-])(?:(?:del|du|vom|from|de|desde|between|entre|zwischen)\s+(?:(?:el|le|dem)\s+)?)?"
    r"(?P<d1>3[01]|[12]\d|0?[1-9])(?:\.|er\b)?"
    r"(?:\s*(?:de\s+)?(?P<m1>[^\W\d_]{3,12})\.?)?"
    # "between 1 June and 30 June", "entre el 1 y el 30 de junio", "zwischen dem 1. und 30. Juni"
    r"\s*(?:al|au|bis|hasta|jusqu'au|jusqu’au|to|until|till|through|thru|and|y|et|und|-|\u2013|\u2014)\s*"
    r"(?:(?:el|le|zum)\s+)?(?P<d2>3[01]|[12]\d|0?[1-9])\.?\s*(?:de\s+)?(?P<m2>[^\W\d_]{3,12})\.?"
    r"(?:\s*(?:de\s+)?(?P<y>20\d\d)\b)?",
    re.I,
)
_ANY_MONTH_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_ISO_GATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKEND_RE = re.compile(r"\b(?P<which>this|next|the|over\s+the|coming)\s+weekend\b", re.I)


def _parse_time(raw: str | None) -> tuple[int, int] | None:
    if not raw:
        return None
    raw = raw.lower().replace(".", "").replace(" ", "")
    if raw == "noon":
        return 12, 0
    if raw == "midnight":
        return 0, 0
    m = re.match(r"(\d{1,2})(?::(\d{2}))?(am|pm)?$", raw)
    if not m:
        return None
    hour, minute, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _stamp(day: date, at: tuple[int, int] | None = None, end_of_day: bool = False) -> str:
    if end_of_day:
        return datetime(day.year, day.month, day.day, 23, 59, 59).isoformat()
    hour, minute = at or (0, 0)
    return datetime(day.year, day.month, day.day, hour, minute).isoformat()


def _month_day(month: str, day: str, today: date) -> date | None:
    try:
        resolved = date(today.year, _MONTHS[month.lower()[:3]], int(day))
    except (ValueError, KeyError):
        return None
    if resolved < today:  # a date already past this year means next year's
        try:
            resolved = resolved.replace(year=today.year + 1)
        except ValueError:
            return None
    return resolved


def _timezone_near(text: str, end: int, fallback: str | None) -> str | None:
    m = _TZ_RE.match(text, end)
    if m is None:
        # looked for close to the time, then read in full ("Europe/Dublin", not its first letters)
        near = _TZ_RE.search(text[end : end + 12])
        m = _TZ_RE.match(text, end + near.start()) if near else None
    if m:
        return _tz_name(m)
    bare = _BARE_ZONE_WORD_RE.match(text[end : end + 30])
    if bare:
        return _TZ_WORDS[bare.group("word").lower()]
    # "um 11:00 MEZ", "at 10:00 Paris": a city or regional zone word right after the time
    cities, zones = city_zone_pattern()
    city = cities.match(text, end + len(text[end:]) - len(text[end:].lstrip(" ,(")))
    return zones[city.group(0).lower()] if city else fallback


def _tz_name(m: re.Match[str]) -> str:
    if m.group("abbr"):
        return _TZ_ABBREVIATIONS[m.group("abbr")]
    if m.group("word"):
        return _TZ_WORDS[m.group("word").lower()]
    return m.group("iana")


# a date form found in the brief: the match, its start and end stamps, and whether it names a time
_Moment = tuple[re.Match[str], str | None, str | None, bool]


def _iso_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _ISO_RE.finditer(text):
        try:
            a = datetime.fromisoformat(m.group("a").replace(" ", "T"))
            b = datetime.fromisoformat(m.group("b").replace(" ", "T")) if m.group("b") else None
        except ValueError:
            continue
        found.append((m, a.isoformat(), b.isoformat() if b else None, True))
    return found


def _numeric_range_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _NUMERIC_RANGE_RE.finditer(text):
        dates = numeric_date_range(m.group("a"), m.group("b"), today)
        if dates:
            found.append((m, _stamp(dates[0]), _stamp(dates[1], end_of_day=True), False))
    return found


def _date_range_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _DATE_RANGE_RE.finditer(text):
        first = _month_day(m.group("m1"), m.group("d1"), today)
        if first is None:
            continue
        try:
            last = date(first.year, _MONTHS[(m.group("m2") or m.group("m1")).lower()[:3]], int(m.group("d2")))
        except ValueError:
            continue
        found.append(_day_range(m, first, last))
    return found


def _day_range(m: re.Match[str], first: date, last: date) -> _Moment:
    """A range from the start of `first` to the end of `last`; a last day before the first is
    next year's ("Dec 28 - Jan 3")."""
    if last < first:
        last = last.replace(year=last.year + 1)
    return (m, _stamp(first), _stamp(last, end_of_day=True), False)


def _day_first_range_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _DAY_FIRST_RANGE_RE.finditer(text):
        last_month = month_number(m.group("m2"))
        first_month = month_number(m.group("m1")) if m.group("m1") else last_month
        if last_month is None or first_month is None:
            continue
        try:
            if m.group("y"):
                first = date(int(m.group("y")), first_month, int(m.group("d1")))
                if first_month > last_month:
                    first = first.replace(year=first.year - 1)
            else:
                first = date(today.year, first_month, int(m.group("d1")))
                if first < today:  # a date already past this year means next year's
                    first = first.replace(year=today.year + 1)
            last = date(first.year, last_month, int(m.group("d2")))
        except ValueError:
            continue
        found.append(_day_range(m, first, last))
    return found


def _date_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _DATE_RE.finditer(text):
        day = _month_day(m.group("m1"), m.group("d1"), today)
        if day is not None:
            at = _parse_time(m.group("t"))
            found.append((m, _stamp(day, at), None, at is not None))
    return found


def _relative_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    before, after = time_word_modifier_patterns()
    for m in _RELATIVE_RE.finditer(text):
        # "today's lesson link", "el menú de hoy" ("de today"): the day names a thing, not a send
        if after.match(text, m.end("rel")) or (
            m.start("rel") == m.start() and before.search(text[max(0, m.start() - 6) : m.start()])
        ):
            continue
        rel = m.group("rel").lower()
        day = today + timedelta(days=1 if rel == "tomorrow" else 0)
        at = _parse_time(m.group("t") or m.group("t0")) or ((20, 0) if rel == "tonight" else None)
        found.append((m, _stamp(day, at), None, at is not None))
    return found


# "the Saturday market", "our Sunday brunch": a weekday naming a thing is no send date
_ATTRIBUTIVE_BEFORE_RE = re.compile(r"\b(?:the|our|their|its|a|an)\s+$", re.I)
_ATTRIBUTIVE_AFTER_RE = re.compile(
    r"\s+(?!(?:morning|afternoon|evening|night|at|and|or|to|through|thru|until|till|before|after|only|next|from)\b)"
    r"[a-z]{3,}",
)


def _weekday_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _WEEKDAY_RE.finditer(text):
        if (
            not m.group("next")
            and _ATTRIBUTIVE_BEFORE_RE.search(text[max(0, m.start() - 8) : m.start()])
            and _ATTRIBUTIVE_AFTER_RE.match(text, m.end())
        ):
            continue
        # "next Friday" is read as the coming one: people mean that more often than not
        ahead = (WEEKDAYS[m.group("wd").lower()] - today.weekday()) % 7 or 7
        at = _parse_time(m.group("t"))
        found.append((m, _stamp(today + timedelta(days=ahead), at), None, at is not None))
    return found


def _weekend_moments(text: str, today: date) -> list[_Moment]:
    found: list[_Moment] = []
    for m in _WEEKEND_RE.finditer(text):
        ahead = (5 - today.weekday()) % 7
        if today.weekday() == 6:
            ahead = -1  # on a Sunday "this weekend" began yesterday: send today
        if m.group("which").lower() == "next":
            ahead += 7
        saturday = today + timedelta(days=ahead)
        found.append(
            (m, _stamp(max(saturday, today)), _stamp(saturday + timedelta(days=1), end_of_day=True), False)
        )
    return found


def _moment_readers(text: str) -> list[Callable[[str, date], list[_Moment]]]:
    """The date readers worth running on `text`, most precise first (cheap gates skip the rest)."""
    low = text.lower()
    has_month = bool(_ANY_MONTH_RE.search(text))
    gated: list[tuple[bool, Callable[[str, date], list[_Moment]]]] = [
        (bool(_ISO_GATE_RE.search(text)), _iso_moments),
        ("/" in text and bool(_NUMERIC_RANGE_RE.search(text)), _numeric_range_moments),
        (has_month, _date_range_moments),
        (bool(_DAY_FIRST_RANGE_RE.search(text)), _day_first_range_moments),
        (has_month, _date_moments),
        (mentions(low, "today", "tonight", "tomorrow"), _relative_moments),
        (mentions(low, *WEEKDAYS), _weekday_moments),
        ("weekend" in low, _weekend_moments),
    ]
    return [reader for wanted, reader in gated if wanted]


def extract_send_windows(text: str, today: date) -> list[SendWindow]:
    readers = _moment_readers(text)
    if not readers:
        return []
    zones = {_tz_name(m) for m in _TZ_RE.finditer(text)}
    zones |= {
        labelled_zones()[(m.group("city") or m.group("timed")).lower()]
        for m in zone_label_pattern().finditer(text)
    }
    default_tz = zones.pop() if len(zones) == 1 else None
    windows: list[tuple[int, SendWindow]] = []
    taken: list[tuple[int, int]] = []
    for reader in readers:
        for m, start, end, timed in reader(text, today):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            tz = _timezone_near(text, m.end(), default_tz) if timed or default_tz else None
            windows.append(
                (m.start(), SendWindow(start=start, end=end, timezone=tz, text=m.group(0).strip()))
            )
    windows.sort(key=lambda item: item[0])
    return [w for _, w in windows]


# "between 10am and 7pm", "from 9:00 to 20:00", "3pm-6pm", "3-6pm", "9a-5p", "10 to 6 Central":
# hours of the day. An end with am/pm or minutes is enough; two bare hours ("from 9 till 5") need a
# zone after them or a sending word before them, so "sizes 6 to 10" or "ages 18-25" stay no hours.
_MERIDIEM = r"(?:a\.?m\.?|p\.?m\.?)(?![a-z])"
_CLOCK = rf"(?:\d{{1,2}}(?::[0-5]\d)?\s*{_MERIDIEM}|(?:[01]?\d|2[0-3]):[0-5]\d)"
_LOOSE_CLOCK = (
    rf"(?:noon|midday|midnight|\d{{1,2}}(?::[0-5]\d)?\s*{_MERIDIEM}|\d{{1,2}}(?::[0-5]\d)?[ap](?![a-z])"
    r"|(?:[01]?\d|2[0-3])(?::[0-5]\d)?)"
)
_HOURS_RANGE_RE = re.compile(
    rf"(?<![\w$€£.,:/#-])(?P<lead>(?:between|from)\s+)?(?P<a>{_LOOSE_CLOCK})\s*"
    r"(?:and|to|until|till|til|thru|through|-|\u2013|\u2014)\s*"
    rf"(?P<b>{_LOOSE_CLOCK})(?![\w%$€:/]|[.,]\d)"
    r"(?!\s*(?:%|percent|days?|d\b|hours?|hrs?|h\b|weeks?|wks?|months?|minutes?|mins?|years?|x\b|times?"
    r"|texts?|messages?|sms|units?|items?|pieces?|people|customers?|orders?|products?|off\b|dollars?|euros?\b"
    r"|bucks|points?|stars?|reviews?|year|yo\b|k\b))",
    re.I,
)
_SEND_CUE_BEFORE_RE = re.compile(
    r"\b(?:send\w*|sent|go(?:es)?\s+out|deliver\w*|text(?:s|ing)?|messag\w*|hours|window|blast\w*|only"
    r"|mon|tue|wed|thu|fri|sat|sun|weekdays?|weekends?|daily|every\s+day)\b[^.;\n]{0,30}$",
    re.I,
)


_CLOCK_WORDS = {"noon": (12, 0, "p"), "midday": (12, 0, "p"), "midnight": (12, 0, "a")}


def _clock_parts(raw: str) -> tuple[int, int, str | None]:
    if raw.lower() in _CLOCK_WORDS:
        return _CLOCK_WORDS[raw.lower()]
    m = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", raw.lower().replace(".", ""))
    assert m is not None
    return int(m.group(1)), int(m.group(2) or 0), m.group(3)


def _to_24h(hour: int, minute: int, half: str) -> tuple[int, int] | None:
    if hour > 12 or minute > 59:
        return None
    return (hour % 12 + (12 if half == "p" else 0)), minute


def _hours_range(a_raw: str, b_raw: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Both ends as (hour, minute); a missing am/pm is taken from the other end or the clock face."""
    (ah, am, ahalf), (bh, bm, bhalf) = _clock_parts(a_raw), _clock_parts(b_raw)
    colon = ":" in a_raw or ":" in b_raw
    if ahalf is not None and bhalf is None and bh > 12:
        bhalf, bh = ("p" if bh > 12 else "a"), bh - 12  # "from noon to 15": a 24-hour end
    if ahalf is None and bhalf is None:
        if colon or ah > 12 or bh > 12:  # a 24-hour clock: "9:00-17:00", "13-16"
            a, b = (ah, am), (bh, bm)
            return (a, b) if ah <= 23 and bh <= 23 and am < 60 and bm < 60 else None
        # "from 9 till 5", "10 to 6": a shop's day; hours before 7 are afternoon
        ahalf = "p" if ah < 7 or ah == 12 else "a"
        bhalf = "p" if bh < 7 or bh == 12 or bh <= ah else "a"
    elif ahalf is None:
        assert bhalf is not None
        same = _to_24h(ah, am, bhalf)
        end = _to_24h(bh, bm, bhalf)
        ahalf = bhalf if same is not None and end is not None and same < end else "a"
    elif bhalf is None:
        bhalf = ahalf
        start, same = _to_24h(ah, am, ahalf), _to_24h(bh, bm, ahalf)
        if start is not None and same is not None and same <= start:
            bhalf = "p"
    a24, b24 = _to_24h(ah, am, ahalf), _to_24h(bh, bm, bhalf)
    if b_raw.lower() == "midnight":
        b24 = (23, 59)  # "until midnight": the whole evening, to the day's last minute
    return (a24, b24) if a24 is not None and b24 is not None else None


def _zone_after(text: str, end: int) -> str | None:
    tail = text[end : end + 30]
    m = _TZ_RE.search(tail)
    if m:
        return _tz_name(m)
    bare = _BARE_ZONE_WORD_RE.match(tail)
    if bare:
        return _TZ_WORDS[bare.group("word").lower()]
    cities, zones = city_zone_pattern()
    city = cities.search(tail)
    return zones[city.group(0).lower()] if city else None


_CLOCK_WORD_AFTER_RE = re.compile(r"\s*(?:uhr|o'?clock)\b", re.I)
_HOUR_WORDS = {w: n for w, n in NUMBER_WORDS.items() if " " not in w and w.isalpha() and 1 <= n <= 12}
_HOUR_WORD = (
    r"(?:"
    + "|".join(
        sorted(
            (w for w in _HOUR_WORDS if w not in ("a", "an", "once", "single", "twice", "thrice")),
            key=len,
            reverse=True,
        )
    )
    + r")"
)
# "between five and eight pm", "from nine to five", "at seven pm": hours written as words
_SPOKEN_RANGE_RE = re.compile(
    rf"\b(?P<lead>between|from)\s+(?P<a>{_HOUR_WORD})(?P<mid>\s*(?:[ap]\.?m\.?\s*)?(?:and|to|until|till|til|-|\u2013)\s*)"
    rf"(?P<b>{_HOUR_WORD})\b",
    re.I,
)
_SPOKEN_CLOCK_RE = re.compile(rf"\b(?P<a>{_HOUR_WORD})(?=\s*(?:[ap]\.?m\.?(?![a-z])|o'?clock\b))", re.I)


def spoken_hours(text: str) -> str:
    """`text` with hours of the day written as words put in digits ("between five and eight pm"
    -> "between 5 and 8 pm"); other number words stay."""
    if not re.search(rf"\b{_HOUR_WORD}\b", text, re.I):
        return text

    def digits(word: str) -> str:
        return str(_HOUR_WORDS[word.lower()])

    text = _SPOKEN_RANGE_RE.sub(
        lambda m: f"{m.group('lead')} {digits(m.group('a'))}{m.group('mid')}{digits(m.group('b'))}", text
    )
    return _SPOKEN_CLOCK_RE.sub(lambda m: digits(m.group("a")), text)


def _brief_zone(text: str) -> str | None:
    """The one time zone a brief names anywhere ("zona_horaria: Europe/Madrid" on its own line)."""
    zones = {_tz_name(m) for m in _TZ_RE.finditer(text)}
    zones |= {
        labelled_zones()[(m.group("city") or m.group("timed")).lower()]
        for m in zone_label_pattern().finditer(text)
    }
    return zones.pop() if len(zones) == 1 else None


def _hours_matches(text: str) -> list[tuple[re.Match[str], tuple[int, int], tuple[int, int]]]:
    found = []
    for m in _HOURS_RANGE_RE.finditer(text):
        a_raw, b_raw = m.group("a"), m.group("b")
        # "9-18 Uhr", "from 9 to 5 o'clock": a clock word after the hours states them too
        stated = re.search(r"[ap]|:|noon|midday|midnight", a_raw + b_raw, re.I) or _CLOCK_WORD_AFTER_RE.match(
            text, m.end()
        )
        if not stated:
            line_start = max(text.rfind("\n", 0, m.start()), text.rfind(".", 0, m.start()))
            before = text[max(line_start + 1, m.start() - 40) : m.start()]
            # "9-5 CT", "10 to 6 Central": a zone right after the hours, past any space or comma
            gap = text[m.end() : m.end() + 3]
            after = m.end() + len(gap) - len(gap.lstrip(" ,("))
            zone = _TZ_RE.match(text, after) or _BARE_ZONE_WORD_RE.match(text[m.end() : m.end() + 30])
            if not (zone or (m.group("lead") and _SEND_CUE_BEFORE_RE.search(before))):
                continue
        parsed = _hours_range(a_raw, b_raw)
        if parsed is None or parsed[0] >= parsed[1]:
            continue
        found.append((m, parsed[0], parsed[1]))
    return found


def extract_send_hours(text: str) -> list[SendHours]:
    found: list[SendHours] = []
    days, day_words = _send_days(text)
    text = spoken_hours(text)
    matches = _hours_matches(text) if re.search(r"\d|noon|midday|midnight", text, re.I) else []
    # a zone stated apart from the hours ("Time zone: Europe/Madrid" on a line of its own)
    brief_zone = _brief_zone(text) if matches else None
    for m, a, b in matches:
        words = m.group(0).strip()
        found.append(
            SendHours(
                start=f"{a[0]:02d}:{a[1]:02d}",
                end=f"{b[0]:02d}:{b[1]:02d}",
                timezone=_zone_after(text, m.end()) or brief_zone,
                text=words,
                days=days,
            )
        )
    if days and not found:
        # "weekdays only": the days are stated, the hours are not: the whole day
        found.append(SendHours(start="00:00", end="23:59", text=day_words, days=days))
    return found


_DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORD = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_DAY_RANGE_RE = re.compile(
    rf"\b(?P<a>{_DAY_WORD})s?\.?\s*(?:-|\u2013|\u2014|to|through|thru|until|till)\s*(?P<b>{_DAY_WORD})s?\b\.?",
    re.I,
)
_DAY_LIST_RE = re.compile(
    rf"\b{_DAY_WORD}s?\.?(?:\s*(?:/|,|&|\+|\band\b|\bor\b)\s*{_DAY_WORD}s?\b\.?)+", re.I
)
_DAY_PLURAL_RE = re.compile(
    r"\b(?:on\s+|every\s+)?(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s\b", re.I
)
_WEEKDAYS_WORD_RE = re.compile(
    r"\b(?:(?:only\s+)?on\s+)?(?:week\s?days|business\s+days|work\s?days)\b"
    r"(?:\s+only)?",
    re.I,
)
_WEEKENDS_WORD_RE = re.compile(
    r"\b(?:(?:only\s+)?on\s+)?(?:weekends|week-ends|saturdays\s+and\s+sundays)\b(?:\s+only)?", re.I
)


def _day_code(word: str) -> str:
    return word[:3].lower()


def _day_spans(text: str) -> list[tuple[re.Match[str], list[str]]]:
    """Recurring days the brief names, with the words they came from."""
    low = text.lower()
    if not re.search(r"mon|tue|wed|thu|fri|sat|sun|week|business|work", low):
        return []
    found: list[tuple[re.Match[str], list[str]]] = []
    for m in _DAY_RANGE_RE.finditer(text):
        a, b = _DAY_CODES.index(_day_code(m.group("a"))), _DAY_CODES.index(_day_code(m.group("b")))
        if a == b:
            continue
        codes = [_DAY_CODES[(a + i) % 7] for i in range(((b - a) % 7) + 1)]
        found.append((m, codes))
    for m in _DAY_LIST_RE.finditer(text):
        if any(m.start() < f.end() and f.start() < m.end() for f, _ in found):
            continue
        names = re.findall(_DAY_WORD + r"s?\.?", m.group(0), re.I)
        slash = "/" in m.group(0)
        short_or_plural = any(
            len(n.rstrip(".")) <= 4 or n.lower().rstrip(".").endswith("days") for n in names
        )
        if not (slash or short_or_plural):
            continue  # "on Monday and Tuesday": dates, read as send windows
        found.append((m, sorted({_day_code(n) for n in names}, key=_DAY_CODES.index)))
    for pattern, codes in ((_WEEKDAYS_WORD_RE, list(_DAY_CODES[:5])), (_WEEKENDS_WORD_RE, ["sat", "sun"])):
        for m in pattern.finditer(text):
            if not re.search(rf"\b{NUM}\s*$", text[max(0, m.start() - 20) : m.start()], re.I):
                found.append((m, codes))  # "within 3 business days" is a duration
    for m in _DAY_PLURAL_RE.finditer(text):
        if not any(m.start() < f.end() and f.start() < m.end() for f, _ in found):
            found.append((m, [_day_code(m.group("d"))]))
    found.sort(key=lambda item: item[0].start())
    return found


def _send_days(text: str) -> tuple[list[str], str]:
    """The days of the week the brief sends on (empty: every day) and the words that say so."""
    spans = _day_spans(text)
    if not spans:
        return [], ""
    codes = sorted({c for _, cs in spans for c in cs}, key=_DAY_CODES.index)
    return codes, spans[0][0].group(0).strip()


def mask_recurring_days(text: str) -> str:
    """`text` with its recurring days blanked, so "Mon-Fri" is never read as next Monday."""
    for m, _ in _day_spans(text):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text
