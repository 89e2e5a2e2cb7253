"""Where each fact of a brief was read: the brief's words, their offsets, stated or assumed.

The extractors decide what a brief says; this module only finds those facts' words again in
the brief's own text, clause by clause, so "What I understood" can quote them. A fact whose
words cannot be found is reported as assumed, never as stated: the interpreter claims no
more certainty than it can show. Locating cues (number words, units, currency, reply and
update verbs) are data in `vocab/provenance.json`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import MAX_SCAN_CHARS, Clause, clause_at, split_clauses
from flowgen_core.brief.glossary import source_phrases
from flowgen_core.brief.language import requested_copy_language
from flowgen_core.brief.source import FactSource, How
from flowgen_core.brief.vocabulary import load_vocabulary

if TYPE_CHECKING:  # types only: extract.py imports this module to fill `CampaignBrief.sources`
    from flowgen_core.brief.model import (
        AudienceCondition,
        CampaignBrief,
        Duration,
        FrequencyCap,
    )

Span = tuple[int, int]

_VERB_GAP = 12  # "reply with " / "text us ": the most words between a reply verb and its keyword
_NEAR = 60  # how far (characters, inside one clause) a fact's words may lie from each other


def _vocab() -> dict[str, Any]:
    return load_vocabulary("provenance")


@lru_cache(maxsize=1024)  # the vocabularies' words, and each brief's names and values
def _phrase(word: str, bounded: bool = True) -> str:
    body = r"\s+".join(
        r"[-\s]?".join(re.escape(part) for part in token.split("-")) for token in word.rstrip("*").split()
    )
    lead = r"(?<!\w)" if bounded and word[:1].isalnum() else ""
    tail = r"\w*" if word.endswith("*") else (r"(?!\w)" if word.rstrip("*")[-1:].isalnum() else "")
    return f"{lead}{body}{tail}"


def _alts(words: list[str], bounded: bool = True) -> str:
    return _alternation(tuple(words), bounded)


@lru_cache(maxsize=256)  # one per vocabulary list: built once, not once per fact located
def _alternation(words: tuple[str, ...], bounded: bool) -> str:
    return "(?:" + "|".join(_phrase(w, bounded) for w in sorted(words, key=len, reverse=True)) + ")"


def _unit(words: list[str]) -> str:
    # a unit may follow its number without a space ("48h", "3d")
    return _alts(words, bounded=False)


@lru_cache(maxsize=256)
def _number(value: int) -> str:
    words = _vocab()["numbers"].get(str(value), [])
    # "1,20" is no 20, but a table cell after a comma is ("vip,20%,SPRING20")
    edge = r"(?<![\w.])(?<!\d,)"
    return rf"(?:{edge}{value}(?![\d])|{_alts(words)})" if words else rf"{edge}{value}(?!\d)"


@lru_cache(maxsize=64)
def _times(value: int) -> str:
    words = _vocab()["times"].get(str(value), [])
    return f"(?:{_alts(words)}|{_number(value)})" if words else _number(value)


def _amount_of(value: int, unit: str) -> list[str]:
    """Regex pieces for a duration of `value` `unit`, in that unit and the ones it converts to."""
    units = _vocab()["units"]
    pieces = [rf"{_number(value)}\s*-?\s*{_unit(units[unit])}"]
    days = {"days": value, "hours": value / 24, "minutes": value / 1440}.get(unit)
    if unit == "hours" and value % 24 == 0:
        pieces.append(rf"{_number(value // 24)}\s*-?\s*{_unit(units['days'])}")
    if unit == "minutes" and value % 60 == 0:
        pieces.append(rf"{_number(value // 60)}\s*-?\s*{_unit(units['hours'])}")
    if days and days == int(days):
        whole = int(days)
        if whole % 7 == 0:
            pieces.append(rf"{_number(whole // 7)}\s*-?\s*{_unit(units['weeks'])}")
        if whole % 30 == 0:
            pieces.append(rf"{_number(whole // 30)}\s*-?\s*{_unit(units['months'])}")
        phrases = _vocab()["day_phrases"].get(str(whole))
        if phrases:
            pieces.append(_alts(phrases))
    return pieces


@lru_cache(maxsize=256)
def _duration_re(value: int, unit: str) -> re.Pattern[str]:
    after = _alts(_vocab()["duration_after"])
    return re.compile(rf"(?:{'|'.join(_amount_of(value, unit))})(?:\s+{after})?", re.I)


@lru_cache(maxsize=128)
def _cap_re(occurrences: int, timespan: int, period: str) -> re.Pattern[str]:
    unit = period.lower()
    pieces = _amount_of(timespan, unit)
    if timespan == 1 or (unit == "days" and timespan in (7, 30)):
        single = {1: unit, 7: "weeks", 30: "months"}[timespan if unit == "days" else 1]
        pieces.append(_alts(_vocab()["units"][single]))
    lead = r"(?:(?:at\s+most|no\s+more\s+than|max(?:imum)?|up\s+to|cap(?:ped)?(?:\s+at)?|limit(?:ed)?(?:\s+to)?|only)\s+)?"
    return re.compile(rf"{lead}{_times(occurrences)}[^.;\n]{{0,40}}?(?:{'|'.join(pieces)})", re.I)


def _text_re(words: str) -> re.Pattern[str]:
    """Words as the extractor quoted them, matched across the dashes and spaces it normalised."""
    tokens = [re.escape(t) for t in re.split(r"[\s\-\u2013\u2014]+", words.strip()) if t]
    return re.compile(r"[\s\-\u2013\u2014]+".join(tokens), re.I) if tokens else re.compile(r"(?!)")


class _Reader:
    """The brief's text and clauses, and the spans already given to a fact."""

    def __init__(self, text: str, clauses: list[Clause]) -> None:
        self.text = text
        self.clauses = clauses
        self.taken: set[Span] = set()

    def clause(self, position: int) -> Clause | None:
        return clause_at(self.clauses, position)

    def about(self, position: int, kinds: tuple[str, ...]) -> bool:
        clause = self.clause(position)
        return clause is not None and (not kinds or clause.is_about(*kinds))

    def find(self, pattern: re.Pattern[str], kinds: tuple[str, ...] = (), after: int = 0) -> Span | None:
        """The best match: in a clause about `kinds`, not yet used, at or after `after`, earliest."""
        best: tuple[tuple[bool, bool, bool, int], Span] | None = None
        for m in pattern.finditer(self.text):
            if m.end() <= m.start():
                continue
            span = (m.start(), m.end())
            used = any(s < span[1] and span[0] < e for s, e in self.taken)
            key = (not self.about(m.start(), kinds), used, m.start() < after, m.start())
            if best is None or key < best[0]:
                best = (key, span)
        return best[1] if best else None

    def near(self, pattern: re.Pattern[str], span: Span, before: bool) -> Span | None:
        """`pattern` just before (the last match) or just after (the first) `span`, same clause."""
        clause = self.clause(span[0])
        lo, hi = (clause.start, clause.end) if clause else (0, len(self.text))
        if before:
            window_start = max(lo, span[0] - _NEAR)
            found = [m for m in pattern.finditer(self.text, window_start, span[0]) if m.end() > m.start()]
            return (found[-1].start(), found[-1].end()) if found else None
        m = pattern.search(self.text, span[1], min(hi, span[1] + _NEAR))
        return (m.start(), m.end()) if m and m.end() > m.start() else None

    def stated(self, fact: str, index: int, span: Span | None) -> FactSource:
        if span is None:
            return FactSource(fact=fact, index=index, how="assumed")
        start, end = span
        while end > start and self.text[end - 1] in " \t\n,;:":
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        if (
            self.text.count("(", start, end) > self.text.count(")", start, end)
            and self.text[end : end + 1] == ")"
        ):
            end += 1  # close the aside the words end in: "(variant 4455)"
        self.taken.add(span)
        return FactSource(
            fact=fact, index=index, how="stated", words=self.text[start:end], start=start, end=end
        )


