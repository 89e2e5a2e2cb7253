"""Does a text talk about a campaign rather than ask for one?

A question about a past campaign's figures, a customer's complaint pasted from support, a
question about what the tool costs, a design task for a colleague or an internal rule for the
team are full of campaign words (percentages, codes, VIPs, reminders, carts), so the evidence
count of `intent.py` reads them as briefs. What marks them is what they say about a campaign:
that it already went out, what it scored, what a customer said of it, what it costs, who must
deliver which banner by when, what the team must always do. Such a text is no brief unless it
also asks for a send itself (an imperative send verb, a request, "do it again", a reply
keyword). The signals are data in `vocab/about_campaign.json`, in English, Spanish, French and
German.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.clauses import MAX_SCAN_CHARS
from flowgen_core.brief.quotes import unwrap_forwarded
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.regex_gate import may_match

# quoted words: a customer's own words or an SMS's copy, whose verbs ask the tool for nothing
_QUOTED_RE = shaped_re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]")
# where a request or an imperative may stand: after a sentence end, a colon, a dash or a comma
_SEGMENT_SPLIT_RE = shaped_re.compile(r"[.!?;:,\n¿¡]+|\s[—–-]+\s|[—–]")
# sentences, for the signals that must be asked about ("what does the tool cost?"); a period
# inside "20.000" ends none
_SENTENCE_SPLIT_RE = shaped_re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN_RE = shaped_re.compile(r"[^\W_]+(?:['’/-][^\W_]+)*", re.UNICODE)
# "@sam", "Sam," or "Hi team," before what a segment asks
_ADDRESS_RE = shaped_re.compile(r"^\s*(?:@[\w.-]+\s*)+")
_REQUEST_VERB_REACH = 8


def _vocabulary() -> dict[str, Any]:
    return load_vocabulary("about_campaign")


def _alternation(entries: list[str]) -> str:
    return r"(?<!\w)(?:" + "|".join(entries) + r")(?!\w)"


@lru_cache(maxsize=1)
def _signal_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per signal group, all its languages together."""
    return {
        name: shaped_re.compile(_alternation([e for group in groups.values() for e in group]), re.I)
        for name, groups in _vocabulary()["signals"].items()
    }


@lru_cache(maxsize=1)
def _imperative_pattern() -> re.Pattern[str]:
    ask = _vocabulary()["new_ask"]
    verbs = [v for group in ask["imperatives"].values() for v in group]
    not_before = "|".join(re.escape(w) for w in ask["not_before"])
    # "SMS went out Monday": a verb followed by a past tense or a copula is a noun
    return shaped_re.compile(r"^(?:" + "|".join(verbs) + r")(?!\w)(?!\s+(?:" + not_before + r")(?!\w))", re.I)


@lru_cache(maxsize=1)
def _anywhere_pattern() -> re.Pattern[str]:
    groups = _vocabulary()["new_ask"]["anywhere"].values()
    return shaped_re.compile(_alternation([e for group in groups for e in group]), re.I)


@lru_cache(maxsize=1)
def _reply_pattern() -> re.Pattern[str]:
    return shaped_re.compile(_alternation(_vocabulary()["new_ask"]["reply_instruction"]), re.I)


@lru_cache(maxsize=1)
def _opt_out_reply_pattern() -> re.Pattern[str]:
    words = "|".join(_vocabulary()["new_ask"]["opt_out_replies"])
    return shaped_re.compile(r"(?:" + words + r")\W*$", re.I)


@lru_cache(maxsize=1)
def _making_pattern() -> re.Pattern[str]:
    groups = _vocabulary()["new_ask"]["making_verbs"].values()
    return shaped_re.compile(_alternation([e for group in groups for e in group]), re.I)


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text)]


@lru_cache(maxsize=1)
def _requests() -> tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str], frozenset[str]]:
    """Request openers, request verbs and self objects (`campaign_intent.json`), and greetings."""
    intent = load_vocabulary("campaign_intent")

    def phrases(key: str) -> list[tuple[str, ...]]:
        return [tuple(_tokens(p)) for group in intent[key].values() for p in group if _tokens(p)]

    openers = tuple(sorted(set(phrases("request_openers")), key=len, reverse=True))
    verbs = frozenset(" ".join(p) for p in phrases("request_verbs"))
    selves = frozenset(" ".join(p) for p in phrases("self_objects"))
    greetings = frozenset(load_vocabulary("not_a_brief")["greeting_words"])
    return openers, verbs, selves, greetings


