"""Frequency caps ("at most 2 texts a week") and entry limits ("only once per customer")."""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.context import mentions
from flowgen_core.brief.model import FrequencyCap
from flowgen_core.brief.numbers import DIGIT_WORDS, NUM, TENS_NUM, UNIT, canonical_unit, parse_count
from flowgen_core.brief.timing import unit_days

_CAP_LEAD = (
    r"(?:at\s+most|no\s+more\s+than|not\s+more\s+than|never\s+(?:\w+\s+){0,3}?more\s+than"
    r"|(?:no\s*one|nobody|no\s+(?:customer|person|subscriber|contact)|none\s+of\s+them)\s+(?:\w+\s+){0,3}?more\s+than"
    r"|(?:do\s+not|don'?t)\s+(?:\w+\s+){0,3}?more\s+than|max(?:imum)?(?:\s+of)?|up\s+to|capped\s+at"
    r"|cap(?:ped)?(?:\s+\w+)?\s+(?:at|to)|cap\s*:?|limit(?:ed)?(?:\s+\w+)?\s+to|throttled?\s+to|only"
    # "a rate limit of 3 per week", "a cap of 2 a day"; "let customers enter once a month"
    r"|(?:rate\s+|frequency\s+|send\s+)?(?:limit|cap)\s+of|(?:re-?)?enter(?:s|ing)?(?:\s+the\s+flow)?"
    # "shall not exceed 2 messages in any 7-day period", "should never exceed one text a week"
    r"|(?:(?:shall|should|must|will|may|can|does|do)\s+)?(?:not|never)\s+(?:to\s+)?exceed)"
)
# "2 texts per person per week": who the cap applies to may sit between the count and its period
_PER_RECIPIENT = (
    r"(?:per|a|each|for\s+each)\s+(?:person|customer|subscriber|contact|recipient|profile|shopper)\s+"
)
_SPAN_WORDS = rf"(?:{TENS_NUM}|{DIGIT_WORDS}|ten|eleven|twelve|fourteen|fifteen)\b"
# "weekly", "daily": a period said in one word ("at most twice weekly", "two messages daily")
_PERIOD_ADVERBS = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "fortnightly": "fortnight",
}
_ADVERB = r"(?P<adv>" + "|".join(_PERIOD_ADVERBS) + r")"
# "per week", "in any 7-day period", "within a 3 day window", "/wk"; "2 texts per person in a
# week": the "a" of "in a week" is no count when the unit follows it
_CAP_PERIOD = (
    rf"(?:(?:per|a|an|each|every|in|within|over|/)\s*(?:any\s+|one\s+|a\s+(?=\d|{UNIT}\b))?"
    rf"(?P<span>(?:\d{{1,4}}|{_SPAN_WORDS})\s*-?\s*)?(?P<u>{UNIT})\b|{_ADVERB}\b)"
)
_CAP_RE = re.compile(
    rf"\b{_CAP_LEAD}\.?\s+(?P<n>{NUM})\s*(?:[a-z]+(?:\s+|(?=\s*/))){{0,2}}?(?:{_PER_RECIPIENT})?{_CAP_PERIOD}",
    re.I,
)
# "2 texts a week max", "one text a day, tops", "2/wk max"
_CAP_TRAILING_RE = re.compile(
    rf"\b(?P<n>{NUM})\s*(?:(?:messages?|texts?|sms|times?)\s+)?{_CAP_PERIOD}\s*,?\s*(?:max(?:imum)?|at\s+most|tops)\b",
    re.I,
)
# "2 SMS max per week", "3 texts maximum a day": the limit word between the count and its period
_CAP_MAX_BETWEEN_RE = re.compile(
    rf"\b(?P<n>{NUM})\s*(?:(?:messages?|texts?|sms|times?)\s+)?(?:max(?:imum)?|at\s+most|tops)\s+"
    rf"(?:{_PER_RECIPIENT})?{_CAP_PERIOD}",
    re.I,
)
_CAP_PATTERNS = (_CAP_RE, _CAP_TRAILING_RE, _CAP_MAX_BETWEEN_RE)
_ENTRY_CONTEXT_RE = re.compile(
    r"\b(?:enter\w*|entry|entries|flow|per\s+(?:customer|person|subscriber|contact))\b", re.I
)
_SENDS_RE = re.compile(r"\b(?:texts?|txts?|msgs?|messages?|sms(?:es)?)\b", re.I)
_ENTERING_RE = re.compile(r"\b(?:enter\w*|re-?enter\w*|entry|entries)\b", re.I)
_ENTER_LEAD_RE = re.compile(r"(?:re-?)?enter", re.I)
_ONCE_EVER_RE = re.compile(
    r"\b(?:only\s+)?once\s+(?:per|for\s+each)\s+(?:customer|person|subscriber|contact|shopper)\b"
    r"|\bonly\s+once\b|\bonce\s+ever\b|\bnever\s+(?:re-?enter|again)\b",
    re.I,
)
# "max 2 texts", "1 msg only", "no more than one text": how many sends a path may hold, no period
_SEND_NOUNS = r"(?:texts?|txts?|msgs?|messages?|sms(?:es)?|sends?)"
_PERIOD_AHEAD = r"(?:per|a|an|each|every|in|within|over|/|to\s+(?:each|any|the\s+same))\b"
# "just one message", "limit: 1 message", "we only want to send one text", "a single SMS, that's it"
_COUNT_LEAD = (
    r"(?:at\s+most|no\s+more\s+than|not\s+more\s+than|max(?:imum)?(?:\s+of)?|up\s+to|only|just"
    r"|limit(?:ed)?(?:\s+to|\s+of|\s*:)|only\s+(?:want|need|plan)\s+to\s+send|send\s+only"
    # "no customer gets more than 2 texts on any path", "nobody should receive more than 2 texts"
    r"|(?:no\s*one|nobody|no\s+(?:customer|person|subscriber|contact|recipient|shopper))"
    r"\s+(?:[\w']+\s+){0,3}?more\s+than|never\s+(?:[\w']+\s+){0,3}?more\s+than)"
)
_MESSAGE_COUNT_RE = re.compile(
    rf"\b{_COUNT_LEAD}\s+(?P<n>{NUM})\s+{_SEND_NOUNS}\b(?!\s*{_PERIOD_AHEAD})(?!\s+(?:segments?|long)\b)"
    rf"|\b(?P<n2>{NUM})\s+{_SEND_NOUNS}\s+(?:only|max(?:imum)?|total|tops|in\s+total|in\s+all)\b"
    rf"|\b(?P<n3>a\s+single|one\s+single|one|1)\s+{_SEND_NOUNS}\s*[,;:\u2013\u2014-]?\s*(?:that'?s\s+it|and\s+done|period)\b"
    r"|\b(?P<n4>one)[- ]and[- ]done\b",
    re.I,
)
# "once per customer" has no period in FlowBuilder; a year is the longest window a limit
# node sensibly expresses.
_LIFETIME = FrequencyCap(occurrences=1, timespan=365, period="Days")


