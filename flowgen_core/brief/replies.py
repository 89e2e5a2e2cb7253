"""The reply keywords a brief names and what each stands for ("reply YES to claim")."""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.branches import branches
from flowgen_core.brief.vocabulary import load_vocabulary

_KNOWN_INTENTS = {
    "yes", "no", "y", "n", "stop", "buy", "save", "shop", "more", "info", "help", "refill", "deal",
    "join", "order", "start", "go", "ok", "okay", "sure", "later", "skip", "now", "cancel", "vip",
    "reorder", "yes please", "details", "menu", "claim", "want", "cart", "gift", "size",
}  # fmt: skip
# quote marks around a keyword in any of the languages: 'IN', "GO", « OK », „JA“, “SI”
_OPEN = "'\"\u201c\u201e\u00ab\u2018"
_CLOSE = "'\"\u201d\u201c\u00bb\u2019"
# the keyword follows on the same line: "no reply\n3. ..." starts the next list item, no keyword
_REPLY_VERB_RE = re.compile(
    rf"\b(?:reply|replies|replying|respond|responding|answers?|answered|answering|text|texts|texted|texting|txt)(?:[^\S\n]+|[^\S\n]*:[^\S\n]*(?=[{_OPEN}]))(?:(?-i:back)\s+)?(?:with\s+)?",
    re.I,
)
_KEYWORD_RE = re.compile(
    rf"(?:[{_OPEN}][^\S\n]?)?(?P<kw>[^\W\d_]{{1,20}}|\d{{1,2}})(?:[^\S\n]?[{_CLOSE}])?(?![\w'])"
)
_MEANING_RE = re.compile(
    # a meaning ends at "and"/"or" in the brief's own language too ("para participar y ...")
    # a dash between spaces ends it too ("SKIP to hold off - if they reply SKIP, ...")
    r"\s*(?:for|to|=|->|-->|=>|\u2192|\u21d2|\u2794|\u27a1|:|-)\s+(?P<m>[^,;.!?()\n]{1,60}?)(?=\s*(?:,|;|\.|!|\?|\)|\n|$|\bor\b|\band\b|\breply\b"
    r"|\s[-\u2013\u2014]\s|\([^()\n]{1,30}\)"
    r"|\b(?:y|e|o|u|et|ou|und|oder)\s"
    # "2 for almond to set property milk_pref": the purpose of the whole list, not of answer 2
    r"|\s+(?:to|for|in\s+order\s+to)\s+(?:set|save|store|record|log|update)\s+(?:(?:the|a|their|it|this|in|into|as)\s+){0,2}"
    r"(?:property|attribute|field)\b))",
    re.I,
)
# a keyword is followed by its meaning, another keyword or the end of the phrase ("1 unit" is not one)
_KEYWORD_END_RE = re.compile(
    r"\s*(?:for\b|to\b|=|->|\u2192|\u21d2|:|-|,|\bor\b|\band\b|/|[.;!?)\n]|$|\s*\w+\s+to\b)", re.I
)
_ASIDE_RE = re.compile(r"\s*\([^()\n]{1,30}\)")
# a meaning that is itself the next answer's definition ("Text back 1, 2 or 3: 1 = pottery")
_DEFINITION_START_RE = re.compile(r"\(?\d{1,2}\s*(?:=|\)|:|-|\bfor\b)", re.I)


@lru_cache(maxsize=1)
def _list_patterns() -> dict[str, re.Pattern[str]]:
    vocab = load_vocabulary("replies")
    joins = "|".join(vocab["list_words"])
    conditions = "|".join(vocab["condition_words"])
    cues = "|".join(sorted(vocab["option_cues"], key=len, reverse=True))
    return {
        "next": re.compile(
            rf"\s*(?:,\s*(?:(?:{joins})\s+)?|\s+(?:{joins})\s+|\s*/\s*)(?:reply\s+|text\s+)?", re.I
        ),
        # "reply 1 if you loved it": what a number or a letter stands for, after a condition word
        "condition_end": re.compile(rf"\s+(?:{conditions}|{joins})\b", re.I),
        "condition": re.compile(
            rf"\s+(?:{conditions})\s+(?P<m>[^,;.!?()\n]{{1,60}}?)"
            rf"(?=\s*(?:,|;|\.|!|\?|\)|\n|$|\b(?:{joins})\s+\d|\breply\b))",
            re.I,
        ),
        # "rate us 1-5", "califícanos del 1 al 5", "bewerte uns von 1 bis 5": one reply per score
        "rating": re.compile(
            rf"(?<![\w-])(?:{'|'.join(vocab['rating_words'])})(?![\w-])[^.;!?]{{0,60}}?"
            rf"(?:\b(?:{'|'.join(vocab['rating_from'])})\s+)?(?P<lo>\d{{1,2}})\s*"
            rf"(?:{'|'.join(re.escape(w) for w in vocab['rating_to'])})\s*(?P<hi>\d{{1,2}})\b",
            re.I,
        ),
        "option_cue": re.compile(rf"\?|\b(?:{cues})\b|\b(?:reply|replies|respond|text\s+back)\b", re.I),
    }


