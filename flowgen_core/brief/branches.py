"""Branch lists: one line per reply keyword and what that reply leads to ("• DELIVERY → set
property wants_delivery = yes, then a text", "- Si DEVIS : propriété devis_demande = oui",
"- Bei JA: Eigenschaft teilnahme = ja setzen"). The words that open a branch ("if", "si",
"bei") are data (`branch_prefixes` in `vocab/replies.json`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.vocabulary import load_vocabulary

_ARROWS = r"-->|->|=>|\u2192|\u21d2|\u2794|\u27a1"
_BULLETS = r"[-*\u2022\u25aa\u25b8\u2023\u2013]"
# "property wants_delivery = yes", "the property teilnahme = ja": one setting in a branch's words
_SETTING_RE = re.compile(
    r"(?<![\w{])(?:(?:the\s+)?(?:property|attribute|field)\s+)?['\"]?(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)*)['\"]?"
    r"\s*==?\s*['\"]?(?P<value>[\w.@-]+)",
    re.I,
)


@dataclass(frozen=True)
class Branch:
    keyword: str  # lower case, as the reply readers keep it
    words: str  # the rest of the line: what the reply leads to
    start: int  # where the line's words begin in the text
    opened: bool  # opened by a branch word ("if", "si", "bei") or an arrow, not a bare colon


@lru_cache(maxsize=1)
def _line_re() -> re.Pattern[str]:
    prefixes = "|".join(load_vocabulary("replies")["branch_prefixes"])
    return re.compile(
        rf"^[ \t]*(?:(?P<bullet>{_BULLETS})[ \t]*)?(?:(?P<prefix>{prefixes})[ \t]+)?"
        r"['\"\u201c\u00ab]?[ \t]?(?P<kw>(?-i:[A-Z\u00c0-\u00dd][A-Z0-9\u00c0-\u00dd]{1,19})|\d{1,2})[ \t]?['\"\u201d\u00bb]?"
        rf"[ \t]*(?P<sep>{_ARROWS}|:)[ \t]*(?P<words>[^\n]+)",
        re.M | re.I,
    )


def branches(text: str) -> list[Branch]:
    """Each branch line: a keyword in capitals (or a number) opening its own line, after a bullet
    or a branch word, then an arrow or a colon and what the reply leads to."""
    found: list[Branch] = []
    for m in _line_re().finditer(text):
        arrow = m.group("sep") != ":"
        if not (m.group("bullet") or m.group("prefix") or arrow):
            continue
        if m.group("kw").isdigit() and not m.group("prefix"):
            continue  # "- 3: the third step": a numbered plan, no answer
        opened = arrow or bool(m.group("prefix"))
        found.append(Branch(m.group("kw").lower(), m.group("words").strip(), m.start("words"), opened))
    return found


def branch_settings(text: str, keywords: list[str]) -> list[tuple[str, str, str]]:
    """(name, value, keyword) of the properties a branch line sets, for a branch opened by a
    branch word or an arrow, or a bulleted keyword the brief asks for elsewhere."""
    out: list[tuple[str, str, str]] = []
    for branch in branches(text):
        if not (branch.opened or branch.keyword in keywords):
            continue
        for m in _SETTING_RE.finditer(branch.words):
            out.append((m.group("name"), m.group("value").lower().rstrip("."), branch.keyword))
    return out
