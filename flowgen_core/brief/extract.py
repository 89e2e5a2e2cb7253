"""CampaignBrief: the hard facts a marketer wrote in a brief.

Extraction is deterministic (regular expressions and small vocabularies, no LLM) so it
can both feed the planners and check their output (validate/brief.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import MAX_SCAN_CHARS, Clause, clause_at, split_clauses
from flowgen_core.brief.cues import BriefCues, read_cues
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.language import detect_language, requested_copy_language
from flowgen_core.brief.provenance import locate_sources
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.timing import (
    city_zone_pattern,
    long_unit_pattern,
    next_day_pattern,
    numeric_date_range,
    series_nouns,
    split_noun_pattern,
    unit_days,
)

WaitUnit = Literal["seconds", "minutes", "hours", "days"]


class Duration(BaseModel):
    value: int = Field(gt=0)
    unit: WaitUnit

    @property
    def seconds(self) -> int:
        return self.value * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[self.unit]


class AudienceCondition(BaseModel):
    kind: Literal["event", "property"]
    operator: Literal["has", "has_not"] = "has"
    # event conditions
    action: str | None = None  # placed_order, clicked_link, viewed_product, ...
    days: int | None = None  # "in the last N days"; None = all time
    # property conditions
    property_name: str | None = None
    property_operator: str | None = None  # "with a value of", "that exists", ...
    property_value: str | None = None


class Discount(BaseModel):
    kind: Literal["percentage", "amount", "code", "free_shipping"]
    value: str | None = None  # digits for percentage/amount
    code: str | None = None


class FrequencyCap(BaseModel):
    occurrences: int = Field(gt=0)
    timespan: int = Field(gt=0)
    period: Literal["Minutes", "Hours", "Days"]


class SendWindow(BaseModel):
    start: str | None = None  # ISO-8601 local date-time or date
    end: str | None = None
    timezone: str | None = None  # IANA name, e.g. America/Los_Angeles
    text: str = ""  # the words it came from


class SendHours(BaseModel):
    """A daily sending window ("only between 10am and 7pm Eastern"): hours, not dates."""

    start: str  # local time of day, "HH:MM"
    end: str
    timezone: str | None = None  # IANA name
    text: str = ""  # the words it came from
    # the days of the week it holds on ("mon".."sun"); empty: every day
    days: list[str] = Field(default_factory=list)


class ExperimentSpec(BaseModel):
    groups: int = 2
    split: list[int] = Field(default_factory=lambda: [50, 50])
    variants: list[str] = Field(default_factory=list)  # e.g. ["urgent", "playful"]


class ProductRef(BaseModel):
    variant_id: str
    quantity: int = 1
    name: str | None = None


class PropertyUpdate(BaseModel):
    name: str
    value: str
    # the reply keyword whose answer sets it ("anyone who replies IN gets waitlist = yes");
    # None when the brief ties it to no single reply
    on_reply: str | None = None


class CampaignBrief(BaseModel):
    text: str
    playbook: str | None = None  # vip_reorder, winback, welcome, abandoned_cart, ...
    audience: list[AudienceCondition] = Field(default_factory=list)
    discounts: list[Discount] = Field(default_factory=list)
    reply_keywords: list[str] = Field(default_factory=list)  # lower-case intents
    # what a keyword stands for when the brief says so: {"1": "new arrivals", "yes": "buy"}
    reply_meanings: dict[str, str] = Field(default_factory=dict)
    waits: list[Duration] = Field(default_factory=list)  # explicit delays, in order
    no_reply_after: list[Duration] = Field(default_factory=list)
    frequency_caps: list[FrequencyCap] = Field(default_factory=list)
    entry_limits: list[FrequencyCap] = Field(default_factory=list)
    send_windows: list[SendWindow] = Field(default_factory=list)
    send_hours: list[SendHours] = Field(default_factory=list)  # daily windows, no dates
    series_length: int | None = None  # "three-part series" -> 3 sends
    experiment: ExperimentSpec | None = None
    products: list[ProductRef] = Field(default_factory=list)
    quoted_copy: list[str] = Field(default_factory=list)
    property_updates: list[PropertyUpdate] = Field(default_factory=list)
    max_segments: int | None = None  # "keep it to one SMS"
    reminders: int | None = None  # "send one reminder"
    topics: list[str] = Field(default_factory=list)  # nouns worth keeping in copy (coffee, swimwear)
    # ISO 639-1 code of the language the copy is written in: the brief's own language unless a
    # clause asks for another ("the texts must be in English"); source_language is the brief's
    language: str = "en"
    source_language: str = "en"
    # where each fact above was read (brief.provenance): the words, their offsets, stated/assumed.
    # Derived from `text`, so left out of dumps (stored specs, model prompts) and of repr.
    sources: list[FactSource] = Field(default_factory=list, exclude=True, repr=False)
    # the planning cues (brief.cues), read from `text` by `extract_brief`; None on a brief built
    # by hand, whose cues `brief.facts.cues_of` reads on demand. Derived, so never dumped.
    cues: BriefCues | None = Field(default=None, exclude=True, repr=False)

    def is_empty(self) -> bool:
        return not self.text.strip()


# --------------------------------------------------------------------------- extraction
#
# Everything below is pure `re` over a normalised copy of the brief. Each fact has its own
# small extractor; `extract_brief` runs them in isolation so one surprising phrasing can
# never take the others (or the caller) down.

_T = TypeVar("_T")

_MAX_SCAN_CHARS = MAX_SCAN_CHARS

_NUMBER_WORDS = {
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
_UNITS_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# "forty-five", "forty five", "ninety": written-out numbers up to 99, as marketers type them
_TENS_NUM = rf"(?:{'|'.join(_TENS)})(?:[- ]{_UNITS_WORDS}\b)?"
_NUM = (
    rf"(?:\d{{1,6}}|{_TENS_NUM}|(?:a|one)\s+hundred|hundred|a\s+couple\s+of|couple\s+of|a\s+single|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|once|twice|thrice|single|an|a)"
)
_UNIT = rf"(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?|{long_unit_pattern()})"
_DUR = rf"(?P<n>{_NUM})\s*-?\s*(?P<u>{_UNIT})\b"

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
        return _TENS[tens] + (_NUMBER_WORDS.get(ones, 0) if ones else 0)
    return _NUMBER_WORDS.get(word, default)


def _unit(word: str) -> str:
    word = word.lower().rstrip(".")
    if word in unit_days():
        return word
    if word in _UNIT_CANON:
        return _UNIT_CANON[word]
    return _UNIT_CANON.get(word[:-1] if word.endswith("s") else word, "days")


def _duration(n: str | None, unit: str) -> Duration | None:
    """Weeks and months become days (1 week = 7, 1 month = 30), as FlowBuilder has no such unit."""
    value = parse_count(n)
    canon = _unit(unit)
    factor = {"weeks": 7, "months": 30, "years": 365, **unit_days()}.get(canon)
    if factor:
        value, canon = value * factor, "days"
    if value <= 0:
        return None
    return Duration(value=value, unit=canon)  # type: ignore[arg-type]


_NEVER_RE = re.compile(r"(?!)")


def _mentions(low: str, *words: str) -> bool:
    return any(word in low for word in words)


def _gated(pattern: re.Pattern[str], low: str, *words: str) -> re.Pattern[str]:
    """`pattern` when one of `words` occurs in `low`, else a pattern that never matches.

    Most patterns need a literal word somewhere; testing for it first skips whole regex
    scans and keeps extraction well under a millisecond.
    """
    return pattern if _mentions(low, *words) else _NEVER_RE


def _as_days(d: Duration) -> int:
    return max(1, math.ceil(d.seconds / 86400))


def _clean(text: str) -> str:
    """One spelling for apostrophes, dashes and spaces, so the patterns stay readable."""
    text = text[:_MAX_SCAN_CHARS]
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return text.replace("\u2013", "-").replace("\u2014", " - ")


# SMS copy may span lines; a quote left open is bounded by the length cap and the line check below.
_QUOTE_RE = re.compile(r'"([^"]{1,2000})"|\u201c([^\u201d]{1,2000})\u201d')


def _blank_quotes(text: str) -> str:
    """Quoted copy is the marketer's words to the customer, not requirements about the flow."""
    return _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), text)


_NEGATION_RE = re.compile(
    r"\b(?:not|never|no|without|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|non)\b|n't\b", re.I
)
_CLAUSE_BREAK_RE = re.compile(r"[.;:,!?()]|\b(?:but|and|who|whose|that|then|or)\b")


def _clause_before(text: str, start: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start]
    cut = 0
    for m in _CLAUSE_BREAK_RE.finditer(before):
        cut = m.end()
    return before[cut:]


_ASIDE_RE = re.compile(r"\s*\([^()]{1,40}\)")


def _clause_after(text: str, end: int, width: int = 60) -> str:
    # "placed a text order (placed_order_text) in the last 90 days": a short aside in brackets
    # names the thing just said; the clause goes on after it
    after = _ASIDE_RE.sub(" ", text[end : end + width + 40])[:width]
    m = re.search(r"[.;:!?()]|,|\s-\s|\b(?:but|and|who|whose|then|while)\b", after)
    return after[: m.start()] if m else after


# ------------------------------------------------------------------ playbook

