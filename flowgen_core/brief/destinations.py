"""Where the brief says a reply leads, in its own words after the keyword: "reply RENEW ->
purchase offer for variant 7001", "si responden CITA, les mandamos confirmación"; a service the
reply asks for ("RING for a call back", "SLOTS for the open times") is a text back, no offer."""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.model import Duration
from flowgen_core.brief.vocabulary import load_vocabulary

DESTINATIONS = ("latest_cart", "purchase_offer", "popular", "product_choice", "confirmation", "service")
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    vocab = load_vocabulary("reply_destinations")
    return {name: re.compile("|".join(vocab[name]), re.I) for name in DESTINATIONS}


def keyword_clause(text: str, keyword: str, others: list[str]) -> str:
    """The words after the keyword as written in capitals ("APPT"), up to the sentence's end
    or the next keyword, whichever comes first; "" when the brief does not write it so."""
    word = keyword.upper()
    if word.isdigit():
        return _answer_clause(text, word)
    if not word.isalnum():
        return ""
    m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) or _any_case_keyword(text, keyword)
    if m is None:
        return ""
    end = _SENTENCE_END_RE.search(text, m.end())
    clause = text[m.end() : end.start() if end else len(text)]
    for other in others:
        if other.lower() != keyword.lower() and other.isalnum():
            nxt = re.search(rf"(?<![\w-]){re.escape(other.upper())}(?![\w-])", clause)
            if nxt is not None:
                clause = clause[: nxt.start()]
    return clause


# what marks a number as an answer: "reply 1 = yes, ...", "1) ...", "- 2 -> ..."
_ANSWER_MARK = r"\s*(?:=|:|\)|->|-->|=>|\u2192|\bfor\b)"


def _answer_clause(text: str, number: str) -> str:
    """The words after a numbered answer ("Reply 1 = yes, offer them ... as a purchase offer"),
    written after a reply verb or opening its line, up to the sentence's end or the next answer."""
    n = re.escape(number)
    m = re.search(
        rf"(?:(?<![\w-])(?:{_reply_verbs()})\s+(?:with\s+)?|^[ \t]*(?:[-*\u2022][ \t]*)?)['\"\u201c]?{n}['\"\u201d]?(?![\w.,-]\d){_ANSWER_MARK}",
        text,
        re.I | re.M,
    )
    if m is None:
        return ""
    end = _SENTENCE_END_RE.search(text, m.end())
    clause = text[m.end() : end.start() if end else len(text)]
    # "1 = yes, offer them ..., 2 = no": the next answer's mark ends this one's words
    nxt = re.search(
        rf"(?:,|;|\bor\b|\band\b)\s*(?:(?:{_reply_verbs()})\s+)?\d{{1,2}}{_ANSWER_MARK}", clause, re.I
    )
    return clause[: nxt.start()] if nxt else clause


@lru_cache(maxsize=1)
def _reply_verbs() -> str:
    return "|".join(load_vocabulary("replies")["reply_verbs"])


def _any_case_keyword(text: str, keyword: str) -> re.Match[str] | None:
    """The keyword in any case where the reply readers take it for one: quoted ("respond 'info'")
    or right after a reply verb ("reply yes", "antworte ja")."""
    kw = re.escape(keyword)
    quoted = rf"['\"\u201c]{kw}['\"\u201d]"
    after_verb = rf"(?<![\w-])(?:{_reply_verbs()})\s+(?:(?:with|con|avec|mit|par)\s+)?['\"\u201c]?{kw}(?![\w-])['\"\u201d]?"
    return re.search(rf"{quoted}|{after_verb}", text, re.I)


@lru_cache(maxsize=1)
def _wait_re() -> re.Pattern[str]:
    units = load_vocabulary("reply_destinations")["wait_units"]
    alts = "|".join(f"(?P<{name}>{'|'.join(words)})" for name, words in units.items())
    return re.compile(rf"\b(?P<n>\d{{1,3}})\s*(?:{alts})\b", re.I)


def ask_again_wait(text: str, keyword: str, others: list[str]) -> Duration | None:
    """ "reply LATER -> wait 7 days and ask again": the wait before the question comes again."""
    clause = keyword_clause(text, keyword, others)
    if not clause or not re.search(
        "|".join(load_vocabulary("reply_destinations")["ask_again"]), clause, re.I
    ):
        return None
    m = _wait_re().search(clause)
    if m is None:
        return None
    value = int(m.group("n"))
    if value <= 0:
        return None
    if m.group("weeks"):
        return Duration(value=value * 7, unit="days")
    return Duration(value=value, unit="hours" if m.group("hours") else "days")


