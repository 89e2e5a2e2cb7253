"""Exclusions about another campaign: "skip anyone already in the spring promo", "don't include
people who got the welcome series", "exclure ceux qui sont déjà dans la promo de printemps".

Membership of another campaign is no event or property a segment can test, so no audience
condition may be read from such a clause (its "ordered" or "VIP" would otherwise become a
filter of this flow); the clause is reported as not used instead. So is a rule the brief assigns
to another campaign ("the 30-day rule is for next week's restock campaign, not this one"), or
only its parenthesised aside when it sits in one. Words in `vocab/exclusions.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.clauses import Clause, split_clauses
from flowgen_core.brief.vocabulary import load_vocabulary, phrase_alternation

# how many words may name the other campaign between the link and its noun ("the spring promo")
_NAME_WORDS = 4


def _alternation(words: list[str]) -> str:
    return phrase_alternation(words)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("exclusions")
    exclusion = shaped_re.compile(rf"(?<![\w'’]){_alternation(vocab['exclusion_words'])}(?![\w'’])", re.I)
    this = _alternation(vocab["this_campaign"])
    nouns = _alternation(vocab["campaign_nouns"])
    # a link, a few words naming the campaign (not "this"), then its noun: "in the spring promo",
    # "got the welcome series", "déjà dans la promo de printemps", "in der Frühlingsaktion"
    campaign = shaped_re.compile(
        rf"(?<!\w){_alternation(vocab['links'])}\s+(?!{this}\b)(?:[\w'’-]+\s+){{0,{_NAME_WORDS}}}?"
        rf"[\w'’-]*?{nouns}(?!\w)",
        re.I,
    )
    return (
        exclusion,
        campaign,
        shaped_re.compile(rf"(?<!\w){this}\s+(?:[\w-]+\s+){{0,2}}?{nouns}(?!\w)", re.I),
    )


def excludes_other_campaign(words: str) -> bool:
    """True when the clause `words` excludes the members of another campaign, or assigns a rule to
    another campaign ("the 30-day rule is for next week's restock campaign, not this one")."""
    return _other_span(words) is not None


@lru_cache(maxsize=1)
def _assigned_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("exclusions")
    this, nouns = _alternation(vocab["this_campaign"]), _alternation(vocab["campaign_nouns"])
    # "is for next week's restock campaign", "es para la campaña de reposición", "gilt für die
    # Restock-Kampagne": a link, a few words naming the campaign (not "this"), then its noun
    assigned = shaped_re.compile(
        rf"(?<!\w){_alternation(vocab['assigned_links'])}\s+(?!{this}\b)(?:[\w'’-]+\s+){{0,{_NAME_WORDS}}}?"
        rf"[\w'’-]*?{nouns}(?!\w)",
        re.I,
    )
    other = shaped_re.compile(rf"(?<!\w){_alternation(vocab['other_markers'])}(?!\w)", re.I)
    return assigned, other, shaped_re.compile(rf"(?<!\w){_alternation(vocab['not_this_one'])}(?![\w-])", re.I)


def _elsewhere(words: str) -> tuple[int, int] | None:
    """The span of `words` that a brief assigns to another campaign ("that rule is for next
    week's restock campaign", "c'est pour la campagne de réassort, pas celle-ci"): the
    parenthesised aside that says so, else all of `words`. "This flow is for the spring sale
    campaign" names the campaign being planned: only words marking it as another count."""
    assigned, other, not_this = _assigned_patterns()
    m = assigned.search(words)
    if m is None or not (other.search(words) or not_this.search(words)):
        exclusion = _patterns()[0]
        m = not_this.search(words) if exclusion.search(words) else None
    if m is None:
        return None
    opened = words.rfind("(", 0, m.start())
    closed = words.find(")", m.end())
    if opened != -1 and closed != -1 and ")" not in words[opened : m.start()]:
        return opened, closed + 1
    return 0, len(words)


def other_campaign_spans(clauses: list[Clause]) -> list[tuple[int, int]]:
    """The (start, end) of each clause (or aside) that excludes another campaign's members or
    assigns a rule to another campaign."""
    spans: list[tuple[int, int]] = []
    for c in clauses:
        span = _other_span(c.text)
        if span is not None:
            spans.append((c.start + span[0], c.start + span[1]))
    return spans


# The audience reader, the blanking of other campaigns and the unread-clause notices (twice)
# each test the same clauses: each clause's words are tested once.
@lru_cache(maxsize=512)
def _other_span(words: str) -> tuple[int, int] | None:
    exclusion, campaign, _ = _patterns()
    m = exclusion.search(words)
    if m is not None:
        # "exclude members (they get their own flow)": an aside after the exclusion says why the
        # group is left out; its campaign is not what the group is excluded from
        plain = _ASIDE_RE.sub(lambda a: " " * len(a.group(0)), words)
        if campaign.search(plain, m.end()) is not None:
            return 0, len(words)
        aside = next((a for a in _ASIDE_RE.finditer(words, m.end()) if campaign.search(a.group(0))), None)
        if aside is not None:
            return aside.span()
    return _elsewhere(words)


_ASIDE_RE = re.compile(r"\([^()]*\)")


def other_campaign_clauses(text: str) -> list[str]:
    """The words of the clauses of `text` that exclude another campaign's members."""
    return [c.text[a:b] for c in split_clauses(text) if (span := _other_span(c.text)) for a, b in [span]]


def without_other_campaigns(text: str, clauses: list[Clause]) -> str:
    """`text` with its exclusions of other campaigns blanked (offsets kept), so "skip anyone in
    the VIP early access flow" makes neither a VIP nor a launch campaign of this one."""
    for start, end in other_campaign_spans(clauses):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