def _join(first: Span, second: Span | None) -> Span:
    return first if second is None else (min(first[0], second[0]), max(first[1], second[1]))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    return {
        "negation": re.compile(_alts(v["negations"]), re.I),
        "reply_verb": re.compile(_alts(v["reply_verbs"]), re.I),
        "update_verb": re.compile(_alts(v["update_verbs"]), re.I),
        "free_shipping": re.compile(_alts(v["free_shipping"]), re.I),
        "test": re.compile(_alts(v["tests"]) + r"(?:\s+(?:test|split))?", re.I),
        "entry_once": re.compile(_alts(v["entry_once"]), re.I),
        **{f"action:{a}": re.compile(_alts(words), re.I) for a, words in v["actions"].items()},
    }


# --------------------------------------------------------------------------- per fact kind


def _audience(reader: _Reader, index: int, c: AudienceCondition) -> FactSource:
    kinds = ("audience", "goal")
    if c.kind == "event":
        action = _patterns().get(f"action:{c.action}")
        span = reader.find(action, kinds) if action else None
        if c.days:
            window = reader.find(_duration_re(c.days, "days"), kinds)
            if window and (span is None or reader.clause(window[0]) is not reader.clause(span[0])):
                span = _closest(reader, action, window) if action else window
            elif window and span:
                span = _closest(reader, action, window) if action else span
        if span and c.operator == "has_not":
            span = _join(span, reader.near(_patterns()["negation"], span, before=True))
        return reader.stated("audience", index, span)
    name = re.compile(_phrase(c.property_name or "").replace(r"_", r"[\s_-]*"), re.I)
    value_span = None
    if c.property_value:
        value = re.compile(_phrase(c.property_value).removesuffix(r"(?!\w)") + r"(?:e?s)?(?!\w)", re.I)
        value_span = reader.find(value, kinds)
    name_span = reader.near(name, value_span, before=True) if value_span else reader.find(name, kinds)
    span = _join(value_span, name_span) if value_span else name_span
    return reader.stated("audience", index, span)


