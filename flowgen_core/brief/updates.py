"""The profile properties the flow must set ("tag them as vip_buyer", "record their score")."""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.audience import UPDATE_VERB_RE
from flowgen_core.brief.branches import branch_settings
from flowgen_core.brief.context import gated_by
from flowgen_core.brief.model import PropertyUpdate
from flowgen_core.brief.quotes import QUOTED_VALUE, quoted_value
from flowgen_core.brief.replies import IF_KEYWORD_RE, extract_replies
from flowgen_core.brief.roles import introduced_by_audience
from flowgen_core.brief.vocabulary import load_vocabulary

_PROPERTY_SET_RE = re.compile(
    r"\b(?:property|attribute|field)\s+['\"]?(?P<name>[A-Za-z][\w]*)['\"]?\s*(?:=|==|:|\bto\b|\bas\b|\bset\s+to\b)\s*"
    r"(?:" + QUOTED_VALUE + r"|['\"]?(?P<value>[\w.@{}-]+))",
    re.I,
)
_SET_SNAKE_RE = re.compile(
    # "gets tagged x = yes", "tag them x = true", "mark them with x = 1": the flow sets x
    r"\b(?:set|sets|mark|marked|update|change|flag|flagged|tag|tagged|record|save|store|log|assign)\s+"
    r"(?:(?:their|the|them|him|her|it|with|as)\s+){0,2}(?:property\s+)?"
    r"(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*(?:\bto\b|==?|\bas\b|:)\s*['\"]?(?P<value>[\w.-]+)",
    re.I,
)
# "save grillkurs = ja", "KEYs -> set property x = y": an equation after a setting verb or after a
# reply keyword's arrow sets that property, whatever the shape of its name
_SET_EQUALS_RE = re.compile(
    r"(?:\b(?:set|sets|save|saves|store|stores|record|records|log|mark|tag|update)\s+"
    r"|(?-i:\b(?P<kw>[A-Z][A-Z0-9]{1,19})(?:E?S|e?s|'s)?)\s*(?:->|-->|=>|\u2192|\u21d2|\u2794|\u27a1)\s*"
    r"(?:(?:set|save|store|record|mark|tag)\s+)?)"
    r"(?:(?:their|the|them|with)\s+){0,2}(?:(?:property|attribute|field)\s+)?"
    r"['\"]?(?P<name>[a-z][a-z0-9_]*)['\"]?\s*==?\s*(?:" + QUOTED_VALUE + r"|['\"]?(?P<value>[\w.@-]+))",
    re.I,
)
_TAG_AS_RE = re.compile(
    r"\b(?:tag|mark|label|flag)\s+(?:them|him|her|customers?|anyone|everyone|buyers?|those|people|responders?"
    r"|each\s+\w+)?\s*(?:\w+\s+){0,5}?(?:as|with(?:\s+(?:the\s+)?tag)?)\s+(?:an?\s+)?['\"]?(?P<name>[a-z][\w-]*)"
    r"(?:\s*==?\s*['\"]?(?P<value>[\w.-]+))?",
    re.I,
)
_RECORD_AS_PROPERTY_RE = re.compile(
    r"\b(?:record|save|store|keep|log|capture)\s+(?:their|the|each)\s+(?P<what>\w+)(?:\s+\w+)?\s+(?:as|in)\s+(?:a\s+|an\s+)?"
    r"(?:customer\s+|profile\s+)?property",
    re.I,
)
# "save the answer in property shopper_type": the property is named, the value is the reply
_RECORD_IN_NAMED_RE = re.compile(
    r"\b(?:record|save|store|keep|log|capture)\s+(?:their|the|each)\s+(?:answer|reply|response|choice)s?\s+"
    r"(?:as|in|to|into)\s+(?:the\s+|a\s+)?(?:customer\s+|profile\s+)?(?:property|attribute|field)\s+"
    r"['\"]?(?P<name>[a-z][a-z0-9_]*)",
    re.I,
)
# "store it as team_size", "save their rating as `rating`", "store the answer in concern": the
# name after the preposition is the property; the value is the reply (`vocab/updates.json`)
_RECORD_NAMED = (
    r"\b(?P<verb>{verbs})\s+(?:it|that|this|them|(?:their|the|each|his|her|its)\s+(?:[a-z]+\s+)?(?P<what>[a-z]+))"
    r"(?:\s+(?:on|in|to)\s+(?:the|their)\s+(?:customer|profile|contact|record))?"
    r"\s+(?P<prep>{preps})\s+(?P<property>(?:(?:the|a)\s+)?(?:(?:customer|profile|contact)\s+)?"
    r"(?:property|attribute|field)\s+)?(?P<q>[`'\"\u2018\u201c]?)(?P<name>[a-z][a-z0-9_]*)(?P<close>[`'\"\u2019\u201d]?)(?![\w-])"
)