# Highest priority first: the most specific trigger wins when several match, e.g. "back in
# stock for people who added to cart" is back_in_stock, "Black Friday flash sale" is
# flash_sale, and VIP only decides when nothing more specific is stated.
_SERIES_CUE = r"\bdrip\b|\beducat\w*|\b(?:\w+|\d+)-part\b|\bseries of\b|\b(?:weekly|daily)\s+tips\b|\btips\s+(?:on|about)\b"
_PLAYBOOK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.I))
    for name, pattern in [
        (
            "back_in_stock",
            r"\bback[- ]in[- ]stock\b|(?<!time to )\brestock(?:ed)?\b(?!\s+reminder)|\bavailable again\b",
        ),
        ("birthday", r"\bbirthday|\bb-?day\b|\banniversary\b"),
        (
            "abandoned_checkout",
            r"\babandon\w*\s+(?:their\s+|a\s+|the\s+)?checkout|\bcheckout\s+(?:abandon\w*|recovery)"
            r"|(?<!not )(?<!n't )\bstart(?:s|ed)?\s+(?:a\s+|the\s+|their\s+)?checkout",
        ),
        (
            "abandoned_cart",
            r"\babandon\w*\s+(?:their\s+|a\s+|the\s+)?carts?\b|\bcart[\s-]+(?:abandon\w*|recovery)"
            r"|\badd(?:s|ed)?\s+(?:\w+\s+){0,3}?to\s+(?:their\s+|the\s+|a\s+)?cart|\bput\s+(?:\w+\s+){0,3}?in(?:to)?\s+"
            r"(?:their\s+|the\s+|a\s+)?cart|\bleft\s+(?:\w+\s+){0,3}?in\s+"
            r"(?:their\s+|the\s+)?cart",
        ),
        (
            "replenishment",
            r"\breplenish\w*|\brefill\w*|\brunning\s+low\b|\brun(?:ning)?\s+out\b|\brestock\s+reminder"
            r"|\btime\s+to\s+restock|\breorder\s+reminder",
        ),
        ("sunset", r"\bsunset\w*|\blist\s+(?:hygiene|clean\w*)|\bclean\s+(?:up\s+)?(?:the\s+|our\s+)?list"),
        (
            "winback",
            r"\bwin[- ]?back\b|\bre-?engag\w*|\blapsed\b|\binactive\b|\bdormant\b|\bwe\s+miss\s+you"
            r"|\bhaven'?t\s+(?:ordered|purchased|bought|shopped)|\bhave\s+not\s+(?:ordered|purchased|bought)"
            r"|\bcome\s+back\b",
        ),
        (
            "welcome",
            r"\bwelcome\b|\bnew\s+(?:sms\s+|text\s+)?(?:subscribers?|sign-?ups?|members?)"
            r"|\bopted\s+in(?:to)?\b|\bjust\s+(?:joined|subscribed|signed\s+up)",
        ),
        ("cross_sell", r"\bcross[- ]?sell\w*|\bpost[- ]purchase\b|\bup-?sell\w*|\bcomplementary\b"),
        (
            "survey",
            r"\bsurvey\w*|\bnps\b|\bnet\s+promoter|\bpoll\b|\bfeedback\b"
            r"|\brat(?:e|ing)\s+(?:their|your|the|our|us|how)\b|\bon\s+a\s+scale\b",
        ),
        ("flash_sale", r"\bflash\s+sale|\bflash\s+deal|\b\d+[- ]hour\s+sale\b"),
        (
            "holiday",
            r"\bholiday|\bblack\s+friday|\bcyber\s+monday|\bbfcm\b|\bchristmas|\bxmas\b|\bgift\s+guide"
            r"|\bthanksgiving|\bvalentine|\bmother'?s\s+day|\bfather'?s\s+day|\bnew\s+year|\bhalloween"
            r"|\beaster\b|\bhanukkah|\bboxing\s+day",
        ),
        (
            "launch",
            r"\bearly\s+access|\blaunch\w*|\bdrops?\b|\bnew\s+(?:collection|product|line|release)"
            r"|\bpre-?order|\bsneak\s+peek|\bcoming\s+soon",
        ),
        (
            "vip_reorder",
            r"\bvips?\b|\breorders?\b|\brepeat\s+(?:customers|buyers|purchases?)|\bloyal\s+customers",
        ),
        # a content series with no other trigger; read after the glossary, so "dreiteilige" counts
        ("drip", _SERIES_CUE),
    ]
]
_SERIES_CUE_RE = re.compile(_SERIES_CUE, re.I)
# "three-part", "4 messages", "series of 5": how many sends a content series has
_SERIES_LENGTH_RE = re.compile(
    r"\b(\d+|two|three|four|five|six|seven)[- ](?:part|step|message|text|day|week)s?\b|\bseries of (\d+|\w+)",
    re.I,
)


def is_series(text: str) -> bool:
    """True when the brief asks for a content series (a drip, "a 4-part tips series")."""
    return bool(_SERIES_CUE_RE.search(text))


def series_count(text: str) -> int | None:
    """The number of sends a series names ("three-part" -> 3), None when it names none."""
    m = _SERIES_LENGTH_RE.search(text)
    if not m:
        return None
    raw = (m.group(1) or m.group(2) or "").lower()
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)


def classify_playbook(text: str) -> str:
    """The one playbook classifier: the order of `_PLAYBOOK_PATTERNS` is the priority (first
    wins), and a content series ("a 4-part tips series") is a drip whatever it is about,
    except a welcome series, which stays a welcome."""
    name = next(
        (
            name
            for name, pattern in _PLAYBOOK_PATTERNS
            # "open to all, not just VIPs" names no VIP campaign
            if any(not _widened(text, m.start()) for m in pattern.finditer(text))
        ),
        "generic",
    )
    if name != "welcome" and is_series(text):
        return "drip"
    return name


# ------------------------------------------------------------------ audience

# Words one of which each action pattern needs (see `_gated`).
_ACTION_GATES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("placed_order_text", False): ("ordered", "order_text", "text order", "sms order"),
    ("placed_order", True): ("non", "no ", "last order", "last purchase"),
    ("placed_order", False): ("order", "purchas", "bought", "shopped", "first", "recent"),
    ("clicked_link", False): ("click", "engaged"),
    ("viewed_product", False): ("viewed", "browsed", "looked", "viewers", "visited"),
    ("started_checkout", False): ("checkout", "checked out"),
    ("added_product_to_cart", False): ("cart", "atc"),
    ("opted_into_sms", False): ("opted", "subscribe", "signed", "signs", "join"),
    ("sent_inbound", False): ("texted",),
    ("received_outbound", False): ("received",),
}

_ACTION_PATTERNS: list[tuple[str, bool, tuple[str, ...], re.Pattern[str]]] = [
    # (action, negated by the phrase itself, words one of which must occur, pattern)
    (action, negated, _ACTION_GATES[action, negated], re.compile(pattern, re.I))
    for action, negated, pattern in [
        (
            "placed_order_text",
            False,
            r"\bordered\s+(?:by|via|over)\s+(?:text|sms)|\bplaced\s+(?:a\s+|an\s+)?(?:text|sms)\s+orders?\b"
            r"|\bplaced_order_text\b",
        ),
        (
            "placed_order",
            True,
            r"\bnon-?(?:buyers|purchasers|customers)\b|\bno\s+(?:orders?|purchases?)\b"
            # "last order more than 4 months ago": silent since then
            r"|\blast\s+(?:order|purchase)d?\s+(?:was\s+|placed\s+)?(?=(?:more\s+than|over|at\s+least|\d+\+?\s))",
        ),
        (
            "placed_order",
            False,
            r"\bordered\b|\bplaced\s+(?:an?\s+|their\s+(?:first\s+)?|any\s+)?orders?\b|\bpurchased\b"
            r"|\bbought\b|\bmade\s+(?:a\s+|any\s+|their\s+first\s+)?(?:purchases?|orders?)\b"
            r"|\bshopped\b|\bfirst[- ]time\s+(?:buyers|customers|purchasers)"
            r"|\brecent\s+(?:buyers|purchasers|customers)\b",
        ),
        (
            "clicked_link",
            False,
            r"\bclicked\b|\bclicks?\s+(?:on\s+)?(?:a|any)\s+links?\b|(?<!re-)(?<!re)\bengaged\b(?!\s+with)"
            r"|(?:(?<=n't\s)|(?<=nt\s)|(?<=not\s)|(?<=never\s))click\b",
        ),
        (
            "viewed_product",
            False,
            r"\bviewed\b|\bbrowsed\b|\blooked\s+at\b|\b(?:product\s+|page\s+)?viewers\b"
            r"|\bvisited\s+(?:the\s+|a\s+|our\s+)?(?:product|page|site|store)",
        ),
        (
            "started_checkout",
            False,
            r"\bstart\w{0,3}\s+(?:a\s+|the\s+|their\s+)?checkout|\bbegan\s+(?:a\s+|the\s+)?checkout"
            r"|\binitiated\s+(?:a\s+)?checkout|\babandon\w*\s+(?:their\s+|a\s+|the\s+)?checkouts?"
            r"|\bcheckout\s+(?:abandon\w*|recovery)|\breached\s+checkout|\bchecked\s+out\b",
        ),
        (
            "added_product_to_cart",
            False,
            r"\badd(?:s|ed)?\s+(?:\w+\s+){0,3}?to\s+(?:their\s+|the\s+|a\s+)?cart\b"
            r"|\babandon\w*\s+(?:their\s+|a\s+|the\s+)?carts?\b|\bcart[\s-]+(?:abandon\w*|recovery)"
            r"|\bleft\s+(?:\w+\s+){0,3}?in\s+(?:their\s+|the\s+)?cart"
            r"|\bput\s+(?:\w+\s+){0,3}?in(?:to)?\s+(?:their\s+|the\s+|a\s+)?cart\b"
            r"|\b(?-i:ATC)\b",  # shop shorthand for add-to-cart
        ),
        (
            "opted_into_sms",
            False,
            r"\bopted[- ]?in(?:to)?(?:\s+(?:to\s+)?(?:sms|texts?|text\s+messages))?"
            r"|\bsubscribe[sd]?\s+to\s+(?:our\s+)?(?:sms|texts?)|\bsigned\s+up\s+for\s+(?:sms|texts?)"
            r"|\bsigns?\s+up\s+for\s+(?:sms|texts?)|\bjoin(?:s|ed)?\s+(?:our\s+)?(?:sms|text)\s+(?:list|club)"
            # "subscribed in the last day", "new subscribers from the last 24 hours": when they joined
            r"|\bsubscribed\b(?=\s+(?:in|within|during|over|since|from)\s+(?:the\s+)?(?:last|past|previous)\b)"
            r"|\bnew\s+(?:sms\s+|text\s+)?subscribers\b(?=\s+(?:from|in|within|of)\s+(?:the\s+)?(?:last|past)\b)",
        ),
        ("sent_inbound", False, r"\btexted\s+(?:us|in)\b"),
        ("received_outbound", False, r"\breceived\s+(?:a\s+|an\s+|our\s+|any\s+)?(?:texts?|sms|messages?)\b"),
    ]
]
_WINDOW_RE = re.compile(
    rf"\b(?:in|within|during|over|for|since|from)\s+(?:the\s+)?(?:last|past|previous|prior)?\s*"
    rf"(?:(?:over|more\s+than|like|about|around|roughly|approx\w*|~)\s*)?(?:(?P<n>{_NUM})\+?\s*)?(?P<u>{_UNIT})\b",
    re.I,
)
# "120 days no purchase", "30+ days without an order": the window written before the action
_WINDOW_BEFORE_RE = re.compile(rf"\b(?P<n>{_NUM})\+?\s*-?\s*(?P<u>{_UNIT})\s+(?:with\s+|of\s+)?$", re.I)
# "last order more than 4 months ago"
_AGO_RE = re.compile(
    rf"\s*(?:more\s+than\s+|over\s+|at\s+least\s+)?(?P<n>{_NUM})\+?\s*(?P<u>{_UNIT})\s+ago\b", re.I
)
_PROP_COND_RE = re.compile(
    r"(?:\bproperty\s+)?\b(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9_]*(?=\s*!?==?))\s*"
    # "the property shoe_size have value 42": a learner's "has value" is "="
    r"(?P<op>!=|==|=|\bis\s+not\b|\bisn'?t\b|\bis\b|\bequals\b|\bcontains\b"
    r"|\b(?:has|have|having|with)\s+(?:the\s+|a\s+)?value(?:\s+of)?\b)\s*"
    r"['\"]?(?P<value>[\w.@-]+)",
    re.I,
)
_PROP_UPDATE_VERB_RE = re.compile(
    r"\b(?:tag\w*|set|sets|mark\w*|update\w*|record\w*|save|store|label)\b"
    # "anyone who replies IN gets the property waitlist = yes": receiving a property is an update
    r"|\b(?:gets?|receives?)\s+(?:the\s+|a\s+)?(?:property|attribute)\b",
    re.I,
)
_VIP_RE = re.compile(r"\bvips?\b", re.I)
# "everyone on the list, not just VIPs": a group named only to say the audience is wider
_WIDENED_RE = re.compile(
    r"\b(?:not\s+(?:just|only|merely|simply|limited\s+to)|no\s+s[oó]lo|pas\s+(?:seulement|uniquement)"
    r"|nicht\s+nur)\b[^.;,!?\n]{0,30}$",
    re.I,
)


