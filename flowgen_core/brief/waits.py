"""Waits between sends and no-reply timeouts, in the order the brief states them."""

from __future__ import annotations

import math
from itertools import pairwise

from pydantic import BaseModel

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.caps import cap_spans
from flowgen_core.brief.context import gated_by, mentions
from flowgen_core.brief.model import Duration
from flowgen_core.brief.numbers import DIGIT_WORDS, DUR, NUM, TENS_NUM, UNIT, parse_count, parse_duration
from flowgen_core.brief.timing import (
    counted_durations,
    last_send_words,
    next_day_pattern,
    series_nouns,
    silence_end_words,
    without_fillers,
)

# the ways a brief says "the customer did not answer" ("no reply", "didn't respond", "nothing back",
# "if they ignore it"); shared by the timeout reader and the "is this wait a no-reply wait" test
_SILENCE = (
    r"(?:(?:\b(?:no|not|never|without)|n'?t)\s+(?:\w+\s+){0,2}?(?:reply|replies|replied|respond\w*|response|answer\w*)"
    r"|\bno[- ]reply\b|\bnon[- ]?responders?\b|\bunresponsive\b|\bnothing\s+(?:back|heard)\b"
    r"|\bignor(?:e[sd]?|ing)\s+(?:it|this|us|them|(?:the|our)\s+(?:\w+\s+)?\w+)"
    # "if they ghost us", "leave us on read": slang for no answer
    r"|\bghost(?:s|ed|ing)?\s+(?:us|you|me|it|them|(?:the|our)\s+(?:\w+\s+)?\w+)"
    r"|\b(?:leave|leaves|left|leaving)\s+(?:us|you|me|it|them|(?:the|our)\s+\w+)\s+on\s+read\b"
    # "if nobody answers", "no one gets back to us": the silence said with its subject
    r"|\b(?:nobody|no[- ]?one|none\s+of\s+them)\s+(?:(?:has|have|will|does|did)\s+)?"
    r"(?:answer\w*|repl(?:y|ies|ied)|respond\w*|writes?\s+back|wrote\s+back|gets?\s+back|got\s+back)"
    # "if they stay quiet", "if customers go silent": silence said without a word for the answer
    r"|\b(?:stay|stays|stayed|remain|remains|remained|go|goes|went|keep|keeps)\s+(?:quiet|silent)\b"
    # "Message 3 (4 days after message 2, if still nothing)": still nothing back after a send
    r"|\bif\s+(?:there'?s\s+)?still\s+nothing\b)"
)
# "if nothing in 24h", "if nothin back in a day": silence said without the word reply, read only
# with the time it runs for (a bare "if nothing" may be about anything)
_SILENCE_TIMED = (
    _SILENCE[:-1] + r"|\b(?:if|when)\s+(?:there'?s\s+|they\s+send\s+)?(?:nothing|nothin'?|nada)\b)"
)
_SILENCE_GATE = (
    "repl",
    "respon",
    "answer",
    "nothin",
    "nada",
    "ignor",
    "ghost",
    "on read",
    "back",
    "quiet",
    "silent",
)
_NEG_REPLY_RE = re.compile(_SILENCE, re.I)
_NOREPLY_RE = re.compile(
    # "no reply to the first text in 48 hours": the send the silence answers, a word or a named one
    rf"{_SILENCE_TIMED}\s*(?:back\s+)?(?:to\s+(?:(?:the|our|that|this|their|your|my)\s+(?:\w+\s+){{0,2}}?)?\w+\s+)?"
    # "where no reply is received within 72 hours": the formal passive between silence and time
    r"(?:(?:is|are|was|were|has\s+been|have\s+been|be|gets?)\s+(?:received|given|made|sent|recorded|obtained)\s+)?"
    # "no reply 5d -> reminder": a spec's arrow form drops the preposition
    rf"(?:(?:within|in|after|for|by)\s+(?:the\s+(?:next|first)\s+)?"
    # "if they don't answer, please wait 72 hours": the wait verb right after the silence
    rf"|\s*,?\s*(?:(?:please|then|just|we(?:'ll|\s+will)?)\s+)?(?:wait|hold)\s+(?:for\s+)?)?{DUR}",
    re.I,
)


