"""The role of the words just before a `name = value`: does an audience noun introduce it?

"people tagged tier = gold", "ppl w city = austin", "customers whose plan is annual" and
"accounts (type = retail)" or "subscribers (property store = downtown)" state who the flow is for; the same equation after "gets tagged" or
"tag them" states what the flow sets. The nouns and links are data (`vocab/audience_roles.json`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation

# how far back an audience noun and its link may start before the property name
_REACH = 60


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


# The word that names a customer property, in the four languages ("(property tier = gold)").
_PROPERTY_WORD = r"(?:property|attribute|propiedad|propri[ée]t[ée]|eigenschaft)"


@lru_cache(maxsize=1)
def _predicate_pattern() -> re.Pattern[str]:
    vocab = load_vocabulary("audience_roles")
    nouns, links = _alternation(vocab["nouns"]), _alternation(vocab["links"])
    # a link ending in "/" ("w/") may touch the name; word links need a space after them
    return shaped_re.compile(
        rf"\b{nouns}\b\s*(?:(?:[\w'-]+\s+){{0,4}}\(\s*(?:(?:the\s+)?(?:property|attribute|tag)\s+)?|{links}(?:(?<=/)\s*|\s+)(?:(?:the|a|an)\s+)?(?:(?:property|attribute|tag)\s+)?)"
        r"['\"]?$",
        re.I,
    )


@lru_cache(maxsize=1)
def _sent_to_pattern() -> re.Pattern[str]:
    verbs = _alternation(load_vocabulary("audience_roles")["send_verbs"])
    # "text our faithfuls (property darts_team = yes)": whoever a send verb names, its bracket filters
    return shaped_re.compile(
        rf"\b{verbs}\s+(?:(?:the|our|all|los|las|les|nos|nuestros|nuestras|tous\s+les|die|den|dem|der|alle|allen|unsere|unseren)\s+)?[\w'-]+\s*"
        rf"\(\s*(?:(?:the\s+)?{_PROPERTY_WORD}\s+)?$",
        re.I,
    )


def introduced_by_audience(text: str, position: int) -> bool:
    """True when an audience noun and a filter link (or an opening bracket) end right at `position`,
    or a send verb's object and a bracket naming a property do."""
    before = text[max(0, position - _REACH) : position]
    predicate = _predicate_pattern().search(before)
    if predicate and _tagged_object().search(before[: predicate.start()]):
        # "Tag refill buyers with property x = yes": the noun is what the verb marks, not a filter
        predicate = None
    return bool(
        predicate
        or _sent_to_pattern().search(before)
        or _for_group_pattern().search(before + _property_word_at(text, position))
    )


@lru_cache(maxsize=1)
def _tagged_object() -> re.Pattern[str]:
    verbs = _alternation(load_vocabulary("audience_roles")["update_verbs"])
    # the verb opens the phrase whose object the noun ends: "tag the REFILL buyers", "mark all fans"
    return re.compile(
        rf"(?:^|[^\w\s]\s*|\b(?:then|and|also|please|y|et|und)\s+)\b{verbs}\s+(?:[\w'-]+\s+){{0,3}}$", re.I
    )


_PROPERTY_WORD_RE = shaped_re.compile(rf"{_PROPERTY_WORD}\s+", re.I)


def _property_word_at(text: str, position: int) -> str:
    """The word "property" starting at `position`, if it does (a match may start with it)."""
    m = _PROPERTY_WORD_RE.match(text, position)
    return m.group(0) if m else ""


@lru_cache(maxsize=1)
def _for_group_pattern() -> re.Pattern[str]:
    words = _alternation(load_vocabulary("audience_roles")["bracket_prepositions"])
    # "Lens week for collectors (property collector = yes)": the bracket names who the group is;
    # the word "property" inside it is required, as any word may follow the preposition
    return shaped_re.compile(
        rf"\b{words}\s+(?:(?:the|our|all|los|las|les|nos|tous\s+les|die|den|alle|unsere)\s+)?(?:[\w'-]+\s+){0, 2}?[\w'-]+\s*"
        rf"\(\s*(?:the\s+)?{_PROPERTY_WORD}\s+$",
        re.I,
    )


@lru_cache(maxsize=1)
def _new_subscribers_pattern() -> re.Pattern[str]:
    return shaped_re.compile(
        rf"(?<!\w){_alternation(load_vocabulary('audience_roles')['new_subscribers'])}(?!\w)", re.I
    )


def names_new_subscribers(text: str) -> bool:
    """True when `text` names an audience of new subscribers ("new sign-ups", "nouveaux abonnés")."""
    return bool(_new_subscribers_pattern().search(text))