def _widened(text: str, position: int) -> bool:
    """True when the group mentioned at `position` follows "not just": it is no filter."""
    return bool(_WIDENED_RE.search(text[max(0, position - 60) : position]))


# "everyone with a loyalty_points property", "customers without the referral_code property set"
_PROP_EXISTS_RE = re.compile(
    r"\b(?P<verb>with|without|have|has|having|lack\w*)\s+(?:a|an|the|any|no)?\s*(?:property\s+)?"
    r"(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?:\s+property)?(?!\s*(?:!?==?|\bis\b|\bequals\b|\bcontains\b))",
    re.I,
)


def _extract_audience(text: str, clauses: list[Clause] | None = None) -> list[AudienceCondition]:
    found = _event_conditions(text, clauses) + _property_conditions(text, clauses)
    named: set[str] = {c.property_name for _, c in found if c.property_name}
    found += _exists_conditions(text, named)
    vip = next((m for m in _VIP_RE.finditer(text) if not _widened(text, m.start())), None)
    if vip and not any(c.property_name == "customer_type" for _, c in found):
        found.append(
            (
                vip.start(),
                AudienceCondition(
                    kind="property",
                    property_name="customer_type",
                    property_operator="with a value of",
                    property_value="vip",
                ),
            )
        )
    found.sort(key=lambda item: item[0])
    return _merge_conditions([c for _, c in found])


def _event_window_days(text: str, m: re.Match[str]) -> int | None:
    """The "in the last N days" that goes with the event mentioned at `m`, in days."""
    after = _clause_after(text, m.end())
    window = (
        _WINDOW_RE.search(after)
        or _WINDOW_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()])
        or _AGO_RE.match(after)
        # "die in den letzten 21 Tagen ein Produkt angesehen haben": the window opens the clause
        or _WINDOW_RE.search(_clause_before(text, m.start(), width=60))
    )
    if not window:
        return None
    dur = _duration(window.group("n"), window.group("u"))
    return _as_days(dur) if dur else None


def _event_conditions(text: str, clauses: list[Clause] | None) -> list[tuple[int, AudienceCondition]]:
    found: list[tuple[int, AudienceCondition]] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    for action, negated, gate, pattern in _ACTION_PATTERNS:
        if not _mentions(low, *gate):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            if _indifferent(clauses, m.start()):
                continue  # "doesn't matter if they've bought before or not": no condition at all
            if _widened(text, m.start()):
                continue  # "everyone, not just the people who viewed it": no condition either
            neg = negated or bool(_NEGATION_RE.search(_clause_before(text, m.start())))
            condition = AudienceCondition(
                kind="event",
                action=action,
                operator="has_not" if neg else "has",
                days=_event_window_days(text, m),
            )
            found.append((m.start(), condition))
    return found


def _after_update_verb(text: str, position: int) -> bool:
    """True when the sentence holding `position` sets something before it ("tag them with x = 1")."""
    sentence_start = max(text.rfind(".", 0, position), text.rfind(";", 0, position))
    return bool(_PROP_UPDATE_VERB_RE.search(text[sentence_start + 1 : position]))


def _value_operator(op: str) -> str:
    if op in ("!=", "is not", "isn't", "isnt"):
        return "with a value not equal to"
    if op == "contains":
        return "with a value containing"
    return "with a value of"


def _property_condition(
    text: str, m: re.Match[str], clauses: list[Clause] | None
) -> AudienceCondition | None:
    if _after_update_verb(text, m.start()):
        return None  # "tag ... with property x = true" is an update, not a condition
    if _widened(text, m.start()):
        return None  # "not just tier = gold": the audience is wider than the condition
    if _outside_audience(clauses, m.start()):
        return None  # "No reply = ship": an equation in a replies clause says where a reply leads
    raw_name = m.group("name")
    if raw_name.isupper() and "_" not in raw_name and len(raw_name) > 1:
        return None  # "GOOD = review link" gives a reply keyword its meaning; it is no property
    name = raw_name.lower()
    after_property = text[max(0, m.start() - 9) : m.start()].lower().strip().endswith("property")
    op = m.group("op").lower()
    if "_" not in name and not after_property and op not in ("=", "==", "!="):
        return None
    operator = _value_operator(op)
    value: str | None = m.group("value").lower().rstrip(".")
    if op in ("=", "==", "!=") and not m.group(0).endswith("."):
        value = f"{value}{_second_value_word(text, m.end())}"
    if value in ("set", "present") and op == "is":
        operator, value = "that exists", None
    return AudienceCondition(
        kind="property", property_name=name, property_operator=operator, property_value=value
    )


# "favorite_artist = lunar tides.": a value of two words that ends its clause
_SECOND_VALUE_WORD_RE = re.compile(r"\s(?P<w>[a-z][a-z0-9-]{1,20})(?=\s*(?:[.;!?,)]|$))")
_NOT_A_VALUE_WORD = {
    "customers", "customer", "people", "subscribers", "members", "buyers", "users", "accounts", "only",
    "too", "also", "first", "please", "pls", "thanks", "and", "or",
}  # fmt: skip


def _second_value_word(text: str, end: int) -> str:
    m = _SECOND_VALUE_WORD_RE.match(text, end)
    if m is None or m.group("w") in _NOT_A_VALUE_WORD:
        return ""
    return f" {m.group('w')}"


def _property_conditions(text: str, clauses: list[Clause] | None) -> list[tuple[int, AudienceCondition]]:
    low = text.lower()
    if not ("_" in low or "=" in low or "property" in low):
        return []
    found: list[tuple[int, AudienceCondition]] = []
    for m in _PROP_COND_RE.finditer(text):
        condition = _property_condition(text, m, clauses)
        if condition is not None:
            found.append((m.start(), condition))
    return found


def _exists_conditions(text: str, named: set[str]) -> list[tuple[int, AudienceCondition]]:
    found: list[tuple[int, AudienceCondition]] = []
    for m in _PROP_EXISTS_RE.finditer(text) if "_" in text else ():
        name = m.group("name").lower()
        if name in named or _after_update_verb(text, m.start()):
            continue
        if "property" not in m.group(0).lower():
            continue  # a bare snake_case word after "with" may be anything; "property" says it is one
        verb = m.group("verb").lower()
        absent = verb == "without" or verb.startswith("lack") or " no " in f" {m.group(0).lower()} "
        operator = "does not exist" if absent else "that exists"
        found.append(
            (m.start(), AudienceCondition(kind="property", property_name=name, property_operator=operator))
        )
        named.add(name)
    return found


def _indifferent(clauses: list[Clause] | None, position: int) -> bool:
    clause = clause_at(clauses or [], position)
    return clause is not None and clause.is_about("indifferent")


def _outside_audience(clauses: list[Clause] | None, position: int) -> bool:
    """True when the words at `position` sit in a replies/updates clause that names no audience."""
    clause = clause_at(clauses or [], position)
    if clause is None or clause.label == "audience" or clause.is_about("audience"):
        return False
    return clause.is_about("replies", "updates")


_FILTER_WORDS_RE = re.compile(r"\b(?:where|whose|with|who|only|audience|segment)\b", re.I)


def _not_set_by_flow(
    audience: list[AudienceCondition], updates: list[PropertyUpdate], text: str, clauses: list[Clause]
) -> list[AudienceCondition]:
    """A property the flow itself sets ("set club_status to member") is no entry filter, unless an
    audience clause asks for it ("customers where club_status = member")."""
    updated = {u.name.lower() for u in updates}
    kept: list[AudienceCondition] = []
    for condition in audience:
        name = (condition.property_name or "").lower()
        if condition.kind != "property" or name not in updated:
            kept.append(condition)
            continue
        for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
            clause = clause_at(clauses, m.start())
            if (
                clause
                and not _PROP_UPDATE_VERB_RE.search(clause.text)
                and (clause.label == "audience" or _FILTER_WORDS_RE.search(clause.text))
            ):
                kept.append(condition)
                break
    return kept


def _merge_conditions(conditions: list[AudienceCondition]) -> list[AudienceCondition]:
    """One condition per (action, operator): a windowed mention beats a bare one."""
    merged: list[AudienceCondition] = []
    for cond in conditions:
        twin = next(
            (
                c
                for c in merged
                if c.kind == cond.kind
                and c.action == cond.action
                and c.operator == cond.operator
                and c.property_name == cond.property_name
            ),
            None,
        )
        if twin is None:
            merged.append(cond)
        elif twin.days is None and cond.days is not None:
            twin.days = cond.days
    return merged


# ------------------------------------------------------------------ discounts

_PERCENT_RE = re.compile(
    rf"(?<![\d/.])(?P<v>\d{{1,3}}|\b(?:{_TENS_NUM}|five|ten|fifteen))[\s-]*(?:%|percent\b|per\s+cent\b|pct\b)(?!\s*/)",
    re.I,
)
# "de descuento", "de réduction", "Rabatt": briefs are not always written in English
_PERCENT_OK_AFTER = re.compile(
    r"^\s*(?:off|discount|saving|savings|sitewide|site-wide|store-?wide|coupon|de\s+descuento|descuento"
    r"|de\s+r[eé]duction|de\s+remise|rabatt|sconto|di\s+sconto)",
    re.I,
)
_PERCENT_OK_BEFORE = re.compile(
    r"\b(?:save|saving|discount\w*|extra|take|get|gets|give|giving|offer\w*|with)\s*$"
    r"|(?:^|\s)[-\u2212\u2013]$",  # "-30 %": a minus sign in front of a percentage is money off
    re.I,
)
# "$15", "15 dollars off", "€10", "10 €" / "10 EUR" (written after the number in much of Europe)
_AMOUNT_RE = re.compile(
    rf"[$€£]\s?(?P<v>\d{{1,6}}(?:[.,]\d{{2}})?)(?!\s*[kKmM]\b)|\b(?P<w>\d{{1,6}}|{_TENS_NUM}|{_UNITS_WORDS}|ten|eleven|twelve|fifteen)"
    r"\s*-?\s*(?:dollars?|bucks?|euros?|pounds?)\s+off\b"
    r"|\b(?P<e>\d{1,6}(?:[.,]\d{2})?)\s?(?:€|eur\b|euros?\b)",
    re.I,
)
_AMOUNT_THRESHOLD_RE = re.compile(
    r"\b(?:over|above|at\s+least|min(?:imum)?|spend(?:ing)?|orders?\s+of|more\s+than|under|below)\s*$", re.I
)
_FREE_SHIPPING_RE = re.compile(r"\bfree\s+(?:shipping|delivery)\b|\bships?\s+free\b", re.I)
_CODE_RE = re.compile(
    r"\b(?i:promo\s+|discount\s+|coupon\s+)?(?i:code|coupon)\s*[:=-]?\s*['\"\u201c]?(?P<code>[A-Za-z0-9][A-Za-z0-9_-]{1,24})\b"
)


_CODE_STOPWORDS = {"at", "in", "on", "for", "to", "below", "above", "and", "or", "is", "will", "when", "the"}