def _requests_a_send(words: list[str]) -> bool:
    """ "can you text the VIPs ...", "quiero enviar ...": a request opener, then a request verb
    that is not aimed at the writer ("can you send me the stats" asks a colleague). Further on
    than right after the opener ("kannst du den VIPs ... schicken") only a verb that is no noun
    as well counts: "can you pull the numbers for Friday's text" asks for no text."""
    openers, verbs, selves, _ = _requests()
    ask = _vocabulary()["new_ask"]
    skipped = set(ask["lead_words"])
    nounlike = set(ask["nounlike_request_verbs"])
    for opener in openers:
        if tuple(words[: len(opener)]) != opener:
            continue
        asked = words[len(opener) : len(opener) + _REQUEST_VERB_REACH]
        while asked and asked[0] in skipped:
            asked = asked[1:]
        grams = {" ".join(asked[i : i + n]) for n in (1, 2) for i in range(len(asked) - n + 1)}
        if grams & selves:
            return False
        first = {" ".join(asked[:n]) for n in (1, 2)}
        if first & verbs or _imperative_pattern().match(" ".join(asked)) or (grams & verbs) - nounlike:
            return True
        # "could we do a welcome series", "¿podemos hacer una campaña ...": making one
        return bool(_making_pattern().match(" ".join(asked)) and set(asked) & set(ask["campaign_nouns"]))
    return False


def _asks_for_a_send(text: str) -> bool:
    """Whether the text, outside its quoted words, asks for a send itself: a segment that opens
    with an imperative send or make verb or a request for one, a forward-looking phrase ("do it
    again", "this year"), or a reply keyword other than an opt-out ("reply YES")."""
    # a forwarded brief in quotes ('Fwd: from the owner "Text ..."') asks in its own words
    unquoted = _QUOTED_RE.sub(" ", unwrap_forwarded(text))
    if _anywhere_pattern().search(unquoted):
        return True
    if any(not _opt_out_reply_pattern().search(m.group(0)) for m in _reply_pattern().finditer(text)):
        return True
    # "hi team, text ...", "only send ...", "then remind ...": what stands before the verb
    skipped = _requests()[3] | set(_vocabulary()["new_ask"]["lead_words"])
    for segment in _SEGMENT_SPLIT_RE.split(unquoted):
        segment = _ADDRESS_RE.sub("", segment)
        words = _tokens(segment)
        while words and words[0] in skipped:
            words = words[1:]
        if not words or _makes_a_deliverable(words):
            continue
        if _requests_a_send(words) or _imperative_pattern().match(" ".join(words)):
            return True
    return False


def _makes_a_deliverable(words: list[str]) -> bool:
    """ "can you make the Instagram image ...", "create a banner ...": asking a person to make a
    thing that is no flow asks the tool for no send."""
    openers = _requests()[0]
    reach = next((len(o) for o in openers if tuple(words[: len(o)]) == o), 0)
    verb = _making_pattern().match(" ".join(words[reach:]))
    return bool(verb and _signal_patterns()["deliverable"].search(" ".join(words)))


def _asked(text: str, group: str) -> bool:
    """Whether a sentence that asks a question holds a signal of `group`."""
    pattern = _signal_patterns()[group]
    return any(
        re.search(r"[?？¿]", sentence) and pattern.search(sentence)
        for sentence in _SENTENCE_SPLIT_RE.split(text)
    )


def about_campaign_reason(text: str) -> str | None:
    """Why `text` talks about a campaign instead of asking for one (a sentence for people), or
    None: the first kind of `vocab/about_campaign.json` whose signals are all found, when the
    text does not also ask for a send."""
    head = (text or "")[:MAX_SCAN_CHARS]
    patterns = _signal_patterns()
    seen: dict[str, bool] = {}
    low = head.lower()

    def found(group: str) -> bool:  # each group is looked for once, and only when a kind asks
        if group not in seen:
            # a group none of whose words the text holds is not scanned for
            pattern = patterns[group]
            seen[group] = may_match(pattern, head, low) and bool(pattern.search(head))
        return seen[group]

    for kind in _vocabulary()["kinds"]:
        if not all(found(group) for group in kind["all_of"]):
            continue
        if kind.get("any_of") and not any(found(group) for group in kind["any_of"]):
            continue
        if not all(_asked(head, group) for group in kind.get("in_question", ())):
            continue
        if _asks_for_a_send(head):
            return None
        return str(kind["reason"])
    return None