def _cap(n: str, span: str | None, unit: str) -> FrequencyCap | None:
    occurrences = parse_count(n)
    span = (span or "").strip(" -")
    timespan = parse_count(span) if span else 1
    canon = canonical_unit(unit)
    factor = {"weeks": 7, "months": 30, "years": 365, **unit_days()}.get(canon, 1)
    period = {"minutes": "Minutes", "hours": "Hours"}.get(canon, "Days")
    if occurrences <= 0 or timespan <= 0:
        return None
    return FrequencyCap(occurrences=occurrences, timespan=timespan * factor, period=period)  # type: ignore[arg-type]


def cap_spans(text: str) -> list[tuple[int, int]]:
    if not mentions(
        text.lower(), "most", "more than", "max", "up to", "cap", "limit", "thrott", "tops", "enter", "exceed"
    ):
        return []
    return [(m.start(), m.end()) for pattern in _CAP_PATTERNS for m in pattern.finditer(text)]


def extract_caps(text: str) -> tuple[list[FrequencyCap], list[FrequencyCap]]:
    caps: list[FrequencyCap] = []
    entries: list[FrequencyCap] = []
    spans: list[tuple[int, int]] = []
    low = text.lower()
    if not mentions(
        low,
        "most",
        "more than",
        "max",
        "up to",
        "cap",
        "limit",
        "thrott",
        "only",
        "once",
        "tops",
        "enter",
        "exceed",
    ):
        return caps, entries
    for pattern in _CAP_PATTERNS:
        for m in pattern.finditer(text):
            if m.group(0).lower().startswith("only") and not re.search(r"\bonce\b", m.group(0), re.I):
                continue
            if _ENTER_LEAD_RE.match(m.group(0)) and m.group("n").lower() in ("a", "an"):
                continue  # "enter a contest each week" counts no entries
            unit = m.group("u") or _PERIOD_ADVERBS[m.group("adv").lower()]
            cap = _cap(m.group("n"), m.group("span"), unit)
            if cap is None:
                continue
            spans.append((m.start(), m.end()))
            sentence_start = max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start())) + 1
            sentence_end = text.find(".", m.end())
            sentence = text[sentence_start : sentence_end if sentence_end != -1 else len(text)]
            # "2 texts a week per person" counts sends, not entries, unless the sentence speaks of entering
            counts_sends = _SENDS_RE.search(m.group(0)) and not _ENTERING_RE.search(sentence)
            target = entries if _ENTRY_CONTEXT_RE.search(sentence) and not counts_sends else caps
            if cap not in target:
                target.append(cap)
    for m in _ONCE_EVER_RE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in spans):
            continue
        if _LIFETIME not in entries:
            entries.append(_LIFETIME.model_copy())
    return caps, entries


def message_count_limit(text: str) -> int | None:
    """The most sends one path may hold ("max 2 texts" -> 2), or None when the brief sets none."""
    if not mentions(
        text.lower(),
        "most",
        "more than",
        "max",
        "up to",
        "only",
        "just",
        "limit",
        "total",
        "tops",
        " all",
        "that",
        "done",
        "period",
    ):
        return None
    counts = [
        parse_count(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4"))
        for m in _MESSAGE_COUNT_RE.finditer(text)
    ]
    counts = [n for n in counts if 0 < n <= 10]
    return min(counts) if counts else None