# "bump it to 20%", "increase the discount to $15": a later, bigger offer (never "raise the price to")
_ESCALATION_BEFORE_RE = re.compile(
    r"\b(?:bump|raise|increase|up|upgrade|sweeten|boost|escalate|deepen|jump|take|make|push)(?:s|ed|ing)?\s+"
    r"(?:(?:it|that|this|them|the\s+(?:offer|discount|deal|code|coupon|savings?|incentive))\s+)?"
    r"(?:up\s+)?(?:to|into)\s*(?:an?\s+)?$",
    re.I,
)
_OFFER_NEAR_AFTER_RE = re.compile(
    r"^\s*(?:off|discount|credit|back|rebate|savings?|de\s+descuento|de\s+r[eé]duction|de\s+remise|rabatt)\b",
    re.I,
)
_OFFER_NEAR_BEFORE_RE = re.compile(
    r"\b(?:save|saving|discount|credit|extra|take|get|coupon|voucher)\s*$", re.I
)


def _is_price(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """`$119` in "now $119, was $149" is what the product costs, not money off."""
    clause = clause_at(clauses or [], m.start())
    if clause is None or not clause.is_about("price") or clause.label == "offer" or m.group("w"):
        return False
    after, before = text[m.end() : m.end() + 12], text[max(0, m.start() - 20) : m.start()]
    return not (_OFFER_NEAR_AFTER_RE.search(after) or _OFFER_NEAR_BEFORE_RE.search(before))


def _money_off(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """A sum of money is a discount only when offer words frame it ("$15 off", "save $10", an
    "Offer:" line); "standard shipping is $7.95" or "the $89 skillet" states a price."""
    if m.group("w"):  # "5 dollars off" says "off" itself
        return True
    after, before = text[m.end() : m.end() + 12], text[max(0, m.start() - 20) : m.start()]
    if _OFFER_NEAR_AFTER_RE.search(after) or _OFFER_NEAR_BEFORE_RE.search(before):
        return True
    if _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]) and _mentions(
        text[: m.start()].lower(), "off", "discount", "save", "credit", "coupon"
    ):
        return True  # "$10 off; no reply: bump it to $15" (an offer stated before it)
    clause = clause_at(clauses or [], m.start())
    return clause is not None and clause.label == "offer"


def _extract_discounts(text: str, clauses: list[Clause] | None = None) -> list[Discount]:
    found: list[tuple[int, Discount]] = []
    low = text.lower()
    for m in _gated(_PERCENT_RE, low, "%", "percent", "pct").finditer(text):
        value = parse_count(m.group("v"), default=0)
        after, before = text[m.end() : m.end() + 15], text[max(0, m.start() - 20) : m.start()]
        # "a 20% split", "10% of the list" size a group; "15% off, 50/50 split" is still an offer
        split_context = re.match(
            r"\s*(?:split|of\s+(?:the\s+|our\s+)?(?:audience|customers|list|traffic|subscribers)|holdout|control)\b",
            text[m.end() : m.end() + 25],
            re.I,
        )
        if not 0 < value <= 100 or split_context:
            continue
        escalated = _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if _PERCENT_OK_AFTER.search(after) or _PERCENT_OK_BEFORE.search(before) or escalated:
            found.append((m.start(), Discount(kind="percentage", value=str(value))))
    for m in _gated(_AMOUNT_RE, low, "$", "dollar", "buck", "€", "£", "eur").finditer(text):
        raw = (m.group("v") or m.group("w") or m.group("e")).replace(",", ".")
        if not raw[0].isdigit():  # "five dollars off"
            raw = str(parse_count(raw, default=0))
        if _AMOUNT_THRESHOLD_RE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if _is_price(text, m, clauses) or not _money_off(text, m, clauses):
            continue
        amount = raw[:-3] if raw.endswith(".00") else raw
        if amount.replace(".", "").isdigit() and float(amount) > 0:
            found.append((m.start(), Discount(kind="amount", value=amount)))
    for m in _gated(_FREE_SHIPPING_RE, low, "free", "ship").finditer(text):
        found.append((m.start(), Discount(kind="free_shipping")))
    for m in _gated(_CODE_RE, low, "code", "coupon").finditer(text):
        code = m.group("code")
        # a code is written in capitals or carries a digit; "code at checkout" is prose
        if not (code.isupper() or any(ch.isdigit() for ch in code)) or (code.isdigit() and len(code) < 3):
            continue
        if code.lower() in _CODE_STOPWORDS:  # "USE CODE AT CHECKOUT" in an all-caps brief
            continue
        found.append((m.start(), Discount(kind="code", code=code.upper())))
    found.sort(key=lambda item: item[0])
    unique: list[Discount] = []
    for _, d in found:
        if d not in unique:
            unique.append(d)
    return unique


# ------------------------------------------------------------------ replies

_KNOWN_INTENTS = {
    "yes", "no", "y", "n", "stop", "buy", "save", "shop", "more", "info", "help", "refill", "deal",
    "join", "order", "start", "go", "ok", "okay", "sure", "later", "skip", "now", "cancel", "vip",
    "reorder", "yes please", "details", "menu", "claim", "want", "cart", "gift", "size",
}  # fmt: skip
_REPLY_VERB_RE = re.compile(
    r"\b(?:reply|replies|replying|respond|responding|text|texting|txt)\s+(?:(?-i:back)\s+)?(?:with\s+)?", re.I
)
_KEYWORD_RE = re.compile(r"['\"\u201c]?(?P<kw>[A-Za-z]{1,20}|\d{1,2})['\"\u201d]?(?![\w'])")
_MEANING_RE = re.compile(
    r"\s*(?:for|to|=|->|:|-)\s+(?P<m>[^,;.!?()\n]{1,60}?)(?=\s*(?:,|;|\.|!|\?|\)|\n|$|\bor\b|\band\b|\breply\b))",
    re.I,
)
# a keyword is followed by its meaning, another keyword or the end of the phrase ("1 unit" is not one)
_KEYWORD_END_RE = re.compile(r"\s*(?:for\b|to\b|=|->|:|-|,|\bor\b|\band\b|/|[.;!?)\n]|$|\s*\w+\s+to\b)", re.I)
_NEXT_KEYWORD_RE = re.compile(
    r"\s*(?:,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s*/\s*)(?:reply\s+|text\s+)?", re.I
)
_RATING_RE = re.compile(
    r"\b(?:rate|rating|score|scale)\b[^.;!?]{0,60}?\b(?:from|of|between)?\s*(?P<lo>\d{1,2})\s*(?:to|-|and|through)\s*(?P<hi>\d{1,2})\b",
    re.I,
)


def _is_keyword(word: str, first: bool) -> bool:
    if word.isdigit():
        return True
    if len(word) >= 2 and word.isupper():
        return True
    return word.lower() in _KNOWN_INTENTS and (first or len(word) > 1)


# German puts the verb last ("wer mit JA antwortet"), read as "with JA reply(ies)" after the glossary
_VERB_LAST_KEYWORD_RE = re.compile(
    r"\bwith\s+['\"\u201c]?(?P<kw>(?-i:[A-Z]{2,20}))['\"\u201d]?\s+(?:reply|replies|responds?|answers?)\b",
    re.I,
)


# a routing line in a spec sheet: "SIZES -> product picker of our best sellers", "HELP → an agent"
_ROUTING_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*\u2022][ \t]*)?['\"\u201c]?(?P<kw>(?-i:[A-Z][A-Z0-9]{1,19}))['\"\u201d]?[ \t]*"
    r"(?:->|-->|=>|\u2192|\u21d2|\u2794|\u27a1)[ \t]*(?P<m>[^\n]{1,60})",
    re.M,
)
# "If NO, set churn_risk = high": a branch named by its keyword alone
_IF_KEYWORD_RE = re.compile(
    r"\bif\s+(?:they\s+(?:reply|replied|say|said|answer|answered|text|texted)\s+(?:with\s+)?)?"
    r"['\"\u201c]?(?P<kw>(?-i:[A-Z][A-Z0-9]{1,19}|\d{1,2}))['\"\u201d]?\s*[,:]",
    re.I,
)


def _routing_replies(text: str) -> list[tuple[str, str]]:
    """Keywords and what they lead to, from spec-sheet routing lines ("SHOP -> the new range")."""
    found: list[tuple[str, str]] = []
    for m in _ROUTING_LINE_RE.finditer(text):
        meaning = re.split(r"[,;.!?(]", m.group("m"), maxsplit=1)[0].strip().lower()
        found.append((m.group("kw").lower(), meaning))
    return found


def _extract_replies(text: str) -> tuple[list[str], dict[str, str]]:
    keywords: list[str] = []
    meanings: dict[str, str] = {}
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)
    for verb in _REPLY_VERB_RE.finditer(text):
        pos, first = verb.end(), True
        while True:
            m = _KEYWORD_RE.match(text, pos)
            if m is None:
                break
            # "Reply A for sizes, B for colors": a lone capital is a keyword when its meaning follows
            letter = len(m.group("kw")) == 1 and m.group("kw").isupper() and not shouting
            lettered = letter and bool(_MEANING_RE.match(text, m.end()))
            if not (lettered or _is_keyword(m.group("kw"), first)):
                break
            # "replies YES gets tagged": a capitalised word in a brief not written in capitals is a keyword
            capitalised = len(m.group("kw")) >= 2 and m.group("kw").isupper() and not shouting
            if not (capitalised or lettered) and not _KEYWORD_END_RE.match(text, m.end()):
                break
            kw = m.group("kw").lower()
            if kw not in keywords:
                keywords.append(kw)
            pos = m.end()
            meaning = _MEANING_RE.match(text, pos)
            if meaning:
                meanings.setdefault(kw, meaning.group("m").strip().lower())
                pos = meaning.end()
            nxt = _NEXT_KEYWORD_RE.match(text, pos)
            if not nxt:
                break
            pos, first = nxt.end(), False
    _add_other_reply_forms(text, keywords, meanings)
    return keywords, meanings


def _add_other_reply_forms(text: str, keywords: list[str], meanings: dict[str, str]) -> None:
    """Keywords given without "reply X": verb-last German, routing lines, a rating scale."""
    for m in _VERB_LAST_KEYWORD_RE.finditer(text):
        if m.group("kw").lower() not in keywords:
            keywords.append(m.group("kw").lower())
    for kw, meaning in _routing_replies(text):
        if kw not in keywords:
            keywords.append(kw)
        if meaning:
            meanings.setdefault(kw, meaning)
    for m in _RATING_RE.finditer(text):
        lo, hi = int(m.group("lo")), int(m.group("hi"))
        if 0 <= lo < hi and hi - lo <= 10:
            for n in range(lo, hi + 1):
                if str(n) not in keywords:
                    keywords.append(str(n))


# ------------------------------------------------------------------ waits and no-reply timeouts