def silence_ends_flow(text: str) -> bool:
    """A no-reply timeout followed at once by the flow's end ("No reply in 48 hours -> end, don't
    chase", "sin respuesta en 2 días: fin"): the silent get no reminder."""
    low = text.lower()
    if not any(w in low for w in _SILENCE_GATE):
        return False
    ends = re.compile(
        r"(?:->|-->|=>|\u2192|:|,|;|=|\bthen\b)\s*(?:(?:just|simply|we|then)\s+)?"
        rf"{silence_end_words()}(?![\w-])(?!\s+(?:with|by|on|up|of)\b)",
        re.I,
    )
    # the end words are rare: read back from each for the timeout right before it
    for end in ends.finditer(text):
        before = text[max(0, end.start() - 160) : end.start()].rstrip()
        if any(m.end() == len(before) for m in _NOREPLY_RE.finditer(before)):
            return True
    return False


# "wait like 2 hrs", "after roughly three days", "wait another ~4 days": hedges before a duration
_ROUGHLY = r"(?:(?:about|around|roughly|approx\.?|approximately|like|maybe|say|another|~)\s*){0,3}"
# "3 days without a reply", "wait 5 days with no reply", "48 hours no response": the silence
# named after the time it runs for
_SILENCE_AFTER_RE = re.compile(
    rf"(?<![\w-]){DUR}\s*,?\s*(?:of\s+|with\s+|and\s+|still\s+)?(?:no|without|w/o)\s+(?:(?:a|any)\s+)?"
    r"(?:reply|replies|response|responses|answer|answers|word\s+back)\b",
    re.I,
)
# "give them two days to answer before a reminder": the time allowed for a reply is its timeout
_TIME_TO_ANSWER_RE = re.compile(
    rf"\b(?:give|giving|allow|allowing|leave|leaving)\s+(?:them|customers|people|everyone|folks)?\s*"
    rf"{_ROUGHLY}{DUR}\s+(?:to|for\s+(?:a|their))\s+(?:reply|replies|respond|response|answer|get\s+back)\b",
    re.I,
)
# "wait 2 days", and a spec line "Wait: 5 days" between two message lines
_WAIT_VERB_RE = re.compile(
    rf"\b(?:wait|waits|waiting|delay|pause|hold)(?:\s*[:=]\s*|\s+)(?:for\s+)?{_ROUGHLY}{DUR}", re.I
)
# "2 days before everyone else", "a day b4 the rest": an early group; the others wait that long
_AHEAD_OF_REST_RE = re.compile(
    rf"{DUR}\s+(?:before|b4|ahead\s+of)\s+(?:everyone|everybody|every\s+one|the\s+rest|(?:all\s+)?(?:the\s+)?others)\b",
    re.I,
)
# "the delay to 3 hours", "a delay of 2 days", "a 1 day wait", "a 3-hour pause": a wait named by its noun
_WAIT_NOUNS = r"(?:delay|wait|pause|gap)"
_WAIT_NOUN_RES = (
    re.compile(rf"\b{_WAIT_NOUNS}\s+(?:time\s+)?(?:to|of|at|is|=|:)\s*{_ROUGHLY}{DUR}", re.I),
    re.compile(rf"(?<![\w-]){DUR}\s+{_WAIT_NOUNS}\b", re.I),
    # "Wait between the two texts: 2 days", "Attente entre les deux SMS : 2 jours": a label
    # naming the sends it parts
    re.compile(
        rf"\b{_WAIT_NOUNS}\s+(?:between|entre|zwischen)\s[^:\n.;]{{1,40}}?\s*:\s*{_ROUGHLY}{DUR}", re.I
    ),
)
# "the no-reply timeout to 1 day", "a reply window of 2 days", "a 6 hour timeout": the time allowed
# for a reply, named by its noun
_TIMEOUT_NOUNS = r"(?:time-?out|(?:reply|response|answer)\s+window)"
_TIMEOUT_NOUN_RES = (
    re.compile(rf"\b{_TIMEOUT_NOUNS}\s+(?:to|of|at|is|=|:)?\s*{_ROUGHLY}{DUR}", re.I),
    re.compile(rf"(?<![\w-]){DUR}\s+(?:no[- ]reply\s+)?{_TIMEOUT_NOUNS}", re.I),
)
_EVERY_RE = re.compile(
    rf"\bevery\s+(?P<other>other\s+)?{DUR}|\bevery\s+(?P<other2>other\s+)?(?P<u2>day|week|hour)\b", re.I
)
_AFTER_RE = re.compile(rf"\bafter\s+(?:waiting\s+)?{_ROUGHLY}{DUR}", re.I)
_LATER_RE = re.compile(
    rf"{DUR}\s+(?:after|later|early|earlier|afterwards|apart|from\s+now|in\s+advance"
    # "a follow-up 48 hrs on": "on" closing its clause counts the time on from the last send
    r"|on(?=\s*(?:[,.;:!?)\n]|$|and\b|then\b)))\b",
    re.I,
)
_FOLLOWUP_IN_RE = re.compile(
    rf"\b(?:follow[- ]?up|remind\w*|check(?:\s+in)?|nudge|ping)\s+(?:(?:them|back|again)\s+){{0,2}}in\s+{DUR}",
    re.I,
)
# "a 72h follow-up", "72h: last-chance reminder", "reminder at 72h", "Follow-up: 3 days", "+48h",
# "T+48h": a duration attached to the follow-up it times
_FOLLOW_UP_NOUN = r"(?:reminders?|follow[- ]?ups?|nudges?|check[- ]ins?|last[- ]chance(?:\s+(?:text|message|sms|reminder))?)"
# a duration whose number is a word is set off from its unit ("and" is no "an d")
_SPACED_DUR = rf"(?P<n>{NUM})(?:(?<=\d)\s*-?\s*|\s*-\s*|\s+)(?P<u>{UNIT})\b"
_FOLLOW_UP_TIMED_RES = (
    re.compile(rf"(?<![\w-]){_SPACED_DUR}\s*[:=\u2013\u2014-]?\s*{_FOLLOW_UP_NOUN}\b", re.I),
    re.compile(rf"\b{_FOLLOW_UP_NOUN}\s*(?:at|@|:|=|\u2013|\u2014|-)\s*\+?\s*{_ROUGHLY}{_SPACED_DUR}", re.I),
    re.compile(rf"(?<![\w+])(?<!\d\s)(?:t\s*)?\+\s*{_SPACED_DUR}", re.I),
)
# "if still no reply after 3 more days", "another two days": a duration counted on from the last one
_MORE_RE = re.compile(
    rf"\b(?:after|in|within|wait(?:ing)?|for|give\s+(?:it|them))\s+(?:another\s+)?"
    rf"(?P<n>{NUM})\s+(?:more|further|additional|extra)\s+(?P<u>{UNIT})\b",
    re.I,
)
_MESSAGE_NOUNS, _REMINDER_NOUNS = series_nouns()
# "3 texts a week apart", "two reminders, 3 days apart", "four texts on our new trail shoes, five
# days apart": a count of sends and the gap between them, with what the sends are about between
# them (within the sentence, and with no other count of sends in between)
_SPACED_SERIES_RE = re.compile(
    rf"\b(?P<c>{NUM})\s+(?:more\s+)?(?:(?P<msg>{_MESSAGE_NOUNS})|(?P<rem>{_REMINDER_NOUNS}))\b"
    rf"(?:(?!\b(?:{NUM})\s+(?:more\s+)?(?:{_MESSAGE_NOUNS}|{_REMINDER_NOUNS})\b)[^.;!?\n]){{0,72}}?"
    rf"\b(?P<gn>{NUM})\s*-?\s*(?P<gu>{UNIT})\s+apart\b",
    re.I,
)


