"""Plain-text step tables and dialogue scripts -> the clauses the readers understand.

A step table is a header whose first column numbers the steps ("Schritt | Wartezeit | Inhalt",
"STEP  WHEN  WHAT", "#  Step  Detail") over numbered rows, in pipe or whitespace-aligned columns.
A dialogue script is brand and customer lines ("Us: ..." / "Customer: TASTE" / "Us: Done!
[set property x = yes]") with stage directions in brackets ("(no answer for 3 days)"). Each row or
line becomes one clause ("1 Tag später: SMS: Erinnerung", "If no reply after 5 days: reminder",
"Reply TASTE -> set property x = yes") written with the writer of `formats.py`, so every fact
still points at the user's words. Header, speaker and step words are data in
`vocab/formats.json` (`step_tables`, `dialogue`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flowgen_core import lazy_re as re
from flowgen_core.brief.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from flowgen_core.brief.formats import SourceWriter

Span = tuple[int, int]

_PIPE_SPLIT_RE = re.compile(r"\s*\|\s*")
_GAP_SPLIT_RE = re.compile(r"\t+|\s{2,}")
_ROW_INDEX_RE = re.compile(r"\s*\|?\s*\d{1,2}[.)]?(?:\s*\||\t|\s{2,}|\s*$)")
_DURATION_RE = re.compile(r"(?:\d+|an?|one|un|una|une|ein|eine|einen)\s*(?:[^\W\d]+)", re.I)
_UNIT_RE = re.compile(
    r"(?:min|minute|minuto|stunde|hour|hora|heure|h|hr|hrs|day|día|dia|jour|tag|tage|tagen|week|semana"
    r"|semaine|woche|wochen)s?\b",
    re.I,
)
_KEYWORD_RE = re.compile(r"[A-ZÄÖÜÉ0-9][A-ZÄÖÜÉ0-9_-]{0,19}")
_BLANK_CELL_RE = re.compile(r"[\s\-–—.·/]*")


def _vocab() -> dict[str, Any]:
    return load_vocabulary("formats")


def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _vocab()["step_tables"][name])


def _language(text: str) -> str:
    # the language model loads only when a brief is shaped as a table or a script
    from flowgen_core.brief.language import detect_language

    language = detect_language(text)
    return language if language in ("en", "es", "fr", "de") else "en"


def _frame(name: str, language: str) -> str:
    frames: dict[str, str] = _vocab()["frames"][name]
    return frames.get(language, frames["en"])


def _strip(src: str, a: int, b: int) -> Span:
    while a < b and src[a] in " \t|":
        a += 1
    while b > a and src[b - 1] in " \t|":
        b -= 1
    return a, b


def _split(src: str, a: int, b: int, pipes: bool) -> list[Span]:
    a, b = _strip(src, a, b)
    pattern = _PIPE_SPLIT_RE if pipes else _GAP_SPLIT_RE
    cells: list[Span] = []
    cursor = a
    for m in pattern.finditer(src, a, b):
        cells.append((cursor, m.start()))
        cursor = m.end()
    cells.append((cursor, b))
    return [_strip(src, *c) for c in cells]


def _header(src: str, line: Span) -> bool | None:
    """Whether `line` heads a step table in pipes (True) or in aligned columns (False)."""
    body = src[line[0] : line[1]]
    pipes = "|" in body
    cells = _split(src, *line, pipes)
    if not 2 <= len(cells) <= 5:
        return None
    names = [src[a:b].strip().lower() for a, b in cells]
    if names[0] not in _words("index_headers"):
        return None
    if not all(re.fullmatch(r"[^\W\d][\w .'/-]{0,24}", n) for n in names[1:]):
        return None
    return pipes


def _duration(src: str, a: int, b: int) -> Span | None:
    for m in _DURATION_RE.finditer(src, a, b):
        if _UNIT_RE.fullmatch(m.group(0).split()[-1].lstrip("0123456789")):
            return m.start(), m.end()
    return None


def _said_no_reply(words: str) -> bool:
    low = words.lower()
    return any(phrase in low for phrase in _vocab()["no_reply_said"])


def _lead(out: SourceWriter, src: str, cell: Span, language: str) -> bool:
    """Write how `cell` (a timing cell or a stage direction) leads into the clause after it;
    False when it times nothing."""
    a, b = cell
    words = src[a:b].strip().lower()
    if not words or _BLANK_CELL_RE.fullmatch(words) or words in _words("start_words"):
        return False
    if _said_no_reply(words):
        duration = _duration(src, a, b)
        if duration is None:
            return False
        _write(out, _frame("no_reply", language), duration, cell)
        out.add(": ", b, b)
        return True
    reply = next(
        (w for w in sorted(_words("reply_words"), key=len, reverse=True) if words.startswith(w)), None
    )
    if reply is not None:
        m = _KEYWORD_RE.search(src, a + len(reply), b)
        if m is None:
            return False
        _write(out, _frame("reply_route", language).replace(" {v}", ""), (m.start(), m.end()), cell)
        out.add(" ", b, b)
        return True
    duration = _duration(src, a, b)
    if duration is not None and duration == _strip(src, a, b):
        _write(out, _frame("later", language), duration, cell)
        out.add(": ", b, b)
        return True
    return False


def _write(out: SourceWriter, template: str, value: Span, key: Span) -> None:
    """`template` with {v} or {k} copied from the brief, the rest standing for `key`."""
    for part in re.split(r"(\{[kv]\})", template):
        if part in ("{v}", "{k}"):
            out.copy(*value)
        else:
            out.add(part, *key)


def step_table(out: SourceWriter, lines: list[Span], i: int) -> int:
    """Read a step table whose header is `lines[i]`; the index after it (`i` when none)."""
    src = out.source
    pipes = _header(src, lines[i])
    if pipes is None:
        return i
    # formats imports this module: a top-level import would be circular
    from flowgen_core.brief.formats import key_words, label_words, write_pair

    width = len(_split(src, *lines[i], pipes))
    rows: list[list[Span]] = []
    j = i + 1
    while j < len(lines):
        a, b = lines[j]
        body = src[a:b]
        if not body.strip() or re.fullmatch(r"[\s|:+-]*-{2,}[\s|:+-]*", body):
            if rows and not body.strip():
                break
            j += 1
            continue
        if not _ROW_INDEX_RE.match(body):
            break
        cells = _split(src, a, b, pipes)
        rows.append(
            cells[1:width] if len(cells) <= width else [*cells[1 : width - 1], (cells[width - 1][0], b)]
        )
        j += 1
    if not rows:
        return i
    language = _language(" ".join(src[a:b] for row in rows for a, b in row))
    pending: Span | None = None  # a wait row's duration: it times the next send
    for cells in rows:
        cells = [c for c in cells if c[1] > c[0]]
        if not cells:
            continue
        content = cells[-1]
        words = src[content[0] : content[1]].strip().lower().rstrip(".")
        # a type column ("Segment", "Message", "Wait") names the row's kind in one label word
        kind = key_words(src[cells[0][0] : cells[0][1]])
        label = label_words().get(kind) if len(cells) >= 2 else None
        if words in _words("end_words") or (len(cells) == 1 and words.split(" ")[0] in _words("end_words")):
            continue
        if (label is not None and label[0] == "wait") or words in _words("wait_words"):
            duration = _duration(src, *content) if label else _duration(src, *cells[0])
            pending = duration or pending
            continue
        if pending is not None:
            _write(out, _frame("later", language), pending, pending)
            out.add(": ", *pending)
            pending = None
        elif len(cells) >= 2 and label is None:
            _lead(out, src, cells[0], language)
        if label is not None:
            write_pair(out, cells[0], (cells[1][0], cells[-1][1]), None)
        else:
            out.copy(*content)
        _close(out, src, content)
    return j


@lru_cache(maxsize=1)
def _speaker_re() -> re.Pattern[str]:
    # longest first, then alphabetical: the same text every run, so the pattern cache keeps it
    names = sorted(
        {*_vocab()["dialogue"]["brand"], *_vocab()["dialogue"]["customer"]}, key=lambda n: (-len(n), n)
    )
    alts = "|".join(re.escape(n) for n in names)
    return re.compile(rf"\s*(?P<who>{alts})\s*[:：]\s*", re.I)


def _speaker(src: str, line: Span) -> tuple[str, int] | None:
    m = _speaker_re().match(src, *line)
    if m is None or m.end() >= line[1]:
        return None
    who = m.group("who").lower()
    return ("brand" if who in _vocab()["dialogue"]["brand"] else "customer"), m.end()


def is_script(src: str, lines: list[Span]) -> bool:
    """At least two brand lines and one customer line: a dialogue, not one "Client:" field."""
    found = [s[0] for s in (_speaker(src, line) for line in lines) if s]
    return found.count("brand") >= 2 and "customer" in found


_ACTION_RE = re.compile(r"[\[(](?P<inner>[^\[\]()\n]{3,160})[\])]")
_STAGE_RE = re.compile(r"\s*[\[(](?P<inner>[^\[\]()\n]{3,80})[\])]\s*$")


def _action(src: str, a: int, b: int) -> Span | None:
    """A bracketed action in a brand line ("[set property x = yes]", "(tag them: x = yes)")."""
    leads = sorted(_vocab()["dialogue"]["action_lead"], key=len, reverse=True)
    for m in _ACTION_RE.finditer(src, a, b):
        inner = m.group("inner").strip().lower()
        if any(inner.startswith(lead) for lead in leads):
            return m.start("inner"), m.end("inner")
    return None


def script_line(out: SourceWriter, lines: list[Span], i: int, state: dict[str, Any]) -> bool:
    """Write line `i` of a dialogue script as a clause; False when it is no script line."""
    src = out.source
    a, b = lines[i]
    language: str = state.setdefault("language", _language(src))
    stage = _STAGE_RE.fullmatch(src, a, b)
    if stage:
        state["lead"] = (stage.start("inner"), stage.end("inner"))
        return True
    speaker = _speaker(src, lines[i])
    if speaker is None:
        return False
    who, start = speaker
    start, end = _strip(src, start, b)
    if who == "customer":
        m = _KEYWORD_RE.fullmatch(src.rstrip(), start, end)
        words = src[start:end].strip(" .!")
        state["keyword"] = (start, start + len(words)) if m or _KEYWORD_RE.fullmatch(words) else None
        return True
    keyword: Span | None = state.pop("keyword", None)
    lead: Span | None = state.pop("lead", None)
    if keyword is not None:
        _write(out, _frame("reply_route", language).replace(" {v}", ""), keyword, keyword)
        out.add(" ", *keyword)
        action = _action(src, start, end)
        if action is not None:
            # "tag them: x = yes" reads as "tag them x = yes": the colon would part the clause
            colon = re.match(r"[^:=]{2,20}?(?P<c>\s*:\s*)(?=[\w]+\s*=)", src[action[0] : action[1]])
            edits = [(action[0] + colon.start("c"), action[0] + colon.end("c"), " ")] if colon else []
            out.emit(*action, edits)
        else:
            out.copy(start, end)
        _close(out, src, (start, end))
        return True
    if lead is not None:
        _lead(out, src, lead, language)
    out.copy(start, end)
    _close(out, src, (start, end))
    return True


def _close(out: SourceWriter, src: str, cell: Span) -> None:
    # a row ending in "(variant 30017, qty 1)" would otherwise run into the clause below it
    if src[cell[0] : cell[1]].rstrip().endswith(")"):
        out.add(".", cell[1], cell[1])
    out.newline(cell[1])


def step_table_at(src: str, lines: list[Span]) -> bool:
    """Whether some line of `src` heads a step table with at least one numbered row."""
    for k, line in enumerate(lines[:-1]):
        if _header(src, line) is not None and _ROW_INDEX_RE.match(
            src[lines[k + 1][0] : lines[k + 1][1]] or "x"
        ):
            return True
        if (
            _header(src, line) is not None
            and k + 2 < len(lines)
            and _TABLE_RULE.fullmatch(src[lines[k + 1][0] : lines[k + 1][1]])
        ):
            return True
    return False


_TABLE_RULE = re.compile(r"[\s|:+-]*-{2,}[\s|:+-]*")