# the ways a brief says "the customer did not answer" ("no reply", "didn't respond", "nothing back",
# "if they ignore it"); shared by the timeout reader and the "is this wait a no-reply wait" test
_SILENCE = (
    r"(?:(?:\b(?:no|not|never|without)|n'?t)\s+(?:\w+\s+){0,2}?(?:reply|replies|replied|respond\w*|response|answer\w*)"
    r"|\bno[- ]reply\b|\bnon[- ]?responders?\b|\bunresponsive\b|\bnothing\s+(?:back|heard)\b"
    r"|\bignor(?:e[sd]?|ing)\s+(?:it|this|us|them|(?:the|our)\s+(?:\w+\s+)?\w+))"
)
_SILENCE_GATE = ("repl", "respon", "answer", "nothing", "ignor")
_NEG_REPLY_RE = re.compile(_SILENCE, re.I)
_NOREPLY_RE = re.compile(
    rf"{_SILENCE}\s*(?:back\s+)?(?:to\s+\w+\s+)?"
    rf"(?:within|in|after|for|by)\s+(?:the\s+(?:next|first)\s+)?{_DUR}",
    re.I,
)
# "wait like 2 hrs", "after roughly three days", "wait another ~4 days": hedges before a duration
_ROUGHLY = r"(?:(?:about|around|roughly|approx\.?|approximately|like|maybe|say|another|~)\s*){0,3}"
# "give them two days to answer before a reminder": the time allowed for a reply is its timeout
_TIME_TO_ANSWER_RE = re.compile(
    rf"\b(?:give|giving|allow|allowing|leave|leaving)\s+(?:them|customers|people|everyone|folks)?\s*"
    rf"{_ROUGHLY}{_DUR}\s+(?:to|for\s+(?:a|their))\s+(?:reply|replies|respond|response|answer|get\s+back)\b",
    re.I,
)
_WAIT_VERB_RE = re.compile(rf"\b(?:wait|waits|waiting|delay|pause|hold)\s+(?:for\s+)?{_ROUGHLY}{_DUR}", re.I)
_EVERY_RE = re.compile(
    rf"\bevery\s+(?P<other>other\s+)?{_DUR}|\bevery\s+(?P<other2>other\s+)?(?P<u2>day|week|hour)\b", re.I
)
_AFTER_RE = re.compile(rf"\bafter\s+(?:waiting\s+)?{_ROUGHLY}{_DUR}", re.I)
_LATER_RE = re.compile(
    rf"{_DUR}\s+(?:after|later|early|earlier|afterwards|apart|from\s+now|in\s+advance)\b", re.I
)
_FOLLOWUP_IN_RE = re.compile(
    rf"\b(?:follow[- ]?up|remind\w*|check(?:\s+in)?|nudge|ping)\s+(?:(?:them|back|again)\s+){{0,2}}in\s+{_DUR}",
    re.I,
)
_MESSAGE_NOUNS, _REMINDER_NOUNS = series_nouns()
# "3 texts a week apart", "two reminders, 3 days apart": a count of sends and the gap between them
_SPACED_SERIES_RE = re.compile(
    rf"\b(?P<c>{_NUM})\s+(?:more\s+)?(?:(?P<msg>{_MESSAGE_NOUNS})|(?P<rem>{_REMINDER_NOUNS}))\b"
    rf"[^.;!?]{{0,24}}?\b(?P<gn>{_NUM})\s*-?\s*(?P<gu>{_UNIT})\s+apart\b",
    re.I,
)
# "every other day for a week": a gap and the span it runs over
_SERIES_SPAN_RE = re.compile(
    rf"\bevery\s+(?P<other>other\s+)?(?:(?P<gn>{_NUM})\s*-?\s*)?(?P<gu>{_UNIT})\s+for\s+"
    rf"(?:the\s+next\s+|a\s+whole\s+|a\s+full\s+)?(?P<sn>{_NUM})\s*-?\s*(?P<su>{_UNIT})\b",
    re.I,
)


class _Series(BaseModel):
    start: int
    end: int
    gap: Duration
    waits: int  # gaps between the sends of the series
    reminders: int  # sends after the first


def _spaced_series(text: str) -> list[_Series]:
    """Series of sends stated by count and gap, or by gap and span."""
    low = text.lower()
    found: list[_Series] = []
    if "apart" in low:
        for m in _SPACED_SERIES_RE.finditer(text):
            count, gap = parse_count(m.group("c")), _duration(m.group("gn"), m.group("gu"))
            if gap is None or not 1 <= count <= 10:
                continue
            sends_after_first = count if m.group("rem") else count - 1
            found.append(_Series(start=m.start(), end=m.end(), gap=gap, waits=sends_after_first,
                                 reminders=sends_after_first))  # fmt: skip
    if "every" in low and " for " in low:
        for m in _SERIES_SPAN_RE.finditer(text):
            gap = _duration(m.group("gn") or "1", m.group("gu"))
            span = _duration(m.group("sn"), m.group("su"))
            if gap is None or span is None:
                continue
            if m.group("other"):
                gap = Duration(value=gap.value * 2, unit=gap.unit)
            sends = math.ceil(span.seconds / gap.seconds)
            if not 2 <= sends <= 10:
                continue
            found.append(_Series(start=m.start(), end=m.end(), gap=gap, waits=sends - 1, reminders=sends - 1))
    return found


_HALF_HOUR_RE = re.compile(
    r"\bhalf\s+an\s+hour\s+(?:after|later)|\bafter\s+half\s+an\s+hour|\bwait\s+half\s+an\s+hour", re.I
)


def _negated_reply_near(text: str, start: int, end: int) -> bool:
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start), start - 60) + 1
    stop = [i for i in (text.find(".", end), text.find(";", end)) if i != -1]
    hi = min([end + 60, *stop])
    return bool(_NEG_REPLY_RE.search(text[lo:hi]))


class _Timeline:
    """Waits and no-reply timeouts found so far, by position; a span of text is read only once."""

    def __init__(self, text: str) -> None:
        self.text = text
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
        (self.no_reply if no_reply else self.waits).append((m.start(), dur))

    def result(self) -> tuple[list[Duration], list[Duration]]:
        return [d for _, d in sorted(self.waits, key=lambda i: i[0])], [
            d for _, d in sorted(self.no_reply, key=lambda i: i[0])
        ]


def _repeat_gap(pattern: re.Pattern[str], m: re.Match[str]) -> Duration | None:
    """ "wait 2 days" / "every other week": the gap a wait or repeat pattern states."""
    unit = m.group("u") or m.group("u2") if "u2" in pattern.groupindex else m.group("u")
    dur = _duration(m.group("n") if m.group("u") else "1", unit)
    if dur and "other" in pattern.groupindex and (m.group("other") or m.group("other2")):
        dur = Duration(value=dur.value * 2, unit=dur.unit)
    return dur


def _extract_waits(text: str) -> tuple[list[Duration], list[Duration]]:
    timeline = _Timeline(text)
    low = text.lower()
    # "max one message every 2 days" is a cap: its "every 2 days" is no cadence
    timeline.taken.extend(_cap_spans(text))
    for series in _spaced_series(text):
        timeline.taken.append((series.start, series.end))
        timeline.waits.extend((series.start + i, series.gap) for i in range(series.waits))
    for m in _gated(_NOREPLY_RE, low, *_SILENCE_GATE).finditer(text):
        timeline.add(m, _duration(m.group("n"), m.group("u")), no_reply=True)
    for m in _gated(_TIME_TO_ANSWER_RE, low, "give", "allow", "leav").finditer(text):
        timeline.add(m, _duration(m.group("n"), m.group("u")), no_reply=True)
    for pattern in (
        _gated(_WAIT_VERB_RE, low, "wait", "delay", "pause", "hold"),
        _gated(_EVERY_RE, low, "every"),
    ):
        for m in pattern.finditer(text):
            timeline.add(m, _repeat_gap(pattern, m), no_reply=False)
    for pattern in (
        _gated(_AFTER_RE, low, "after"),
        _gated(_LATER_RE, low, "after", "later", "early", "earlier", "apart", "from now", "in advance"),
        _gated(_FOLLOWUP_IN_RE, low, "follow", "remind", "check", "nudge", "ping"),
    ):
        for m in pattern.finditer(text):
            timeline.add(m, _duration(m.group("n"), m.group("u")))
    for m in _gated(_HALF_HOUR_RE, low, "half").finditer(text):
        timeline.add(m, Duration(value=30, unit="minutes"), no_reply=False)
    for m in _gated(next_day_pattern(), low, "day").finditer(text):
        timeline.add(m, Duration(value=1, unit="days"))
    return timeline.result()


# ------------------------------------------------------------------ frequency caps and entry limits

_CAP_LEAD = (
    r"(?:at\s+most|no\s+more\s+than|not\s+more\s+than|never\s+(?:\w+\s+){0,3}?more\s+than"
    r"|(?:no\s*one|nobody|no\s+(?:customer|person|subscriber|contact)|none\s+of\s+them)\s+(?:\w+\s+){0,3}?more\s+than"
    r"|(?:do\s+not|don'?t)\s+(?:\w+\s+){0,3}?more\s+than|max(?:imum)?(?:\s+of)?|up\s+to|capped\s+at"
    r"|cap(?:ped)?(?:\s+\w+)?\s+(?:at|to)|cap:?|limit(?:ed)?(?:\s+\w+)?\s+to|throttled?\s+to|only)"
)
# "2 texts per person per week": who the cap applies to may sit between the count and its period
_PER_RECIPIENT = (
    r"(?:per|a|each|for\s+each)\s+(?:person|customer|subscriber|contact|recipient|profile|shopper)\s+"
)
_SPAN_WORDS = rf"(?:{_TENS_NUM}|{_UNITS_WORDS}|ten|eleven|twelve|fourteen|fifteen)\b"
_CAP_RE = re.compile(
    rf"\b{_CAP_LEAD}\s+(?P<n>{_NUM})\s*(?:[a-z]+\s+){{0,2}}?(?:{_PER_RECIPIENT})?(?:per|a|an|each|every|in|within|over|/)\s*"
    rf"(?P<span>(?:\d{{1,4}}|{_SPAN_WORDS})\s*)?(?P<u>{_UNIT})\b",
    re.I,
)
_CAP_TRAILING_RE = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?:messages?|texts?|sms|times?)\s+(?:per|a|an|each|in|every)\s+(?P<span>\d{{1,4}}\s*)?"
    rf"(?P<u>{_UNIT})\s*(?:max(?:imum)?|at\s+most|tops)\b",
    re.I,
)
_ENTRY_CONTEXT_RE = re.compile(
    r"\b(?:enter\w*|entry|entries|flow|per\s+(?:customer|person|subscriber|contact))\b", re.I
)
_ONCE_EVER_RE = re.compile(
    r"\b(?:only\s+)?once\s+(?:per|for\s+each)\s+(?:customer|person|subscriber|contact|shopper)\b"
    r"|\bonly\s+once\b|\bonce\s+ever\b|\bnever\s+(?:re-?enter|again)\b",
    re.I,
)
# "once per customer" has no period in FlowBuilder; a year is the longest window a limit
# node sensibly expresses.
_LIFETIME = FrequencyCap(occurrences=1, timespan=365, period="Days")


def _cap(n: str, span: str | None, unit: str) -> FrequencyCap | None:
    occurrences = parse_count(n)
    timespan = parse_count(span.strip()) if span and span.strip() else 1
    canon = _unit(unit)
    factor = {"weeks": 7, "months": 30, "years": 365, **unit_days()}.get(canon, 1)
    period = {"minutes": "Minutes", "hours": "Hours"}.get(canon, "Days")
    if occurrences <= 0 or timespan <= 0:
        return None
    return FrequencyCap(occurrences=occurrences, timespan=timespan * factor, period=period)  # type: ignore[arg-type]


