"""Reading around a match: one spelling for the text, cheap gates before a scan, the clause
before or after a position, negation, and "not just X" widening.
"""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import MAX_SCAN_CHARS

# Never matches, and says so at the text's start: `(?!)` alone is tried at every position of
# every text a gate turns away (`\A` lets `re` stop after the first).
_NEVER_RE = re.compile(r"\A(?!)")


def mentions(low: str, *words: str) -> bool:
    # a plain loop, not any() over a generator: this gate runs for most patterns of every brief
    for word in words:  # noqa: SIM110
        if word in low:
            return True
    return False


def gated_by(pattern: re.Pattern[str], low: str, *words: str) -> re.Pattern[str]:
    """`pattern` when one of `words` occurs in `low`, else a pattern that never matches.

    Most patterns need a literal word somewhere; testing for it first skips whole regex
    scans and keeps extraction well under a millisecond.
    """
    return pattern if mentions(low, *words) else _NEVER_RE


def normalise_text(text: str) -> str:
    """One spelling for apostrophes, dashes and spaces, so the patterns stay readable."""
    text = text[:MAX_SCAN_CHARS]
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return text.replace("\u2013", "-").replace("\u2014", " - ")


NEGATION_RE = re.compile(
    # "hvnt", "havnt", "hasnt", "didnt": the contractions as typed in a hurry too
    r"\b(?:not|never|no|without|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|non|hv'?nt|havn'?t|hsnt|dint|dnt)\b|n't\b",
    re.I,
)
_CLAUSE_BREAK_RE = re.compile(r"[.;:,!?()]|\b(?:but|and|who|whose|that|then|or)\b")


def clause_before(text: str, start: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start]
    cut = 0
    for m in _CLAUSE_BREAK_RE.finditer(before):
        cut = m.end()
    return before[cut:]


_ASIDE_RE = re.compile(r"\s*\([^()]{1,40}\)")
# "booked a lane - placed an order - in the last 90 days" (dashes as `normalise_text` spells
# them): a pair of spaced dashes brackets a short aside as round brackets do. The event may be
# the aside itself (the dash before it opens it) or the aside may follow the event.
_DASH_OPENED_RE = re.compile(r"\s-\s[^-.;:!?()\n,]{1,40}$")
_DASH_CLOSE_RE = re.compile(r"\s*-\s+")
_DASH_ASIDE_RE = re.compile(r"\s+-\s+[^-.;:!?()\n,]{1,40}?\s+-\s+")


def _past_dash_aside(text: str, end: int, after: str) -> str:
    """`after` (the words from `end` on) with the closing dash of an aside the event at `end`
    stands in, or an aside right after it, passed over: its clause goes on past the dashes."""
    if " - " not in after:
        return after
    close = _DASH_CLOSE_RE.match(after)
    if close and _DASH_OPENED_RE.search(text[max(0, end - 45) : end]):
        return " " + after[close.end() :]
    aside = _DASH_ASIDE_RE.match(after)
    return " " + after[aside.end() :] if aside else after


def clause_after(text: str, end: int, width: int = 60) -> str:
    # "placed a text order (placed_order_text) in the last 90 days": a short aside in brackets
    # names the thing just said; the clause goes on after it
    after = _ASIDE_RE.sub(" ", _past_dash_aside(text, end, text[end : end + width + 40]))[:width]
    # "had a look at (viewed) a product in the last 5 days": the word named inside an aside;
    # its clause goes on after the closing bracket
    if after.lstrip().startswith(")") and "(" in text[max(0, end - 30) : end]:
        after = after.lstrip()[1:]
    m = re.search(r"[.;:!?()]|,|\s-\s|\b(?:but|and|who|whose|then|while)\b", after)
    return after[: m.start()] if m else after


# "everyone on the list, not just VIPs": a group named only to say the audience is wider
_WIDENED_RE = re.compile(
    r"\b(?:not\s+(?:just|only|merely|simply|limited\s+to)|no\s+s[oó]lo|pas\s+(?:seulement|uniquement)"
    r"|nicht\s+nur)\b[^.;,!?\n]{0,30}$",
    re.I,
)


def widened(text: str, position: int) -> bool:
    """True when the group mentioned at `position` follows "not just": it is no filter."""
    return bool(_WIDENED_RE.search(text[max(0, position - 60) : position]))