@lru_cache(maxsize=1)
def _answer_words() -> frozenset[str]:
    return frozenset(load_vocabulary("replies")["answer_words"])


@lru_cache(maxsize=1)
def _run_on() -> re.Pattern[str]:
    return re.compile("|".join(load_vocabulary("replies")["run_on_links"]), re.I)


@lru_cache(maxsize=1)
def _offer_purpose() -> re.Pattern[str]:
    return re.compile(load_vocabulary("replies")["offer_purpose"], re.I)


def _is_keyword(word: str, first: bool, quoted: bool = False) -> bool:
    """A number, a word in capitals, a quoted word or a known answer ("reply yes"), whatever its case."""
    if word.isdigit():
        return True
    if len(word) >= 2 and (word.isupper() or quoted):
        return True
    low = word.lower()
    return (low in _KNOWN_INTENTS or low in _answer_words()) and (first or len(word) > 1)


@lru_cache(maxsize=1)
def _frames() -> dict[str, re.Pattern[str]]:
    vocab = load_vocabulary("replies")["framed_keywords"]
    conditions = load_vocabulary("replies")["condition_words"]

    def alts(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    return {
        "verb": re.compile(rf"(?:{alts(vocab['frame_verbs'])})\b", re.I),
        # "the reply rate", and "no-reply timeout" (a hyphen joins the noun too)
        "noun": re.compile(rf"\b(?:{alts(vocab['noun_before'])})(?:\s+|-)$", re.I),
        "after": re.compile(rf"\s+(?:{alts(vocab['after'])})\b", re.I),
        # "if they reply towel": the verb two words at most after a condition word
        "condition": re.compile(rf"\b(?:{alts(conditions)})\s+(?:\w+\s+){{0,2}}$", re.I),
        "after_condition": re.compile(rf"\s+(?:{alts(vocab['after_condition'])})\b", re.I),
    }


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(load_vocabulary("replies")["framed_keywords"]["not_keywords"])


def _framed(text: str, verb: re.Match[str], kw: re.Match[str]) -> bool:
    """True when a word in lower case right after a reply verb is its keyword because the
    sentence frames it, as a brief spoken aloud has no capitals or quotes to show it: "ask
    them to reply bulb to get one", "reply yes if they want one", "if they reply towel set …"
    (and, after the glossary, "que respondan ver para …", "répondre stock pour …")."""
    frames = _frames()
    word = kw.group("kw")
    if not word.isalpha() or len(word) < 2 or word.lower() in _common_words():
        return False
    if not frames["verb"].match(verb.group(0)) or frames["noun"].search(
        text[max(0, verb.start() - 40) : verb.start()]
    ):
        return False  # "text them back later", "the reply rate was great"
    if frames["after"].match(text, kw.end()):
        return True
    before = text[max(0, verb.start() - 30) : verb.start()]
    return bool(frames["condition"].search(before)) and bool(frames["after_condition"].match(text, kw.end()))


def _quoted(match: re.Match[str]) -> bool:
    whole = match.group(0)
    return len(whole) > len(match.group("kw")) + 1 and whole[0] in _OPEN and whole[-1] in _CLOSE


@lru_cache(maxsize=1)
def _keyword_shapes() -> dict[str, re.Pattern[str]]:
    vocab = load_vocabulary("replies")
    preps = "|".join(vocab["keyword_prepositions"])
    return {
        # "mit JA bestellen", "con SI para pedir" (read "con SI for pedir"): a keyword in capitals
        # after a preposition, its verb last before the clause ends
        "verb_last": re.compile(
            rf"\b(?:{preps})\s+['\"\u201c]?(?P<kw>(?-i:[A-Z]{{2,20}}))['\"\u201d]?"
            rf"\s+(?P<m>(?:(?:for|to)\s+)?(?-i:[a-zà-ÿ][\w'-]*)(?:\s+(?-i:[a-zà-ÿ][\w'-]*))?)"
            r"\s*(?=[,.;:!?)\n]|$)",
            re.I,
        ),
        # "YES to order", "STOP to opt out": an answer word in capitals opening a clause
        "opening": re.compile(
            r"(?:^|(?<=[,.;:!?\n])\s*)['\"\u201c]?(?P<kw>(?-i:[A-Z]{2,20}))['\"\u201d]?\s+(?:to|for)\s+"
            r"(?P<m>(?-i:[a-z][\w'-]*)(?:\s+(?-i:[a-z][\w'-]*)){0,3})",
            re.M,
        ),
    }


# German puts the verb last ("wer mit JA antwortet"), read as "with JA reply(ies)" after the glossary
# "mit BROT, KUCHEN oder BEIDES antworten": a list of them before the verb
_VERB_LAST_KEYWORD_RE = re.compile(
    r"\bwith\s+(?P<kws>['\"\u201c]?(?-i:[A-Z]{2,20})['\"\u201d]?"
    r"(?:\s*(?:,|/|\bor\b|\band\b|,\s*(?:or|and)\b)\s*['\"\u201c]?(?-i:[A-Z]{2,20})['\"\u201d]?)*)"
    r"\s+(?:reply|replies|responds?|answers?)\b",
    re.I,
)
_CAPITALS_RE = re.compile(r"(?-i:[A-Z]{2,20})")
# "sie sollen mit buchen antworten" (read "with buchen reply"): one word in lower case between
# the preposition and the verb, as a brief spoken aloud writes the keyword
_VERB_LAST_LOWER_RE = re.compile(
    r"\bwith\s+(?P<kw>(?-i:[a-zà-ÿß]{2,20}))\s+(?:reply|replies|responds?|answers?)\b", re.I
)
# "reply A, B or C", "que respondan A, B o C": lone capitals listed after a reply verb, two or more,
# the last after a list word, are the answers even with no meaning given
_LETTER_LIST_RE = re.compile(
    r"(?-i:[A-Z])(?:\s*,\s*(?-i:[A-Z]))*\s*,?\s+(?:or|and|o|y|u|ou|et|oder|und)\s+(?-i:[A-Z])(?![\w'])"
)


# a routing line in a spec sheet: "SIZES -> product picker of our best sellers", "HELP → an agent"
_ROUTING_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*\u2022][ \t]*)?['\"\u201c]?(?P<kw>(?-i:[A-Z][A-Z0-9]{1,19}))['\"\u201d]?[ \t]*"
    r"(?:->|-->|=>|\u2192|\u21d2|\u2794|\u27a1)[ \t]*(?P<m>[^\n]{1,60})",
    re.M,
)
# "If NO, set churn_risk = high": a branch named by its keyword alone
IF_KEYWORD_RE = re.compile(
    r"\bif\s+(?:they\s+(?:reply|replied|say|said|answer|answered|text|texted)\s+(?:with\s+)?)?"
    r"['\"\u201c]?(?P<kw>(?-i:[A-Z][A-Z0-9]{1,19}|\d{1,2}))['\"\u201d]?\s*[,:]",
    re.I,
)