def _cap_spans(text: str) -> list[tuple[int, int]]:
    if not _mentions(text.lower(), "most", "more than", "max", "up to", "cap", "limit", "thrott", "tops"):
        return []
    return [(m.start(), m.end()) for pattern in (_CAP_RE, _CAP_TRAILING_RE) for m in pattern.finditer(text)]


def _extract_caps(text: str) -> tuple[list[FrequencyCap], list[FrequencyCap]]:
    caps: list[FrequencyCap] = []
    entries: list[FrequencyCap] = []
    spans: list[tuple[int, int]] = []
    low = text.lower()
    if not _mentions(
        low, "most", "more than", "max", "up to", "cap", "limit", "thrott", "only", "once", "tops"
    ):
        return caps, entries
    for pattern in (_CAP_RE, _CAP_TRAILING_RE):
        for m in pattern.finditer(text):
            if m.group(0).lower().startswith("only") and not re.search(r"\bonce\b", m.group(0), re.I):
                continue
            cap = _cap(m.group("n"), m.group("span"), m.group("u"))
            if cap is None:
                continue
            spans.append((m.start(), m.end()))
            sentence_start = max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start())) + 1
            sentence_end = text.find(".", m.end())
            sentence = text[sentence_start : sentence_end if sentence_end != -1 else len(text)]
            target = entries if _ENTRY_CONTEXT_RE.search(sentence) else caps
            if cap not in target:
                target.append(cap)
    for m in _ONCE_EVER_RE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in spans):
            continue
        if _LIFETIME not in entries:
            entries.append(_LIFETIME.model_copy())
    return caps, entries


# ------------------------------------------------------------------ send windows

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
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
    r"|\b(?P<iana>(?:America|Europe|Asia|Australia|Africa|Pacific)/[A-Za-z_]+)\b"
)
# right after a time, a bare region word is the zone: "between 10am and 6pm Pacific"
_BARE_ZONE_WORD_RE = re.compile(r"^[\s,(]*(?P<word>pacific|eastern|central|mountain)\b", re.I)
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
    m = _TZ_RE.match(text, end) or _TZ_RE.search(text[end : end + 12])
    if m:
        return _tz_name(m)
    bare = _BARE_ZONE_WORD_RE.match(text[end : end + 30])
    if bare:
        return _TZ_WORDS[bare.group("word").lower()]
    return fallback


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
        if last < first:
            last = last.replace(year=last.year + 1)
        found.append((m, _stamp(first), _stamp(last, end_of_day=True), False))
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
    for m in _RELATIVE_RE.finditer(text):
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
        ahead = (_WEEKDAYS[m.group("wd").lower()] - today.weekday()) % 7 or 7
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
        (has_month, _date_moments),
        (_mentions(low, "today", "tonight", "tomorrow"), _relative_moments),
        (_mentions(low, *_WEEKDAYS), _weekday_moments),
        ("weekend" in low, _weekend_moments),
    ]
    return [reader for wanted, reader in gated if wanted]


def _extract_send_windows(text: str, today: date) -> list[SendWindow]:
    readers = _moment_readers(text)
    if not readers:
        return []
    zones = {_tz_name(m) for m in _TZ_RE.finditer(text)}
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
    rf"(?:\d{{1,2}}(?::[0-5]\d)?\s*{_MERIDIEM}|\d{{1,2}}(?::[0-5]\d)?[ap](?![a-z])"
    r"|(?:[01]?\d|2[0-3])(?::[0-5]\d)?)"
)
_HOURS_RANGE_RE = re.compile(
    rf"(?<![\w$€£.,:/#-])(?P<lead>(?:between|from)\s+)?(?P<a>{_LOOSE_CLOCK})\s*"
    r"(?:and|to|until|till|til|thru|through|-|\u2013|\u2014)\s*"
    rf"(?P<b>{_LOOSE_CLOCK})(?![\w%$€:/]|[.,]\d)"
    r"(?!\s*(?:%|percent|days?|d\b|hours?|hrs?|h\b|weeks?|wks?|months?|minutes?|mins?|years?|x\b|times?"
    r"|texts?|messages?|sms|units?|items?|pieces?|people|customers?|orders?|products?|off\b|dollars?|euros?"
    r"|bucks|points?|stars?|reviews?|year|yo\b|k\b))",
    re.I,
)
_SEND_CUE_BEFORE_RE = re.compile(
    r"\b(?:send\w*|sent|go(?:es)?\s+out|deliver\w*|text(?:s|ing)?|messag\w*|hours|window|blast\w*|only"
    r"|mon|tue|wed|thu|fri|sat|sun|weekdays?|weekends?|daily|every\s+day)\b[^.;\n]{0,30}$",
    re.I,
)


def _clock_parts(raw: str) -> tuple[int, int, str | None]:
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


def _hours_matches(text: str) -> list[tuple[re.Match[str], tuple[int, int], tuple[int, int]]]:
    found = []
    for m in _HOURS_RANGE_RE.finditer(text):
        a_raw, b_raw = m.group("a"), m.group("b")
        stated = re.search(r"[ap]|:", a_raw + b_raw, re.I)
        if not stated:
            line_start = max(text.rfind("\n", 0, m.start()), text.rfind(".", 0, m.start()))
            before = text[max(line_start + 1, m.start() - 40) : m.start()]
            zone = _TZ_RE.match(text, m.end()) or _BARE_ZONE_WORD_RE.match(text[m.end() : m.end() + 30])
            if not (zone or (m.group("lead") and _SEND_CUE_BEFORE_RE.search(before))):
                continue
        parsed = _hours_range(a_raw, b_raw)
        if parsed is None or parsed[0] >= parsed[1]:
            continue
        found.append((m, parsed[0], parsed[1]))
    return found


def _extract_send_hours(text: str) -> list[SendHours]:
    found: list[SendHours] = []
    days, day_words = _send_days(text)
    for m, a, b in _hours_matches(text) if re.search(r"\d", text) else ():
        words = m.group(0).strip()
        found.append(
            SendHours(
                start=f"{a[0]:02d}:{a[1]:02d}",
                end=f"{b[0]:02d}:{b[1]:02d}",
                timezone=_zone_after(text, m.end()),
                text=words,
                days=days,
            )
        )
    if days and not found:
        # "weekdays only": the days are stated, the hours are not: the whole day
        found.append(SendHours(start="00:00", end="23:59", text=day_words, days=days))
    return found


# ---- recurring days: "Mon-Fri", "weekdays only", "Tue/Thu", "on weekends", "Tuesdays"

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
            if not re.search(rf"\b{_NUM}\s*$", text[max(0, m.start() - 20) : m.start()], re.I):
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


def _mask_recurring_days(text: str) -> str:
    """`text` with its recurring days blanked, so "Mon-Fri" is never read as next Monday."""
    for m, _ in _day_spans(text):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


# ------------------------------------------------------------------ experiment

_EXPERIMENT_RE = re.compile(
    r"\ba\s*/\s*b(?:\s*/\s*[c-f])*\b|\bab\s+test|\bsplit[- ]test|\bmultivariate|\bexperiment\w*"
    # "an 80-20 split", "70/30 split": shares that sum to 100 name a test
    r"|\b(?:[1-9]\d\s*%?\s*[/-]\s*){1,4}[1-9]\d\s*%?\s*(?:traffic\s+)?split\b"
    r"|\btest(?:ing)?\s+(?:two|three|four|2|3|4)\s+(?:versions|variants|variations|messages|options)"
    rf"|\b(?:two|three|four|five|2|3|4|5)[- ]way\s+{split_noun_pattern()}\b",
    re.I,
)
_WAY_COUNT_RE = re.compile(rf"\b(?P<n>two|three|four|five|2|3|4|5)[- ]way\s+{split_noun_pattern()}\b", re.I)
_GROUP_COUNT_RE = re.compile(
    r"\b(?P<n>two|three|four|five|2|3|4|5)\s+(?:different\s+)?(?:versions|variants|variations|groups|arms|options|messages)\b",
    re.I,
)
_SPLIT_RE = re.compile(
    r"\b(\d{1,2})\s*%?\s*[/-]\s*(\d{1,2})\s*%?(?:\s*[/-]\s*(\d{1,2})\s*%?)?(?=\s*(?:split|%|\b))"
)
_ONE_AND_ONE_RE = re.compile(
    r"\bone\s+(?:that(?:'s|\s+is)\s+|more\s+)?(?P<a>[\w%$-]+)\s+(?:one\s+|version\s+|tone\s+)?"
    r"(?:and|,)\s+(?:one|the\s+other|another)\s+(?:that(?:'s|\s+is)\s+|more\s+)?(?P<b>[\w%$-]+)",
    re.I,
)
_VERSUS_RE = re.compile(r"\s+(?:versus|vs\.?|v\.)\s+", re.I)
_VARIANT_LEFT_CUT_RE = re.compile(r"\b(?:test(?:ing)?|compare|comparing|between|of)\b|[,:;(]", re.I)


# "60% get version A and 40% version B", "variant A 70%, variant B 30%": a share per named group
_SHARE_BEFORE_RE = re.compile(
    r"\b(?P<n>\d{1,2})\s*%\s+(?:of\s+(?:the\s+)?(?:audience|people|customers|list|traffic|recipients)\s+)?"
    r"(?:(?:gets?|sees?|receives?|goes\s+to|to|on|for)\s+)?(?:the\s+)?(?:version|variant|group|arm|copy|message)\s+"
    r"(?P<g>[A-E1-5])\b",
    re.I,
)
_SHARE_AFTER_RE = re.compile(
    r"\b(?:version|variant|group|arm)\s+(?P<g>[A-E1-5])\b\s*(?:[:=(-]|\bat\b|\bgets\b|\bwith\b|\bto\b)?\s*"
    r"(?P<n>\d{1,2})\s*%",
    re.I,
)


def _named_shares(text: str) -> list[int]:
    """Shares written per group, in group order, when they sum to 100; else []."""
    for pattern in (_SHARE_BEFORE_RE, _SHARE_AFTER_RE):
        shares: dict[str, int] = {}
        for m in pattern.finditer(text):
            shares.setdefault(m.group("g").upper(), int(m.group("n")))
        if len(shares) >= 2 and sum(shares.values()) == 100 and all(shares.values()):
            return [shares[g] for g in sorted(shares)]
    return []


def _stated_split(text: str) -> list[int]:
    """The group shares the brief writes ("70/30", "60% get version A and 40% version B"), or []."""
    for m in _SPLIT_RE.finditer(text):
        parts = [int(x) for x in m.groups() if x]
        near_split = re.search(
            r"split|group|traffic|audience|\ba\s*/\s*b\b|\bab\b|test|variants?\b|versions?\b|experiment|arms?\b",
            text[max(0, m.start() - 20) : m.end() + 20],
            re.I,
        )
        if sum(parts) == 100 and all(parts) and near_split:
            return parts
    return _named_shares(text)


