"""The one playbook classifier (`classify_playbook`) and the content-series reader."""

from __future__ import annotations

from collections.abc import Sequence

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.context import widened
from flowgen_core.brief.model import AudienceCondition
from flowgen_core.brief.numbers import NUMBER_WORDS
from flowgen_core.brief.roles import names_new_subscribers

# Highest priority first: the most specific trigger wins when several match, e.g. "back in
# stock for people who added to cart" is back_in_stock, "Black Friday flash sale" is
# flash_sale, and VIP only decides when nothing more specific is stated.
_SERIES_CUE = r"\bdrip\b|\beducat\w*|\b(?:\w+|\d+)-part\b|\b(?:\w+|\d+)[- ](?:part|text|message|sms)\s+(?:\w+\s+)?series\b|\bseries of\b|\b(?:weekly|daily)\s+tips\b|\btips\s+(?:on|about)\b"
# a lapse in so many words; "haven't ordered" alone also describes a new subscriber
_WINBACK_LAPSE = (
    r"\bwin[- ]?back\b|\bre-?engag\w*|\blapsed\b|\binactive\b|\bdormant\b|\bwe\s+miss\s+you|\bcome\s+back\b"
)
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
            _WINBACK_LAPSE
            + r"|\bhaven'?t\s+(?:ordered|purchased|bought|shopped)|\bhave\s+not\s+(?:ordered|purchased|bought)",
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
            r"|\bpre-?order|\bsneak\s+peek|\bcoming\s+soon"
            # "24 hours before everyone else", "48 hours early": one group gets it first
            r"|\b(?:before|ahead\s+of|b4)\s+(?:everyone|everybody)\s+else\b"
            r"|\bfirst\s*[,;—-]?\s*(?:then\s+)?(?:everyone|everybody)\s+else\b"
            r"|\b\d+\s*-?\s*(?:hours?|hrs?|days?)\s+(?:early|earlier)\b",
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
_WINBACK_LAPSE_RE = re.compile(_WINBACK_LAPSE, re.I)


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
    return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)


# "Welcome flow for new subscribers (many haven't bought yet)": a brief that names its own kind
# of flow is that kind, whatever other cues its details hold
_FLOW_NOUNS = r"flow|series|campaign|journey|sequence|automation|drip"
_NAMED_KIND_WORDS = [
    ("welcome", r"welcome"),
    ("winback", r"win[- ]?back|re-?engagement"),
    ("birthday", r"birthday"),
    ("survey", r"survey|feedback|nps"),
    ("back_in_stock", r"back[- ]in[- ]stock|restock"),
    ("abandoned_cart", r"abandoned[- ]cart|cart[- ]recovery"),
    ("abandoned_checkout", r"abandoned[- ]checkout|checkout[- ]recovery"),
    ("replenishment", r"replenishment|refill"),
    ("sunset", r"sunset"),
    ("cross_sell", r"cross[- ]?sell|up-?sell|post[- ]purchase"),
]
_NAMED_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"\b(?:{words})\s+(?:{_FLOW_NOUNS})\b", re.I)) for name, words in _NAMED_KIND_WORDS
]
# Matches exactly when one of `_NAMED_KINDS` does (the union of their words): most briefs name
# no kind of flow, and one scan says so instead of ten.
_NAMED_KIND_GATE = re.compile(
    rf"\b(?:{'|'.join(words for _, words in _NAMED_KIND_WORDS)})\s+(?:{_FLOW_NOUNS})\b", re.I
)


def classify_playbook(text: str) -> str:
    """The one playbook classifier: a kind of flow the brief names ("a welcome series") wins;
    otherwise the order of `_PLAYBOOK_PATTERNS` is the priority (first wins), and a content
    series ("a 4-part tips series") is a drip whatever it is about, except a welcome series,
    which stays a welcome."""
    head = text[:200]
    named = (
        min(
            ((m.start(), name) for name, pattern in _NAMED_KINDS for m in pattern.finditer(head)),
            default=None,
        )
        if _NAMED_KIND_GATE.search(head)
        else None
    )
    if named is not None:
        return named[1]
    name = next(
        (
            name
            for name, pattern in _PLAYBOOK_PATTERNS
            # "open to all, not just VIPs" names no VIP campaign
            if any(not widened(text, m.start()) for m in pattern.finditer(text))
        ),
        "generic",
    )
    if name == "winback" and not _WINBACK_LAPSE_RE.search(text) and names_new_subscribers(text):
        name = "welcome"  # "new subscribers who haven't ordered yet" are welcomed, not won back
    if name != "welcome" and is_series(text):
        return "drip"
    return name


# the audience events that make a flow a cart or checkout recovery, most specific first
_RECOVERY_EVENTS = (("started_checkout", "abandoned_checkout"), ("added_product_to_cart", "abandoned_cart"))


def playbook_for_audience(name: str, audience: Sequence[AudienceCondition]) -> str:
    """The playbook once the audience is read: an audience that started checkout or has items in
    its cart ("shoppers with items in their cart", "Checkout abgebrochen in den letzten 5 Tagen")
    is a recovery, unless the words name a trigger more specific still (back in stock, birthday)."""
    order = [n for n, _ in _PLAYBOOK_PATTERNS]
    rank = order.index(name) if name in order else len(order)
    for action, playbook in _RECOVERY_EVENTS:
        if any(c.kind == "event" and c.action == action and c.operator == "has" for c in audience):
            return playbook if order.index(playbook) < rank else name
    return name
