"""A previous campaign the brief quotes or describes: its values are never this flow's.

"Last year's launch text was: "New collection is here! 20% off with code NEW20". This season:
10% off with code FRESH24", "El año pasado hicimos un 20 % de descuento; este año …", "L'an
dernier on avait envoyé : « -10 % avec OPEN10 ! ». Cette année : -15 %", "Letztes Jahr lief:
„20 % auf alles mit SOMMER20". Dieses Jahr 25 %": the words about the earlier campaign run from
their clause's start (or a contrast before the marker) to the first contrast ("this season",
"este año", "cette année", "dieses Jahr", "but") or sentence end outside quotes. When they state
a value or a quote, no reader takes a fact from them (`corrections.py` drops them) and "What I
understood" lists them as not used. Words are data in `vocab/previous.json`.
"""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.vocabulary import load_vocabulary

_OPENING_QUOTES = {
    '"': '"',
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u201e": '\u201c\u201d"',
    "\u2018": "\u2019",
}
# a value or a quote: what a description of a previous campaign could lend this flow
_HOLDS_VALUE_RE = re.compile(r"\d|[\"\u201c\u201d\u00ab\u00bb\u201e\u2018]|(?<![\w'])'(?=\w)")
_SENTENCE_END = ".;!?\n"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _marker_re() -> re.Pattern[str]:
    v = load_vocabulary("previous")
    # an opener starts its clause: "in the last year" is an audience window, not a campaign
    opener = rf"(?:^|(?<=[.;!?\n:(•*\u2013\u2014-])|(?<=[.;!?\n:(•*\u2013\u2014-]\s)|(?<=\n\s\s))\s*(?:{'|'.join(v['openers'])})(?!\w)"
    possessive = rf"(?:{'|'.join(v['possessive'])})\s+(?:[\w-]+\s+)?(?:{_alt(v['campaign_nouns'])})(?!\w)"
    return re.compile(rf"(?P<opener>{opener})|(?P<possessive>(?<!\w){possessive})", re.I | re.M)


@lru_cache(maxsize=1)
def _contrast_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(load_vocabulary('previous')['contrasts'])})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _offer_words_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(load_vocabulary('previous')['offer_words'])})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _comparison_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(load_vocabulary('previous')['comparisons'])})(?!\w)", re.I)


def _quote_end(text: str, at: int) -> int | None:
    """The offset past the quote that opens at `at`, or None when no quote opens there."""
    mark = text[at]
    if mark == "'":
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "'’"):
            return None  # an apostrophe ("year's"), not a quote
        close = re.search(r"'(?!\w)", text[at + 1 :])
        return at + 2 + close.start() if close else None
    closers = _OPENING_QUOTES.get(mark)
    if closers is None:
        return None
    ends = [i for c in closers if (i := text.find(c, at + 1)) != -1]
    return min(ends) + 1 if ends else None


def _span_end(text: str, start: int) -> int:
    """Where the words about a previous campaign that start at `start` stop: the first contrast
    or sentence end outside quotes (a quote's own "!" or "." ends nothing)."""
    i = start
    while i < len(text):
        quoted = _quote_end(text, i)
        if quoted is not None:
            i = quoted
            continue
        if text[i] in _SENTENCE_END and (i + 1 == len(text) or text[i + 1].isspace() or text[i] == "\n"):
            return i
        if (contrast := _contrast_re().match(text, i)) and (i == 0 or not text[i - 1].isalnum()):
            return contrast.start()
        i += 1
    return len(text)


def _clause_start(text: str, at: int) -> int:
    """The start of the clause holding `at`, after any contrast before it ("…, but last year's …")."""
    start = max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
    for contrast in _contrast_re().finditer(text, start, at):
        start = contrast.end()
    return start


@lru_cache(maxsize=1)
def _we_past_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = load_vocabulary("previous")
    opens = re.compile(
        rf"(?:^|(?<=[.;!?\n])|(?<=[.;!?\n]\s))\s*(?:{'|'.join(v['we_past'])})(?!\w)", re.I | re.M
    )
    when = re.compile(rf"(?<!\w)(?:{'|'.join(v['trailing'])})(?!\w)", re.I)
    return opens, when


def _we_did_spans(text: str) -> list[tuple[int, int]]:
    """ "We sent "… 15% off …" last year.": a sentence that opens with what we did and names a
    time before this campaign."""
    opens, when = _we_past_res()
    spans = []
    for m in opens.finditer(text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        end = _span_end(text, m.end())
        times = list(when.finditer(text, m.end(), end))
        if times:
            # "… last month, so send 20% off": what follows the time's comma is this flow's
            comma = text.find(",", times[-1].end(), end)
            spans.append((start, comma if comma != -1 else end))
    return spans


def previous_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each stretch of `text` about a previous campaign that states a value or
    a quote, in order; a description without one ("same as last year's Black Friday") lends
    nothing and is left to the readers."""
    spans: list[tuple[int, int]] = []
    for m in _marker_re().finditer(text):
        marker = m.start("opener") if m.group("opener") else m.start("possessive")
        marker += len(text[marker:]) - len(text[marker:].lstrip())
        if spans and marker < spans[-1][1]:
            continue
        start = _clause_start(text, marker) if m.group("possessive") else marker
        if m.group("possessive") and _comparison_re().search(text, start, marker):
            continue  # "like last year's launch, 10% off …": modelled on it, the values are new
        end = _span_end(text, m.end())
        while end > start and text[end - 1] in " ,:;\u2013\u2014-(":
            end -= 1
        if _HOLDS_VALUE_RE.search(text, start, end) or _offer_words_re().search(text, start, end):
            spans.append((start, end))
    for start, end in _we_did_spans(text):
        if any(a < end and start < b for a, b in spans):
            continue
        if _HOLDS_VALUE_RE.search(text, start, end) or _offer_words_re().search(text, start, end):
            spans.append((start, end))
    return sorted(spans)