# "a four-message countdown, one text every 2 days", "3 texts before the sale, every 2 days one"
# (read through the glossary): a count of sends and, after it in the sentence, one per gap
def _every_gap(k: str) -> str:
    return rf"every\s+(?P<other{k}>other\s+)?(?:(?P<gn{k}>{NUM})\s*-?\s*)?(?P<gu{k}>{UNIT})\b"


_ONE_SEND = r"(?:message|text|txt|msg|sms|send|touch|blast)"  # "a four-message countdown"
_COUNT_CADENCE_RE = re.compile(
    rf"\b(?P<c>{NUM})[\s-]+(?:more\s+)?(?:{_MESSAGE_NOUNS}|(?<=-){_ONE_SEND})\b"
    rf"(?:(?!\b(?:{NUM})[\s-]+(?:more\s+)?(?:{_MESSAGE_NOUNS})\b)[^.;!?\n]){{0,72}}?"
    rf"(?:\b(?:one|1|each|a)\s+(?:{_ONE_SEND}\s+)?{_every_gap('1')}"
    rf"|\b{_every_gap('2')}\s+(?:one|1)\b)",
    re.I,
)
# "every other day for a week": a gap and the span it runs over
_SERIES_SPAN_RE = re.compile(
    rf"\bevery\s+(?P<other>other\s+)?(?:(?P<gn>{NUM})\s*-?\s*)?(?P<gu>{UNIT})\s+for\s+"
    rf"(?:the\s+next\s+|a\s+whole\s+|a\s+full\s+)?(?P<sn>{NUM})\s*-?\s*(?P<su>{UNIT})\b",
    re.I,
)