def _closest(reader: _Reader, action: re.Pattern[str] | None, window: Span) -> Span:
    """The action words nearest the window ("no order in 90 days"), joined to it."""
    if action is None:
        return window
    before = reader.near(action, window, before=True)
    after = reader.near(action, window, before=False)
    options = [s for s in (before, after) if s]
    if not options:
        return window
    nearest = min(options, key=lambda s: min(abs(s[0] - window[1]), abs(window[0] - s[1])))
    return _join(window, nearest)


def _offer(reader: _Reader, index: int, kind: str, value: str | None, code: str | None) -> FactSource:
    v = _vocab()
    offer_after = rf"(?:\s+{_alts(v['offer_after'])})?"
    span: Span | None = None
    if kind in ("percentage", "amount") and value and value.isdigit():
        n = _number(int(value))
        if kind == "percentage":
            pattern = rf"-?\s?{n}\s*{_alts(v['percent'])}{offer_after}"
        else:
            cents = r"(?:[.,]00)?"
            pattern = (
                rf"(?:{_alts(v['currency_before'])}\s?{n}{cents}|{n}{cents}\s?{_alts(v['currency_after'])})"
                + offer_after
            )
        span = reader.find(re.compile(pattern, re.I), ("offer",))
    elif kind == "code" and code:
        literal = re.compile(rf"(?<!\w){re.escape(code)}(?!\w)", re.I)
        span = reader.find(literal, ("offer",))
        if span:
            span = _join(
                span, reader.near(re.compile(_alts(v["code_before"]) + r"\s*:?\s*$", re.I), span, True)
            )
    elif kind == "free_shipping":
        span = reader.find(_patterns()["free_shipping"], ("offer",))
    return reader.stated("offer", index, span)


def _reply(reader: _Reader, index: int, keyword: str, meaning: str | None) -> FactSource:
    shouted = re.compile(rf"(?<!\w){re.escape(keyword.upper())}(?!\w)")
    span = reader.find(shouted, ("replies",))
    if span is None or not reader.about(span[0], ("replies",)):
        loose = reader.find(re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)", re.I), ("replies",))
        if (loose and reader.about(loose[0], ("replies",))) or span is None:
            span = loose
    if span is None:
        return reader.stated("reply", index, None)
    verb = reader.near(_patterns()["reply_verb"], span, before=True)
    if verb and span[0] - verb[1] <= _VERB_GAP:  # "Reply YES", "text us Y", not a verb of an earlier keyword
        span = _join(span, verb)
    if meaning:
        span = _join(span, reader.near(re.compile(_phrase(meaning), re.I), span, before=False))
    return reader.stated("reply", index, span)


