"""What a brief asks of the messages themselves: their length, how many reminders, and the
topics worth keeping in the copy.
"""

from __future__ import annotations

import math

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.caps import message_count_limit
from flowgen_core.brief.context import gated_by, mentions
from flowgen_core.brief.numbers import NUM, parse_count
from flowgen_core.brief.timing import reminder_head_pattern
from flowgen_core.brief.waits import silence_ends_flow, spaced_series
from flowgen_core.brief.windows import WEEKDAYS

# "one SMS per week", "one SMS within 3 days": a count of sends over time is a cap, not a length
_CAP_SPAN_AHEAD = r"(?:per|every|each|within|over|a\s+(?:day|week)|in\s+(?:a|an|any|the|\d))"
_SEGMENTS_RE = re.compile(
    rf"\b(?:under|within|to|in|at\s+most|no\s+more\s+than|max(?:imum)?(?:\s+of)?|below|fits?\s+(?:in|into|within))\s+"
    rf"(?P<n>{NUM})\s+(?:sms\s+|text\s+)?(?:segments?|sms(?:es)?)\b(?!\s+{_CAP_SPAN_AHEAD})"
    rf"|\bkeep\s+(?:it|them|the\s+(?:text|message|sms|copy)|each\s+(?:text|message))\s+(?:to|under|within|at|below)\s+"
    rf"(?P<n2>{NUM})\s+(?:sms\s+)?(?:segments?|texts?|sms|messages?)\b(?!\s+{_CAP_SPAN_AHEAD})",
    re.I,
)
_CHARS_RE = re.compile(
    r"\b(?:under|within|below|max(?:imum)?|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than)\s+(?P<n>\d{2,4})\s*"
    r"(?:char(?:acter)?s?)\b",
    re.I,
)
_REMINDER_RE = re.compile(
    rf"\b(?P<n>{NUM}|no)\s+(?:more\s+)?(?:reminders?|follow[- ]?ups?|nudges?)\b"
    # "follow up twice", "remind people who started checkout, twice:", "nudge them 3 times"
    rf"|\b(?:remind\w*|follow[- ]?up|nudge)\b[^.;!?]{{0,60}}?\b(?P<n2>once|twice|thrice|(?:{NUM})\s+times)\b"
    r"(?!\s+(?:a|an|per|every|each)\b)"
    r"|\bfollow[- ]?up\b|\bremind\s+them\b"
    # "send 1 more and stop there", "2 more texts": more sends after the first are its reminders
    rf"|\b(?:send|text)\s+(?P<n3>{NUM})\s+more\b|\b(?P<n4>{NUM})\s+more\s+(?:texts?|messages?|sms)\b",
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
    "any", "all", "each", "every", "sms", "text", "texts", "message", "messages", "one", "two", "link", "word", "words",
    "links", "it", "us", "you", "your", "site", "sitewide", "next", "purchase", "products", "product", "items",
    "and", "with", "for", "from", "who", "what", "how", "why", "experience", "rate", "offer", "offers",
    *WEEKDAYS, "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "tomorrow", "today", "tonight", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip


def extract_max_segments(text: str) -> int | None:
    if not mentions(text.lower(), "segment", "sms", "text", "message", "char"):
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


def _counts_other_noun(text: str, m: re.Match[str]) -> bool:
    """True when the count of `m` is over a singular reminder noun that only qualifies the plural
    noun after it: "three reminder tones", "our 5 reminder apps", "2 reminder emails" count
    tones, apps and emails; "two reminder texts" still counts sends (`vocab/timing.json`)."""
    if m.group(0)[-1:].lower() == "s" or parse_count(m.group("n"), default=0) == 1:
        return False
    head, sends = reminder_head_pattern()
    after = head.match(text, m.end())
    return after is not None and after.group("head").lower() not in sends


def extract_reminders(text: str) -> int | None:
    counts: list[int] = []
    for m in gated_by(_REMINDER_RE, text.lower(), "remind", "follow", "nudge", "more").finditer(text):
        if m.group("n") and _counts_other_noun(text, m):
            continue
        n = (
            m.group("n")
            or m.group("n3")
            or m.group("n4")
            or (m.group("n2") or "").lower().removesuffix(" times").strip()
            or None
        )
        if n is None:
            counts.append(1)
        elif n.lower() == "no":
            counts.append(0)
        else:
            counts.append(parse_count(n))
    counts.extend(series.reminders for series in spaced_series(text))
    stated = max(counts) if counts else None
    if stated is None and silence_ends_flow(text):
        stated = 0  # "no reply in 48 hours -> end": the silent leave, no reminder goes out
    limit = message_count_limit(text)
    if limit is None:
        return stated
    # "max 2 texts": the first send plus at most one reminder, whatever else the brief says; a
    # limit is no request, so "at most 3 texts" alone leaves the reminders to the planner
    if stated is None:
        return 0 if limit <= 1 else None
    return min(stated, limit - 1)


# "the fall lookbook is live", "our new matcha is in.": the thing being announced
_LAUNCHED_RE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+)?(?:live|in|here|back|out|available)(?=\s*(?:[.!;,]|$))", re.I
)
_WORD_BEFORE_RE = re.compile(r"\b(?P<w>[a-z][a-z-]{2,})\s+$", re.I)


def extract_topics(text: str, english: bool = True) -> list[str]:
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