# "a message every 3 days, four in all", "every week, 5 texts in total": a cadence and how many sends
_CADENCE_COUNT_RE = re.compile(
    rf"\bevery\s+(?P<other>other\s+)?(?:(?P<gn>{NUM})\s*-?\s*)?(?P<gu>{UNIT})\b[^.;!?\n]{{0,30}}?\b"
    rf"(?P<c>{NUM})\s+(?:(?:{_MESSAGE_NOUNS})\s+)?(?:in\s+all|in\s+total|total|altogether|overall)\b",
    re.I,
)
# "text 2 on day 3", "Day 7: last chance", "Tag 3" (read through the glossary): a send's day in a schedule
_SCHEDULE_DAY_RE = re.compile(
    rf"(?<![\w-])(?<!every )(?<!each )day\s+(?P<d>\d{{1,2}}|{DIGIT_WORDS}|ten|eleven|twelve|fourteen|{TENS_NUM})\b"
    r"(?!\s*(?:-|\u2013|to)\s*\d+(?![\d%]))",
    re.I,
)
# "Message 1: ...", "Text 3 -", "SMS #2": the numbered sends of a spec
_NUMBERED_SEND_RE = re.compile(
    rf"(?<![\w-])(?:text|txt|message|msg|sms|touch|email|blast|texto|mensaje|nachricht)\s*#?\s*(?P<n>[1-9])\b(?!\s*(?:%|x\b|{UNIT}\b|[.,/]\d))",
    re.I,
)

# "..., then 36 hrs later a tip, then a fortnight after that an offer", "4 days after that send
# more tips" (ES/FR/DE "después", "plus tard", "danach" read through the glossary): each send
# after the first named by the wait before it, counted from the send before; two or more of them
# in a row are a series. Without "then" only words that count from the last send chain it
# ("after that", "later", an "after" closing its clause): "3 days after an order" counts from
# the order.
_CHAINED_SEND_RE = re.compile(
    rf"\bthen\s*,?\s+{_ROUGHLY}{DUR}\s+(?:later|after(?:\s+(?:that|this|it))?|afterwards|on)\b"
    rf"|(?<![\w-]){DUR.replace('?P<n>', '?P<n2>').replace('?P<u>', '?P<u2>')}"
    # "4 days after, more tips": an "after" closing its clause counts from the last send too
    r"\s+(?:later|after\s+(?:that|this)|afterwards|after(?=\s*[,;:]))\b",
    re.I,
)


class _Series(BaseModel):
    start: int
    end: int
    gaps: list[Duration]  # the waits between the sends of the series, in order
    reminders: int  # sends after the first

    @property
    def sends(self) -> int:
        return self.reminders + 1


def _even(start: int, end: int, gap: Duration, waits: int) -> _Series:
    return _Series(start=start, end=end, gaps=[gap] * waits, reminders=waits)


