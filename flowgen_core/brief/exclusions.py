"""Exclusions about another campaign: "skip anyone already in the spring promo", "don't include
people who got the welcome series", "exclure ceux qui sont déjà dans la promo de printemps".

Membership of another campaign is no event or property a segment can test, so no audience
condition may be read from such a clause (its "ordered" or "VIP" would otherwise become a
filter of this flow); the clause is reported as not used instead. Words in
`vocab/exclusions.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core.brief.clauses import Clause, split_clauses
from flowgen_core.brief.vocabulary import load_vocabulary

# how many words may name the other campaign between the link and its noun ("the spring promo")
_NAME_WORDS = 4


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("exclusions")
    exclusion = re.compile(rf"(?<![\w'’]){_alternation(vocab['exclusion_words'])}(?![\w'’])", re.I)
    this = _alternation(vocab["this_campaign"])
    nouns = _alternation(vocab["campaign_nouns"])
    # a link, a few words naming the campaign (not "this"), then its noun: "in the spring promo",
    # "got the welcome series", "déjà dans la promo de printemps", "in der Frühlingsaktion"
    campaign = re.compile(
        rf"(?<!\w){_alternation(vocab['links'])}\s+(?!{this}\b)(?:[\w'’-]+\s+){{0,{_NAME_WORDS}}}?"
        rf"[\w'’-]*?{nouns}(?!\w)",
        re.I,
    )
    return exclusion, campaign, re.compile(rf"(?<!\w){this}\s+(?:[\w-]+\s+){{0,2}}?{nouns}(?!\w)", re.I)


def excludes_other_campaign(words: str) -> bool:
    """True when the clause `words` excludes the members of another campaign."""
    exclusion, campaign, _ = _patterns()
    m = exclusion.search(words)
    return m is not None and campaign.search(words, m.end()) is not None


def other_campaign_spans(clauses: list[Clause]) -> list[tuple[int, int]]:
    """The (start, end) of each clause that excludes another campaign's members."""
    return [(c.start, c.end) for c in clauses if excludes_other_campaign(c.text)]


def other_campaign_clauses(text: str) -> list[str]:
    """The words of the clauses of `text` that exclude another campaign's members."""
    return [c.text for c in split_clauses(text) if excludes_other_campaign(c.text)]


def without_other_campaigns(text: str, clauses: list[Clause]) -> str:
    """`text` with its exclusions of other campaigns blanked (offsets kept), so "skip anyone in
    the VIP early access flow" makes neither a VIP nor a launch campaign of this one."""
    for start, end in other_campaign_spans(clauses):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