def _routing_replies(text: str) -> list[tuple[str, str]]:
    """Keywords and what they lead to, from spec-sheet routing lines ("SHOP -> the new range")."""
    found: list[tuple[str, str]] = []
    for m in _ROUTING_LINE_RE.finditer(text):
        meaning = re.split(r"[,;.!?(]", m.group("m"), maxsplit=1)[0].strip().lower()
        found.append((m.group("kw").lower(), meaning))
    # "- Si DEVIS : propriété devis_demande = oui", "- Bei JA: ...": a branch word opens the line;
    # its words are read here after the glossary, so they are no meaning in the brief's own words
    for branch in branches(text):
        if branch.opened and all(kw != branch.keyword for kw, _ in found):
            found.append((branch.keyword, ""))
    return found


@lru_cache(maxsize=1)
def _recipients_re() -> re.Pattern[str]:
    nouns = load_vocabulary("audience_roles")["nouns"]
    return re.compile(
        rf"[^\S\n]+(?:{'|'.join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))})\b", re.I
    )


_SEND_TEXT_RE = re.compile(r"(?:text|texting|txt)\b", re.I)


def _names_recipients(verb: str, text: str, end: int) -> bool:
    """True when the word after a sending "text" qualifies the people texted ("Text VIP
    customers", "text VIP members"): a capitalised audience word is no reply keyword."""
    return bool(_SEND_TEXT_RE.match(verb)) and bool(_recipients_re().match(text, end))