def spaced_series(text: str) -> list[_Series]:
    """Series of sends stated by count and gap, by gap and span, by cadence and count, or by the
    days of a schedule ("text 2 on day 3, text 3 on day 7")."""
    low = text.lower()
    found: list[_Series] = []
    if "apart" in low:
        for m in _SPACED_SERIES_RE.finditer(text):
            count, gap = parse_count(m.group("c")), parse_duration(m.group("gn"), m.group("gu"))
            if gap is None or not 1 <= count <= 10:
                continue
            found.append(_even(m.start(), m.end(), gap, count if m.group("rem") else count - 1))
    if "every" in low and " for " in low:
        for m in _SERIES_SPAN_RE.finditer(text):
            gap = parse_duration(m.group("gn") or "1", m.group("gu"))
            span = parse_duration(m.group("sn"), m.group("su"))
            if gap is None or span is None:
                continue
            if m.group("other"):
                gap = Duration(value=gap.value * 2, unit=gap.unit)
            sends = math.ceil(span.seconds / gap.seconds)
            if not 2 <= sends <= 10:
                continue
            found.append(_even(m.start(), m.end(), gap, sends - 1))
    if "every" in low and mentions(low, " all", "total", "altogether", "overall"):
        for m in _CADENCE_COUNT_RE.finditer(text):
            gap = parse_duration(m.group("gn") or "1", m.group("gu"))
            count = parse_count(m.group("c"))
            if gap is None or not 2 <= count <= 10:
                continue
            if m.group("other"):
                gap = Duration(value=gap.value * 2, unit=gap.unit)
            found.append(_even(m.start(), m.end(), gap, count - 1))
    found.extend(_count_cadence_series(text, found))
    if "day" in low:
        schedule = _day_schedule(text)
        if schedule is not None:
            found.append(schedule)
    return found


def _count_cadence_series(text: str, found: list[_Series]) -> list[_Series]:
    """ "three texts before the sale, one every 2 days": a count of sends, one per gap (where no
    series already read covers it)."""
    series: list[_Series] = []
    if "every" not in text.lower():
        return series
    for m in _COUNT_CADENCE_RE.finditer(text):
        k = "1" if m.group("gu1") else "2"
        gap = parse_duration(m.group("gn" + k) or "1", m.group("gu" + k))
        count = parse_count(m.group("c"))
        if gap is None or not 2 <= count <= 10 or any(f.start <= m.start() < f.end for f in found):
            continue
        if m.group("other" + k):
            gap = Duration(value=gap.value * 2, unit=gap.unit)
        series.append(_even(m.start(), m.end(), gap, count - 1))
    return series


def _day_schedule(text: str) -> _Series | None:
    """ "text 1 now, text 2 on day 3, text 3 on day 7": the sends of a schedule by day. Day 0 or
    day 1 is the first send; a schedule that starts later has a first send before it ("now"), so
    the first wait runs from day 0."""
    marks = list(_SCHEDULE_DAY_RE.finditer(text))
    days = [parse_count(m.group("d"), default=-1) for m in marks]
    if len(days) < 2 or any(b <= a for a, b in pairwise(days)) or days[0] < 0:
        return None
    if days[-1] > 90:
        return None
    if days[0] > 1:
        days.insert(0, 0)
    gaps = [Duration(value=b - a, unit="days") for a, b in pairwise(days)]
    return _Series(start=marks[0].start(), end=marks[-1].end(), gaps=gaps, reminders=len(gaps))


# "1. Send a thank-you. 2. Wait 2 days. 3. Show our bestsellers.": the items of a numbered plan,
# each after its number at a line's or a sentence's start
_STEP_MARK_RE = re.compile(r"(?:^|(?<=[\n.;!?:]))[ \t]*(?P<i>[1-9])[.)][ \t]+", re.M)
# an item that only waits: "Wait 2 days.", "2 Tage warten" (read through the glossary: "2 days
# wait"), "Pause for a day", "then wait 48h"
_WAIT_ITEM_RE = re.compile(
    rf"\W*(?:then\s+)?(?:(?:wait|pause|hold|delay)\w*\s+(?:for\s+)?{_ROUGHLY}{DUR}"
    rf"|{DUR.replace('?P<n>', '?P<n2>').replace('?P<u>', '?P<u2>')}\s+(?:wait\w*|pause|delay|later))\W*",
    re.I,
)