def _durations(
    reader: _Reader, fact: str, durations: list[Duration], kinds: tuple[str, ...]
) -> list[FactSource]:
    sources, after = [], 0
    for index, d in enumerate(durations):
        span = reader.find(_duration_re(d.value, d.unit), kinds, after)
        if span:
            after = span[0]
        sources.append(reader.stated(fact, index, span))
    return sources


def _caps(reader: _Reader, fact: str, caps: list[FrequencyCap]) -> list[FactSource]:
    sources = []
    for index, cap in enumerate(caps):
        span = reader.find(_cap_re(cap.occurrences, cap.timespan, cap.period), ("caps",))
        if span is None and fact == "entry_limit" and cap.occurrences == 1:
            span = reader.find(_patterns()["entry_once"], ("caps",))
        sources.append(reader.stated(fact, index, span))
    return sources


_DAY_MARK_RE = re.compile(r"(?<!\w)(?:day|d[ií]a|jour|tag)\s+(?P<d>\d{1,2})(?![\d%])", re.I)


def _day_gaps(reader: _Reader, waits: list[Duration], sources: list[FactSource]) -> list[FactSource]:
    """A wait read from a day schedule ("Day 1: … Day 3: …" is 2 days) states no duration of its
    own: its words are the day it waits for ("Day 3")."""
    if all(s.how == "stated" for s in sources):
        return sources
    marks = list(_DAY_MARK_RE.finditer(reader.text))
    days = [int(m.group("d")) for m in marks]
    if len(days) < 2 or any(b <= a for a, b in pairwise(days)):
        return sources
    starts = [0, *days] if days[0] > 1 else days
    spans = [None, *marks] if days[0] > 1 else marks
    gaps = [(b - a, spans[i + 1]) for i, (a, b) in enumerate(pairwise(starts))]
    for index, (wait, source) in enumerate(zip(waits, sources, strict=True)):
        if source.how == "stated" or wait.unit != "days" or index >= len(gaps):
            continue
        gap, mark = gaps[index]
        if gap == wait.value and mark is not None:
            sources[index] = reader.stated("wait", index, (mark.start(), mark.end()))
    return sources


def _series(reader: _Reader, sends: int) -> list[FactSource]:
    """Each send of a stated series by its heading ("SMS 2", "Message 3", "Day 7", "Mensaje 2",
    "Tag 3"); a send the brief names by no heading ("4 days after that send more tips") is
    told by its wait, so it gets no record of its own rather than an assumed one."""
    sources = []
    for index in range(sends):
        heading = re.compile(
            rf"(?<!\w){_alts(_vocab()['series_headings'])}\s*#?\s*{index + 1}(?![\d%])", re.I
        )
        span = reader.find(heading)
        if span is not None:
            sources.append(reader.stated("series", index, span))
    return sources


def _quoted(reader: _Reader, fact: str, index: int, words: str, kinds: tuple[str, ...]) -> FactSource:
    return reader.stated(fact, index, reader.find(_text_re(words), kinds) if words.strip() else None)


_DAY_WORD_RE = re.compile(r"\b(?:today|tonight|tomorrow)\b", re.I)


def _window(reader: _Reader, index: int, words: str, language: str | None) -> FactSource:
    """A send date: the extractor's words, else (a translated brief) the brief's own words the
    glossary wrote as its day word ("ce soir" for "tonight")."""
    source = _quoted(reader, "send_window", index, words, ("windows",))
    day = _DAY_WORD_RE.search(words)
    if source.how == "assumed":
        phrases = source_phrases(language or "en", day.group(0)) if day and language != "en" else []
        if phrases:
            own = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.I)
            return reader.stated("send_window", index, reader.find(own, ("windows",)))
    return source


def _product(reader: _Reader, index: int, name: str | None, variant_id: str) -> FactSource:
    variant = re.compile(rf"(?<!\w){re.escape(variant_id)}(?!\w)")
    if not name:
        return reader.stated("product", index, reader.find(variant, ("products",)))
    span = reader.find(_text_re(name), ("products",))
    return reader.stated(
        "product", index, _join(span, reader.near(variant, span, before=False)) if span else None
    )