def _listed_letters(text: str, keywords: list[str], shouting: bool) -> None:
    """Adds the letters of each list of lone capitals after a reply verb ("reply A, B or C"); in
    a brief written in capitals a lone capital may be any word's first letter."""
    for verb in () if shouting else _REPLY_VERB_RE.finditer(text):
        listed = _LETTER_LIST_RE.match(text, verb.end())
        for kw in re.findall(r"(?-i:[A-Z])", listed.group(0)) if listed else ():
            if kw.lower() not in keywords:
                keywords.append(kw.lower())


def _past_aside(text: str, pos: int) -> int:
    """Where the list goes on after a meaning: past a short bracketed aside ("the small box ($49)")."""
    aside = _ASIDE_RE.match(text, pos)
    return aside.end() if aside else pos


def extract_replies(text: str) -> tuple[list[str], dict[str, str]]:
    """The reply keywords `text` asks for, in order, and what each means where it says."""
    keywords, meanings = _read_replies(text)
    return list(keywords), dict(meanings)


# The extractors and the property-update reader both ask of the same brief (the facts text is
# the brief itself when it quotes nothing): read once; every caller gets its own list and dict.
@lru_cache(maxsize=32)
def _read_replies(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    keywords, meanings = _scan_replies(text)
    return tuple(keywords), tuple(meanings.items())


def _scan_replies(text: str) -> tuple[list[str], dict[str, str]]:
    keywords: list[str] = []
    meanings: dict[str, str] = {}
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)
    for verb in _REPLY_VERB_RE.finditer(text):
        pos, first, closes, last = verb.end(), True, False, ""
        while True:
            m = _KEYWORD_RE.match(text, pos)
            if m is None:
                break
            # "Reply A for sizes, B for colors": a lone capital is a keyword when its meaning follows
            letter = len(m.group("kw")) == 1 and m.group("kw").isupper() and not shouting
            lettered = letter and bool(_MEANING_RE.match(text, m.end()))
            offered = first and _offer_purpose().match(text, m.end()) is not None
            # "ask them to reply bulb to get one": a spoken brief's keyword, framed by its sentence
            framed = first and m.group("kw").islower() and _framed(text, verb, m)
            if not (lettered or offered or framed or _is_keyword(m.group("kw"), first, _quoted(m))):
                break
            if first and _names_recipients(verb.group(0), text, m.end()):
                break  # "Text VIP customers about ...": who is texted, not what they reply
            # "replies YES gets tagged": a capitalised word in a brief not written in capitals is a keyword
            capitalised = len(m.group("kw")) >= 2 and m.group("kw").isupper() and not shouting
            # a number after "or" closes its list ("1, 2 ou 3 selon ...")
            ended = _KEYWORD_END_RE.match(text, m.end()) or (
                m.group("kw").isdigit() and (closes or _list_patterns()["condition_end"].match(text, m.end()))
            )
            # "if they reply yes send them a purchase offer": a run-on sentence, no mark between
            run_on = first and m.group("kw").lower() in _answer_words() and _run_on().match(text, m.end())
            if not (capitalised or lettered or ended or offered or run_on or framed or _quoted(m)):
                break
            # "1 for oat, 2 for almond, and save it ...": a plain word ends a list of numbers
            number_list_ended = not first and last.isdigit() and not m.group("kw").isdigit()
            if number_list_ended and not (capitalised or lettered or _quoted(m)):
                break
            kw = last = m.group("kw").lower()
            if kw not in keywords:
                keywords.append(kw)
            pos = m.end()
            meaning = _MEANING_RE.match(text, pos)
            if meaning and _DEFINITION_START_RE.match(meaning.group("m")):
                meaning = None  # "1, 2 or 3: 1 = pottery": the definitions follow, read below
            if meaning is None and (m.group("kw").isdigit() or len(m.group("kw")) == 1):
                meaning = _list_patterns()["condition"].match(text, pos)
            if meaning:
                meanings.setdefault(kw, meaning.group("m").strip().lower())
                pos = _past_aside(text, meaning.end())
            nxt = _list_patterns()["next"].match(text, pos)
            if not nxt:
                break
            pos, first = nxt.end(), False
            closes = bool(re.search(r"[^\W\d]", nxt.group(0)))
    _listed_letters(text, keywords, shouting)
    _add_other_reply_forms(text, keywords, meanings)
    for answer, label in numbered_answers(text):
        if answer not in keywords:
            keywords.append(answer)
        meanings.setdefault(answer, label)
    return keywords, meanings


