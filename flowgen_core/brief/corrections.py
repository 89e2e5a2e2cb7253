"""A brief that corrects itself: the value it settles on replaces the one it wrote first.

`apply_corrections(text)` rewrites the brief with its own corrections applied, before any fact
is read, so every reader sees only the value the brief settles on:

- said in one breath: "in the last 28 days... no wait, 30 days", "after a couple of days, let's
  say two", "un par de horas, o sea dos", "ein paar Tagen, sagen wir zwei", "dans trois jours,
  enfin non, quatre": the first value is dropped and the second takes its place and unit;
- a later change that names the old value: "do the reminder after 24 hours, not 48", "£20 off
  instead of the percentage", "30 % statt 15 %": every mention of the old value elsewhere in the
  brief becomes the new one (its words in the correction are dropped);
- a later change that takes the offer back: "in the end no discount, just the announcement", "al
  final nada de descuento", "finalement pas de remise", "doch kein Rabatt", "drop the discount":
  every percentage, sum off and code elsewhere is dropped; the subject stays.

A correction is read wherever it is written. In a pasted e-mail chain ("Re: Re: Fwd: ...",
quoted "> " lines, top-posted or not) its own words ("not 48", "instead of", "in the end") say
that it comes after what it changes, so the order of the messages never has to be guessed.
The result is a `Reshaped` (see `formats.py`): each fact read from it still points at the
brief's own words, the corrected value at the words of the correction. Words are data in
`vocab/corrections.json`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import MAX_SCAN_CHARS
from flowgen_core.brief.formats import Reshaped, SourceWriter
from flowgen_core.brief.late_notes import late_edits
from flowgen_core.brief.numbers import parse_count
from flowgen_core.brief.previous import previous_spans
from flowgen_core.brief.versions import version_edits
from flowgen_core.brief.vocabulary import load_vocabulary

Edit = tuple[int, int, str, int, int]  # replace text[start:end] with words standing for source[a:b]


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_vocabulary("corrections")


def _alt(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[\s,]+") for w in ordered)


@lru_cache(maxsize=1)
def _unit_kinds() -> dict[str, str]:
    return {w.lower(): kind for kind, words in _vocab()["units"].items() for w in words}


def _value_pattern(name: str, vague: bool) -> str:
    v = _vocab()
    units = [w for kind, ws in v["units"].items() if kind != "money" for w in ws]
    money = _alt(v["units"]["money"])
    numbers = _alt(v["numbers"])
    num = rf"\d{{1,4}}(?:[.,]\d{{1,2}})?|(?:{numbers})(?!\w)"
    if vague:
        num = rf"(?:{_alt(v['vague'])})(?!\w)|{num}"
    return (
        rf"(?P<{name}>(?P<{name}_cur>[$€£]\s?)?(?P<{name}_n>{num})"
        rf"(?:\s?(?P<{name}_u>(?:{_alt(units)})(?!\w)|%|(?:{money})(?!\w)))?)"
    )


def _offer_after() -> str:
    """The offer words that may follow a value ("de remise", "Rabatt"), optional."""
    return rf"(?:\s+(?:{_alt(_vocab()['offer_after'])})(?!\w))?"


@lru_cache(maxsize=1)
def _spoken_re() -> re.Pattern[str]:
    gap = r"[\s.,\u2026:;()\u2013\u2014-]*"
    after = _offer_after()  # "10 % de remise, enfin non, 22 %"
    return re.compile(
        rf"(?<![\w.,$€£]){_value_pattern('old', True)}{after}(?P<gap>{gap}(?:{_alt(_vocab()['spoken'])})(?!\w){gap})"
        rf"{_value_pattern('new', False)}(?![\w%])",
        re.I,
    )


@lru_cache(maxsize=1)
def _named_old_re() -> re.Pattern[str]:
    v = _vocab()
    after = _offer_after()
    return re.compile(
        rf"(?<![\w.,$€£]){_value_pattern('new', False)}{after}"
        rf"(?P<cut>[\s,]*(?:{_alt(v['not_before'])})\s+(?:{_value_pattern('old', False)}|(?P<pct>{_alt(v['the_percentage'])})))(?![\w%])",
        re.I,
    )


@lru_cache(maxsize=1)
def _old_first_re() -> re.Pattern[str]:
    """ "instead of 48 hours, 24", "statt 48 Stunden lieber 24": the old value named first."""
    v = _vocab()
    after = _offer_after()
    return re.compile(
        rf"(?<!\w)(?P<cut>(?:{_alt(v['instead_first'])})\s+(?:{_value_pattern('old', False)}|(?P<pct>{_alt(v['the_percentage'])}))"
        rf"{after}[\s,]*(?:(?:{_alt(v['then_new'])})\s+)?)"
        rf"(?<![\w.,$€£]){_value_pattern('new', False)}(?![\w%])",
        re.I,
    )


@lru_cache(maxsize=1)
def _replaced_re() -> re.Pattern[str]:
    """ "10% off with code FRESH24 instead of the 20%", "-15 % avec OPEN15 (plus de -10 %)", "25 %
    mit SOMMER25 statt der 20 %": the old value named after the new one, words between them."""
    v = _vocab()
    det = r"(?:(?:the|our|that|el|la|los|las|le|la|les|der|die|das|den|dem)\s+)?"
    return re.compile(
        rf"(?P<cut>[\s,]*\(?\s*(?<!\w)(?:{'|'.join(v['replaced_before'])})\s+{det}[-\u2212]?\s?"
        rf"{_value_pattern('old', False)}{_offer_after()}(?![\w%])\s*\)?)",
        re.I,
    )


