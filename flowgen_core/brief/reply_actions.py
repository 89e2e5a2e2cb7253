"""What a reply keyword does, in the brief's own words and language, for Spanish, French and
German copy: "Responde RESERVAR para reservar tu plaza", "Répondez RÉSERVER pour réserver votre
place", "Antworte BUCHEN, um deinen Platz zu sichern". The words that link a keyword to its
action are data (`local_action_links` in `vocab/replies.json`)."""

from __future__ import annotations

import unicodedata

from flowgen_core import lazy_re as re
from flowgen_core.brief.vocabulary import load_vocabulary

_MAX_ACTION_WORDS = 10
# the action stops at the sentence's end, a bracket, a comma or the next keyword
_ACTION_END = r"(?=[.!?;:\n(]|,|\s+[A-ZÀ-Ý]{2,}\b|$)"
# numbers, prices, variables and arrows say what the planner words itself (an offer, a step)
_NOT_WORDS_RE = re.compile(r"[\d{}%$€£=<>→]")


def folded(word: str) -> str:
    """A keyword with only its letters and digits, accents dropped ("RÉSERVER" -> "reserver")."""
    plain = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in plain if c.isascii() and c.isalnum())


def ascii_only(word: str) -> str:
    """A keyword with its non-ASCII letters left out ("RÉSERVER" -> "rserver")."""
    return "".join(c for c in word.lower() if c.isascii() and c.isalnum())


def local_reply_actions(text: str, language: str) -> dict[str, str]:
    """{folded keyword: what it does as the brief writes it}, for a keyword written in capitals
    (or a number) and followed by the language's link; a short phrase only."""
    link = load_vocabulary("replies").get("local_action_links", {}).get(language)
    if not link:
        return {}
    pattern = re.compile(rf"(?<!\w)(?P<kw>\w{{1,30}})\s*{link}\s+(?P<act>[^.!?;:\n(]{{3,120}}?){_ACTION_END}")
    out: dict[str, str] = {}
    for m in pattern.finditer(text):
        keyword, action = m.group("kw"), m.group("act").strip()
        if not (keyword.isupper() or keyword.isdigit()) or _NOT_WORDS_RE.search(action):
            continue
        if len(action.split()) <= _MAX_ACTION_WORDS:
            out.setdefault(folded(keyword), action)
            out.setdefault(ascii_only(keyword), action)
    return out