def _experiment_keyword(text: str) -> re.Match[str] | None:
    keyword = _EXPERIMENT_RE.search(text)
    if keyword:
        return keyword
    # "run a test: 3 versions, 40/30/30": shares summing to 100 beside a test word
    for m in _SPLIT_RE.finditer(text):
        parts = [int(x) for x in m.groups() if x]
        near = text[max(0, m.start() - 30) : m.end() + 30]
        if (
            sum(parts) == 100
            and all(parts)
            and re.search(r"\btest\w*|\bvariants?\b|\bversions?\b", near, re.I)
        ):
            return m
    return None


def _extract_experiment(text: str) -> ExperimentSpec | None:
    if not _mentions(
        text.lower(), "/", "test", "experiment", "multivariate", "versus", "vs", " v. ", "way", "split"
    ):
        return None
    keyword = _experiment_keyword(text)
    versus = _VERSUS_RE.search(text)
    if not keyword and not versus:
        return None
    variants: list[str] = []
    one_and_one = _ONE_AND_ONE_RE.search(text)
    if one_and_one:
        variants = [one_and_one.group("a").lower(), one_and_one.group("b").lower()]
    elif versus:
        left = text[max(0, versus.start() - 40) : versus.start()]
        cut = 0
        for m in _VARIANT_LEFT_CUT_RE.finditer(left):
            cut = m.end()
        right = re.split(
            r"[,.;:!?()]|\s+(?:and|with|to|for|then)\s+", text[versus.end() : versus.end() + 40]
        )[0]
        a, b = left[cut:].strip(), right.strip()
        if a and b:
            variants = [a.lower(), b.lower()]
    if not keyword and not variants:
        return None
    groups = 2
    if keyword:
        letters = re.findall(r"[a-f]", keyword.group(0).lower().replace("test", ""))
        if "/" in keyword.group(0):
            groups = max(groups, len(letters))
    count = _WAY_COUNT_RE.search(text) or _GROUP_COUNT_RE.search(text)
    if count:
        groups = max(groups, parse_count(count.group("n")))
    split = _stated_split(text)
    if split:
        groups = len(split)
    groups = max(groups, len(variants))
    if split and len(split) != groups:
        split = []  # shares for some other count of groups: not this test's split
    if not split:
        base = 100 // groups
        split = [base + (1 if i < 100 - base * groups else 0) for i in range(groups)]
    return ExperimentSpec(groups=groups, split=split, variants=variants)


# ------------------------------------------------------------------ products

_VARIANT_RE = re.compile(
    r"(?:(?P<name>(?:[A-Z][\w'&-]*\s+){0,4}[A-Z][\w'&-]*)\s*[(,]?\s*)?"
    r"\b(?i:(?:product\s+)?(?:variant(?:[\s_-]?id)?|sku)\s*(?:#|:|no\.?|number)?)\s*(?P<id>\d{2,20})\b",
)
_QUANTITY_RE = re.compile(rf"\b(?P<n>{_NUM})\s+(?:units?|pieces?|pcs|items?\s+of\s+it|of\s+them)\b", re.I)
# "SKU 8812 x2", "variant 991, qty 3", "variant 77 (quantity: 2)": a quantity written beside its id
_QUANTITY_AFTER_ID_RE = re.compile(
    rf"\s*[(,]?\s*(?:[x\u00d7]\s*(?P<x>\d{{1,4}})\b|(?:qty|quantity|count)\s*(?:of\s+)?[:=]?\s*(?P<q>{_NUM})\b"
    rf"|(?P<u>{_NUM})\s+(?:units?|pieces?|pcs)\b)",
    re.I,
)
_NAME_STOPWORDS = {"the", "our", "a", "an", "with", "promote", "offer", "send", "for"}


def _extract_products(text: str) -> list[ProductRef]:
    if not _mentions(text.lower(), "variant", "sku"):
        return []
    quantity_match = _QUANTITY_RE.search(text)
    quantity = max(1, parse_count(quantity_match.group("n"))) if quantity_match else 1
    products: list[ProductRef] = []
    for m in _VARIANT_RE.finditer(text):
        name = m.group("name")
        if name:
            words = name.split()
            while words and words[0].lower() in _NAME_STOPWORDS:
                words.pop(0)
            name = " ".join(words) or None
        if any(p.variant_id == m.group("id") for p in products):
            continue
        own = _QUANTITY_AFTER_ID_RE.match(text, m.end())
        own_quantity = (
            parse_count(own.group("x") or own.group("q") or own.group("u"), default=0) if own else 0
        )
        products.append(ProductRef(variant_id=m.group("id"), quantity=own_quantity or quantity, name=name))
    return products


# ------------------------------------------------------------------ quoted copy

_TEMPLATE_VAR_RE = re.compile(r"\{\{[^}]*\}\}")


def _extract_quoted_copy(text: str) -> list[str]:
    copies: list[str] = []
    for m in _QUOTE_RE.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if quoted.count("\n") > 4:  # more likely two stray quote marks than one SMS
            continue
        looks_like_copy = (" " in quoted.strip() and len(quoted) >= 15) or _TEMPLATE_VAR_RE.search(quoted)
        if looks_like_copy and quoted not in copies:
            copies.append(quoted)
    return copies


# ------------------------------------------------------------------ property updates

_PROPERTY_SET_RE = re.compile(
    r"\b(?:property|attribute|field)\s+['\"]?(?P<name>[A-Za-z][\w]*)['\"]?\s*(?:=|==|:|\bto\b|\bas\b|\bset\s+to\b)\s*"
    r"['\"]?(?P<value>[\w.@{}-]+)",
    re.I,
)
_SET_SNAKE_RE = re.compile(
    r"\b(?:set|sets|mark|update|change|flag|tag)\s+(?:their\s+|the\s+|them\s+(?:with\s+)?)?(?:property\s+)?"
    r"(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*(?:\bto\b|==?|\bas\b|:)\s*['\"]?(?P<value>[\w.-]+)",
    re.I,
)
_TAG_AS_RE = re.compile(
    r"\b(?:tag|mark|label|flag)\s+(?:them|him|her|customers?|anyone|everyone|buyers?|those|people|responders?"
    r"|each\s+\w+)?\s*(?:\w+\s+){0,5}?(?:as|with(?:\s+(?:the\s+)?tag)?)\s+(?:an?\s+)?['\"]?(?P<name>[a-z][\w-]*)",
    re.I,
)
_RECORD_AS_PROPERTY_RE = re.compile(
    r"\b(?:record|save|store|keep|log|capture)\s+(?:their|the|each)\s+(?P<what>\w+)(?:\s+\w+)?\s+(?:as|in)\s+(?:a\s+|an\s+)?"
    r"(?:customer\s+|profile\s+)?property",
    re.I,
)
# "save the answer in property shopper_type": the property is named, the value is the reply
_RECORD_IN_NAMED_RE = re.compile(
    r"\b(?:record|save|store|keep|log|capture)\s+(?:their|the|each)\s+(?:answer|reply|response|choice)s?\s+"
    r"(?:as|in|to|into)\s+(?:the\s+|a\s+)?(?:customer\s+|profile\s+)?(?:property|attribute|field)\s+"
    r"['\"]?(?P<name>[a-z][a-z0-9_]*)",
    re.I,
)
# "store it as team_size", "save the answer on the customer as fav_store": a snake_case name
# says it is a property even when the word "property" is not written
_RECORD_AS_SNAKE_RE = re.compile(
    r"\b(?:record|save|store|keep|log|capture)\s+(?:it|that|this|them|(?:their|the|each)\s+(?:answer|reply|response|choice)s?)"
    r"(?:\s+(?:on|in|to)\s+(?:the|their)\s+(?:customer|profile|contact|record))?"
    r"\s+(?:as|in|to|into|under)\s+['\"]?(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b",
    re.I,
)
_REPLY_VALUE = "{{reply}}"
# a property set "to" one of these words takes no literal value: the words after it may name the reply
_DETERMINERS = {
    "the",
    "their",
    "his",
    "her",
    "its",
    "a",
    "an",
    "whatever",
    "whichever",
    "what",
    "this",
    "that",
}
_REPLY_WORDS_RE = re.compile(
    r"(?:the|their|his|her|its|a|an|whatever|whichever|what|this|that)\s+"
    r"(?:(?:value|number|size|answer|reply|response|choice|text|word|option|one)s?\s+"
    r"|[a-z]{2,20}\s+(?=(?:they|he|she|you|we|the\s+customer|customers?)\s))?"
    r"(?:(?:they|he|she|you|we|the\s+customer|customers?)\s+)?"
    r"(?:(?:got|get|received?|sent|send|said|say|gave|give|replied|reply|replies|answered|answer|answers|texted"
    r"|text|texts|picked|pick|picks|chose|choose|chooses|typed|entered)\b"
    r"|(?:value|answer|reply|response|choice)s?\b(?!\s+(?:of|for)\b))",
    re.I,
)


def _extract_property_updates(text: str) -> list[PropertyUpdate]:
    """Properties the flow must set.

    "tag them as vip_buyer" sets vip_buyer = true; "record their score as a property" sets a
    property named after the thing recorded (score and rating become nps_score) to
    "{{reply}}", meaning "whatever the customer answered".
    """
    updates: list[PropertyUpdate] = []

    def add(name: str, value: str) -> None:
        name = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if name and name not in {u.name for u in updates}:
            updates.append(PropertyUpdate(name=name, value=value))

    low = text.lower()
    for pattern in (
        _gated(_PROPERTY_SET_RE, low, "property", "attribute", "field"),
        _gated(_SET_SNAKE_RE, low, "set", "mark", "update", "change", "flag", "tag"),
    ):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 80) : m.start()]
            sentence_before = re.split(r"[.;!?]", before)[-1]
            if pattern is _PROPERTY_SET_RE and not _PROP_UPDATE_VERB_RE.search(sentence_before + m.group(0)):
                continue
            value = m.group("value").lower().rstrip(".")
            if value in _DETERMINERS:
                # "set coat_size to the value you got": the reply; "to the usual" says no value
                if not _REPLY_WORDS_RE.match(text, m.start("value")):
                    continue
                value = _REPLY_VALUE
            add(m.group("name"), value)
    for m in _gated(_TAG_AS_RE, low, "tag", "mark", "label", "flag").finditer(text):
        name = m.group("name")
        if name.lower() in {"property", "a", "an", "the", "property:"}:
            continue
        add(name, "true")
    named = {m.start(): m.group("name") for m in _gated(_RECORD_IN_NAMED_RE, low, "property").finditer(text)}
    for name in named.values():
        add(name, _REPLY_VALUE)
    for m in _gated(_RECORD_AS_SNAKE_RE, low, "record", "save", "store", "keep", "log", "capture").finditer(
        text
    ):
        add(m.group("name"), _REPLY_VALUE)
    for m in _gated(_RECORD_AS_PROPERTY_RE, low, "property").finditer(text):
        if m.start() in named:
            continue
        what = m.group("what").lower()
        add("nps_score" if what in {"score", "rating", "nps"} else what, _REPLY_VALUE)
    for update in updates:
        update.on_reply = _reply_that_sets(text, update.name)
    return updates


def _reply_that_sets(text: str, name: str) -> str | None:
    """The one reply keyword named in the sentence that sets property `name`, if exactly one."""
    m = re.search(rf"\b{re.escape(name)}\b", text, re.I)
    if m is None:
        return None
    start = (
        max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    )
    end = min((i for i in (text.find(".", m.end()), text.find(";", m.end())) if i != -1), default=len(text))
    keywords, _ = _extract_replies(text[start:end])
    if not keywords:
        keywords = list(
            dict.fromkeys(m.group("kw").lower() for m in _IF_KEYWORD_RE.finditer(text[start:end]))
        )
    return keywords[0] if len(keywords) == 1 else None