def _replaced(text: str, taken: list[Edit]) -> list[Edit]:
    """An old value named after the new one with words between ("10% off with code FRESH24
    instead of the 20%"): the new one is the last value of its kind before it in its sentence.
    The naming words are dropped and every other mention of the old value becomes the new one."""
    edits: list[Edit] = []
    for m in _replaced_re().finditer(text):
        if _inside(m.start("old"), taken + edits):
            continue
        old = _kind(m, "old")
        sentence = max(text.rfind(ch, 0, m.start()) for ch in ".;!?\n") + 1
        before = [
            v
            for v in _any_value_re().finditer(text, sentence, m.start("cut"))
            if _kind(v, "v") == old and not _inside(v.start(), taken + edits)
        ]
        if old is None or not before:
            continue  # "instead of 20 people", or no new value of that kind before it
        new, old_number = before[-1], _number(m.group("old_n"))
        if _number(new.group("v_n")) == old_number:
            continue
        edits.append((m.start("cut"), m.end("cut"), "", m.start("cut"), m.start("cut")))
        for v in _any_value_re().finditer(text):
            if (
                m.start() <= v.start() < m.end()
                or v.start() == new.start()
                or _inside(v.start(), taken + edits)
            ):
                continue
            if _kind(v, "v") == old and _number(v.group("v_n")) == old_number:
                edits.append((v.start("v"), v.end("v"), new.group("v"), new.start("v"), new.end("v")))
    return edits


@lru_cache(maxsize=1)
def _any_value_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.,$€£]){_value_pattern('v', False)}(?![\w%])", re.I)


@lru_cache(maxsize=1)
def _removal_re() -> re.Pattern[str]:
    v = _vocab()
    det = r"(?:(?:the|any|a|an|this|that|el|la|los|las|le|les|de|den|die|das|dem|un|une|una|ce|cette)\s+)?"
    offer = rf"(?:{_alt(v['offer_nouns'])})(?!\w)(?!\s*(?:code|c[oó]digo)\b)"
    filler = r"(?:(?:we|we'll|let's|let\s+us|do|go|use|send|it's|it\s+is|there's|there\s+is|será|sera|c'est|es|ist|wir|gibt\s+es|il\s+n'y\s+a)\s+){0,3}"
    late, refuse = _alt(v["late"]), _alt(v["refusals"])
    return re.compile(
        rf"(?<!\w)(?:(?:{late})[\s,:]+{filler}(?:{refuse})\s+{det}{offer}"
        rf"|(?:{_alt(v['no_longer'])})\s+{det}{offer}"
        rf"|(?:{refuse})\s+{offer}\s+(?:{_alt(v['after_offer_no_longer'])})(?!\w)"
        rf"|(?:{_alt(v['drop_verbs'])})\s+{det}{offer}"
        rf"|(?:{refuse})\s+{det}{offer}\s+(?:after\s+all|in\s+the\s+end|al\s+final|finalement|au\s+final|doch|am\s+Ende))",
        re.I,
    )


