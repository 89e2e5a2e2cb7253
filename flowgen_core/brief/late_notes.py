"""A note added after the brief that changes what it said: the note's value is the only one used.

"... 10% off a refill with code REFILL10. P.S. The owner thinks 10% is too stingy - make it 15%
off with code REFILL15 instead", "P.D.: Mejor que el código sea VERANO15", "P.S. : finalement,
20 % au lieu de 15 %", "PS: doch lieber Code HERBST20 statt HERBST15", "P.S. Scratch the 48
hours - send the nudge after 24 hours instead": a note opened by a marker ("P.S.", "P.D.",
"N.B.", "Update:", "Edit:", "Nachtrag:") at the start of a line or sentence, with words saying
it changes something.

For each kind of value the note states (a percentage, a sum, a wait, a code), its new value is
the last one not named as the old one ("instead of 10%", "scratch the 48 hours", "statt
HERBST15"). Every earlier mention of the old value becomes the new one; when the note names no
old value, the brief must state exactly one value of that kind for the note to replace, so an
ambiguous note changes nothing. A note that only adds ("P.S. use their first name") or tells
background ("P.S. last year we did 10%", dropped by `previous.py`) changes no value.

`late_edits(text)` gives the replacements in the `corrections.py` edit form;
`audience_taken_back(text)` says a note takes the audience filter back ("P.S. Actually, don't
filter on membership at all - send it to everyone"). Words are data in `vocab/late_notes.json`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation

Edit = tuple[int, int, str, int, int]  # replace text[start:end] with words standing for source[a:b]
Value = tuple[int, int, str, str]  # (start, end, kind, number or code) of a value in the brief

# a code: capitals with a digit, never a unit ("24H") or a bare number
_CODE_RE = re.compile(r"(?<![\w-])(?-i:[A-Z]{2,}[A-Z0-9_-]*\d[A-Z0-9_-]*)(?![\w-])")
_DURATIONS = {"minute", "hour", "day", "week", "month"}


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_vocabulary("late_notes")


@lru_cache(maxsize=1)
def _marker_re() -> re.Pattern[str]:
    markers = "|".join(_vocab()["markers"])
    return re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))[ \t>*•-]*(?:{markers})[ \t.:\u2013\u2014-]*", re.M)


@cache
def _words_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’]){phrase_alternation(_vocab()[name])}(?![\w'’])", re.I)


@lru_cache(maxsize=1)
def _old_before_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w'’]){phrase_alternation(_vocab()['old_before'])}\s+(?:code\s+|c[oó]digo\s+)?$", re.I
    )


def late_notes(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each late note that says it changes something: its marker to the end
    of its line."""
    notes = []
    for m in _marker_re().finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end == -1 else end
        if _words_re("change_cues").search(text, m.end(), end):
            notes.append((m.end(), end))
    return notes


def _values(
    text: str, kind_of: Callable[[re.Match[str]], str | None], value_re: re.Pattern[str]
) -> Iterator[Value]:
    for m in value_re.finditer(text):
        kind = kind_of(m)
        if kind is not None:
            yield m.start("v"), m.end("v"), kind, m.group("v_n").strip().lower().replace(",", ".")
    for m in _CODE_RE.finditer(text):
        yield m.start(), m.end(), "code", m.group()


def late_edits(
    text: str,
    value_re: re.Pattern[str],
    kind_of: Callable[[re.Match[str]], str | None],
    skip: Callable[[int], bool],
) -> list[Edit]:
    """The replacements that leave only each late note's values: `value_re` finds a value (group
    "v", its number "v_n"), `kind_of` names its kind, `skip` says an offset is already edited."""
    notes = late_notes(text)
    if not notes:
        return []
    values = [
        (a, b, "duration" if kind in _DURATIONS else kind, n)
        for a, b, kind, n in _values(text, kind_of, value_re)
        if not skip(a)
    ]
    edits: list[Edit] = []
    for start, end in notes:
        in_note = [v for v in values if start <= v[0] < end]
        for kind in dict.fromkeys(v[2] for v in in_note):
            mine = [v for v in in_note if v[2] == kind]
            named_old = [v for v in mine if _old_before_re().search(text, max(start, v[0] - 30), v[0])]
            fresh = [v for v in mine if v not in named_old]
            if not fresh:
                continue
            new = fresh[-1]
            olds = {v[3] for v in mine if v[3] != new[3]}
            others = [v for v in values if v[2] == kind and not start <= v[0] < end and v[3] != new[3]]
            if not olds:
                # the note names no old value: it replaces the brief's one value of that kind
                # and a wait must be named: "bought 30 days ago" is no wait the note changes
                if kind == "duration" or len({v[3] for v in others}) != 1 or any(v[0] > end for v in others):
                    continue
                olds = {others[0][3]}
            for a, b, _, n in [*others, *mine]:
                if n in olds and not any(s <= a < e for s, e, *_ in edits):
                    edits.append((a, b, text[new[0] : new[1]], new[0], new[1]))
    return edits


def audience_taken_back(text: str) -> bool:
    """The brief sends to the whole list after all: a late note says so ("P.S. Actually, don't
    filter on membership at all - send it to everyone on the list"), or a sentence anywhere says
    the send is not segmented ("We're NOT segmenting this one", "No segment.") without turning
    to a group of its own ("no segmentation by country, only VIPs")."""
    if any(_words_re("whole_audience").search(text, a, b) for a, b in late_notes(text)):
        return True
    for m in _words_re("no_segment").finditer(text):
        end = min([i for ch in ".;!?\n" if (i := text.find(ch, m.end())) != -1] or [len(text)])
        start = max(text.rfind(ch, 0, m.start()) for ch in ".;!?\n") + 1
        if not _words_re("turns").search(text, start, end):
            return True
    return False