def _clock(hhmm: str) -> str:
    hour, minute = (int(part) for part in hhmm.split(":")[:2])
    hours = {str(hour), str(hour % 12 or 12), f"{hour:02d}"}
    tail = rf"(?:[:.h]\s?{minute:02d})?" if minute == 0 else rf"[:.h]\s?{minute:02d}"
    return (
        rf"(?<!\d)(?:{'|'.join(sorted(hours, key=len, reverse=True))}){tail}\s*(?:[ap]\.?m\.?|h|uhr)?(?!\w)"
    )


def _hours(reader: _Reader, index: int, words: str, start: str, end: str) -> FactSource:
    """Daily hours: the extractor's words, else (a translated brief) the two times in a clause."""
    span = reader.find(_text_re(words), ("windows",)) if words.strip() else None
    if span is None:
        between = re.compile(rf"{_clock(start)}[^.;\n\d]{{1,20}}?{_clock(end)}", re.I)
        span = reader.find(between, ("windows",))
    return reader.stated("send_hours", index, span)


def _update(reader: _Reader, index: int, name: str, value: str) -> FactSource:
    named = _phrase(name).replace("_", r"[\s_-]*")
    # "BUILD -> volunteer_role = builder", "COOK -> volunteer_role = cook": the mention that sets
    # this value, when branches set one property to values of their own
    span = reader.find(re.compile(rf"{named}\s*==?\s*['\"]?{_phrase(value)}", re.I), ("updates",))
    if span is not None:
        span = _join(span, reader.near(_patterns()["update_verb"], span, before=True))
        return reader.stated("update", index, span)
    span = reader.find(re.compile(named, re.I), ("updates",))
    if span is None:
        return reader.stated("update", index, None)
    span = _join(span, reader.near(_patterns()["update_verb"], span, before=True))
    if value not in ("true", "{{reply}}"):
        span = _join(span, reader.near(re.compile(_phrase(value), re.I), span, before=False))
    return reader.stated("update", index, span)


def _experiment(reader: _Reader, groups: int, split: list[int]) -> list[FactSource]:
    way = re.compile(rf"{_number(groups)}[\s-]*way\s+(?:test|split)", re.I)
    span = reader.find(way) or reader.find(_patterns()["test"])
    test = reader.stated("test", 0, span)
    ratio = re.compile(r"(?<![\d/])" + r"\s*/\s*".join(str(s) for s in split) + r"(?![\d/])")
    found = reader.find(ratio)
    even = len(set(split)) == 1
    how: How = "default" if even else "assumed"
    split_source = reader.stated("test_split", 0, found) if found else FactSource(fact="test_split", how=how)
    return [test, split_source]


def _language(reader: _Reader, brief: CampaignBrief) -> FactSource:
    if brief.language != brief.source_language:
        for clause in reader.clauses:
            if requested_copy_language([clause.text]) == brief.language:
                return reader.stated("language", 0, (clause.start, clause.end))
    # detected from the brief's words as a whole: no one span says it
    return FactSource(fact="language", how="assumed")


_BY_FACT: dict[str, Callable[[CampaignBrief], list[Any]]] = {
    "audience": lambda brief: list(brief.audience),
    "image": lambda brief: [brief.image_url] if brief.image_url else [],
    "quiz": lambda brief: list(brief.quiz_questions),
    "offer": lambda brief: list(brief.discounts),
    "reply": lambda brief: [(kw, brief.reply_meanings.get(kw)) for kw in brief.reply_keywords],
    "wait": lambda brief: list(brief.waits),
    "no_reply_wait": lambda brief: list(brief.no_reply_after),
    "reminders": lambda brief: [brief.reminders] if brief.reminders else [],
    "max_sends": lambda brief: [brief.max_sends] if brief.max_sends else [],
    "series": lambda brief: list(range(1, (brief.series_length or 0) + 1)),
    "cap": lambda brief: list(brief.frequency_caps),
    "entry_limit": lambda brief: list(brief.entry_limits),
    "send_window": lambda brief: list(brief.send_windows),
    "send_hours": lambda brief: list(brief.send_hours),
    "update": lambda brief: list(brief.property_updates),
    "product": lambda brief: list(brief.products),
    "test": lambda brief: [brief.experiment.groups] if brief.experiment else [],
    "test_split": lambda brief: [brief.experiment.split] if brief.experiment else [],
    "playbook": lambda brief: [brief.playbook] if brief.playbook else [],
    "language": lambda brief: [(brief.language, brief.source_language)],
}


