"""Structured brief formats -> the labelled clauses the readers understand, with source spans.

Briefs arrive as INI sections, `KEY=value` lines, CSV rows, FAQ answers, markdown sections,
timelines, acceptance criteria, checkbox lists and one-liners cut by " / ". `reshape_brief()`
rewrites those shapes into "Label: value" lines and plain clauses ("Audience: property craft =
knitting", "Discount: 15% off", "Reply BOOK -> send the booking link", "If no reply after 12
hours") and keeps, for every character it writes, the span of the brief it stands for, so a
fact read from the rewrite still points at the user's own words (`Reshaped.span`). A brief in
none of these shapes is returned unchanged. Label words, frames and question cues are data in
`vocab/formats.json` (EN/ES/FR/DE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.vocabulary import load_vocabulary

if TYPE_CHECKING:  # types only: extract.py imports this module
    from flowgen_core.brief.model import CampaignBrief

Span = tuple[int, int]


@dataclass(frozen=True)
class _Piece:
    text: str
    start: int  # the span of the brief this piece stands for
    end: int
    copied: bool  # the brief's own characters (offsets map one to one)
    moved: bool = False  # copied from elsewhere in the brief: a value a correction puts in place
    respelled: bool = False  # the user's own word written out in full ("hrs" -> "hours")


@dataclass
class Reshaped:
    """The rewritten brief and, piece by piece, where each part of it came from."""

    source: str
    pieces: list[_Piece] = field(default_factory=list)
    text: str = ""
    _at: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.source

    def point(self, position: int) -> int:
        """Where in the brief the character at `position` of `text` stands."""
        return self.span(position, position + 1)[0]

    def span(self, start: int, end: int) -> Span:
        """The span of the brief behind `text[start:end]` (its own words where copied)."""
        lo: int | None = None
        hi: int | None = None
        covered = [
            (at, piece)
            for at, piece in zip(self._at, self.pieces, strict=True)
            if at + len(piece.text) > start and at < max(end, start + 1)
        ]
        if any(piece.copied or piece.respelled for _, piece in covered):  # the user's own words
            covered = [(at, piece) for at, piece in covered if piece.copied or piece.respelled]
        if any(piece.moved for _, piece in covered):  # a corrected value: the words that correct it
            covered = [(at, piece) for at, piece in covered if piece.moved]
        for at, piece in covered:
            if piece.copied:
                a = piece.start + max(0, start - at)
                b = piece.start + min(len(piece.text), end - at)
            else:
                a, b = piece.start, piece.end
            lo = a if lo is None else min(lo, a)
            hi = b if hi is None else max(hi, b)
        if lo is None or hi is None:
            return (0, 0)
        return (lo, max(lo, hi))


class _Out:
    def __init__(self, source: str) -> None:
        self.source = source
        self.pieces: list[_Piece] = []

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.pieces.append(_Piece(self.source[start:end], start, end, True))

    def move(self, start: int, end: int) -> None:
        """Copy `source[start:end]` to where it stands in for other words (a correction's value)."""
        if end > start:
            self.pieces.append(_Piece(self.source[start:end], start, end, True, moved=True))

    def add(self, words: str, start: int, end: int) -> None:
        if words:
            self.pieces.append(_Piece(words, start, end, False))

    def emit(
        self, start: int, end: int, edits: list[tuple[int, int, str]], *, respelled: bool = False
    ) -> None:
        """Copy `source[start:end]`, replacing each (s, e, words) edit inside it; `respelled`
        edits write the user's own word out in full, so they count as the user's words."""
        cursor = start
        for s, e, words in sorted(edits):
            if s < cursor or e > end:
                continue
            self.copy(cursor, s)
            if words:
                self.pieces.append(_Piece(words, s, e, False, respelled=respelled))
            cursor = e
        self.copy(cursor, end)

    def newline(self, at: int) -> None:
        if self.pieces and not self.pieces[-1].text.endswith("\n"):
            self.add("\n", at, at)

    def done(self) -> Reshaped:
        shaped = Reshaped(self.source, self.pieces)
        at = 0
        for piece in self.pieces:
            shaped._at.append(at)
            at += len(piece.text)
        shaped.text = "".join(piece.text for piece in self.pieces)
        return shaped


# writes a rewrite of a brief piece by piece, each piece keeping the span of the brief it stands for
SourceWriter = _Out


def _vocab() -> dict[str, Any]:
    return load_vocabulary("formats")


@lru_cache(maxsize=1)
def label_words() -> dict[str, tuple[str, str]]:
    """label words -> (kind, language); a later, more specific kind wins a shared word."""
    found: dict[str, tuple[str, str]] = {}
    for kind, by_language in _vocab()["labels"].items():
        for language, words in by_language.items():
            for word in words:
                found.setdefault(word.lower(), (kind, language))
    return found


@lru_cache(maxsize=1)
def _section_labels() -> frozenset[str]:
    labels = load_vocabulary("clause_kinds")["section_labels"]
    words = {w for ws in labels.values() for w in ws} | set(label_words())
    return frozenset(words)


def key_words(key: str) -> str:
    """ "NO_REPLY_AFTER_HOURS" -> "no reply after hours"; "Zielgruppe" -> "zielgruppe"."""
    return re.sub(r"[_\s]+", " ", key).strip().lower()


def _label_of(key: str) -> tuple[str, str] | None:
    words = key_words(re.sub(r"\s*\([^)]*\)", "", key))
    labels = label_words()
    if words in labels:
        return labels[words]
    # "offer percent value", "audience segment": the longest known label the key starts with
    best: tuple[str, str] | None = None
    best_len = 0
    for label, kind in labels.items():
        if len(label) > best_len and (words.startswith(label + " ") or words.endswith(" " + label)):
            best, best_len = kind, len(label)
    return best


class _ValueOut(_Out):
    """An `_Out` whose copies of `value` write its already-shaped pieces instead."""

    def __init__(self, inner: _Out, value: Span, pieces: list[_Piece]) -> None:
        super().__init__(inner.source)
        self.pieces = inner.pieces
        self.value = value
        self.value_pieces = pieces

    def copy(self, start: int, end: int) -> None:
        if (start, end) == self.value:
            self.pieces.extend(self.value_pieces)
        else:
            super().copy(start, end)


def _frame(name: str, language: str) -> str:
    frames: dict[str, str] = _vocab()["frames"][name]
    return frames.get(language, frames["en"])


def _said_no_reply(value: str) -> bool:
    low = value.lower()
    return any(phrase in low for phrase in _vocab()["no_reply_said"])


_BARE_AMOUNT_RE = re.compile(
    r"^\s*(?:[$€£]\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?(?:%|€|eur|euros?|\$|dollars?))\s*$", re.I
)
_BARE_NUMBER_RE = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")
# "2 days", "12 horas -> un recordatorio", "3 days, then one reminder": a timeout and what follows
# it; "20 días después de la compra" is a wait from another event and gets no frame
_DURATION_START_RE = re.compile(
    r"^\s*(?:\d+|an?|one|un|una|une|ein|eine)\s*[^\W\d]+\s*(?:$|,|;|->|→|\b(?:then|luego|puis|dann)\b)", re.I
)
# "1 sms per day", "2 texts/week": a bare count under a limit label
_COUNT_START_RE = re.compile(r"^\s*\d{1,3}\s*[^\W\d]", re.I)
_KEYWORD_RE = re.compile(r"^\s*[A-Z0-9][A-Z0-9_-]{0,19}\s*$")
_ROUTE_RE = re.compile(r"^\s*[A-Z0-9][A-Z0-9_-]{0,19}\s*(?:->|→|=>|:)")


def _framed(out: _Out, template: str, value: Span, key: Span, extra: dict[str, Span] | None = None) -> None:
    """Write `template` with {v} (and {k}) copied from the brief, the rest standing for `key`."""
    slots = {"v": value, **(extra or {})}
    for part in re.split(r"(\{[a-z]\})", template):
        slot = slots.get(part[1:-1]) if part.startswith("{") else None
        if slot is not None:
            out.copy(*slot)
        else:
            out.add(part, *key)


def _strip(source: str, start: int, end: int) -> Span:
    while start < end and source[start] in " \t\"'":
        start += 1
    while end > start and source[end - 1] in " \t\"'":
        end -= 1
    return start, end


def _pair(
    out: _Out,
    key: Span,
    value: Span,
    section: tuple[str, str, Span] | None,
    value_pieces: list[_Piece] | None = None,
) -> None:
    """One `key = value` line as the clause the readers take (never a bare filter)."""
    src = out.source
    key = _strip(src, *key)
    value = _strip(src, *value)
    key_text, value_text = src[key[0] : key[1]], src[value[0] : value[1]]
    if value_pieces is not None:  # the value with its brackets and footnote marks taken out
        out = _ValueOut(out, value, value_pieces)
        value_text = "".join(p.text for p in value_pieces)
    label = _label_of(key_text)
    words = key_words(key_text)
    if label is None and section is not None:
        kind, language, at = section
        if kind == "audience":
            out.add(f"{_section_name(src, at)}: ", *at)
            out.copy(*key)
            out.add(" = ", key[1], value[0])
            out.copy(*value)
            return
        if kind == "reply" or (kind == "no_reply" and _KEYWORD_RE.match(key_text)):
            _framed(out, _frame("reply_route", language), value, key, {"k": key})
            return
        out.add(f"{_section_name(src, at)}: {words} ", *key)
        out.copy(*value)
        return
    kind, language = label or ("", "en")
    if kind == "audience" and value_pieces is None and "=" not in value_text:
        out.add(f"{words}: ", *key)
        _audience_value(out, value)
    elif kind == "offer" and _BARE_AMOUNT_RE.match(value_text):
        out.add(f"{words}: ", *key)
        _framed(out, _frame("offer", language), value, value)
    elif kind == "offer_percent" and _BARE_NUMBER_RE.match(value_text):
        out.add(f"{words}: ", *key)
        _framed(out, _frame("offer_percent", language), value, value)
    elif kind == "reply" and (_KEYWORD_RE.match(value_text) or _ROUTE_RE.match(value_text)):
        _framed(out, _frame("reply", language), value, key)
    elif kind == "reply" and re.search(r"->|→|=", value_text) is None and _KEYWORD_RE.match(key_text):
        _framed(out, _frame("reply_route", language), value, key, {"k": key})
    elif kind in ("no_reply_hours", "no_reply_days") and _BARE_NUMBER_RE.match(value_text):
        _framed(out, _frame(kind, language), value, key)
    elif kind == "no_reply" and not _said_no_reply(value_text) and _DURATION_START_RE.match(value_text):
        _framed(out, _frame("no_reply", language), value, key)
    elif kind == "wait" and _DURATION_START_RE.match(value_text):
        _framed(out, _frame("wait", language), value, key)
    elif kind == "cap" and _COUNT_START_RE.match(value_text):
        _framed(out, _frame("cap", language), value, key)
    else:
        out.add(f"{words}: ", *key)
        out.copy(*value)


# one `key: value` field as the clause the readers take (JSON and YAML briefs, `structured.py`)
write_pair = _pair

_SNAKE_RE = re.compile(r"(?<!\w)[a-z]+(?:_[a-z]+)+(?![\w=])")


@lru_cache(maxsize=1)
def _recency_re() -> re.Pattern[str]:
    words = [w for entry in _vocab()["recency"].values() for w in entry["after"]]
    return re.compile(rf",\s*(?P<w>{'|'.join(re.escape(w) for w in words)})\s+(?=\d)", re.I)


def _audience_value(out: _Out, value: Span) -> None:
    """ "clicked_link, last 30 days" -> "clicked link in the last 30 days": an event named in
    snake_case and its window after a comma, as a sentence would say them."""
    src = out.source
    low = src[value[0] : value[1]].lower()
    if any(word in low.split() for word in _vocab()["property_keys"]):
        out.copy(*value)
        return
    edits = [(m.start(), m.end(), m.group(0).replace("_", " ")) for m in _SNAKE_RE.finditer(src, *value)]
    for m in _recency_re().finditer(src, *value):
        frame = next(e["frame"] for e in _vocab()["recency"].values() if m.group("w").lower() in e["after"])
        edits.append((m.start(), m.start("w"), f" {frame} "))
    out.emit(value[0], value[1], edits)


def _section_name(src: str, at: Span) -> str:
    return re.sub(r"\s*\([^)]*\)", "", src[at[0] : at[1]]).strip().strip("[]#: ").replace("_", " ")


# ---------------------------------------------------------------------------------------------
# line shapes

_INI_HEADER_RE = re.compile(r"^\s*\[(?P<name>[^\]\sx][^\]]{0,40})\]\s*$")
_MD_HEADER_RE = re.compile(r"^\s*#{1,6}\s+(?P<name>.+?)\s*#*\s*$")
_ENV_RE = re.compile(
    r"^\s*(?:export\s+)?(?P<key>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})\s*=\s*(?P<value>.*?)\s*$"
)
_KV_RE = re.compile(r"^\s*(?P<key>[^\W\d][\w .'-]{0,40}?)\s*(?:=|:)\s*(?P<value>\S.*?)\s*$")
_CHECKBOX_RE = re.compile(r"\s*(?:[-*•]\s*)?(?:[☐☑☒✅✔✓□■]|\[[ xX✓]?\])\s*")
_QUOTE_RE = re.compile(r"\s*>\s?")
_FOOTNOTE_RE = re.compile(r"(?<=\S)[¹²³⁴⁵⁶⁷⁸⁹⁰]+|(?<=\w)\[\d{1,2}\]")
_FOOTNOTE_LINE_RE = re.compile(r"\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\])\s*")
# "signup (1) for families ..." with "(1) Camp runs in July." below: a footnote marker and its note
_PAREN_MARK_RE = re.compile(r"(?<=\w)[ \t]?\((?P<n>\d{1,2})\)(?=[\s,.;:!?]|$)")
_PAREN_NOTE_RE = re.compile(r"(?:^|(?<=[.!?])[ \t]+|(?<=\n))[ \t]*\((?P<n>\d{1,2})\)[ \t]+(?=\w)", re.M)


@lru_cache(maxsize=64)
def _paren_footnotes(src: str) -> frozenset[str]:
    """The numbers n that mark a word "(n)" and start a note "(n) ..." later in the brief."""
    marks = {m.group("n"): m.start() for m in reversed(list(_PAREN_MARK_RE.finditer(src)))}
    return frozenset(
        m.group("n") for m in _PAREN_NOTE_RE.finditer(src) if marks.get(m.group("n"), len(src)) < m.start()
    )


_BRACKET_RE = re.compile(r"(?<=[:=>→\s])\[(?P<inner>[^\[\]\n]{1,120})\]")
_TIMELINE_RE = re.compile(
    r"\s*(?P<marker>[A-Za-zÍíÁá]{1,4})\s*\+\s*(?P<n>\d+)\s*(?P<unit>[a-zA-Zäöüé]{0,8})\s*[:：-]\s*", re.I
)
_SLASH_RE = re.compile(r"\s/\s")
_QUESTION_RE = re.compile(r"(?<!\S)(?P<q>¿?[^?¿.!\n]{2,60}\?)\s*")
_MULTI_LABEL_RE = re.compile(r"(?:\s{2,}|\t|\s\|\s)(?P<label>[^\W\d][\w '/&-]{1,24}?)\s*:\s*(?=\S)")


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(_vocab()["lead_words"], key=len, reverse=True))
    return re.compile(rf"\s*(?:{words})\s*:\s*", re.I)