@lru_cache(maxsize=1)
def _offer_value_re() -> re.Pattern[str]:
    v = _vocab()
    money = _alt(v["units"]["money"])
    pct = _alt(v["units"]["percent"])
    return re.compile(
        r"\s*(?:(?:with|at|for|and|con|con\s+un|con\s+el|avec|à|mit|und|y|et)\s+)?"
        rf"(?<![\w.,])(?:[$€£]\s?\d{{1,6}}(?:[.,]\d{{2}})?|\d{{1,6}}(?:[.,]\d{{1,2}})?\s?(?:{pct}|{money})(?!\w))"
        rf"(?:\s+(?:{_alt(v['offer_after'])})(?!\w))?"
        rf"|(?:,\s*)?(?:{_alt(v['code_before'])})\s*:?\s*(?-i:[A-Z0-9][A-Z0-9_-]{{2,24}})\b",
        re.I,
    )


def _kind(m: re.Match[str], name: str) -> str | None:
    if m.group(f"{name}_cur"):
        return "money"
    unit = m.group(f"{name}_u")
    return _unit_kinds().get(re.sub(r"[\s,]+", " ", unit).lower()) if unit else None


@lru_cache(maxsize=1)
def _measures() -> dict[str, int]:
    """The kinds that measure one thing ("30 min... make it 2 hours" corrects a wait): kind -> group."""
    return {kind: i for i, kinds in enumerate(_vocab().get("one_measure", [])) for kind in kinds}


def _same_measure(old: str, new: str) -> bool:
    return old == new or _measures().get(old, -1) == _measures().get(new, -2)


def _number(words: str) -> str:
    words = words.strip().lower()
    if words[:1].isdigit():
        return words.replace(",", ".")
    count = parse_count(words, default=0)
    return str(count) if count else words