def _numbered_plan_sends(text: str) -> int | None:
    """The sends of a numbered plan whose wait steps stand between two other steps ("1. Send a
    thank-you. 2. Wait 2 days. 3. Show our bestsellers." is two sends, 2 days apart): one more
    than its wait steps. None when the plan has no wait step between two others."""
    marks = list(_STEP_MARK_RE.finditer(text))
    if len(marks) < 3 or [int(m.group("i")) for m in marks] != list(range(1, len(marks) + 1)):
        return None
    ends = [m.start() for m in marks[1:]] + [len(text)]
    waits = [
        bool(_WAIT_ITEM_RE.fullmatch(text[m.end() : end].strip())) for m, end in zip(marks, ends, strict=True)
    ]
    if not any(waits) or waits[0] or waits[-1] or any(a and b for a, b in pairwise(waits)):
        return None
    return sum(waits) + 1


def series_sends(text: str) -> int | None:
    """How many sends the brief's series has, when it states them: by count and gap ("3 texts, 3
    days apart"), cadence and count ("every 3 days, four in all"), the days of a schedule, or its
    numbered sends ("Message 1: ... Wait: 2 days ... Message 3: ...")."""
    counts = [series.sends for series in spaced_series(text) if series.sends >= 2]
    if mentions(text.lower(), "then", "later", "after that", "after this", "afterwards"):
        chained = [m for m in _CHAINED_SEND_RE.finditer(text) if _chained_gap(m)]
        if len(chained) >= 2:
            counts.append(len(chained) + 1)
    plan = _numbered_plan_sends(text) if "\n" in text or ". 2" in text else None
    if plan is not None:
        counts.append(plan)
    numbered = {int(m.group("n")) for m in _NUMBERED_SEND_RE.finditer(text)}
    if len(numbered) >= 2 and numbered == set(range(1, max(numbered) + 1)):
        counts.append(max(numbered))
    return max(counts) if counts else None


def _chained_gap(m: re.Match[str]) -> Duration | None:
    """The wait a chained send states (its duration is in the first or the second alternative)."""
    if m.group("n"):
        return parse_duration(m.group("n"), m.group("u"))
    return parse_duration(m.group("n2"), m.group("u2"))


_HALF_HOUR_RE = re.compile(
    r"\bhalf\s+an\s+hour\s+(?:after|later)|\bafter\s+half\s+an\s+hour|\bwait\s+half\s+an\s+hour", re.I
)


def _negated_reply_near(text: str, start: int, end: int) -> bool:
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start), start - 60) + 1
    stop = [i for i in (text.find(".", end), text.find(";", end)) if i != -1]
    hi = min([end + 60, *stop])
    return bool(_NEG_REPLY_RE.search(text[lo:hi]))


_FOLLOW_UP_RE = re.compile(rf"\b{_FOLLOW_UP_NOUN}\b", re.I)
# "a week later", "3 days afterwards": a time counted on from the last send, tied to no silence
_PLAIN_LATER_RE = re.compile(rf"{DUR}\s+(?:later|afterwards)", re.I)
# a follow-up verb or noun: what a plain "X later" times when the brief says nothing of silence
_FOLLOW_UP_WORD_RE = re.compile(
    rf"\b(?:{_FOLLOW_UP_NOUN}|follow(?:s|ing)?[- ]?up|remind\w*|nudge\w*|again)\b", re.I
)


def plain_follow_up(text: str) -> bool:
    """The brief times a follow-up "X later" and never ties a send to silence ("a week later
    send a reminder", "follow up 3 days later"): the follow-up goes out after a plain wait,
    not only to those who did not answer."""
    if _NEG_REPLY_RE.search(text) or _SILENCE_AFTER_RE.search(text) or _TIME_TO_ANSWER_RE.search(text):
        return False
    for m in _PLAIN_LATER_RE.finditer(text):
        lo = max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start()), text.rfind("\n", 0, m.start()))
        stop = [
            i for i in (text.find(".", m.end()), text.find(";", m.end()), text.find("\n", m.end())) if i != -1
        ]
        clause = text[lo + 1 : min([len(text), *stop])]
        if _FOLLOW_UP_WORD_RE.search(clause) and not _after_an_event(text, m.start(), m.end()):
            return True
    return False