def _facts(brief: CampaignBrief, fact: str) -> list[Any]:
    read = _BY_FACT.get(fact)  # only the one fact asked for, not every fact of the brief
    return read(brief) if read else []


def fact_value(brief: CampaignBrief, fact: str, index: int = 0) -> str:
    """One fact of `brief` as a short string, to tell whether a source still describes it."""
    facts = _facts(brief, fact)
    if index >= len(facts):
        return ""
    value = facts[index]
    return value.model_dump_json() if hasattr(value, "model_dump_json") else repr(value)


def locate_sources(brief: CampaignBrief) -> list[FactSource]:
    """A source record for each fact of `brief`, found in `brief.text`."""
    sources = _locate(brief)
    for source in sources:
        source.value = fact_value(brief, source.fact, source.index)
    return sources


def _locate(brief: CampaignBrief) -> list[FactSource]:
    # Only the part the extractors read can hold a fact's words.
    read = brief.text[:MAX_SCAN_CHARS]
    reader = _Reader(read, split_clauses(read))
    sources: list[FactSource] = []
    sources += [_audience(reader, i, c) for i, c in enumerate(brief.audience)]
    if not brief.audience:
        sources.append(FactSource(fact="audience", how="default"))
    sources += [_offer(reader, i, d.kind, d.value, d.code) for i, d in enumerate(brief.discounts)]
    sources += [
        _reply(reader, i, kw, brief.reply_meanings.get(kw)) for i, kw in enumerate(brief.reply_keywords)
    ]
    sources += _day_gaps(reader, brief.waits, _durations(reader, "wait", brief.waits, ("timing",)))
    sources += _durations(reader, "no_reply_wait", brief.no_reply_after, ("replies", "timing"))
    if brief.reminders:
        reminder = re.compile(
            rf"(?:{_number(brief.reminders)}\s+)?(?:reminder|follow[- ]?up|nudge|remind|relance|rappel|recordatorio|erinnerung)\w*"
            # "send 1 more", "manda 1 más", "noch 1 SMS": the sends after the first
            rf"|{_number(brief.reminders)}\s+(?:more|más)\b|\bnoch\s+{_number(brief.reminders)}(?:\s+\w+)?",
            re.I,
        )
        sources.append(reader.stated("reminders", 0, reader.find(reminder, ("timing",))))
    sources += _series(reader, brief.series_length or 0)
    if brief.max_sends:
        # "2 texts max", "máximo 2 mensajes", "Maximal 2 SMS": the count before a send noun
        sends = re.compile(rf"{_number(brief.max_sends)}\s+{_alts(_vocab()['send_nouns'])}", re.I)
        sources.append(reader.stated("max_sends", 0, reader.find(sends, ("caps", "copy"))))
    sources += _caps(reader, "cap", brief.frequency_caps)
    sources += _caps(reader, "entry_limit", brief.entry_limits)
    sources += [_window(reader, i, w.text, brief.source_language) for i, w in enumerate(brief.send_windows)]
    sources += [_hours(reader, i, h.text, h.start, h.end) for i, h in enumerate(brief.send_hours)]
    sources += [_update(reader, i, u.name, u.value) for i, u in enumerate(brief.property_updates)]
    sources += [_product(reader, i, p.name, p.variant_id) for i, p in enumerate(brief.products)]
    if brief.experiment:
        sources += _experiment(reader, brief.experiment.groups, brief.experiment.split)
    if brief.playbook:
        sources.append(FactSource(fact="playbook", how="assumed"))
    sources.append(_language(reader, brief))
    return sources


def source_of(
    sources: list[FactSource], brief: CampaignBrief, fact: str, index: int = 0
) -> FactSource | None:
    """The source record of one fact of `brief`; None when none describes its current value."""
    value = fact_value(brief, fact, index)
    return next((s for s in sources if s.fact == fact and s.index == index and s.value == value), None)
