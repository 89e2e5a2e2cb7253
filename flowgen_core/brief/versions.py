"""A brief written as the changes from an earlier version of itself: only the new values count.

"v2, changes from v1" notes set old and new values side by side, and the old one must never
reach the flow:

- "Wait CHANGED: was 1 day between the two texts, now 2 days", "Descuento: antes 10 %, ahora
  15 %", "Rabatt: vorher 10 %, neu 15 %", "statt 1 Tag jetzt 2 Tage": a clause that opens with
  the old value and gives the new one after a "now" word;
- "2 jours (la v1 disait 1 jour)", "(v1 said 10%)", "(antes 1 día)": an aside naming the old value;
- "on passe de 10 % à 5 € de réduction", "von 10 % auf 15 % Rabatt", "from 1 day to 2 days":
  a change from one value to another of the same kind, each side with its own unit (an offer's
  % or currency, a wait's length), in a clause about that kind and never a price ("prices went
  from $30 to $25" is no discount). A range is no change: "del 1 al 15 de julio", "de 10 a 20
  hs", "von 9 bis 17 Uhr", "from 9am to 5pm" name a window, and their bare or clock-unit
  numbers never count as values;
- "VINYL10 is dead, use SPIN20": a code that no longer works, dropped wherever it is named;
- "~~15%~~ 20%": struck-out words;
- "Wait CHANGED:", "Inchangé :": markers on a label, dropped so the line reads as any other.

`version_edits(text)` gives the deletions in the `corrections.py` edit form; the old words
are dropped before any fact is read. Words are data in `vocab/versions.json`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.regex_gate import may_match

Edit = tuple[int, int, str, int, int]  # replace text[start:end] with words standing for source[a:b]

# a clause starts a line, a label's value, an aside or a list item
_CLAUSE_START = r"(?:^|(?<=[:(\n•*,;\u2013\u2014-])|(?<=[:(\n•*,;\u2013\u2014-]\s))\s*"
_NUM = r"\d{1,4}(?:[.,]\d{1,2})?"
_STRUCK_RE = re.compile(r"~~[^~\n]{1,80}~~[ \t]*")


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_vocabulary("versions")


def _alt(name: str) -> str:
    return "|".join(sorted(_vocab()[name], key=len, reverse=True))


@lru_cache(maxsize=1)
def _old_then_new_re() -> re.Pattern[str]:
    # the old words stay in their clause and out of any aside: "was everyone, now VIPs only"
    old = r"(?:(?!\.\s)[^,;\n()])"
    return re.compile(
        rf"{_CLAUSE_START}(?P<cut>(?:{_alt('old_markers')})\s+{old}{{1,60}}?[\s,;]*"
        rf"(?:{_alt('now_markers')})(?!\w)\s*:?\s*)(?=\S)",
        re.I | re.M,
    )


@lru_cache(maxsize=1)
def _aside_re() -> re.Pattern[str]:
    return re.compile(rf"[ \t]*\(\s*(?:{_alt('old_asides')})(?!\w)[^()\n]{{0,60}}\)", re.I)


def _valued(kind: str) -> str:
    # a unit on each side: a bare number is a day of the month or an hour of a window
    units = _alt(f"{kind}_units")
    prefix = rf"[$€£]\s?{_NUM}|" if kind == "offer" else ""
    return rf"[-\u2212]?(?:{prefix}{_NUM}\s?(?:{units})(?!\w))"


@lru_cache(maxsize=1)
def _from_to_re() -> re.Pattern[str]:
    # "de 10 % à 5 €" -> "à 5 €": a new offer keeps the word that leads to it; a new wait does
    # not, as "Wait: to 2 days" reads as no wait at all
    to = _alt("to_words")
    offer = rf"(?P<offer>{_valued('offer')})\s+(?=(?:{to})\s+{_valued('offer')})"
    wait = rf"(?P<wait>{_valued('wait')})\s+(?:{to})\s+(?={_valued('wait')})"
    return re.compile(rf"(?<!\w)(?:{_alt('from_words')})\s+(?:{offer}|{wait})", re.I)


@lru_cache(maxsize=8)
def _word_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(name)})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _dead_code_re() -> re.Pattern[str]:
    code = r"(?-i:(?P<code>(?=[A-Z0-9_-]*\d)[A-Z][A-Z0-9_-]{2,24}))"
    return re.compile(
        rf"(?<![\w-]){code}(?![\w-])\s+(?:{_alt('dead_code')})(?!\w)[\s,;:.\u2013\u2014-]*", re.I
    )


@lru_cache(maxsize=1)
def _label_marks_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<=\w)[ \t]*[\u2013\u2014-]?[ \t]*(?:{_alt('change_labels')})[ \t]*(?=:)", re.I | re.M
    )


@lru_cache(maxsize=1)
def _same_label_re() -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*(?:[-*•][ \t]*)?(?P<cut>(?:{_alt('same_labels')})[ \t]*:[ \t]*)", re.I | re.M)


def _clause(text: str, at: int) -> tuple[int, int]:
    # a sentence's full stop ends it too: "Attente : 2 jours. Envoi de 9 heures à 18 heures."
    # names no wait in its second sentence
    stops = (";", "!", "?", "\n", ". ")
    start = max(text.rfind(ch, 0, at) + len(ch) if ch in text[:at] else 0 for ch in stops)
    ends = [i for ch in stops if (i := text.find(ch, at)) != -1]
    return start, min(ends or [len(text)])


def _drop(start: int, end: int) -> Edit:
    return (start, end, "", start, start)


def version_edits(text: str) -> list[Edit]:
    """The deletions that leave only the values a version note settles on (none for a brief
    written as one version)."""
    low = text.lower()

    def found(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        # a scan only where the pattern's own words stand (`regex_gate`)
        return pattern.finditer(text) if may_match(pattern, text, low) else iter(())

    edits = [_drop(m.start(), m.end()) for m in found(_STRUCK_RE)]
    edits += [_drop(m.start("cut"), m.end("cut")) for m in found(_old_then_new_re())]
    edits += [_drop(m.start(), m.end()) for m in found(_aside_re())]
    for m in found(_from_to_re()):
        a, b = _clause(text, m.start())
        words = text[a:b]
        kind = "offer" if m.group("offer") else "wait"
        if not _word_re(f"{kind}_subjects").search(words):
            continue
        if kind == "offer" and _word_re("price_words").search(words):
            continue
        edits.append(_drop(m.start(), m.end()))
    for m in found(_dead_code_re()):
        edits.append(_drop(m.start(), m.end()))
        for other in re.finditer(rf"(?<![\w-]){re.escape(m.group('code'))}(?![\w-])", text):
            if other.start() != m.start():
                edits.append(_drop(other.start(), other.end()))
    edits += [_drop(m.start(), m.end()) for m in found(_label_marks_re())]
    edits += [_drop(m.start("cut"), m.end("cut")) for m in found(_same_label_re())]
    return edits