# "reply 1 for oat, 2 for almond to set property milk_pref", "save the property talla": a property
# named after a setting verb with no value of its own stores the answer (`vocab/updates.json`)
_SET_NAMED = (
    r"\b(?:{verbs})\s+(?:(?:the|a|their|his|her|its|them|it|this|that|each|answer|reply)\s+){{0,2}}"
    # "store RSVP as property x", "tag them with property x": the thing stored may be named first
    r"(?:[a-z]\w{{1,20}}\s+(?=(?:in|into|as|under|with)\s))?"
    # "save whatever they pick as property game_pref": the reply, told in a few words
    r"(?:(?:whatever|whichever|what)\s+(?:[a-z]\w{{0,20}}\s+){{1,3}}?(?=(?:in|into|as|under)\s))?(?:(?:in|into|to|as|under|on|with)\s+)?(?:(?:the|a|their)\s+)?(?:(?:customer|profile|contact)\s+)?"
    r"(?:property|attribute|field)\s+(?P<q>[`'\"\u2018\u201c]?)(?P<name>[a-z][a-z0-9_]*)[`'\"\u2019\u201d]?(?![\w-])"
    # "set property tier = gold", "set property tier to gold": a stated value, read elsewhere
    r"(?!\s*(?:==?|!=|:|\bto\b|\bas\b|\bwith\b|\bis\b))"
)


@lru_cache(maxsize=1)
def _set_named() -> re.Pattern[str]:
    vocab = load_vocabulary("updates")
    verbs = sorted(vocab["record_verbs"] + vocab["set_verbs"], key=len, reverse=True)
    return re.compile(_SET_NAMED.format(verbs="|".join(verbs)), re.I)


def _answer_properties(text: str) -> list[str]:
    """Properties named to hold the answer with no value stated, in a brief that asks for replies."""
    if not _set_named().search(text) or not extract_replies(text)[0]:
        return []  # with no reply asked for, there is no answer to store
    return [
        m.group("name") for m in _set_named().finditer(text) if not introduced_by_audience(text, m.start())
    ]


@lru_cache(maxsize=1)
def _record_named() -> tuple[re.Pattern[str], frozenset[str]]:
    vocab = load_vocabulary("updates")
    pattern = _RECORD_NAMED.format(
        verbs="|".join(vocab["record_verbs"]), preps="|".join(vocab["name_prepositions"])
    )
    return re.compile(pattern, re.I), frozenset(vocab["not_names"])


_REPLY_VALUE = "{{reply}}"
# a property set "to" one of these words takes no literal value: the words after it may name the reply
_DETERMINERS = {
    "the",
    "their",
    "his",
    "her",
    "its",
    "a",
    "an",
    "whatever",
    "whichever",
    "what",
    "this",
    "that",
}
_REPLY_WORDS_RE = re.compile(
    r"(?:the|their|his|her|its|a|an|whatever|whichever|what|this|that)\s+"
    r"(?:(?:value|number|size|answer|reply|response|choice|text|word|option|one)s?\s+"
    r"|[a-z]{2,20}\s+(?=(?:they|he|she|you|we|the\s+customer|customers?)\s))?"
    r"(?:(?:they|he|she|you|we|the\s+customer|customers?)\s+)?"
    r"(?:(?:got|get|received?|sent|send|said|say|gave|give|replied|reply|replies|answered|answer|answers|texted"
    r"|text|texts|picked|pick|picks|chose|choose|chooses|typed|entered)\b"
    r"|(?:value|answer|reply|response|choice)s?\b(?!\s+(?:of|for)\b))",
    re.I,
)


def _named_settings(text: str, low: str) -> list[tuple[str, str]]:
    """(name, value) of "set x to y", "property x = y" and "gets tagged x = y" phrasings."""
    found: list[tuple[str, str]] = []
    for pattern in (
        gated_by(_PROPERTY_SET_RE, low, "property", "attribute", "field"),
        gated_by(
            _SET_SNAKE_RE,
            low,
            "set",
            "mark",
            "update",
            "change",
            "flag",
            "tag",
            "record",
            "save",
            "store",
            "log",
            "assign",
        ),
    ):
        for m in pattern.finditer(text):
            if introduced_by_audience(text, m.start("name")):
                continue  # "customers tagged x = y" says who they are; the flow sets nothing
            before = text[max(0, m.start() - 80) : m.start()]
            sentence_before = re.split(r"[.;!?]", before)[-1]
            if pattern is _PROPERTY_SET_RE and not UPDATE_VERB_RE.search(sentence_before + m.group(0)):
                continue
            value = quoted_value(m) or m.group("value").lower().rstrip(".")
            if value in _DETERMINERS:
                # "set coat_size to the value you got": the reply; "to the usual" says no value
                if not _REPLY_WORDS_RE.match(text, m.start("value")):
                    continue
                value = _REPLY_VALUE
            found.append((m.group("name"), value))
    return found