# one numbered answer: "1) our classic roast", "(2) the new blend", "3. weaving", "1 = pottery"
_ANSWER_MARK = r"(?:(?<=[\s(:?!,;])|^)\(?{n}\s*(?:\)|\.(?!\d)|:|=|-|\u2013)\s*"


_ANSWER_END_RE = re.compile(r"[\n.;!?](?:\s|$)|$")
# "pottery, or" before the next answer: the joining words are no part of the answer
_ANSWER_TAIL_RE = re.compile(r"\s*,?\s*(?:\b(?:or|and|o|y|ou|et|oder|und)\b)?\s*$", re.I)


def numbered_answers(text: str) -> list[tuple[str, str]]:
    """The answers of a question written as a numbered list, in order: "which do you prefer?
    1) our classic roast 2) the new espresso blend" -> [("1", "our classic roast"), ("2", ...)].
    A list counts from 0 or 1 with at least two answers, after a question mark, a reply verb or
    an answer word on its line or the line before ("Options:"), so the numbered steps of a plan
    are no answers."""
    for first in re.finditer(_ANSWER_MARK.format(n="[01]"), text, re.M):
        line_start = text.rfind("\n", 0, first.start()) + 1
        before = text[line_start : first.start()]
        if not before.strip():  # a list on its own lines: the line before asks the question
            prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
            before = text[prev_start:line_start]
        if not _list_patterns()["option_cue"].search(before):
            continue
        # the mark may run on to the line's end ("quantité 1)\n"): its digits alone are its number
        digits = re.search(r"\d+", text[first.start() : first.end()])
        if digits is None:
            continue
        n = int(digits.group(0))
        answers: list[tuple[str, str]] = []
        pos = first.end()
        while True:
            nxt = re.compile(_ANSWER_MARK.format(n=n + 1), re.M).search(text, pos)
            stop = _ANSWER_END_RE.search(text, pos)
            end = stop.start() if stop else len(text)
            if nxt is not None and nxt.start() < end:
                end = nxt.start()  # "1) roast 2) blend": the next answer on the same line
            meaning = (
                _ANSWER_TAIL_RE.sub("", re.split(r"[()]", text[pos:end])[0]).strip(" ,;:-\u2013").lower()
            )
            if not meaning or len(meaning) > 60:
                break
            answers.append((str(n), meaning))
            # the next answer follows at once, or on the next line ("1. Hoodies\n2. Tees")
            if nxt is None or text[end : nxt.start()].strip():
                break
            n, pos = n + 1, nxt.end()
        if len(answers) >= 2:
            return answers
    return []


def _verb_last_keywords(text: str, keywords: list[str]) -> None:
    """German keywords before their verb: "mit JA antworten", spoken "mit buchen antworten"."""
    for m in _VERB_LAST_KEYWORD_RE.finditer(text):
        for kw in _CAPITALS_RE.findall(m.group("kws")):
            if kw.lower() not in keywords:
                keywords.append(kw.lower())
    for m in _VERB_LAST_LOWER_RE.finditer(text):
        if m.group("kw") not in _common_words() and m.group("kw") not in keywords:
            keywords.append(m.group("kw"))


def _add_other_reply_forms(text: str, keywords: list[str], meanings: dict[str, str]) -> None:
    """Keywords given without "reply X": verb-last German, routing lines, a rating scale."""
    _verb_last_keywords(text, keywords)
    loanwords = set(load_vocabulary("language_cues").get("loanwords", []))
    for m in _keyword_shapes()["verb_last"].finditer(text):
        if m.group("kw").lower() in loanwords:  # "with VIP access": a word, no keyword
            continue
        _add(keywords, meanings, m.group("kw").lower(), re.sub(r"^(?:for|to)\s+", "", m.group("m").lower()))
    for m in _keyword_shapes()["opening"].finditer(text):
        if m.group("kw").lower() in _answer_words():
            _add(keywords, meanings, m.group("kw").lower(), m.group("m").lower())
    for kw, meaning in _routing_replies(text):
        if kw not in keywords:
            keywords.append(kw)
        if meaning:
            meanings.setdefault(kw, meaning)
    for m in _list_patterns()["rating"].finditer(text):
        lo, hi = int(m.group("lo")), int(m.group("hi"))
        if 0 <= lo < hi and hi - lo <= 10:
            for n in range(lo, hi + 1):
                if str(n) not in keywords:
                    keywords.append(str(n))


def _add(keywords: list[str], meanings: dict[str, str], kw: str, meaning: str) -> None:
    if kw not in keywords:
        keywords.append(kw)
    if meaning:
        meanings.setdefault(kw, meaning)
