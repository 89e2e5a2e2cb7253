"""Text-speak and hurried spelling -> the words the readers know, keeping the user's spans.

"txt ppl w/ no ordr in 30 days", "chekout abandoners from last 24 hrs", "un sms a los q vieron
…, 15% dto": `tidy_shorthand()` writes each shorthand token of the brief's language out in full
(`expansions` in `vocab/shorthand.json`) and corrects a word one letter off an event cue
(`cues`), so every reader sees the words it was written for. A correction is bounded: the word
has 5 letters or more, is one edit (a letter added, dropped, changed or two swapped) from a cue,
is a cue of the brief's own language ("Signez" is no "signed"), and is itself no known word (any
word of the interpreter's vocabularies or `known`): "older" stays "older", never "order". Quoted
copy is the marketer's own words and is left as written; so are a property's name and the value it
is set to ("la propiedad revision_bici a pedida"), and a capitalised word inside a sentence (a
name, "Signez Cabinet Dupont"), where the language does not capitalise its nouns.
The result is a `Reshaped` (see `formats.py`), so each fact still points at the user's words.

Plain code rather than a fuzzy-matching library: one edit against a few dozen cues is a handful
of string comparisons, and the bound is the point.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core import lazy_re as re
from flowgen_core.brief.formats import Reshaped, SourceWriter
from flowgen_core.brief.quotes import blank_quotes
from flowgen_core.brief.vocabulary import load_vocabulary

_MIN_CORRECTED = 5
_WORD_RE = re.compile(r"(?<![\w/@.#{-])[^\W\d_]+(?:/[^\W\d_]*)?(?![\w@#}]|-\w|\.\w)")


def tidy_shorthand(text: str, language: str) -> Reshaped:
    """`text` with its shorthand written out and its misspelt cues corrected."""
    out = SourceWriter(text)
    expansions = {k.lower(): v for k, v in _vocab()["expansions"].get(language, {}).items()}
    quoted = blank_quotes(text)
    assigned = _assignments(text, language)
    edits: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(text):
        word = m.group(0)
        if quoted[m.start() : m.end()] != word:
            continue  # quoted copy: the marketer's words to the customer
        if any(start <= m.start() < end for start, end in assigned):
            continue  # a field and its value are spelt as the store spells them
        key = word.lower()
        full = expansions.get(key)
        if full is not None and _as_shorthand(text, m.start(), m.end(), word):
            edits.append((m.start(), m.end(), full))
            continue
        if (
            word[:1].isupper()
            and not _opens_sentence(text, m.start())
            and language not in _vocab()["capitalised_nouns"]
        ):
            continue  # a name ("Cabinet Dupont", "Ordre des Avocats")
        fixed = corrected(word, language)
        if fixed is not None:
            edits.append((m.start(), m.end(), fixed))
    out.emit(0, len(text), edits, respelled=True)
    return out.done()


@lru_cache(maxsize=4096)
def corrected(word: str, language: str | None = None) -> str | None:
    """The cue of `language` (of any language when None) `word` is one letter off, when it is no
    word of its own (None otherwise)."""
    low = word.lower()
    if len(low) < _MIN_CORRECTED or not low.isalpha() or word.isupper():
        return None  # short words, keywords and codes ("YES", "SAVE20") stay
    near = _cues_by_length(language)
    matches = {
        cue
        for n in (len(low) - 1, len(low), len(low) + 1)
        for cue, cue_low in near.get(n, ())
        if _one_edit(low, cue_low)
    }
    # real words stay; asked last, as most words are near no cue and the known words are
    # read from every vocabulary file
    if len(matches) != 1 or low in _known():
        return None  # two cues as near: no telling which was meant
    cue = matches.pop()
    return cue if not word[:1].isupper() else cue[:1].upper() + cue[1:]


def _as_shorthand(text: str, start: int, end: int, word: str) -> bool:
    """Shorthand is written in lower case, or capitalised to open a sentence: "PR" (public
    relations) and "Pr Martin" stay. A one-letter one ("los q vieron", "x favor") stands between
    words: "2 x 1" and "code X15" are no shorthand."""
    opens = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?\n:;"
    if not (word.islower() or (opens and word[1:].islower())):
        return False
    if len(word) > 1:
        return True
    return word.islower() and not re.search(r"\d", text[max(0, start - 2) : start] + text[end : end + 2])


def _opens_sentence(text: str, start: int) -> bool:
    """A capital here is the sentence's, not a name's (an opening quote or bracket counts)."""
    # walk back over the spaces instead of slicing: a brief of many words stays linear
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:;¿¡\"'«(-"


def _assignments(text: str, language: str) -> list[tuple[int, int]]:
    """The spans, from a word naming a field (or from "="), to the end of its clause."""
    words = _vocab()["property_words"].get(language, [])
    opener = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = rf"(?:\b(?:{opener})\b|=)" if opener else "="
    spans = []
    clause_end = re.compile(r"[.;!?](?=\s|$)|\n")
    for m in re.finditer(pattern, text, re.I):
        end = clause_end.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _vocab() -> dict[str, Any]:
    return load_vocabulary("shorthand")


@lru_cache(maxsize=8)
def _cues(language: str | None = None) -> frozenset[str]:
    by_language: dict[str, list[str]] = load_vocabulary("shorthand")["cues"]
    if language is None:
        return frozenset(cue for cues in by_language.values() for cue in cues)
    return frozenset(by_language.get(language, ()))


@lru_cache(maxsize=8)
def _cues_by_length(language: str | None = None) -> dict[int, tuple[tuple[str, str], ...]]:
    """(cue, lower-cased cue) by the length of the latter: one edit changes a length by one at
    most, so a word is compared with the cues of three lengths only."""
    by_length: dict[int, list[tuple[str, str]]] = {}
    for cue in _cues(language):
        by_length.setdefault(len(cue.lower()), []).append((cue, cue.lower()))
    return {n: tuple(cues) for n, cues in by_length.items()}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Every word the interpreter's vocabularies spell, and the real words near a cue."""
    words: set[str] = {w.lower() for w in load_vocabulary("shorthand")["known"]}
    words |= {c.lower() for c in _cues()}
    for entry in resources.files("flowgen_core.brief").joinpath("vocab").iterdir():
        if entry.name.endswith(".json") and entry.name != "shorthand.json":
            raw = json.dumps(json.loads(entry.read_text("utf-8")), ensure_ascii=False)
            words |= {w.lower() for w in re.findall(rf"[^\W\d_]{{{_MIN_CORRECTED},}}", raw)}
    return frozenset(words)
