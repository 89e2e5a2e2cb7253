"""The reply keywords a brief names and what each stands for ("reply YES to claim")."""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)

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
IF_KEYWORD_RE = re.compile(
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


def extract_replies(text: str) -> tuple[list[str], dict[str, str]]:
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