class _Updates:
    """The updates read so far, one per property name, except that each branch of a reply list
    may set the same property to a value of its own ("BUILD -> volunteer_role = builder",
    "COOK -> volunteer_role = cook")."""

    def __init__(self) -> None:
        self.updates: list[PropertyUpdate] = []
        # (name, value) -> the reply keyword whose branch sets it
        self.arrows: dict[tuple[str, str], str] = {}

    def add(self, name: str, value: str, keyword: str | None = None) -> None:
        name = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if not name:
            return
        if keyword is None:
            if name not in {u.name for u in self.updates}:
                self.updates.append(PropertyUpdate(name=name, value=value))
            return
        tied = {kw for (n, _), kw in self.arrows.items() if n == name}
        if keyword in tied or (name, value) in self.arrows:
            return  # that branch's setting, read again by another reader
        self.arrows[(name, value)] = keyword
        if not any(u.name == name and u.value == value for u in self.updates):
            self.updates.append(PropertyUpdate(name=name, value=value))


def extract_property_updates(text: str) -> list[PropertyUpdate]:
    """Properties the flow must set.

    "tag them as vip_buyer" sets vip_buyer = true; "record their score as a property" sets a
    property named after the thing recorded (score and rating become nps_score) to
    "{{reply}}", meaning "whatever the customer answered".
    """
    updates: list[PropertyUpdate] = []

    found = _Updates()
    updates, arrows, add = found.updates, found.arrows, found.add
    low = text.lower()
    for name, value in _named_settings(text, low):
        add(name, value)
    for m in _SET_EQUALS_RE.finditer(text):
        if introduced_by_audience(text, m.start("name")):
            continue
        kw = m.group("kw").lower() if m.group("kw") else None
        add(m.group("name"), quoted_value(m) or m.group("value").lower().rstrip("."), kw)
    for name, value, kw in branch_settings(text, extract_replies(text)[0]):
        add(name, value, kw)
    for m in gated_by(_TAG_AS_RE, low, "tag", "mark", "label", "flag").finditer(text):
        name = m.group("name")
        if name.lower() in {"property", "a", "an", "the", "property:"}:
            continue
        add(name, (m.group("value") or "true").lower().rstrip("."))  # "... with rsvp = yes."
    named = {
        m.start(): m.group("name") for m in gated_by(_RECORD_IN_NAMED_RE, low, "property").finditer(text)
    }
    for name in named.values():
        add(name, _REPLY_VALUE)
    for name, value in _recorded_names(text) + [(n, _REPLY_VALUE) for n in _answer_properties(text)]:
        add(name, value)
    for m in gated_by(_RECORD_AS_PROPERTY_RE, low, "property").finditer(text):
        if m.start() in named:
            continue
        what = m.group("what").lower()
        add("nps_score" if what in {"score", "rating", "nps"} else what, _REPLY_VALUE)
    referred = _settings_on_earlier_reply(text)
    for name, value, _ in referred:
        add(name, value)
    on_earlier_reply = {name: kw for name, _, kw in referred if kw}
    after_any_reply = {
        re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") for name, _, kw in referred if not kw
    }
    for update in updates:
        update.on_reply = (
            arrows.get((update.name, update.value))
            or _reply_that_sets(text, update.name)
            or on_earlier_reply.get(update.name)
        )
        update.after_reply = update.on_reply is None and update.name in after_any_reply
    return updates


_EQUATION_RE = re.compile(
    r"(?<![\w{])(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)*)\s*==?\s*['\"]?(?P<value>[\w.@-]+)", re.I
)
_SENTENCE_RE = re.compile(r"[^.;!?\n]+")