def _spoken(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _spoken_re().finditer(text):
        old, new = _kind(m, "old"), _kind(m, "new")
        if old and new and not _same_measure(old, new):
            continue
        if old is None and new is not None:
            continue  # "text 1, wait 2 hours": no value of the same kind taken back
        start, end = m.start("old"), m.end("old")
        if new is None and m.start("gap") != end:
            continue  # "$5 off, I mean 8": a bare sum off is the offer reader's own correction
        if new is None and m.group("old_u"):
            # "a couple of days, let's say two" -> "two days": the new number keeps the old unit
            lead = m.group("old_cur") or ""
            edits.append((start, m.end("old_n"), lead + m.group("new_n"), m.start("new"), m.end("new")))
            edits.append((m.end("old_n"), end, text[m.end("old_n") : end], m.end("old_n"), end))
            # "10% de descuento, perdón, 20": the words after the old value stay
            edits.append((m.start("gap"), m.end("new"), "", m.end("new"), m.end("new")))
        else:
            edits.append((start, m.start("new"), "", m.start("new"), m.start("new")))
    return edits


def _named_old(text: str, taken: list[Edit]) -> list[Edit]:
    edits: list[Edit] = []
    named = [(m, False) for m in _named_old_re().finditer(text)]
    named += [(m, True) for m in _old_first_re().finditer(text)]
    for m, old_first in named:
        if old_first and any(o.start() <= m.start() < o.end() for o, first in named if not first):
            continue
        bare = m.group("new_u") is None and not m.group("new_cur")
        if old_first and bare and not re.match(r"\s*(?:[.,;:!?)\n]|$)", text[m.end() :]):
            continue  # "instead of 48 hours, 24 people": no value of the same kind
        new = _kind(m, "new")
        old = "percent" if m.group("pct") else _kind(m, "old")
        if new is None and old is None:
            continue  # "reply 1 not 2": no value of a kind
        old, new = old or new, new or old
        if m.group("pct") is None and old != new:
            continue
        old_number = None if m.group("pct") else _number(m.group("old_n"))
        edits.append((m.start("cut"), m.end("cut"), "", m.start("cut"), m.start("cut")))
        if old_first and bare and m.group("old_u"):
            # "instead of 48 hours, 24" -> "24 hours": the new number keeps the old unit
            unit = m.group("old_u")
            words = f"{m.group('new')} {unit}" if unit[0].isalpha() else m.group("new") + unit
            edits.append((m.start("new"), m.end("new"), words, m.start("new"), m.end("new")))
        for v in _any_value_re().finditer(text):
            if m.start() <= v.start() < m.end() or _inside(v.start(), taken + edits):
                continue
            if _kind(v, "v") != old or (old_number is not None and _number(v.group("v_n")) != old_number):
                continue
            words = m.group("new")
            if m.group("new_u") is None and not m.group("new_cur") and v.group("v_u"):
                words = f"{words} {v.group('v_u')}" if v.group("v_u")[0].isalpha() else words + v.group("v_u")
            edits.append((v.start("v"), v.end("v"), words, m.start("new"), m.end("new")))
    return edits


@lru_cache(maxsize=1)
def _draft_re() -> re.Pattern[str]:
    """ "ignore the draft I sent Monday", "olvida el borrador", "vergesst den Entwurf": an earlier
    draft the brief throws away, to the end of its clause."""
    v = _vocab()
    det = r"(?:(?:the|my|our|that|this|those|el|la|mi|ese|esa|este|le|ma|mon|ce|cette|l['’]|den|die|das|meinen|meine|unseren)\s*)"
    return re.compile(
        rf"(?<!\w)(?:{_alt(v['discard_verbs'])})\s+{det}(?:[\w'’-]+\s+){{0,2}}?(?:{_alt(v['draft_nouns'])})(?!\w)"
        r"[^.;!?\n,]*",
        re.I,
    )


def _discarded_drafts(text: str) -> list[Edit]:
    """A draft the brief throws away ("ignore the draft with 15% off, ..."): the clause naming it
    is dropped with its offer values, so neither the offer nor its words reach the messages,
    whatever the brief settles on after it. Only a clause that states an offer value."""
    edits: list[Edit] = []
    for d in _draft_re().finditer(text):
        if not any(m.group().strip() for m in _offer_value_re().finditer(text, d.start(), d.end())):
            continue
        gap = re.match(r"[\s,]*", text[d.end() :])
        end = d.end() + (len(gap.group()) if gap else 0)
        edits.append((d.start(), end, "", end, end))
    return edits


def _removals(text: str) -> list[Edit]:
    spans = [(m.start(), m.end()) for m in _removal_re().finditer(text)]
    if not spans:
        return []
    sentences = [
        (
            max(text.rfind(ch, 0, a) for ch in ".!?\n") + 1,
            min([i for ch in ".!?\n" if (i := text.find(ch, b)) != -1] or [len(text)]),
        )
        for a, b in spans
    ]
    return [
        (m.start(), m.end(), "", m.start(), m.start())
        for m in _offer_value_re().finditer(text)
        if not any(a <= m.start() < b for a, b in sentences)
    ]


def _inside(at: int, edits: list[Edit]) -> bool:
    return any(s <= at < e for s, e, *_ in edits)


def apply_corrections(text: str) -> Reshaped:
    """`text` with the corrections it makes to itself applied (unchanged when it makes none)."""
    out = SourceWriter(text)
    # the readers scan only the brief's first MAX_SCAN_CHARS characters; so do the corrections
    scanned = text[:MAX_SCAN_CHARS]
    if len(scanned) < len(text):
        fixed = apply_corrections(scanned)
        if not fixed.changed:
            out.copy(0, len(text))
            return out.done()
        out.pieces.extend(fixed.pieces)
        out.copy(len(scanned), len(text))
        return out.done()
    previous = previous_spans(text)
    versions = version_edits(text)
    if (
        not previous
        and not versions
        and not re.search(r"\d|%", text)
        and not _removal_re().search(text)
        and not _spoken_re().search(text)
    ):
        out.copy(0, len(text))
        return out.done()
    # a previous campaign's words ("last year we did 20% off") lend this flow no value: dropped
    # first, so no correction reads them either
    edits: list[Edit] = []
    for a, b in previous:
        gap = re.match(r"[\s.;:,!?]*", text[b:])
        end = b + (len(gap.group()) if gap else 0)
        edits.append((a, end, "", end, end))
    # "was 1 day, now 2 days", "VINYL10 is dead": a version note's old values go before any
    # correction reads them
    edits += [e for e in versions if not _inside(e[0], edits)]
    # "P.S. make it 15% with code REFILL15 instead": a late note's values replace the earlier ones
    edits += late_edits(text, _any_value_re(), lambda m: _kind(m, "v"), lambda at: _inside(at, edits))
    edits += [e for e in _spoken(text) if not _inside(e[0], edits)]
    edits += _named_old(text, edits)
    edits += _replaced(text, edits)
    edits += [e for e in _removals(text) if not _inside(e[0], edits)]
    edits += [e for e in _discarded_drafts(text) if not _inside(e[0], edits)]
    cursor = 0
    for start, end, words, a, b in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            continue
        out.copy(cursor, start)
        if words and words == text[a:b] and (a, b) != (start, end):
            out.move(a, b)  # the correction's own words, where the new value is written
        elif words == text[start:end]:
            out.copy(start, end)
        else:
            out.add(words, a, b)
        cursor = end
    out.copy(cursor, len(text))
    return out.done()
