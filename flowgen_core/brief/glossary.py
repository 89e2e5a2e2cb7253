"""Read a Spanish, French or German brief with the English extractors: swap its cue phrases for
the English words those extractors know (`vocab/glossary.json`). Used for facts only; copy is
written in the brief's own language.

A `#` in a phrase stands for a number and carries it over: "alle # Tage" -> "every # days"
turns "alle 4 Tage" into "every 4 days". Word order differs between languages, so a phrase with
its number inside cannot be swapped word by word.

Number words are written as digits first (`_numbers`: "seis horas" -> "6 horas"), so a `#` phrase
reads "sous deux jours" like "sous 2 jours". `_patterns` holds the few constructions whose parts
move around a name rather than a number ("mit treue = gold markiert" -> "gets the property
treue = gold"): regular expressions with their English replacement, applied before the phrases.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import pairwise

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.vocabulary import load_vocabulary

_NUMBER = r"(\d{1,4}(?:[.,]\d{1,2})?)"


@lru_cache(maxsize=1)
def _glossary() -> dict[str, dict[str, str]]:
    return {k: v for k, v in load_vocabulary("glossary").items() if not k.startswith("_")}


@lru_cache(maxsize=4)
def _number_words(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    vocab = load_vocabulary("glossary")
    listed = dict(vocab.get("_numbers", {}).get(lang) or {})
    words = {w.lower(): str(n) for w, n in listed.items()}
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return shaped_re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])", re.I
    ), words


@lru_cache(maxsize=4)
def _reorderings(lang: str) -> list[tuple[re.Pattern[str], str]]:
    rules = load_vocabulary("glossary").get("_patterns", {}).get(lang) or []
    return [(shaped_re.compile(pattern, re.I), english) for pattern, english in rules]


def _digits(words: dict[str, str], m: re.Match[str]) -> str:
    """The digits for a number word; one in capitals is a reply keyword ("DOS") and stays."""
    found = m.group(0)
    if len(found) > 1 and found.isupper():
        return found
    return words.get(found.lower(), found)


@lru_cache(maxsize=4)
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    phrases = {p: e for p, e in (_glossary().get(lang) or {}).items() if "#" not in p}
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    # "pr-20", "tag_10": a word joined to a number is part of a code, never a cue
    pattern = shaped_re.compile(
        r"(?<!\w)(?<!\d[-_])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)(?![-_]\d)", re.I
    )
    return pattern, {p.lower(): english for p, english in phrases.items()}


@lru_cache(maxsize=4)
def _abbreviations(lang: str) -> frozenset[str]:
    """The texting abbreviations of `lang` ("pr" for "pour"): swapped only as typed in a hurry."""
    listed = load_vocabulary("glossary").get("_abbreviations", {}).get(lang) or []
    return frozenset(w.lower() for w in listed)


# where a sentence starts: a capital there is no sign of a name or a code
_SENTENCE_START_RE = shaped_re.compile(r"(?:^|[.!?:;\n(\-•*]|\d[.)])\s*$")


def _as_abbreviation(text: str, m: re.Match[str]) -> bool:
    """True when the abbreviation at `m` is written as one: in lower case, or capitalised only
    because a sentence starts there ("Pr les VIP"). "PR" or "Pr Martin" is a name or a code."""
    words = m.group(0)
    if words.islower():
        return True
    return (
        words[:1].isupper()
        and words[1:].islower()
        and bool(_SENTENCE_START_RE.search(text[max(0, m.start() - 4) : m.start()]))
    )


@lru_cache(maxsize=4)
def _numbered(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, English template) for the phrases of `lang` that hold a number, longest first."""
    found: list[tuple[re.Pattern[str], str]] = []
    for phrase, english in sorted((_glossary().get(lang) or {}).items(), key=lambda kv: -len(kv[0])):
        if "#" not in phrase:
            continue
        body = r"\s*".join(
            _NUMBER if part == "#" else re.escape(part) for part in re.split(r"\s*(#)\s*", phrase) if part
        )
        found.append((shaped_re.compile(rf"(?<!\w){body}(?!\w)", re.I), english))
    return found


def _fill(template: str, m: re.Match[str]) -> str:
    # "10,50 €": the English extractors read a decimal point
    numbers = iter((n or "").replace(",", ".") for n in m.groups())
    return re.sub("#", lambda _: next(numbers, ""), template)


def _keep_capitals(phrases: dict[str, str], abbreviations: frozenset[str], m: re.Match[str]) -> str:
    """The English cue for the phrase at `m`; a word written in capitals is a reply keyword
    ("Antworte KAUFEN") and stays as written, and so does an abbreviation not written as one
    ("PR", "Pr Martin")."""
    words = m.group(0)
    if len(words) > 1 and words.isupper():
        return words
    if words.lower() in abbreviations and not _as_abbreviation(m.string, m):
        return words
    return phrases.get(words.lower(), words)


def source_phrases(lang: str, english: str) -> list[str]:
    """The phrases of `lang` the glossary writes as `english` ("ce soir" for "tonight"), longest
    first: where a fact read through the glossary stands in the brief's own words."""
    wanted = english.lower()
    found = [p for p, e in (_glossary().get(lang) or {}).items() if "#" not in p and e.lower() == wanted]
    return sorted(found, key=len, reverse=True)


def has_cue_phrases(text: str, lang: str) -> bool:
    """Whether `text` holds a glossary phrase of `lang` ("espera", "sous # jours"). Number words
    alone do not count, as several are English words too ("once"), nor do phrases spelt like
    their English cue ("code")."""
    compiled = _pattern(lang)
    if compiled is not None:
        pattern, phrases = compiled
        if any(
            phrases.get(m.group(0).lower(), "").lower() != m.group(0).lower() for m in pattern.finditer(text)
        ):
            return True
    return any(pattern.search(text) for pattern, _ in _numbered(lang))