@lru_cache(maxsize=1)
def _reply_reference_re() -> re.Pattern[str]:
    words = sorted(load_vocabulary("updates")["reply_references"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _settings_on_earlier_reply(text: str) -> list[tuple[str, str, str | None]]:
    """(name, value, keyword) of "name = value" settings in a sentence that points back at the
    customers who replied ("tag repliers x = yes", "x = yes when they do"): the keyword is the
    last reply keyword asked for before that sentence (None when none was)."""
    if "=" not in text:
        return []
    found: list[tuple[str, str, str | None]] = []
    for sentence in _SENTENCE_RE.finditer(text):
        if "=" not in sentence.group(0) or not _reply_reference_re().search(sentence.group(0)):
            continue
        keywords, _ = extract_replies(text[: sentence.start()])
        for m in _EQUATION_RE.finditer(sentence.group(0)):
            if introduced_by_audience(text, sentence.start() + m.start("name")):
                continue
            value = m.group("value").lower().rstrip(".")
            found.append((m.group("name"), value, keywords[-1] if keywords else None))
    return found


_STATED_VALUE_RE = re.compile(r"\s*==?\s*['\"]?(?P<value>[\w.@-]+)")


def _recorded_names(text: str) -> list[tuple[str, str]]:
    """(name, value) of the properties "save their answer as X" phrasings record the reply in;
    "save their interest as x = true" states its value."""
    pattern, not_names = _record_named()
    names: list[tuple[str, str]] = []
    for m in pattern.finditer(text):
        name, prep, verb = m.group("name"), m.group("prep").lower(), m.group("verb").lower()
        marked = bool(m.group("q") and m.group("close")) or bool(m.group("property"))
        # a plain word is a name unless it is a common word ("save it as a draft", "keep it to one")
        plain_ok = name.lower() not in not_names and prep != "to" and verb not in ("keep", "keeps")
        if marked or "_" in name.strip("_") or plain_ok:
            stated = _STATED_VALUE_RE.match(text, m.end())
            names.append((name, stated.group("value").lower().rstrip(".") if stated else _REPLY_VALUE))
    return names


def _reply_that_sets(text: str, name: str) -> str | None:
    """The one reply keyword named in the sentence that sets property `name`, if exactly one."""
    # the mention that sets it ("weinabend = ja") over an earlier word of the same spelling
    m = re.search(rf"\b{re.escape(name)}\b(?=\s*==?)", text, re.I) or re.search(
        rf"\b{re.escape(name)}\b", text, re.I
    )
    if m is None:
        return None
    start = (
        max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    )
    end = min((i for i in (text.find(".", m.end()), text.find(";", m.end())) if i != -1), default=len(text))
    opening = _sequel_re().match(text, start)
    if opening and text[start - 1 : start] == ";":
        # "JA leads to a confirmation; then set the property x to ja": the clause after the
        # semicolon goes on with the reply the clause before it named
        start = max(text.rfind(c, 0, start - 1) for c in ".:;\n") + 1
    # "reply REFILL or SKIP - if they reply SKIP, set property x = skipped": the branch word
    # right before the setting names its reply, whatever else the sentence lists
    conditions = list(IF_KEYWORD_RE.finditer(text, start, m.start()))
    if conditions:
        return conditions[-1].group("kw").lower()
    keywords, _ = extract_replies(text[start:end])
    if not keywords:
        keywords = list(dict.fromkeys(m.group("kw").lower() for m in IF_KEYWORD_RE.finditer(text[start:end])))
    if not keywords:
        # "Tag refill buyers with property club_member = yes": the sentence names the repliers by
        # a keyword the brief asks for elsewhere (the setting itself blanked: "= yes" names none)
        sentence = text[start : m.start()] + " " * (m.end() - m.start()) + text[m.end() : end]
        sentence = re.sub(r"==?\s*['\"]?[\w.@-]+", " ", sentence)
        keywords = _keywords_named(sentence, extract_replies(text)[0])
    return keywords[0] if len(keywords) == 1 else None


@lru_cache(maxsize=1)
def _sequel_re() -> re.Pattern[str]:
    words = sorted(load_vocabulary("updates")["sequel_openers"], key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _keywords_named(sentence: str, keywords: list[str]) -> list[str]:
    """The brief's reply keywords `sentence` names as a group of customers: written in capitals
    ("everyone who said REFILL") or before an audience noun ("refill buyers", "the fit repliers")."""
    nouns = "|".join(load_vocabulary("audience_roles")["nouns"] + ["repliers", "responders"])
    named: list[str] = []
    for kw in keywords:
        if kw.isdigit() or len(kw) < 2:
            continue  # "set it within 2 days": a number or a letter names no group
        capitals = re.search(rf"(?<![\w-])(?-i:{re.escape(kw.upper())})(?![\w-])", sentence)
        group = re.search(rf"(?<![\w-]){re.escape(kw)}\s+(?:{nouns})\b", sentence, re.I)
        if capitals or group:
            named.append(kw)
    return named
