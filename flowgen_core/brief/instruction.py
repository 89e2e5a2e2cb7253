"""A refinement instruction read by the interpreter: the facts it states, as a brief's are read.

The offline editor and the requirement set of a refined flow (`FlowSpec`) both take an
instruction's facts from here, so "wait two days", "espera 2 días", "48h" or "make it twenty
percent" mean to them what the same words mean in a brief. What an instruction reads beyond a
brief is little (its words are data, `vocab/instruction.json`): the language of the flow it
changes when the instruction is too short to tell; an offer's new value written without "off"
("change the discount to 20%", "cambia el descuento a 10 euros", "Rabatt auf 20 % ändern") or a
new code ("change the code to SAVE20"); a day and hour in Spanish, French or German ("mañana a
las 9", "demain à 9h", "morgen um 9 Uhr"); a wait named by its noun ("una espera de 1 día"); and the time zone a city names ("hora de Madrid",
"heure de Paris", "Berliner Zeit").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.discounts import extract_new_value
from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.language import instruction_language
from flowgen_core.brief.model import CampaignBrief, Discount
from flowgen_core.brief.timing import city_zone_pattern
from flowgen_core.brief.vocabulary import load_vocabulary


def read_instruction(text: str, *, today: date | None = None, language: str | None = None) -> CampaignBrief:
    """The facts `text` states; `language` is the language of the flow being refined, if known."""
    try:
        reading = instruction_language(text, language) if text.strip() else "en"
    except Exception:  # an odd instruction must not cost its facts: detection is only a hint
        reading = None
    # an edit's own phrasing in the instruction's language, or the flow's when it is too short to tell
    words = _in_english(_in_english(text, reading), language if language != reading else None)
    facts = extract_brief(words, today=today, language=reading)
    if not any(d.kind in ("percentage", "amount") for d in facts.discounts):
        words = text if reading in (None, "en") else to_english_cues(text, reading)
        facts.discounts = [*(extract_new_value(words) or new_offer_value(text)), *facts.discounts]
    if not any(d.kind == "code" for d in facts.discounts):
        facts.discounts += new_code(text)
    zone = named_zone(text)
    if zone:
        for window in facts.send_windows:
            window.timezone = window.timezone or zone
    return facts


def _words(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _new_value_pattern() -> re.Pattern[str]:
    vocab = load_vocabulary("instruction")
    nouns, percent, money = (_words(vocab[k]) for k in ("offer_nouns", "percent_words", "money_after"))
    number = r"\d{1,6}(?:[.,]\d{1,2})?"
    return shaped_re.compile(
        rf"(?<!\w)(?:{nouns})(?!\w)[^.;%$€£\d]{{0,40}}?(?<![\w-])"
        rf"(?:(?P<v>\d{{1,3}})\s*(?:{percent})(?!\w)(?!\s*/)|[$€£]\s?(?P<a>{number})(?!\w)"
        rf"|(?P<e>{number})\s?(?:{money})(?!\w))",
        re.I,
    )


def new_offer_value(text: str) -> list[Discount]:
    """The percentage or sum of money an edit gives the offer, in any of the four languages
    ("cambia el descuento a 10 euros", "mets la remise à 10 EUR", "Rabatt auf 20 % ändern")."""
    m = _new_value_pattern().search(text)
    if m is None or re.match(load_vocabulary("instruction")["not_after"], text[m.end() :], re.I):
        return []
    if m.group("v"):
        value = int(m.group("v"))
        return [Discount(kind="percentage", value=str(value))] if 0 < value <= 100 else []
    amount = (m.group("a") or m.group("e")).replace(",", ".")
    amount = amount[:-3] if amount.endswith(".00") else amount
    return [Discount(kind="amount", value=amount)] if float(amount) > 0 else []


@lru_cache(maxsize=1)
def _code_pattern() -> re.Pattern[str]:
    return shaped_re.compile(load_vocabulary("instruction")["code_change"])


def new_code(text: str) -> list[Discount]:
    """The code an edit names after its noun ("change the code to SAVE20", "cambia el código a VUELVE10")."""
    m = _code_pattern().search(text)
    code = m.group("code") if m else ""
    return [Discount(kind="code", code=code)] if code and not code.isdigit() else []


@lru_cache(maxsize=1)
def _zone_patterns() -> tuple[list[re.Pattern[str]], dict[str, str]]:
    _, zones = city_zone_pattern()
    # the city alternation without its own look-arounds, to sit inside each phrase
    city = "(?P<city>" + "|".join(re.escape(c) for c in sorted(zones, key=len, reverse=True)) + ")"
    phrases = load_vocabulary("instruction")["zone_phrases"]
    return [shaped_re.compile(p.replace("{city}", city), re.I) for p in phrases], zones


def named_zone(text: str) -> str | None:
    """The IANA zone a city names in `text` ("hora de Madrid", "Berliner Zeit"), if exactly one."""
    patterns, zones = _zone_patterns()
    found = {zones[m.group("city").lower()] for p in patterns for m in p.finditer(text)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4)
def _phrases(language: str) -> list[tuple[re.Pattern[str], str]]:
    pairs = load_vocabulary("instruction")["phrases"].get(language, [])
    return [(shaped_re.compile(pattern, re.I), english) for pattern, english in pairs]


def _in_english(text: str, language: str | None) -> str:
    """What an edit says its own way in `language`, in the English the readers read ("mañana a
    las 9" -> "tomorrow at 9:00", "una espera de 1 día" -> "wait 1 día"); the rest stays as written."""
    if language is None:
        return text
    for pattern, english in _phrases(language):
        text = pattern.sub(_filled(english), text)
    return text


def _filled(english: str) -> Callable[[re.Match[str]], str]:
    """The English words with the hour and minutes a match caught ("00" for minutes not written)."""

    def fill(m: re.Match[str]) -> str:
        return english.format(*[g or "00" for g in m.groups()])

    return fill
