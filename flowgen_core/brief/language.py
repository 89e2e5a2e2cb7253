"""Which language a brief is written in (py3langid: a small model shipped in the package, offline)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.glossary import has_cue_phrases
from flowgen_core.brief.vocabulary import load_vocabulary

# The offline planner writes copy in these; anything else is left to a model key.
OFFLINE_LANGUAGES = ("en", "es", "fr", "de")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}
# Below these a guess is noise: short briefs, keyword soup and template variables read as English.
_MIN_WORDS = 4
# A brief in a language the planner writes needs less certainty than one it would hand to a model.
_MIN_CONFIDENCE_OFFLINE = 0.6
_MIN_CONFIDENCE_OTHER = 0.9
# A short brief the model leans towards an offline language for, written in that language's own
# function words ("Si en tres horas no contestan, un recordatorio"), is read in it.
_MIN_CONFIDENCE_WITH_CUES = 0.3
_MIN_LANGUAGE_CUES = 3
# A brief this short ("Sommer Sale: 20% Rabatt, mit JA bestellen") has few function words; two of
# a language's own words, and more than English ones, are enough.
_SHORT_BRIEF_WORDS = 8
_MIN_SHORT_LANGUAGE_CUES = 2
_NOISE_RE = shaped_re.compile(r"\{\{[^}]*\}\}|https?://\S+|\b[A-Z0-9_]{2,}\b|[\d$%€£]+")


@lru_cache(maxsize=1)
def _identifier() -> Any:  # loaded on first use: the model costs ~70 ms to read
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _language_cues() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_vocabulary("language_cues")
    return frozenset(data["english"]), frozenset(data["other"]), frozenset(data["other_letters"])


def _plainly_english(words: str) -> bool:
    """English function words and no sign of another language: no need to load the model.

    Most briefs are English, and reading the model costs most of a `flowgen generate` run;
    the model still decides every brief with a word or letter another language would use.
    """
    english, other, other_letters = _language_cues()
    low = words.lower()
    if any(ch in other_letters for ch in low):
        return False
    tokens = re.findall(r"[a-z']+", low)
    return sum(t in english for t in tokens) >= 3 and not any(t in other for t in tokens)


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    return {
        code: frozenset(words)
        for code, words in load_vocabulary("language_cues").get("by_language", {}).items()
    }


def _own_words_say(code: str, words: str) -> bool:
    """More of `code`'s function words than English ones, and at least a few."""
    english = _language_cues()[0]
    tokens = _whole_words(words)
    own = sum(t in _function_words().get(code, frozenset()) for t in tokens)
    return own >= _MIN_LANGUAGE_CUES and own > sum(t in english for t in tokens)


def _whole_words(words: str) -> list[str]:
    """The words of `words` in lower case; a property name ("relance_the") is no word."""
    return re.findall(r"(?<![\w'])[^\W\d_]+(?:'[^\W\d_]+)?(?![\w'])", words.lower())


def _english_outweighs(code: str, words: str) -> bool:
    """More English function words than `code`'s own."""
    english = _language_cues()[0]
    tokens = _whole_words(words)
    own = sum(t in _function_words().get(code, frozenset()) for t in tokens)
    return sum(t in english for t in tokens) > own


@lru_cache(maxsize=1)
def _loanword_re() -> re.Pattern[str]:
    words = load_vocabulary("language_cues").get("loanwords", [])
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return shaped_re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)


def _without_loanwords(words: str) -> str:
    """The brief without the English words every language borrows ("Sale", "Shop", "VIP"):
    in a short German brief they outweigh its own words for the model."""
    return _loanword_re().sub(" ", words)


def _short_brief_language(words: str) -> str | None:
    """The language of a short brief by its own words: the one with the most of them (at least
    two, and more than English ones); the model's ranking breaks a tie ("de", "la" and "en" are
    Spanish and French alike)."""
    english = _language_cues()[0]
    tokens = _whole_words(words)
    in_english = sum(t in english for t in tokens)
    counts = {
        code: sum(t in _function_words().get(code, frozenset()) for t in tokens)
        for code in OFFLINE_LANGUAGES
        if code != "en"
    }
    best = max(counts.values())
    if best < _MIN_SHORT_LANGUAGE_CUES or best <= in_english:
        return None
    tied = [code for code, n in counts.items() if n == best]
    if len(tied) == 1:
        return tied[0]
    ranked = [str(code) for code, _ in _identifier().rank(words[:2000])]
    return min(tied, key=lambda code: ranked.index(code) if code in ranked else len(ranked))


@lru_cache(maxsize=512)
def detect_language(text: str) -> str:
    """ISO 639-1 code of the brief's language; "en" when the text is too short or unclear to tell."""
    words = _NOISE_RE.sub(" ", text or "")
    if len(re.findall(r"[^\W\d_]{2,}", words)) < _MIN_WORDS:
        # "Stammkunden: 10 € Rabatt, antworte JA": too short for the model, but two of a
        # language's own words (and no English ones) still say which it is
        return _short_brief_language(_without_loanwords(words)) or "en"
    if _plainly_english(words):
        return "en"
    words = _without_loanwords(words)
    code, confidence = _identifier().classify(words[:2000])
    short = len(re.findall(r"[^\W\d_]{2,}", words)) <= _SHORT_BRIEF_WORDS
    if code in OFFLINE_LANGUAGES and confidence >= _MIN_CONFIDENCE_OFFLINE:
        # "New menu: croissant, baguette and crème brûlée": foreign dishes, English words
        if short and code != "en" and _english_outweighs(str(code), words):
            return "en"
        return str(code)
    if code not in OFFLINE_LANGUAGES and confidence >= _MIN_CONFIDENCE_OTHER:
        return str(code)
    leaning = code in OFFLINE_LANGUAGES and code != "en" and confidence >= _MIN_CONFIDENCE_WITH_CUES
    if leaning and _own_words_say(str(code), words):
        return str(code)
    # a short brief has few function words: its own words, with the model's ranking, decide
    if short:
        return _short_brief_language(words) or "en"
    return "en"


def instruction_language(text: str, flow_language: str | None) -> str:
    """The language to read a refinement instruction in.

    An instruction is often too short for the model ("espera 2 días"); then the language the
    flow is written in decides, when the instruction uses that language's glossary phrases and
    no English function words.
    """
    detected = detect_language(text)
    if detected != "en" or flow_language in (None, "en") or flow_language not in OFFLINE_LANGUAGES:
        return detected
    english = _language_cues()[0]
    if any(t in english for t in re.findall(r"[a-z']+", text.lower())):
        return detected
    return flow_language if has_cue_phrases(text, flow_language) else detected


@lru_cache(maxsize=1)
def _copy_language_vocabulary() -> tuple[list[tuple[re.Pattern[str], str]], re.Pattern[str]]:
    data = load_vocabulary("copy_language")
    requests = [
        (shaped_re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.I), code)
        for code, phrases in data["requests"].items()
        for phrase in phrases
    ]
    cues = "|".join(
        re.escape(cue[:-1]) + r"\w*" if cue.endswith("*") else re.escape(cue) + r"(?!\w)"
        for cue in data["writing_cues"]
    )
    return requests, shaped_re.compile(rf"(?<!\w)(?:{cues})", re.I)


def requested_copy_language(clauses: list[str]) -> str | None:
    """The language a clause asks the copy to be written in ("les SMS doivent être rédigés en anglais"),
    if one of the offline languages; None when no clause asks."""
    requests, cues = _copy_language_vocabulary()
    for clause in clauses:
        if not cues.search(clause):
            continue
        for pattern, code in requests:
            if pattern.search(clause):
                return code
    return None