def _follow_up_near(text: str, start: int, end: int) -> bool:
    """A reminder or follow-up named in the clause of the duration at start..end."""
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start), text.rfind("\n", 0, start), start - 40) + 1
    stop = [i for i in (text.find(".", end), text.find(";", end), text.find("\n", end)) if i != -1]
    return bool(_FOLLOW_UP_RE.search(text[lo : min([end + 40, *stop])]))


# "35 days after the order", "30 minutes after checkout started": a duration counted from an event
_ANCHOR_RE = re.compile(
    rf"\b(?:after|since|following)\s+(?!(?:{NUM})\b)(?:(?:the|their|his|her|a|an|la|le|el|der|die|das)\s+)?"
    rf"(?!{UNIT}\b)(?P<w>[^\W\d_]+)",
    re.I,
)


def _after_an_event(text: str, start: int, end: int) -> bool:
    """The duration at start..end counts from an event, not from a send of the flow."""
    m = _ANCHOR_RE.search(text, start, min(len(text), end + 30))
    return m is not None and m.group("w").lower() not in last_send_words()


class _Timeline:
    """Waits and no-reply timeouts found so far, by position; a span of text is read only once.
    In a brief that asks for a reply and states no timeout of its own, a reminder timed after the
    last send ("1 reminder after 1 day") goes to those who did not answer: its time is the
    no-reply timeout."""

    def __init__(self, text: str, asks_reply: bool = False) -> None:
        self.text = text
        self.asks_reply = asks_reply
        self.reminder_waits: list[tuple[int, Duration]] = []
        self.waits: list[tuple[int, Duration]] = []
        self.no_reply: list[tuple[int, Duration]] = []
        self.taken: list[tuple[int, int]] = []

    def claim(self, m: re.Match[str]) -> bool:
        if any(m.start() < e and s < m.end() for s, e in self.taken):
            return False
        self.taken.append((m.start(), m.end()))
        return True

    def add(self, m: re.Match[str], dur: Duration | None, no_reply: bool | None = None) -> None:
        """Record `dur` at `m` (no_reply None: decide from a "no reply" nearby)."""
        if not dur or not self.claim(m):
            return
        if no_reply is None:
            no_reply = _negated_reply_near(self.text, m.start(), m.end())
            if (
                not no_reply
                and self.asks_reply
                and _follow_up_near(self.text, m.start(), m.end())
                and not _after_an_event(self.text, m.start(), m.end())
            ):
                self.reminder_waits.append((m.start(), dur))
        (self.no_reply if no_reply else self.waits).append((m.start(), dur))

    def result(self) -> tuple[list[Duration], list[Duration]]:
        if not self.no_reply and self.reminder_waits:
            # no timeout of its own: the reminders' times are the time allowed for a reply
            self.waits = [w for w in self.waits if w not in self.reminder_waits]
            self.no_reply = list(self.reminder_waits)
        return [d for _, d in sorted(self.waits, key=lambda i: i[0])], [
            d for _, d in sorted(self.no_reply, key=lambda i: i[0])
        ]


def _repeat_gap(pattern: re.Pattern[str], m: re.Match[str]) -> Duration | None:
    """ "wait 2 days" / "every other week": the gap a wait or repeat pattern states."""
    unit = m.group("u") or m.group("u2") if "u2" in pattern.groupindex else m.group("u")
    dur = parse_duration(m.group("n") if m.group("u") else "1", unit)
    if dur and "other" in pattern.groupindex and (m.group("other") or m.group("other2")):
        dur = Duration(value=dur.value * 2, unit=dur.unit)
    return dur


