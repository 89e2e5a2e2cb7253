"""The words the offline editor writes into copy, in the language the flow's copy is written in.

A Spanish flow gets a Spanish reminder, "Responde INFO …" and "10 € de descuento", never an English
line inside Spanish copy. The sentences are data (`vocab/copy.json`); offers are worded by the
planner's own copy templates, so an edited flow states its offer as a generated one does.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core.brief.money import money
from flowgen_core.planners.offline.localized import LOCALIZED_LANGUAGES, local_keyword, offer_phrase

_NUMBER = r"\d{1,6}(?:[.,]\d{1,2})?"
# A value of money off as copy writes it: "20%", "$5", "€10", "10 €", "10,50 €", "5 EUR"
VALUE = re.compile(
    rf"\d{{1,3}}(?:[.,]\d+)?\s*%|(?:[$€£]|\b(?:CHF|GBP|USD|EUR)\b)\s?{_NUMBER}"
    rf"|{_NUMBER}\s?(?:€|\$|£|(?:EUR|GBP|USD|CHF|euros?|pounds?)\b)",
    re.I,
)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    raw = resources.files("flowgen_core.refine").joinpath("vocab/copy.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _words(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def language_of_copy(language: str | None) -> str:
    """The language the editor writes in: the copy's own when it has sentences for it, else English."""
    return language if language in LOCALIZED_LANGUAGES else "en"


def sentence(language: str | None, name: str, **fields: str) -> str:
    """The editor's sentence `name` ("reminder", "enjoy", "reply", …) in `language`."""
    return str(_vocabulary()[language_of_copy(language)][name]).format(**fields)


def keyword(language: str | None, word: str) -> str:
    """A reply keyword the editor chooses ("buy"), as the flow's language says it ("comprar")."""
    return local_keyword(language_of_copy(language), word)


@lru_cache(maxsize=1)
def reply_cta() -> re.Pattern[str]:
    """A call to action: a reply verb of any of the four languages, then a keyword in capitals."""
    return re.compile(rf"(?<!\w)(?i:{_words(_vocabulary()['reply_verbs'])})\s+[A-Z0-9][A-Z0-9]*\b")


@lru_cache(maxsize=1)
def offer_mention() -> re.Pattern[str]:
    """A sentence about the offer: its value, a code, or the Discount Label variable."""
    terms = _words(_vocabulary()["offer_words"])
    return re.compile(rf"{VALUE.pattern}|(?<!\w)(?:{terms})(?!\w)|\{{\{{\s*Discount Label", re.I)


@lru_cache(maxsize=1)
def value_off() -> re.Pattern[str]:
    """A value of money off with the words after it ("15% off", "15% de descuento", "5 € Rabatt")."""
    return re.compile(
        rf"(?:{VALUE.pattern})(?P<off>\s*(?:{_words(_vocabulary()['money_off_words'])})\b)", re.I
    )


def offer_words(language: str | None, kind: str, value: str, *, currency: str | None) -> tuple[str, str]:
    """(phrase, value) of an offer in `language`: ("20% off", "20%"), ("10 € de descuento", "10 €")."""
    lang = language_of_copy(language)
    if lang == "en":
        shown = f"{value}%" if kind == "percentage" else money(value, currency)
        return f"{shown} off", shown
    phrase = offer_phrase(lang, kind, value, None, currency=currency)
    found = VALUE.search(phrase)
    return phrase, found.group(0) if found else phrase
