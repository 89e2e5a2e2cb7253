"""Timing words kept as data (`vocab/timing.json`) and the dateparser calls behind dated windows.

`dateparser` is slow to import and to call, so it is imported on first use and every parse is
cached: only clauses that already look like "12/26 - 1/2" ever reach it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation


def timing_vocabulary() -> dict[str, Any]:
    return load_vocabulary("timing")


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


@lru_cache(maxsize=1)
def unit_days() -> dict[str, int]:
    return {k.lower(): int(v) for k, v in timing_vocabulary()["unit_days"].items()}


@lru_cache(maxsize=1)
def long_unit_pattern() -> str:
    """Alternation of the vocabulary's long units ("fortnight"), for the duration patterns."""
    return _alternation(list(unit_days()))


@lru_cache(maxsize=1)
def next_day_pattern() -> re.Pattern[str]:
    # "the day after Christmas" is a date, not a wait: a capitalised word after it rules it out
    return shaped_re.compile(
        r"\b" + _alternation(timing_vocabulary()["next_day"]) + r"\b(?!\s+(?-i:[A-Z]))(?!\s+\d)", re.I
    )


@lru_cache(maxsize=1)
def series_nouns() -> tuple[str, str]:
    vocab = timing_vocabulary()
    return _alternation(vocab["series_messages"]), _alternation(vocab["series_reminders"])


@lru_cache(maxsize=1)
def last_send_words() -> frozenset[str]:
    """Words after "after" / "since" that point at a send of the flow, not at an event."""
    return frozenset(w.lower() for w in timing_vocabulary().get("last_send_words", []))


@lru_cache(maxsize=1)
def split_noun_pattern() -> str:
    return _alternation(timing_vocabulary()["split_nouns"])