def extract_waits(text: str, asks_reply: bool = False) -> tuple[list[Duration], list[Duration]]:
    """Waits and no-reply timeouts; `asks_reply`: the brief names a reply keyword."""
    # "in like half a day" -> "in      12 hours": fillers blanked, a duration said in words counted
    text = counted_durations(without_fillers(text))
    timeline = _Timeline(text, asks_reply)
    low = text.lower()
    # "max one message every 2 days" is a cap: its "every 2 days" is no cadence
    timeline.taken.extend(cap_spans(text))
    for series in spaced_series(text):
        timeline.taken.append((series.start, series.end))
        timeline.waits.extend((series.start + i, gap) for i, gap in enumerate(series.gaps))
    for pattern in (
        gated_by(_NOREPLY_RE, low, *_SILENCE_GATE),
        gated_by(_SILENCE_AFTER_RE, low, "repl", "respon", "answer", "word"),
        gated_by(_TIME_TO_ANSWER_RE, low, "give", "allow", "leav"),
    ):
        for m in pattern.finditer(text):
            timeline.add(m, parse_duration(m.group("n"), m.group("u")), no_reply=True)
    for pattern in _TIMEOUT_NOUN_RES:
        for m in gated_by(pattern, low, "time", "window").finditer(text):
            timeline.add(m, parse_duration(m.group("n"), m.group("u")), no_reply=True)
    for pattern in (
        gated_by(_WAIT_VERB_RE, low, "wait", "delay", "pause", "hold"),
        gated_by(_EVERY_RE, low, "every"),
    ):
        for m in pattern.finditer(text):
            timeline.add(m, _repeat_gap(pattern, m), no_reply=False)
    for pattern in _WAIT_NOUN_RES:
        for m in gated_by(pattern, low, "wait", "delay", "pause", "gap").finditer(text):
            timeline.add(m, parse_duration(m.group("n"), m.group("u")), no_reply=False)
    for pattern in (
        gated_by(_AFTER_RE, low, "after"),
        gated_by(
            _LATER_RE, low, "after", "later", "early", "earlier", "apart", "from now", "in advance", " on"
        ),
        gated_by(_FOLLOWUP_IN_RE, low, "follow", "remind", "check", "nudge", "ping"),
        gated_by(_MORE_RE, low, "more", "further", "additional", "extra"),
        *(
            gated_by(p, low, "remind", "follow", "nudge", "check", "chance", "+")
            for p in _FOLLOW_UP_TIMED_RES
        ),
    ):
        for m in pattern.finditer(text):
            timeline.add(m, parse_duration(m.group("n"), m.group("u")))
    for m in gated_by(_AHEAD_OF_REST_RE, low, "before", "b4", "ahead").finditer(text):
        timeline.add(m, parse_duration(m.group("n"), m.group("u")), no_reply=False)
    for m in gated_by(_HALF_HOUR_RE, low, "half").finditer(text):
        timeline.add(m, Duration(value=30, unit="minutes"), no_reply=False)
    for m in gated_by(next_day_pattern(), low, "day").finditer(text):
        timeline.add(m, Duration(value=1, unit="days"))
    _drop_restated_lead(text, timeline)
    return timeline.result()


# "VIPs get it 24 hours early", "2 days before everyone else": the time an early group goes first
_EARLY_LEAD_RE = re.compile(rf"{DUR}\s+(?:early|earlier|before|b4|ahead\s+of)\b", re.I)
# the rest of the list, named just before the time of its own send ("everyone else ... a day later")
_REST_BEFORE_RE = re.compile(
    r"\b(?:everyone\s+else|everybody\s+else|the\s+rest|(?:all\s+)?(?:the\s+)?others|non-?vips?)\b[^.;!?\n]*$",
    re.I,
)


def _drop_restated_lead(text: str, timeline: _Timeline) -> None:
    """The rest's time after an early group's lead is that lead told from their side, no second
    wait: "VIPs 24 hours early, everyone else a day later" is one wait of 24 hours."""
    leads = [m.start() for m in _EARLY_LEAD_RE.finditer(text)]
    if not leads:
        return
    timeline.waits = [
        (at, d)
        for at, d in timeline.waits
        if at in leads or at < leads[0] or not _REST_BEFORE_RE.search(text[max(0, at - 60) : at])
    ]