# ------------------------------------------------------------------ message length, reminders, topics

# "one SMS per week", "one SMS within 3 days": a count of sends over time is a cap, not a length
_CAP_SPAN_AHEAD = r"(?:per|every|each|within|over|a\s+(?:day|week)|in\s+(?:a|an|any|the|\d))"
_SEGMENTS_RE = re.compile(
    rf"\b(?:under|within|to|in|at\s+most|no\s+more\s+than|max(?:imum)?(?:\s+of)?|below|fits?\s+(?:in|into|within))\s+"
    rf"(?P<n>{_NUM})\s+(?:sms\s+|text\s+)?(?:segments?|sms(?:es)?)\b(?!\s+{_CAP_SPAN_AHEAD})"
    rf"|\bkeep\s+(?:it|them|the\s+(?:text|message|sms|copy)|each\s+(?:text|message))\s+(?:to|under|within|at|below)\s+"
    rf"(?P<n2>{_NUM})\s+(?:sms\s+)?(?:segments?|texts?|sms|messages?)\b(?!\s+{_CAP_SPAN_AHEAD})",
    re.I,
)
_CHARS_RE = re.compile(
    r"\b(?:under|within|below|max(?:imum)?|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than)\s+(?P<n>\d{2,4})\s*"
    r"(?:char(?:acter)?s?)\b",
    re.I,
)
_REMINDER_RE = re.compile(
    rf"\b(?P<n>{_NUM}|no)\s+(?:more\s+)?(?:reminders?|follow[- ]?ups?|nudges?)\b"
    # "follow up twice", "remind people who started checkout, twice:", "nudge them 3 times"
    rf"|\b(?:remind\w*|follow[- ]?up|nudge)\b[^.;!?]{{0,60}}?\b(?P<n2>once|twice|thrice|(?:{_NUM})\s+times)\b"
    r"(?!\s+(?:a|an|per|every|each)\b)"
    r"|\bfollow[- ]?up\b|\bremind\s+them\b",
    re.I,
)
_PRODUCT_WORDS = [
    "gift guide", "back in stock", "new arrivals", "bestsellers", "best sellers", "coffee", "tea", "swimwear",
    "skincare", "headphones", "shoes", "sneakers", "boots", "apparel", "jewelry", "candles", "supplements",
    "vitamins", "protein", "makeup", "haircare", "hair care", "fragrance", "perfume", "wine", "snacks",
    "chocolate", "socks", "dresses", "jeans", "bags", "watches", "sunglasses", "pet food", "dog food",
    "cat food", "toys", "furniture", "bedding", "cookware", "activewear", "outerwear", "jackets",
    "t-shirts", "hoodies", "lingerie", "beauty", "sale items", "review", "support",
]  # fmt: skip
_PRODUCT_WORDS_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _PRODUCT_WORDS) + r")\b", re.I)
_ABOUT_RE = re.compile(
    r"\b(?:about|on|mention(?:ing)?|highlight(?:ing)?)\s+(?:our\s+|their\s+|the\s+)?(?P<w>[a-z][a-z-]{2,}(?:\s+[a-z][a-z-]{2,})?)",
    re.I,
)
# the thing on sale or of interest: "35% off sandals", "customers who viewed sandals", "bought vitamins"
_OBJECT_RE = re.compile(
    r"(?:\boff|\bviewed|\bbought|\bpurchased|\bbrowsed|\bordered|\bshopped)\s+"
    r"(?:our\s+|their\s+|the\s+|all\s+|any\s+|some\s+|select\s+|new\s+)?(?P<w>[a-z][a-z-]{2,})\b",
    re.I,
)
_OBJECT_STOPWORDS = {
    "everything", "anything", "sitewide", "site-wide", "storewide", "in", "within", "since", "last", "past",
    "first", "total", "once", "recently", "before", "cart", "checkout", "again", "yet", "online", "full",
    "price", "shipping", "regular", "retail", "via", "by", "over", "more", "less", "entire", "next", "recent",
}  # fmt: skip
_TOPIC_STOPWORDS = {
    "customers", "customer", "people", "subscribers", "them", "anyone", "everyone", "buyers", "the", "new",
    "their", "our", "this", "that", "sale", "sales", "orders", "order", "time", "day", "days", "weekend",
    "any", "all", "each", "every", "sms", "text", "texts", "message", "messages", "one", "two", "link",
    "links", "it", "us", "you", "your", "site", "sitewide", "next", "purchase", "products", "product", "items",
    "and", "with", "for", "from", "who", "what", "how", "why", "experience", "rate", "offer", "offers",
    *_WEEKDAYS, "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "tomorrow", "today", "tonight", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip


def _extract_max_segments(text: str) -> int | None:
    if not _mentions(text.lower(), "segment", "sms", "text", "message", "char"):
        return None
    m = _SEGMENTS_RE.search(text)
    if m:
        n = parse_count(m.group("n") or m.group("n2"))
        return n if n > 0 else None
    chars = _CHARS_RE.search(text)
    if chars:
        n = int(chars.group("n"))
        return 1 if n <= 160 else math.ceil(n / 153)
    return None


def _extract_reminders(text: str) -> int | None:
    counts: list[int] = []
    for m in _gated(_REMINDER_RE, text.lower(), "remind", "follow", "nudge").finditer(text):
        n = m.group("n") or (m.group("n2") or "").lower().removesuffix(" times").strip() or None
        if n is None:
            counts.append(1)
        elif n.lower() == "no":
            counts.append(0)
        else:
            counts.append(parse_count(n))
    counts.extend(series.reminders for series in _spaced_series(text))
    return max(counts) if counts else None


# "the fall lookbook is live", "our new matcha is in.": the thing being announced
_LAUNCHED_RE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+)?(?:live|in|here|back|out|available)(?=\s*(?:[.!;,]|$))", re.I
)
_WORD_BEFORE_RE = re.compile(r"\b(?P<w>[a-z][a-z-]{2,})\s+$", re.I)


def _extract_topics(text: str, english: bool = True) -> list[str]:
    """Nouns worth keeping in the copy. In a brief read through the glossary only the product
    vocabulary and announced things count: the grammar patterns would pick up its own words."""
    topics: list[str] = []
    for m in _LAUNCHED_RE.finditer(text):
        before = _WORD_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()])
        if before is None:
            continue
        word = before.group("w").lower()
        if word not in _TOPIC_STOPWORDS and word not in _OBJECT_STOPWORDS and word not in topics:
            topics.append(word)
    for m in _PRODUCT_WORDS_RE.finditer(text):
        word = m.group(0).lower()
        if word not in topics:
            topics.append(word)
    for m in _OBJECT_RE.finditer(text) if english else ():
        word = m.group("w").lower()
        if word in _OBJECT_STOPWORDS or word in _TOPIC_STOPWORDS:
            continue
        if not any(word in t or t in word for t in topics):
            topics.append(word)
    for m in _ABOUT_RE.finditer(text) if english else ():
        words = [w for w in m.group("w").lower().split() if w not in _TOPIC_STOPWORDS]
        if not words or words[0] != m.group("w").lower().split()[0]:
            continue
        phrase = " ".join(words)
        if not any(phrase in t or t in phrase for t in topics):
            topics.append(phrase)
    return topics


# ------------------------------------------------------------------ entry point


def _safe(fn: Callable[[], _T], default: _T) -> _T:
    try:
        return fn()
    except Exception:  # one odd phrasing must not cost the other facts
        return default


def extract_brief(text: str, today: date | None = None) -> CampaignBrief:
    """Extract the hard facts a marketer stated in `text`.

    Deterministic, regex-only and cheap (well under a millisecond for a typical brief).
    Never raises: blank input gives an empty brief, and any extractor that trips on odd
    input contributes nothing. Relative dates ("tomorrow", "Friday", "this weekend",
    "December 1") resolve against `today` (default: the local date).

    Playbook priority, first match wins: back_in_stock, birthday, abandoned_checkout,
    abandoned_cart, replenishment, sunset, winback, welcome, cross_sell, survey,
    flash_sale, holiday, launch, vip_reorder, else generic. The most specific trigger
    wins; occasions (holiday) and audiences (VIP) only decide when nothing else does.

    Property updates from "record their score as a property" get the value "{{reply}}"
    (the customer's answer) and the name nps_score; "tag them as X" sets X = "true".
    "Only once per customer" becomes an entry limit of 1 per 365 days.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.strip():
        return CampaignBrief(text=text)
    today = today or date.today()
    clean = _clean(text)
    language = _safe(lambda: detect_language(clean), "en")
    if language != "en":
        clean = _safe(lambda: to_english_cues(clean, language), clean)
    facts = _blank_quotes(clean)
    no_clauses: list[Clause] = []
    clauses = _safe(lambda: split_clauses(clean), no_clauses)
    no_durations: tuple[list[Duration], list[Duration]] = ([], [])
    waits, no_reply = _safe(lambda: _extract_waits(facts), no_durations)
    no_caps: tuple[list[FrequencyCap], list[FrequencyCap]] = ([], [])
    caps, entries = _safe(lambda: _extract_caps(facts), no_caps)
    no_replies: tuple[list[str], dict[str, str]] = ([], {})
    keywords, meanings = _safe(lambda: _extract_replies(clean), no_replies)
    no_updates: list[PropertyUpdate] = []
    updates = _safe(lambda: _extract_property_updates(facts), no_updates)
    no_audience: list[AudienceCondition] = []
    audience = _safe(lambda: _extract_audience(facts, clauses), no_audience)
    audience = _safe(lambda: _not_set_by_flow(audience, updates, facts, clauses), audience)
    brief = CampaignBrief(
        text=text,
        playbook=_safe(lambda: classify_playbook(clean), "generic"),
        audience=audience,
        discounts=_safe(lambda: _extract_discounts(clean, clauses), []),
        reply_keywords=keywords,
        reply_meanings=meanings,
        waits=waits,
        no_reply_after=no_reply,
        frequency_caps=caps,
        entry_limits=entries,
        send_windows=_safe(lambda: _extract_send_windows(_mask_recurring_days(facts), today), []),
        send_hours=_safe(lambda: _extract_send_hours(facts), []),
        series_length=_safe(lambda: series_count(facts) if is_series(facts) else None, None),
        experiment=_safe(lambda: _extract_experiment(facts), None),
        products=_safe(lambda: _extract_products(facts), []),
        quoted_copy=_safe(lambda: _extract_quoted_copy(clean), []),
        property_updates=updates,
        max_segments=_safe(lambda: _extract_max_segments(facts), None),
        reminders=_safe(lambda: _extract_reminders(facts), None),
        topics=_safe(lambda: _extract_topics(facts, english=language == "en"), []),
        language=_safe(lambda: requested_copy_language([c.text for c in clauses]), None) or language,
        source_language=language,
    )
    brief.sources = _safe(lambda: locate_sources(brief), [])
    brief.cues = _safe(lambda: read_cues(text, brief.discounts), None)
    return brief