# "abo_typ = monat": the value after an equals sign is data, never a cue word to translate
_VALUE_RE = shaped_re.compile(r"(=\s*)([^\W_][\w-]*)")


@lru_cache(maxsize=1)
def _quoted_value_re() -> re.Pattern[str]:
    # "ayant la valeur "mensuel"", "mit dem Wert „dunkel“": a quoted value after the word for value
    words = "|".join(load_vocabulary("glossary")["_value_words"])
    return shaped_re.compile(
        rf"(\b(?:{words})\s*:?\s*[\"'\u201c\u201e\u00ab\u2018]\s*)([^\W_][\w-]*)(?=\s*[\"'\u201d\u201c\u00bb\u2019])",
        re.I,
    )


def _protect_values(text: str) -> tuple[str, list[str]]:
    values: list[str] = []

    def hold(m: re.Match[str]) -> str:
        values.append(m.group(2))
        return f"{m.group(1)}qqv{len(values) - 1}qq"

    return _quoted_value_re().sub(hold, _VALUE_RE.sub(hold, text)), values


def _restore_values(text: str, values: list[str]) -> str:
    return re.sub(r"qqv(\d+)qq", lambda m: values[int(m.group(1))], text)


def to_english_cues(text: str, lang: str) -> str:
    """`text` with the glossary's phrases of `lang` replaced by their English cue words; the
    values of `name = value` pairs are kept as written."""
    text, values = _protect_values(text)
    return _restore_values(_translated(text, lang), values)


@lru_cache(maxsize=4)
def _compound_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int], dict[str, int]] | None:
    spec = load_vocabulary("glossary").get("_compound_numbers", {}).get(lang)
    if not spec:
        return None
    parts = {w.lower(): int(n) for w, n in spec["parts"].items()}
    multipliers = {w.lower(): int(n) for w, n in spec.get("multipliers", {}).items()}
    words = sorted({*parts, *multipliers}, key=len, reverse=True)
    atom = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    joiners = "|".join(re.escape(j) for j in spec.get("joiners", []))
    # a space, a hyphen, a joiner word ("y", "et") or nothing ("hundertachtzig") between parts
    sep = (
        rf"(?:\s*-\s*|\s+(?:{joiners})\s+|-(?:{joiners})-|\s+|(?:{joiners})|)"
        if joiners
        else r"(?:\s*-\s*|\s+|)"
    )
    return shaped_re.compile(rf"(?<![\w-]){atom}(?:{sep}{atom})+(?![\w-])", re.I), parts, multipliers


def _compound_value(words: str, lang: str) -> int | None:
    """The value of a number written in parts, or None when the parts do not make one number
    (they must fall from hundreds to tens to units: "dos tres" is two numbers, not one)."""
    compiled = _compound_pattern(lang)
    if compiled is None:
        return None
    _, parts, multipliers = compiled
    spec = load_vocabulary("glossary")["_compound_numbers"][lang]
    joiners = {j.lower() for j in spec.get("joiners", [])}
    names = sorted({*parts, *multipliers}, key=len, reverse=True)
    tokens = re.findall("|".join(re.escape(w) for w in [*names, *joiners]), words.lower())
    values: list[int] = []
    joined = False
    for token in tokens:
        if token in joiners and token not in parts:
            joined = True
            continue
        if token in multipliers:
            base = values.pop() if values and values[-1] < 10 else 1
            if values and values[-1] < 100:
                return None
            values.append(base * multipliers[token])
        elif joined and values and values[-1] < 10 and parts[token] % 10 == 0 and 20 <= parts[token] <= 90:
            values[-1] += parts[token]  # "fünfundvierzig": the units come first in German
        else:
            values.append(parts[token])
        joined = False
    if len(values) < 2 and len(tokens) < 2:
        return None
    for high, low in pairwise(values):
        if high >= 100:
            if high % 100 or low >= 100:
                return None
        elif high % 10 or low >= high or not (low < 10 or (high in (60, 80) and low < 20)):
            return None
    return sum(values)


def _compound_digits(lang: str, m: re.Match[str]) -> str:
    found = m.group(0)
    if found.isupper():
        return found  # a reply keyword
    value = _compound_value(found, lang)
    if value is not None:
        return str(value)
    # a word before the number may be a part too ("un treinta y cinco", "ein fünfundzwanzig"):
    # the number is the longest tail that makes one
    for cut in re.finditer(r"[\s-]+", found):
        tail = found[cut.end() :]
        compiled = _compound_pattern(lang)
        if (
            compiled is not None
            and compiled[0].fullmatch(tail)
            and (value := _compound_value(tail, lang)) is not None
        ):
            return found[: cut.end()] + str(value)
    return found


def _translated(text: str, lang: str) -> str:
    compound = _compound_pattern(lang)
    if compound is not None:
        text = compound[0].sub(partial(_compound_digits, lang), text)
    numbers = _number_words(lang)
    if numbers is not None:
        text = numbers[0].sub(partial(_digits, numbers[1]), text)
    for rule, english in _reorderings(lang):
        text = rule.sub(english, text)
    for pattern, template in _numbered(lang):
        text = pattern.sub(partial(_fill, template), text)
    compiled = _pattern(lang)
    if compiled is None:
        return text
    pattern, phrases = compiled
    return pattern.sub(partial(_keep_capitals, phrases, _abbreviations(lang)), text)