@lru_cache(maxsize=256)
def _parse_numeric(raw: str, base: date) -> date | None:
    import dateparser  # deferred: a second of import time the other briefs never pay

    parsed = dateparser.parse(
        raw,
        languages=["en"],
        settings={
            "DATE_ORDER": "MDY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed else None


_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    # dateparser's own locale data, so the month names (and their short forms) stay its to keep
    from dateparser.languages.loader import default_loader  # deferred: slow import

    names: dict[str, int] = {}
    for lang in ("en", "es", "fr", "de"):
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                names[name.lower().rstrip(".")] = number
    return names


def month_number(word: str) -> int | None:
    """The month a month name in English, Spanish, French or German stands for ("marzo", "mars",
    "März", "déc."), or None for any other word."""
    return _month_names().get(word.strip().rstrip(".").lower())


def numeric_date_range(first: str, last: str, today: date) -> tuple[date, date] | None:
    """ "12/26", "1/2" → the coming Dec 26 and the Jan 2 after it (None if either is no date)."""
    start = _parse_numeric(first, today)
    end = _parse_numeric(last, today)
    if start is None or end is None:
        return None
    if start < today and "/" in first and first.count("/") == 1:
        start = start.replace(year=start.year + 1)
    while end < start:
        end = end.replace(year=end.year + 1)
    return start, end


@lru_cache(maxsize=1)
def outside_hours_end_pattern() -> re.Pattern[str]:
    """Words saying a customer who arrives outside the send hours leaves the flow."""
    return shaped_re.compile("|".join(f"(?:{p})" for p in timing_vocabulary().get("outside_hours_end", [])))


@lru_cache(maxsize=1)
def zone_label_pattern() -> re.Pattern[str]:
    """A time-zone label and the zone after it ("Zona horaria: CDMX", "Zeitzone MEZ"): the zone of
    every dated window in the brief, named by a city or a regional word (`city_zones`); also a
    city before "time" ("Paris time"). The zone's name is group `city` or `timed`."""
    labels = _alternation(timing_vocabulary().get("zone_labels", []))
    cities = _alternation(list(labelled_zones()))
    # "(Paris time)", as the glossary writes "heure de Paris" / "hora de Madrid": a city, then "time"
    return shaped_re.compile(
        rf"(?<!\w)(?:{labels}\s*[:=]?\s*(?:de\s+|von\s+)?(?P<city>{cities})|(?P<timed>{cities})\s+time\b)(?!\w)",
        re.I,
    )


@lru_cache(maxsize=1)
def labelled_zones() -> dict[str, str]:
    """Name -> IANA zone for the words a zone label may introduce: the cities and regional
    names (`city_zones`) and the region words that are a zone only after a label (`label_zones`)."""
    vocab = timing_vocabulary()
    return {k.lower(): v for k, v in {**vocab.get("city_zones", {}), **vocab.get("label_zones", {})}.items()}


@lru_cache(maxsize=1)
def city_zone_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Cities that name a time zone ("Paris time"), as one pattern and a name -> IANA zone map."""
    zones = {k.lower(): v for k, v in timing_vocabulary().get("city_zones", {}).items()}
    return shaped_re.compile(r"(?<!\w)" + _alternation(list(zones)) + r"(?!\w)", re.I), zones


@lru_cache(maxsize=1)
def variant_count_pattern() -> re.Pattern[str]:
    """A count of variants beside a test verb in one clause, either order ("test three reminder
    tones", "try two versions", "3 versions of the text ... test"); the count is group `n` (verb
    first) or `m` (count first)."""
    vocab = timing_vocabulary()
    verbs = _alternation(vocab.get("test_verbs", []))
    nouns = _alternation(vocab.get("variant_nouns", []))
    # after the count only a plain test word: "two reminders, try to keep them short" is no test
    after = _alternation([v for v in vocab.get("test_verbs", []) if v.startswith(("test", "compar"))])
    counted = r"(?P<{g}>two|three|four|five|2|3|4|5)\s+(?:[\w-]+\s+){{0,2}}?" + nouns + r"\b"
    return shaped_re.compile(
        rf"\b{verbs}\b(?:\s+(?:out|with|between))?\s+(?:(?:the|our)\s+)?{counted.format(g='n')}"
        rf"|\b{counted.format(g='m')}(?:[^.;:!?]{{0,40}}?)\b{after}\b",
        re.I,
    )


@lru_cache(maxsize=1)
def time_word_modifier_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(before, after): the words that make a day word part of a noun phrase ("de today",
    "today's"), matched right before and right after it (`vocab/timing.json` `time_word_modifiers`)."""
    spec = timing_vocabulary()["time_word_modifiers"]
    before = shaped_re.compile(rf"(?<!\w){_alternation(spec['before'])}\s*$", re.I)
    after = shaped_re.compile(rf"{_alternation(spec['after'])}(?!\w)", re.I)
    return before, after


@lru_cache(maxsize=1)
def reminder_head_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """A plural noun right after a singular reminder noun ("reminder tones"), and the SMS sends
    among such nouns ("reminder texts"), for which the count is one of reminders."""
    vocab = timing_vocabulary()
    skip = _alternation(vocab["reminder_head_not"])
    head = shaped_re.compile(rf"[^\S\n]*-?[^\S\n]*(?!{skip}\b)(?P<head>[a-z]{{2,}}s)\b", re.I)
    return head, frozenset(w.lower() for w in vocab["reminder_heads"])


@lru_cache(maxsize=1)
def _fuzzy_durations() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {
        re.sub(r"\s+", " ", k.lower()): v for k, v in timing_vocabulary().get("fuzzy_durations", {}).items()
    }
    return shaped_re.compile(r"(?<![\w-])" + _alternation(list(words)) + r"(?![\w-])", re.I), words


def counted_durations(text: str) -> str:
    """`text` with each duration said without a count and unit written as one ("half a day" ->
    "12 hours", `fuzzy_durations`), so the duration patterns read it."""
    pattern, words = _fuzzy_durations()
    if not words:
        return text
    return pattern.sub(lambda m: words.get(re.sub(r"\s+", " ", m.group(0).lower()), m.group(0)), text)


# a duration's start after a hedge: a number, a number word or an article ("like half a day")
_DURATION_START = (
    r"\d|(?:a|an|one|half|two|three|four|five|six|seven|eight|nine|ten|twelve|un|une|una|uno|medio|media"
    r"|demi|deux|trois|dos|tres|ein|eine|einen|einem|halb\w*|zwei|drei|vier)(?![\w-])"
)


@lru_cache(maxsize=2)
def _filler_re(hedges_only: bool) -> re.Pattern[str]:
    fillers = timing_vocabulary()["fillers"]
    hesitations, asides = _alternation(fillers["hesitations"]), _alternation(fillers["asides"])
    hedges = _alternation(fillers["hedges"])
    # "in like half a day", "in so etwa zwei Stunden": a hedge right before a duration
    hedge = rf"(?<![\w-]){hedges}(?![\w-])\s*(?=(?:{hedges}\s+)*(?:{_DURATION_START}))"
    if hedges_only:
        return shaped_re.compile(hedge, re.I)
    # "in the last, uh, two weeks", "in the past, say, 10 days": the filler and its commas
    return shaped_re.compile(
        rf"(?:,\s*)?(?<![\w-]){hesitations}(?![\w-])(?:\s*,)?|,\s*{asides}\s*,|{hedge}", re.I
    )


def without_fillers(text: str, *, hedges_only: bool = False) -> str:
    """`text` with the fillers a duration or a window may carry blanked out, every offset kept
    (`fillers` in `vocab/timing.json`): every reader of a duration reads it without them.
    `hedges_only` blanks only the hedges before a duration (for a brief not yet in English, where
    an English hesitation may be a word: German "um")."""
    return _filler_re(hedges_only).sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=1)
def silence_end_words() -> str:
    """Alternation of the words saying a no-reply timeout leads out of the flow (`silence_ends`)."""
    return _alternation(timing_vocabulary().get("silence_ends", []))