@lru_cache(maxsize=1)
def _shown_products_re() -> re.Pattern[str]:
    """Words asking to be shown things a store sells: a seeing verb, a determiner and a thing
    that is not a schedule, the details or the open times ("see the bikes", "ver los modelos",
    "die verfügbaren Räder zu sehen")."""
    vocab = load_vocabulary("reply_destinations")["shown_products"]
    verbs, after = "|".join(vocab["verbs"]), "|".join(vocab["after_verbs"])
    determiners = "|".join(vocab["determiners"])
    not_products = "|".join(vocab["not_products"])
    # the apostrophe of "l'" ends its determiner without a space ("découvrir l'atelier")
    # a count may stand between them ("choisir parmi nos 3 modèles")
    shown = rf"(?:(?:{determiners})(?:\s+|(?<=')))+(?:\d{{1,2}}\s+)?(?!(?:{not_products})\b)\w{{3,}}"
    return re.compile(rf"\b(?:{verbs})\s+{shown}|\b{shown}\s+(?:{after})\b", re.I)


# a plan line that opens on the keyword ("3. Respuesta SI: se les enviará …", "- If YES -> …"):
# up to two words (a reply or branch word) between the line's mark and the keyword, then a mark
# or a verb of leading ("5. YES goes to a purchase offer", "- OUI mène à ...": `leads_to`)
_PLAN_LINE = r"^[ \t]*(?:[-*\u2022]|\[[ xX]?\]|\d{{1,2}}[.)])?[ \t]*(?:[^\W\d_]+[ \t]+){{0,2}}?{kw}[ \t]*(?::|->|-->|=>|=|\u2192|[ \t](?i:{leads}))"


def _plan_line_clause(text: str, keyword: str, others: list[str]) -> str:
    """The words after the keyword on a later plan line of its own, where the brief first asks
    for the reply ("Responde SI.") and then says, in a step of its plan, where it leads."""
    word = keyword.upper()
    if not word.isalnum() or word.isdigit():
        return ""
    leads = "|".join(load_vocabulary("reply_destinations")["leads_to"])
    kw = rf"['\"\u201c]?{re.escape(word)}['\"\u201d]?(?![\w-])"
    m = re.search(_PLAN_LINE.format(kw=kw, leads=leads), text, re.M)
    if m is None:
        return ""
    return keyword_clause(text[m.start() :], keyword, others)


def reply_destination(text: str, keyword: str, others: list[str]) -> str | None:
    """What the brief says replying `keyword` leads to: one of DESTINATIONS, or None."""
    where = _destination_in(keyword_clause(text, keyword, others))
    if where is None:
        where = _destination_in(_plan_line_clause(text, keyword, others))
    if where is None:
        where = _destination_in(_claimed_before(text, keyword))
    return where


def _claimed_before(text: str, keyword: str) -> str:
    """ "Offer one copy as a purchase offer - reply YES to claim it": a reply that claims what its
    sentence named before it; the words before the keyword in that sentence, "" otherwise."""
    word = keyword.upper()
    if not word.isalnum() or word.isdigit():
        return ""
    claims = "|".join(load_vocabulary("reply_destinations")["claims_named"])
    m = re.search(
        rf"(?:{_reply_verbs()})\s+(?:with\s+)?['\"\u201c]?{re.escape(word)}['\"\u201d]?\s+(?:{claims})",
        text,
        re.I,
    )
    if m is None:
        return ""
    starts = [e.end() for e in _SENTENCE_END_RE.finditer(text, 0, m.start())]
    return text[starts[-1] if starts else 0 : m.start()]


def _destination_in(clause: str) -> str | None:
    if not clause:
        return None
    for name in DESTINATIONS:
        if _patterns()[name].search(clause):
            return name
    # asked last: "RIDE to see the bikes" shows products unless it names another destination;
    # so do the words that name a product choice as a step ("VOIR pour les articles qu'ils ont
    # consultés": the products each person viewed), which then are the reply's, not the first send's
    if _shown_products_re().search(clause) or _named_choice_re().search(clause):
        return "product_choice"
    return None


@lru_cache(maxsize=1)
def _named_choice_re() -> re.Pattern[str]:
    return re.compile(load_vocabulary("cues")["named_step"]["product_choice"], re.I)


def reply_destinations(text: str, keywords: list[str]) -> dict[str, str]:
    """Each keyword's stated destination, for the keywords whose words name one."""
    found = {kw: reply_destination(text, kw, keywords) for kw in keywords}
    return {kw: where for kw, where in found.items() if where is not None}


def reply_asks_again(text: str, keywords: list[str]) -> dict[str, Duration]:
    """Each keyword whose reply waits and asks again, with the wait."""
    found = {kw: ask_again_wait(text, kw, keywords) for kw in keywords}
    return {kw: wait for kw, wait in found.items() if wait is not None}