@lru_cache(maxsize=1)
def _criteria_prefix_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _vocab()["criteria_prefixes"])
    return re.compile(rf"\s*(?:{words})\s*-?\s*\d{{0,3}}\s*[:.)-]\s*", re.I)


@lru_cache(maxsize=1)
def _criteria_words_re() -> re.Pattern[str]:
    words = {w for ws in _vocab()["criteria_words"].values() for w in ws}
    alts = "|".join(re.escape(w.upper()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*(?<![\w])(?:{alts})(?![\w])")


@lru_cache(maxsize=1)
def _numbered_send_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _vocab()["numbered_sends"])
    return re.compile(rf"(?P<word>{words})\s*#?\s*(?P<n>\d{{1,2}})\s*[:：]\s*", re.I)


def _question_label(question: str) -> tuple[str, str] | None:
    low = question.lower().strip("¿? ")
    for kind, cues in _vocab()["questions"].items():
        for cue in cues:
            if re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", low):
                return kind, _question_language(cue)
    return None


def _question_language(cue: str) -> str:
    for kind_words in _vocab()["labels"].values():
        for language, words in kind_words.items():
            if cue in words and language != "en":
                return str(language)
    return "es" if re.search(r"[¿ñáíóú]", cue) else "fr" if re.search(r"[éèàç]|qui|quand", cue) else "en"


_FAQ_WORDS = 7  # "What if they don't answer?": a FAQ question is short


def _faq(out: _Out, start: int, end: int) -> bool:
    """ "Who is it for? VIPs  Is there a deal? 20% off" -> "Audience: VIPs", "Offer: 20% off"."""
    src = out.source
    found = [
        m
        for m in _QUESTION_RE.finditer(src, start, end)
        if len(m.group("q").split()) <= _FAQ_WORDS and _question_label(m.group("q"))
    ]
    # a FAQ opens with its question: "can we ping folks who ...? maybe 25% off" is a request
    if not found or src[start : found[0].start()].strip():
        return False
    out.copy(start, found[0].start())
    for i, m in enumerate(found):
        label = _question_label(m.group("q"))
        assert label is not None
        kind, language = label
        answer_end = found[i + 1].start() if i + 1 < len(found) else end
        a, b = _strip(src, m.end(), answer_end)
        if b <= a:
            continue
        out.newline(m.start())
        q = (m.start("q"), m.end("q"))
        out.add(f"{_vocab()['question_labels'][kind].get(language, kind)}: ", *q)
        bare = src[a:b].rstrip(".! ")
        if kind == "offer" and _BARE_AMOUNT_RE.match(bare):  # "Is there a deal? 20 %."
            _framed(out, _frame("offer", language), (a, a + len(bare)), (a, b))
        else:
            _plain(out, a, b)
    return True


_JOINERS = frozenset({"AND", "Y", "ET", "UND"})


def _plain(out: _Out, start: int, end: int) -> None:
    """A clause's own words, without footnote markers, brackets around values or shouted
    GIVEN/WHEN/THEN (which would read as reply keywords)."""
    src = out.source
    edits: list[tuple[int, int, str]] = []
    for m in _FOOTNOTE_RE.finditer(src, start, end):
        edits.append((m.start(), m.end(), ""))
    notes = _paren_footnotes(src)
    for pattern in (_PAREN_MARK_RE, _PAREN_NOTE_RE) if notes else ():
        for m in pattern.finditer(src, start, end):
            if m.group("n") in notes:
                edits.append((m.start(), m.end(), ""))
    for m in _BRACKET_RE.finditer(src, start, end):
        edits.append((m.start(), m.start() + 1, ""))
        edits.append((m.end() - 1, m.end(), ""))
    shouted = list(_criteria_words_re().finditer(src, start, end))
    # GIVEN ... WHEN ... THEN: at least two of its steps, never a lone "ET" (Eastern time)
    if len({m.group(0).strip() for m in shouted} - _JOINERS) >= 2:
        for m in shouted:
            word = m.group(0).strip().lower()
            edits.append((m.start(), m.end(), (", " if m.start() > start else "") + word))
    out.emit(start, end, edits)


def _pieces_of_line(src: str, start: int, end: int) -> list[Span]:
    """A line cut at " / " (a one-liner of several clauses), at ";" when it has several, and
    before a second "Label:" field after a run of spaces."""
    body = src[start:end]
    cuts: list[tuple[int, int]] = []
    slashes = list(_SLASH_RE.finditer(body))
    # "VIPs / 20% off / reply SHOP → picks": clauses; "Mon / Wed / Fri" stays one list of days
    if len(slashes) >= 2 and all(len(part.split()) >= 2 for part in _SLASH_RE.split(body)):
        cuts += [(m.start(), m.end()) for m in slashes]
    semicolons = [m for m in re.finditer(r"\s*;\s*", body)]
    if len(semicolons) >= 2:
        cuts += [(m.start(), m.end()) for m in semicolons]
    for m in _MULTI_LABEL_RE.finditer(body):
        if m.group("label").strip().lower() in _section_labels() and m.start() > 0:
            cuts.append((m.start(), m.start("label")))
    spans: list[Span] = []
    cursor = 0
    for a, b in sorted(cuts):
        if a < cursor:
            continue
        spans.append((start + cursor, start + a))
        cursor = b
    spans.append((start + cursor, end))
    return [(a, b) for a, b in (_strip_ws(src, a, b) for a, b in spans) if b > a]


def _strip_ws(src: str, a: int, b: int) -> Span:
    while a < b and src[a].isspace():
        a += 1
    while b > a and src[b - 1].isspace():
        b -= 1
    return a, b


def _line(out: _Out, start: int, end: int, section: tuple[str, str, Span] | None) -> None:
    src = out.source
    for pattern in (_CHECKBOX_RE, _FOOTNOTE_LINE_RE, _lead_re(), _criteria_prefix_re()):
        m = pattern.match(src, start, end)
        if m and m.end() < end:
            start = m.end()
    quote = _QUOTE_RE.match(src, start, end)
    if quote:
        start = quote.end()
    timeline = _TIMELINE_RE.match(src, start, end)
    if timeline and timeline.group("marker").lower() in _vocab()["timeline_markers"]:
        mark = (timeline.start(), timeline.end())
        if int(timeline.group("n")) == 0:
            out.add(f"{_frame('first_send', 'en')}: ", *mark)
        else:
            amount = (timeline.start("n"), timeline.end("unit") or timeline.end("n"))
            _framed(out, _frame("later", "en"), amount, mark)
            out.add(": ", *mark)
        start = timeline.end()
    for a, b in _pieces_of_line(src, start, end):
        numbered = _numbered_send_re().match(src, a, b)
        if numbered:  # "text 1: ..." is the first message, never a reply keyword "1"
            name = _vocab()["numbered_sends"][numbered.group("word").lower()]
            out.add(f"{name} ", numbered.start("word"), numbered.end("word"))
            out.copy(numbered.start("n"), numbered.end())
            a = numbered.end()
        if section is not None and not _has_label(src, a, b):
            kind, _language, at = section
            out.add(f"{_section_name(src, at)}: ", *at)
            if kind == "copy" and quote and src[a] not in '"“':
                out.add('"', a, a)
                _plain(out, a, b)
                out.add('"', b, b)
                out.newline(b)
                continue
        if not (_framed_field(out, a, b) or _faq(out, a, b)):
            _plain(out, a, b)
        out.newline(b)


_FIELD_RE = re.compile(r"\s*(?P<key>[^\W\d][\w '/&-]{0,30}?)\s*[:：]\s*(?P<value>\S.*?)\s*$")
_FRAMED_KINDS = ("offer", "offer_percent", "reply", "no_reply", "no_reply_hours", "no_reply_days")


def _framed_field(out: _Out, a: int, b: int) -> bool:
    """ "Discount: 25%", "Reply keyword: PACK -> ...", "No reply: 2 days": a labelled field whose
    bare value needs its frame ("25% off", "Reply PACK -> ...", "If no reply after 2 days")."""
    src = out.source
    m = _FIELD_RE.match(src, a, b)
    label = _label_of(m.group("key")) if m else None
    if m is None or label is None or label[0] not in _FRAMED_KINDS:
        return False
    value = src[m.start("value") : m.end("value")].replace("[", "").replace("]", "")
    kind = label[0]
    bare = (
        (kind == "offer" and _BARE_AMOUNT_RE.match(value))
        or (kind == "offer_percent" and _BARE_NUMBER_RE.match(value))
        or (kind == "reply" and (_KEYWORD_RE.match(value) or _ROUTE_RE.match(value)))
        or (kind != "reply" and _BARE_NUMBER_RE.match(value))
        or (kind == "no_reply" and not _said_no_reply(value) and _DURATION_START_RE.match(value))
    )
    if not bare:
        return False
    shaped = _Out(src)
    _plain(shaped, m.start("value"), m.end("value"))
    _pair(out, (m.start("key"), m.end("key")), (m.start("value"), m.end("value")), None, shaped.pieces)
    return True


def _has_label(src: str, a: int, b: int) -> bool:
    m = re.match(r"\s*([^\W\d][\w '/&-]{0,24}?)\s*:", src[a:b])
    return bool(m and m.group(1).strip().lower() in _section_labels())


# ---------------------------------------------------------------------------------------------
# CSV rows


def _cells(src: str, start: int, end: int, sep: str, limit: int) -> list[Span]:
    cells: list[Span] = []
    cursor = start
    while len(cells) < limit - 1:
        at = src.find(sep, cursor, end)
        if at < 0:
            break
        cells.append((cursor, at))
        cursor = at + 1
    cells.append((cursor, end))
    return cells


_TABLE_RULE_RE = re.compile(r"[\s|:+-]*-{2,}[\s|:+-]*")


def _trim_row(src: str, a: int, b: int) -> Span:
    a, b = _strip_ws(src, a, b)
    if b - a > 1 and src[a] == "|" and src[b - 1] == "|":
        a, b = _strip_ws(src, a + 1, b - 1)
    return a, b


def _csv(out: _Out, lines: list[Span]) -> bool:
    src = out.source
    # a markdown table is rows between pipes, its "|---|---|" rule no row
    rows = [_trim_row(src, *line) for line in lines if src[line[0] : line[1]].strip()]
    rows = [row for row in rows if not _TABLE_RULE_RE.fullmatch(src, *row)]
    if len(rows) < 2:
        return False
    header = src[rows[0][0] : rows[0][1]]
    for sep in (";", "\t", ",", "|"):
        names = [c.strip().lower() for c in header.strip().strip("|").split(sep)]
        if not 2 <= len(names) <= 8 or not all(re.fullmatch(r"[^\W\d][\w .-]{0,24}", n) for n in names):
            continue
        if not all(sep in src[a:b] for a, b in rows[1:]):
            continue
        generic = set(_vocab()["csv_generic_headers"])
        if len(names) == 2 and (names[0] in generic or names[1] in generic):
            for a, b in rows[1:]:
                key, value = _cells(src, a, b, sep, 2)
                _pair(out, key, value, None)
                out.newline(b)
            return True
        head_cells = _cells(src, rows[0][0], rows[0][1], sep, len(names))
        if _typed_rows(out, names, rows[1:], sep):
            return True
        for a, b in rows[1:]:
            for key, value in zip(head_cells, _cells(src, a, b, sep, len(names)), strict=False):
                if src[value[0] : value[1]].strip():
                    _pair(out, key, value, None)
                    out.newline(b)
        return True
    return False


def _typed_rows(out: _Out, names: list[str], rows: list[Span], sep: str) -> bool:
    """ "step,type,detail" then "2,wait,3 hours": a table whose column names each row's kind; each
    row reads as that kind's clause ("wait: 3 hours"), its step number left out."""
    types = {key_words(w) for w in _vocab()["csv_type_headers"]}
    index = {key_words(w) for w in _vocab()["csv_index_headers"]}
    keys = [key_words(n) for n in names]
    kind_at = next((i for i, k in enumerate(keys) if k in types), None)
    if kind_at is None:
        return False
    detail = [i for i, k in enumerate(keys) if i != kind_at and k not in index]
    if not detail:
        return False
    src = out.source
    for a, b in rows:
        cells = _cells(src, a, b, sep, len(names))
        if len(cells) <= max(kind_at, detail[0]):
            continue
        kind_cell = _strip_ws(src, *cells[kind_at])
        first, last = cells[detail[0]], cells[min(detail[-1], len(cells) - 1)]
        value = _strip_ws(src, first[0], last[1])
        if value[1] <= value[0]:
            continue
        _pair(out, kind_cell, value, None)
        out.newline(b)
    return True


# ---------------------------------------------------------------------------------------------
# "Do: | Don't:" blocks: a pipe table, two side-by-side lists, or one list under each label


@lru_cache(maxsize=1)
def _do_dont_labels() -> dict[str, tuple[str, str]]:
    """header word -> ("do" | "dont", language)."""
    found: dict[str, tuple[str, str]] = {}
    for kind in ("do", "dont"):
        for language, words in _vocab()["do_dont"][kind].items():
            for word in words:
                found.setdefault(word.lower(), (kind, language))
    return found


def _do_dont_label(words: str) -> tuple[str, str] | None:
    key = re.sub(r"[*_`#]", "", words).strip().rstrip(":").strip().lower().replace("’", "'")
    return _do_dont_labels().get(key)


_LIST_MARK_RE = re.compile(r"\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_SIDE_SPLIT_RE = re.compile(r"\t+|\s{2,}|\s+\|\s+")


def _row_cells(src: str, a: int, b: int) -> list[Span] | None:
    """The cells of a two-column row: split at its pipe, or at a run of spaces or tabs."""
    a, b = _strip_ws(src, a, b)
    if b - a > 1 and src[a] == "|" and src[b - 1] == "|":
        a, b = a + 1, b - 1
    if "|" in src[a:b]:
        parts = _cells(src, a, b, "|", 3)
    else:
        m = None
        for found in _SIDE_SPLIT_RE.finditer(src, a, b):
            if found.start() > a and found.end() < b:
                m = found
                break
        parts = [(a, m.start()), (m.end(), b)] if m else [(a, b)]
    return [_strip_ws(src, *p) for p in parts] if 1 <= len(parts) <= 2 else None


def _item(src: str, a: int, b: int) -> Span:
    m = _LIST_MARK_RE.match(src, a, b)
    a = m.end() if m else a
    a, b = _strip_ws(src, a, b)
    while b > a and src[b - 1] in ".;,":
        b -= 1
    return a, b


def _emit_item(out: _Out, kind: str, language: str, span: Span) -> None:
    a, b = _item(out.source, *span)
    if b <= a:
        return
    if kind == "dont":
        before, _, after = _vocab()["do_dont"]["dont_frame"][language].partition("{v}")
        out.add(before, a, a)
        out.copy(a, b)
        out.add(after, b, b)
    else:
        out.copy(a, b)
        out.add(".", b, b)
    out.newline(b)


def _do_dont(out: _Out, lines: list[Span], i: int) -> int:
    """Read a "Do:"/"Don't:" block whose header is `lines[i]`; the index of the first line after
    it (`i` when there is none). Each column keeps its own items, whatever line they share."""
    src = out.source
    cells = _row_cells(src, *lines[i])
    if not cells:
        return i
    heads = [_do_dont_label(src[a:b]) for a, b in cells]
    if any(h is None for h in heads) or not any(h and h[0] == "dont" for h in heads):
        return i
    columns: list[list[Span]] = [[] for _ in heads]
    j = i + 1
    while j < len(lines):
        a, b = lines[j]
        words = src[a:b]
        if not words.strip() or _TABLE_RULE_RE.fullmatch(words):
            if not words.strip() and any(columns):
                break
            j += 1
            continue
        if len(heads) == 1 and (_do_dont_label(words) or not _LIST_MARK_RE.match(words)):
            break
        row = _row_cells(src, a, b) if len(heads) == 2 else [(a, b)]
        if not row:
            break
        for k, cell in enumerate(row[: len(heads)]):
            if cell[1] > cell[0]:
                columns[k].append(cell)
        j += 1
    if not any(columns):
        return i
    for head, items in zip(heads, columns, strict=True):
        assert head is not None
        for span in items:
            _emit_item(out, head[0], head[1], span)
    return j


@lru_cache(maxsize=1)
def _do_dont_hint() -> re.Pattern[str]:
    """A "Don't:" label heading a list or a column, in any of the four languages."""
    words = sorted((w for ws in _vocab()["do_dont"]["dont"].values() for w in ws), key=len, reverse=True)
    names = "|".join(re.escape(w).replace("'", "['\u2019]?") for w in words)
    return re.compile(rf"(?:^|[|\t]|\s\s)[\s*_]*(?:{names})[\s*_]*(?::|\||$)", re.I | re.M)


# ---------------------------------------------------------------------------------------------

_SHAPE_RE = re.compile(
    r"^\s*(?:\[[^\]\n]{0,40}\]\s*$|#{1,6}\s|>|[☐☑☒✅✔✓□■]|\[[ xX]?\]|(?:export\s+)?[A-Z][A-Z0-9_]{2,}\s*="
    r"|\w{1,4}\s*\+\s*\d|\w+\s*-?\s*\d{0,3}\s*:)"
    r"|[¹²³⁴⁵⁶⁷⁸⁹⁰]|:\s*\[|\s/\s.*\s/\s|\?\s+\S|;.*;|\S\s{2,}[^\W\d][\w ]{1,24}:",
    re.M,
)
_CSV_HEADER_RE = re.compile(r"^\s*\|?\s*[^\W\d][\w .-]{0,24}(?:\s*[,;\t|]\s*[^\W\d][\w .-]{0,24})+\s*\|?\s*$")


def _line_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((offset, offset + len(body)))
        offset += len(line)
    return spans


# a JSON object, or a YAML key whose value nests below it: worth parsing (`structured.py`)
_STRUCTURED_HINT_RE = re.compile(r"\A\s*(?:```\w*\s*)?\{|^[^\W\d][\w-]*[ \t]*:[ \t]*\n[ \t]+\S", re.M)


def _block(
    out: _Out, lines: list[Span], i: int, said: dict[str, Any] | None, kinds: tuple[bool, bool]
) -> int | None:
    """The index after the Do/Don't block, step table or script line at `lines[i]`; None when
    none is there. `kinds`: whether the brief may hold a Do/Don't block, and a table or script."""
    do_dont, tables = kinds
    if do_dont and (after := _do_dont(out, lines, i)) > i:
        return after
    # step_tables writes through this module's SourceWriter: a top-level import would be circular
    from flowgen_core.brief.step_tables import script_line, step_table

    if not tables:
        return None
    if (after := step_table(out, lines, i)) > i:
        return after
    return i + 1 if said is not None and script_line(out, lines, i, said) else None


def _tables_and_scripts(text: str, lines: list[Span]) -> tuple[dict[str, Any] | None, bool]:
    """What a dialogue script has said so far (None: the brief is no script), and whether the
    brief holds a step table or a script."""
    # imported here: they write with this module's writer
    from flowgen_core.brief.step_tables import is_script, step_table_at

    said: dict[str, Any] | None = {} if is_script(text, lines) else None
    return said, said is not None or step_table_at(text, lines)


def _has_shape(text: str, first: str) -> bool:
    return bool(_SHAPE_RE.search(text) or _CSV_HEADER_RE.match(first) or _paren_footnotes(text))


# read once per request by extraction, the "Not used" notices and the summary
@lru_cache(maxsize=64)
def reshape_brief(text: str) -> Reshaped:
    """`text` with its structured shapes rewritten as labelled clauses (unchanged when none)."""
    if _STRUCTURED_HINT_RE.search(text):
        # imported here: it writes with this module's writer, and loads a YAML parser
        from flowgen_core.brief.structured import structured_brief

        structured = structured_brief(text, _Out(text))
        if structured is not None:
            return structured
    out = _Out(text)
    first = text.lstrip().split("\n", 1)[0]
    do_dont = bool(text) and _do_dont_hint().search(text) is not None
    lines = _line_spans(text)
    said, tables = _tables_and_scripts(text, lines)
    blocks = (do_dont, tables)
    if not text or not (any(blocks) or _has_shape(text, first)):
        out.copy(0, len(text))
        return out.done()
    if any(blocks) or not _csv(out, lines):
        section: tuple[str, str, Span] | None = None
        ini = False
        i = 0
        while i < len(lines):
            start, end = lines[i]
            i += 1
            after = _block(out, lines, i - 1, said, blocks)
            if after is not None:
                i = after
                section = None
                continue
            words = text[start:end]
            if not words.strip():
                out.newline(start)
                out.add("\n", start, start)  # a blank line still parts paragraphs
                continue
            ini_header = _INI_HEADER_RE.match(words)
            header = ini_header or _MD_HEADER_RE.match(words)
            if header:
                at = (start + header.start("name"), start + header.end("name"))
                label = _label_of(header.group("name"))
                ini = ini_header is not None
                section = (label[0], label[1], at) if label else None
                if section is None and not ini:
                    _plain(out, *at)  # a heading we cannot place stays a clause
                    out.newline(end)
                continue
            env = _ENV_RE.match(words)
            pair = env or (_KV_RE.match(words) if ini and section is not None else None)
            if pair and not (pair is not env and _has_label(text, start, end) and "=" not in words):
                key = (start + pair.start("key"), start + pair.end("key"))
                value = (start + pair.start("value"), start + pair.end("value"))
                if section and key_words(pair.group("key")) in _vocab()["property_keys"]:
                    out.add(f"{_section_name(text, section[2])}: property ", *section[2])
                    out.copy(*value)
                    continue
                if section and key_words(pair.group("key")) in _vocab()["value_keys"]:
                    out.add(" = ", *key)
                    out.copy(*value)
                    out.newline(end)
                    continue
                _pair(out, key, value, section)
                out.newline(end)
                continue
            _line(out, start, end, section if not ini else None)
    shaped = out.done()
    shaped.text = shaped.text.rstrip("\n")
    if not shaped.text.strip() or shaped.text.strip() == text.strip():
        identity = _Out(text)
        identity.copy(0, len(text))
        return identity.done()
    return shaped


def _moved(source: FactSource, shaped: Reshaped) -> FactSource:
    if source.start is None or source.end is None or source.how != "stated":
        return source
    start, end = shaped.span(source.start, source.end)
    if end <= start:
        return source.model_copy(update={"how": "assumed", "words": "", "start": None, "end": None})
    return source.model_copy(update={"words": shaped.source[start:end], "start": start, "end": end})


def in_source_words(brief: CampaignBrief, shaped: Reshaped, *, keep_words: bool = False) -> CampaignBrief:
    """`brief`, read from `shaped.text`, told again in the words of the brief the user wrote:
    its text is theirs and every source span points into it. `keep_words` keeps the words of
    the messages the brief states as read (a corrected brief: the user's words hold the value
    taken back)."""
    brief.text = shaped.source
    brief.sources = [_moved(s, shaped) for s in brief.sources]
    cues = brief.cues
    if cues is not None:
        cues.sources = [_moved(s, shaped) for s in cues.sources]
        if cues.follow_up_at is not None:
            cues.follow_up_at = shaped.point(cues.follow_up_at)
        cues.next_step_at = [shaped.point(at) for at in cues.next_step_at]
        cues.offer_at = {key: shaped.point(at) for key, at in cues.offer_at.items()}
    if brief.stated is not None:
        brief.stated.sources = [_moved(s, shaped) for s in brief.stated.sources]
        for message in brief.stated.messages:
            start, end = shaped.span(message.start, message.end)
            words = shaped.source[start:end]
            if message.words and end > start:
                if not keep_words:
                    message.words = words
                message.start, message.end = start, end
    return brief


def unread_words(text: str, clauses: list[tuple[int, int]], shaped: Reshaped) -> list[str]:
    """The user's own words behind clauses (spans of `shaped.text`) that yielded nothing."""
    found: list[str] = []
    for start, end in clauses:
        a, b = shaped.span(start, end)
        words = text[a:b].strip()
        if words and words not in found:
            found.append(words)
    return found
