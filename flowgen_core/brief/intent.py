"""Is this text a campaign brief at all, and which of its clauses were not understood?

Prefers silence to invention, and asks for positive evidence: a text is a brief when it shows
campaign intent (an offer, a send/text verb, a trigger such as a cart or an order, a goal, a
reply keyword, a flow step, with audience, schedule, products as weaker support). Listing the
kinds of text that are *not* briefs can never be complete; what a brief must contain can.
A question to the tool, chit-chat, internal meeting notes or a note about oneself needs more of that evidence than a
statement, so an incidental "order" or "link" in them is no campaign. Vocabularies for English,
Spanish, French and German are data in `vocab/campaign_intent.json` and `vocab/not_a_brief.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.about_campaign import about_campaign_reason
from flowgen_core.brief.clauses import MAX_SCAN_CHARS, Clause, split_clauses
from flowgen_core.brief.exclusions import other_campaign_spans
from flowgen_core.brief.formats import reshape_brief, unread_words
from flowgen_core.brief.language import detect_language
from flowgen_core.brief.previous import previous_spans
from flowgen_core.brief.vocabulary import load_vocabulary, word_trie
from flowgen_core.regex_cache import memoized

Framing = Literal["statement", "request", "question", "social", "notes", "personal", "story"]

_WORD_RE = shaped_re.compile(r"[^\W\d_]+(?:['/][^\W\d_]+)?", re.UNICODE)
_TOKEN_RE = shaped_re.compile(r"[^\W_]+(?:['’/-][^\W_]+)*'?", re.UNICODE)
_VOWEL_RE = shaped_re.compile(r"[aeiouyàáâäãåæèéêëìíîïòóôöõøœùúûüÿ]", re.I)
_BRACKETED_RE = shaped_re.compile(r"^\s*(?:\[[^\]]*\]|\{[^}]*\}|<[^>]*>|\([^)]*\))\s*$", re.S)
# short words a marketer writes with no vowel at all
_VOWELLESS_WORDS = {
    "sms",
    "vs",
    "pm",
    "hr",
    "hrs",
    "min",
    "pst",
    "pt",
    "et",
    "ct",
    "mt",
    "cst",
    "mst",
    "st",
    "nd",
    "rd",
    "th",
    "txt",
}
_MAX_PLACEHOLDER_WORDS = 15
# links and addresses: a text of nothing else is only a link
_LINK_RE = shaped_re.compile(
    r"\S+://\S+|www\.\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|de|fr|es|shop|store|eu|uk|at|ch)\b\S*",
    re.I,
)
# "@maya @sam did ...": the people a chat message is addressed to
_ADDRESSEES_RE = shaped_re.compile(r"^\s*(?:@[\w.-]+[\s,:]*)+")
# "Hallo Jana," / "Hi Tom -": a greeting, then the name of whom it greets and a comma or dash
_NAMED_AFTER_GREETING_RE = shaped_re.compile(r"^\W*(?:[^\W\d_]+\s+){1,3}([A-ZÀ-Þ][^\W\d_]*)\s*[,!–—-]")
# how far past a request opener ("can you ...") its verb may stand ("can you please quickly text")
_REQUEST_VERB_REACH = 8


def _vocabulary() -> dict[str, Any]:
    return load_vocabulary("not_a_brief")


def _intent_vocabulary() -> dict[str, Any]:
    return load_vocabulary("campaign_intent")


EXAMPLE_BRIEFS: tuple[str, ...] = tuple(_vocabulary()["example_briefs"])


@dataclass(frozen=True)
class CampaignEvidence:
    """The categories of campaign intent found in a text, and what they weigh together."""

    categories: frozenset[str]
    weight: int  # each category found counts its weight once
    strong: int  # how many of them weigh as much as an offer or a send verb


def _cue_parts(cue: str) -> tuple[bool, str, str]:
    """A cue's pieces: whether it starts at a word start, its words, what must follow them
    ("cart" is a whole word, "abandon*" any word starting so, "50%" no more than itself)."""
    lead = cue[:1].isalnum()
    tail = r"\w*" if cue.endswith("*") else (r"(?!\w)" if cue.strip()[-1:].isalnum() else "")
    return lead, cue.rstrip("*").strip(), tail


def _cue_regex(cue: str) -> str:
    lead, word, tail = _cue_parts(cue)
    return (r"(?<!\w)" if lead else "") + re.escape(word) + tail


def _cues_trie(cues: list[str]) -> list[str]:
    """Regexes that match somewhere exactly when one of `cues` does (see `word_trie`)."""
    # Built once and kept with the compiled patterns by the command line (regex_cache.py).
    return list(memoized(_built_cues_trie, tuple(cues)))


def _built_cues_trie(cues: tuple[str, ...]) -> tuple[str, ...]:
    parts = [_cue_parts(cue) for cue in cues]
    # a trailing \w* can match nothing, so for "does it occur" it asks nothing of the text
    led = [(word, "" if tail == r"\w*" else tail) for lead, word, tail in parts if lead]
    free = [(word, "" if tail == r"\w*" else tail) for lead, word, tail in parts if not lead]
    return ((r"(?<!\w)" + word_trie(led),) if led else ()) + ((word_trie(free),) if free else ())


@lru_cache(maxsize=1)
def _category_patterns() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    compiled = []
    for name, category in _intent_vocabulary()["categories"].items():
        parts = _cues_trie([cue for cues in category["cues"].values() for cue in cues])
        parts += list(category.get("patterns", []))
        compiled.append((name, int(category["weight"]), shaped_re.compile("|".join(parts), re.I)))
    return tuple(compiled)


def _ignored_phrases() -> list[str]:
    return [p for group in _intent_vocabulary()["ignore_phrases"].values() for p in group]


@lru_cache(maxsize=1)
def _ignored_pattern() -> re.Pattern[str]:
    return shaped_re.compile("|".join(_cue_regex(p) for p in _ignored_phrases()), re.I)


@lru_cache(maxsize=1)
def _ignored_gate() -> re.Pattern[str]:
    """Finds a match exactly when `_ignored_pattern` does, faster: most texts have none."""
    return shaped_re.compile("|".join(_cues_trie(_ignored_phrases())), re.I)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text))


@cache  # one entry per vocabulary key: a bound of 1 re-read them on every call
def _phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of `campaign_intent.json[key]` (all languages) as token sequences."""
    groups = _intent_vocabulary()[key].values()
    return tuple(sorted({_tokens(p) for group in groups for p in group if _tokens(p)}, key=len, reverse=True))


@cache
def _phrase_set(key: str) -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """The `key` phrases as a set, and their lengths in tokens, longest first."""
    phrases = _phrases(key)
    return frozenset(phrases), tuple(sorted({len(p) for p in phrases}, reverse=True))


def _starts_with(tokens: tuple[str, ...], key: str) -> int:
    """How many tokens a `key` phrase opening `tokens` spans (0: none opens them)."""
    phrases, lengths = _phrase_set(key)
    for n in lengths:  # the longest phrase that opens them, as a scan longest first finds
        if len(tokens) >= n and tokens[:n] in phrases:
            return n
    return 0


def _contains(tokens: tuple[str, ...], key: str) -> bool:
    phrases, lengths = _phrase_set(key)
    return any(tokens[i : i + n] in phrases for n in lengths for i in range(len(tokens) - n + 1))


@cache
def _openers_by_language() -> dict[str, tuple[frozenset[tuple[str, ...]], tuple[int, ...]]]:
    """The question openers of each language, as a set of token sequences and their lengths."""
    found = {}
    for language, group in _intent_vocabulary()["question_openers"].items():
        phrases = frozenset(_tokens(p) for p in group if _tokens(p))
        found[language] = (phrases, tuple(sorted({len(p) for p in phrases}, reverse=True)))
    return found


def _opens_question(opening: tuple[str, ...], text: str) -> bool:
    """Whether `opening` starts with a question opener of the text's own language: French
    "comment" (how) and German "was" (what) open no question in an English "Comment thread on
    the launch plan" or "Was thinking we text VIPs"."""
    if opening[:1] == ("¿",):
        return True  # a question mark opened it, or ended a greeting's question
    language: str | None = None
    for code, (phrases, lengths) in _openers_by_language().items():
        if not any(len(opening) >= n and opening[:n] in phrases for n in lengths):
            continue
        if code == "en":
            return True
        if language is None:
            language = detect_language(text[:MAX_SCAN_CHARS])
        if language != "en":
            return True
    return False


def campaign_evidence(text: str) -> CampaignEvidence:
    """Which kinds of campaign intent `text` shows (offer, send, trigger, audience, ...)."""
    return _campaign_evidence(text or "")


# Asked twice per generation of the same brief (the not-a-brief check and the nothing-read
# check): read once. The evidence is frozen, so every caller may share it.
@lru_cache(maxsize=32)
def _campaign_evidence(text: str) -> CampaignEvidence:
    scanned = (text or "")[:MAX_SCAN_CHARS]
    if _ignored_gate().search(scanned):
        scanned = _ignored_pattern().sub(" ", scanned)
    found = [(name, weight) for name, weight, pattern in _category_patterns() if pattern.search(scanned)]
    strong_weight = int(_intent_vocabulary()["strong_weight"])
    return CampaignEvidence(
        categories=frozenset(name for name, _ in found),
        weight=sum(weight for _, weight in found),
        strong=sum(1 for _, weight in found if weight >= strong_weight),
    )


def _opening_tokens(text: str) -> tuple[str, ...] | None:
    """The first clause's words after any greeting ("hey team, how ..." -> how ...), or None
    when the text opens with a question label ("quick question: ..."); marked with "¿" when it
    opens with one or greets someone and asks them a question ("Hola Marta, ¿me puedes ...?")."""
    greeting = set(_vocabulary()["greeting_words"])
    for clause in split_clauses(text[:MAX_SCAN_CHARS]):
        label, colon, _ = clause.text.partition(":")
        if colon and label.strip().lower() in _vocabulary()["question_labels"]:
            return None
        body = _ADDRESSEES_RE.sub("", clause.text, count=1)  # "@maya did ...": a message to her
        tokens = _tokens(body)
        greeted = False
        lead = _greeting_length(tokens, body, greeting)
        if lead:
            tokens, greeted = tokens[lead:], True
        named = _NAMED_AFTER_GREETING_RE.match(body) if greeted else None
        if tokens and named and tokens[0] == named.group(1).lower():
            tokens = tokens[1:]  # "Hallo Jana, kannst du ...": the name is whom it greets
        if tokens and greeted and re.search(r"[?？]\s*$|(?:^|[\s,])¿", body):
            return ("¿", *tokens)  # "Hola Marta, ¿me puedes ...?": a greeting, then a question to her
        if tokens:
            # "Who: VIPs" and "When: Friday" are section labels, not questions
            if re.match(rf"\s*\W*{re.escape(tokens[0])}\s*:", clause.text, re.I):
                return ("",)
            return ("¿", *tokens) if clause.text.lstrip().startswith("¿") else tokens
    return ()


def _greeting_length(tokens: tuple[str, ...], body: str, greeting: set[str]) -> int:
    """How many of `tokens` open a greeting ("hi team", "All,"). Words such as "everyone" or
    "team" also name a sentence's subject ("Everyone is invited ..."): alone, they greet only
    before punctuation."""
    lead = 0
    while lead < len(tokens) and tokens[lead] in greeting:
        lead += 1
    if not lead or not set(tokens[:lead]) <= set(_vocabulary()["address_words"]):
        return lead
    words = r"\W+".join(re.escape(t).replace("'", "['’]") for t in tokens[:lead])
    return lead if re.match(rf"\W*{words}\s*[,:;!?–—-]", body, re.I) else 0


def _story_phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of `campaign_intent.json["user_story"][key]` (all languages) as token sequences."""
    groups = _intent_vocabulary()["user_story"][key].values()
    return tuple(sorted({_tokens(p) for group in groups for p in group if _tokens(p)}, key=len, reverse=True))


@cache
def _story_phrase_set(key: str) -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """The `user_story[key]` phrases as a set, and their lengths in tokens, longest first."""
    phrases = _story_phrases(key)
    return frozenset(phrases), tuple(sorted({len(p) for p in phrases}, reverse=True))


def _find(tokens: tuple[str, ...], key: str, start: int, stop: int) -> tuple[int, int] | None:
    """The first `user_story[key]` phrase in `tokens[start:stop]`: (where it starts, its length).

    At each position the longest phrase there wins, as a scan of the phrases longest first
    finds it; a set look-up per length instead of a comparison per phrase."""
    phrases, lengths = _story_phrase_set(key)
    end = len(tokens)
    for i in range(start, min(stop, end)):
        for n in lengths:
            if i + n <= end and tokens[i : i + n] in phrases:
                return i, n
    return None


def _user_story(words: tuple[str, ...]) -> bool:
    """A user story that asks for a send: "as a florist I want to text couples who ... so that
    ...". It opens with a role, states a want and, within reach of it, a send verb that names
    its addressee ("write to", "leur écrire") or that an audience or a reply keyword goes with."""
    role = _find(words, "role_openers", 0, 1)
    if role is None:
        return False
    want = _find(words, "wants", role[1], role[1] + 8)
    if want is None:
        return False
    after = want[0] + want[1]
    reach = int(_intent_vocabulary()["user_story"]["verb_reach"])
    addressing = _find(words, "addressing_verbs", after, after + reach)
    if addressing is not None:
        return True
    if _find(words, "send_verbs", after, after + reach) is None:
        return False
    return bool({"audience", "replies"} & campaign_evidence(" ".join(words)).categories)


def framing(text: str) -> Framing:
    """How `text` addresses the tool: a statement, a request to make something, a question,
    chit-chat, internal notes (minutes, an agenda, action items), a user story asking for a send
    ("as a shop owner I want to text customers who ... so that ..."), or a short note about oneself."""
    opening = _opening_tokens(text)
    if opening is None:
        return "question"
    # "¿puedes enviar ...?" and "Hallo, könnt ihr ... bauen?" still ask the tool to make something
    words_opening = opening[1:] if opening[:1] == ("¿",) else opening
    reach = _starts_with(words_opening, "request_openers")
    asked = words_opening[reach : reach + _REQUEST_VERB_REACH]
    # "could you send me the price list?" asks a colleague for something, not for a campaign
    if reach and _contains(asked, "request_verbs") and not _contains(asked, "self_objects"):
        return "request"
    if _starts_with(opening, "social_openers"):
        return "social"
    if _starts_with(opening, "notes_openers"):
        return "notes"
    words = _tokens(text[:MAX_SCAN_CHARS])
    if _user_story(words):  # "como dueña ..." opens a user story, not a question
        return "story"
    vocabulary = _intent_vocabulary()
    asks = text.rstrip().endswith("?") and len(words) <= int(vocabulary["trailing_question_max_words"])
    if _opens_question(opening, text) or asks:
        return "question"
    first_person = {w for group in vocabulary["first_person"].values() for w in group}
    if len(words) <= int(vocabulary["first_person_max_words"]) and any(
        w in first_person or w.split("'")[0] + "'" in first_person for w in words
    ):
        return "personal"
    return "statement"


def shows_campaign_intent(evidence: CampaignEvidence, frame: Framing) -> bool:
    """Whether `evidence` is enough for a text framed as `frame` to be read as a brief."""
    vocabulary = _intent_vocabulary()
    if frame in ("question", "social", "notes"):
        return evidence.weight >= int(vocabulary["conversational_min_weight"]) and evidence.strong >= int(
            vocabulary["conversational_min_strong"]
        )
    if frame == "story":
        return True  # its send verb and addressee are the evidence (see `_user_story`)
    if frame == "personal":
        return evidence.weight >= int(vocabulary["first_person_min_weight"]) and evidence.strong >= 1
    strong = evidence.strong >= 1 and evidence.weight >= int(vocabulary["min_weight"])
    return strong or evidence.weight >= int(vocabulary["weak_only_min_weight"])


def _is_noise(word: str) -> bool:
    low = word.lower()
    return low not in _VOWELLESS_WORDS and not _VOWEL_RE.search(low)


def _placeholder(text: str, lowered: list[str], evidence: CampaignEvidence) -> bool:
    """A template slot ("[brief here]") or a note that the brief is still to come."""
    if all(w in set(_vocabulary()["placeholder_words"]) for w in lowered):
        return True
    if len(lowered) > _MAX_PLACEHOLDER_WORDS or evidence.strong >= 2:
        return False
    if _BRACKETED_RE.match(text) and not re.search(r"\d", text):
        return True
    low = " ".join(lowered)
    found = {p for p in _vocabulary()["placeholder_phrases"] if re.search(rf"\b{re.escape(p)}\b", low)}
    if not found:
        return False
    # Spanish "todo" (everything) in "20% en todo" marks no slot still to fill
    language = detect_language(text[:MAX_SCAN_CHARS])
    ordinary = _vocabulary()["placeholder_phrases_ordinary"].get(language, [])
    return bool(found - set(ordinary))


@lru_cache(maxsize=1)
def _genre_patterns() -> tuple[
    tuple[str, str, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None], ...
]:
    """Per kind of document that is no brief: its name, its reason, what opens it, its headings
    ("Went well:", "Actions:") and its item lines ("[ ] book the van")."""
    compiled = []
    for name, genre in _vocabulary()["genres"].items():
        parts = [p for group in genre.get("patterns", {}).values() for p in group]
        opening = shaped_re.compile(r"^[\s\W]*(?:" + "|".join(parts) + ")", re.I) if parts else None
        heads = [h for group in genre.get("headings", {}).values() for h in group]
        # a heading opens a line or a sentence and is followed by a colon
        heading = (
            shaped_re.compile(r"(?:^|[\n.;—–]|\s-)\s*[-*•#]*\s*(" + "|".join(heads) + r")\s*:", re.I | re.M)
            if heads
            else None
        )
        items = [p for group in genre.get("line_patterns", {}).values() for p in group]
        item = shaped_re.compile(r"^\s*(?:" + "|".join(items) + ")", re.I | re.M) if items else None
        compiled.append((name, str(genre["reason"]), opening, heading, item))
    return tuple(compiled)


@lru_cache(maxsize=1)
def _sign_off() -> re.Pattern[str]:
    """A letter's closing at the end of a text: "Thanks, Dana", "Viele Grüße\nJonas"."""
    words = [
        w
        for genre in _vocabulary()["genres"].values()
        for group in genre.get("question_with_sign_off", {}).values()
        for w in group
    ]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return shaped_re.compile(
        rf"(?:^|[\s\W])(?:{alternation})\s*[,!.]?\s+[^\W\d_][\w.'-]*(?:\s+[^\W\d_][\w.'-]*)?\s*[.!]?\s*$",
        re.I,
    )


def document_genre(text: str) -> tuple[str, str] | None:
    """The kind of document `text` is when it is no brief (a meeting summary or retrospective,
    a to-do or checkbox list, a notice to one customer, an out-of-office reply, a job ad, a
    request for account help, a question signed like a letter, a note that the brief is still to
    come) and its reason: what opens it, two of its headings or item lines, or its sign-off."""
    head = (text or "")[:MAX_SCAN_CHARS]
    for name, reason, opening, heading, item in _genre_patterns():
        if opening is not None and opening.match(head):
            return name, reason
        if heading is not None and len({m.group(1).lower() for m in heading.finditer(head)}) >= 2:
            return name, reason + _HEADED
        if item is not None and len(item.findall(head)) >= 2:
            return name, reason
        if name == "signed_question" and "?" in head and _sign_off().search(head):
            return name, reason
    return None


# a document laid out under a retrospective's headings reports on campaigns (their offers, their
# reply rates) rather than asks for one: its campaign words make no exception
_HEADED = " (laid out as a report)"


def _without_footers(text: str) -> str:
    """`text` without opt-out footers and shipment words, which show no campaign in a notice."""
    for pattern in _vocabulary()["opt_out_footers"]:
        text = re.sub(pattern, " ", text, flags=re.I)
    return text


def _asks_for_a_flow(evidence: CampaignEvidence, genre: str) -> bool:
    """Whether a document of a non-brief kind still asks for a send with what a flow holds
    ("retro: text VIPs 20% off, reply YES to order"); a signed question asks for one when it
    names what a flow is about ("can you set up a winback for lapsed VIPs? Thanks, Dana")."""
    requires = _vocabulary()["genre_requires"]
    found = evidence.categories
    kind = _vocabulary()["genres"][genre]
    if kind.get("always_refused"):
        return False
    if kind.get("carries_campaign"):
        return _carries_campaign(found)
    any_of = kind.get("asks_for_a_flow_any_of")
    if any_of:
        return bool(set(any_of) & found)
    if set(requires.get("or_all_of", ())) <= found and requires.get("or_all_of"):
        return True
    return set(requires["all_of"]) <= found and bool(set(requires["any_of"]) & found)


def _about_a_format(text: str, genre: str) -> str | None:
    """What a text of a layout kind (a to-do list, a status update) says about a campaign, if
    anything: the kind of its content, which names the text better than its layout."""
    if not _vocabulary()["genres"][genre].get("carries_campaign"):
        return None
    return about_campaign_reason(text)


def _carries_campaign(found: frozenset[str]) -> bool:
    """Whether a list or an update carries a campaign whatever its format: it names who gets
    the send and enough of what they get ("[x] Público: socios ... [x] Oferta: 20 € ... Respuesta
    VOLVER"); a checklist of design tasks or a standup names no one to send to."""
    rule = _vocabulary()["content_rule"]
    if not set(rule["who_any_of"]) & found or not set(rule["any_of"]) & found:
        return False
    return len(set(rule["of"]) & found) >= int(rule["min_of"])


def _lists_channels(text: str) -> bool:
    """A text of nothing but channel or room names ("SMS, email, push", "#marketing #general")."""
    tokens = re.findall(r"#?[^\W_]+(?:[-'][^\W_]+)*", text)
    if not tokens:
        return False
    if all(t.startswith("#") for t in tokens):
        return True
    names = set(_vocabulary()["channel_names"])
    return all(t.lstrip("#").lower() in names for t in tokens)


_REFUSALS: dict[Framing, str] = {
    "question": "it is a question, not a campaign brief",
    "social": "it reads as a chat message, not a campaign brief",
    "notes": "it reads as internal notes (minutes, an agenda or action items), not a campaign brief",
    "personal": "it names no audience, offer, message or trigger for a campaign",
    "story": "it names no audience, offer, message or trigger for a campaign",
    "request": "it names no audience, offer, message or trigger for a campaign",
    "statement": "it names no audience, offer, message or trigger for a campaign",
}


def not_a_brief_reason(text: str) -> str | None:
    """Why `text` is no campaign brief (a sentence for people), or None when it may be one."""
    words = _WORD_RE.findall(text or "")
    if not words:
        return "it has no words (only punctuation, numbers or emoji)"
    if not _WORD_RE.search(_LINK_RE.sub(" ", text)):
        return "it is only a link or an address, not a campaign brief"
    if _lists_channels(text):
        return "it only lists channels, not a campaign brief"
    lowered = [w.lower() for w in words]
    evidence = campaign_evidence(text)
    if _placeholder(text, lowered, evidence):
        return "it reads as a placeholder, not a brief"
    if all(_is_noise(w) for w in words):
        return "it doesn't read as words"
    greeting = set(_vocabulary()["greeting_words"]) | set(_vocabulary()["placeholder_words"])
    if all(w in greeting for w in lowered):
        return "it is a greeting, not a campaign brief"
    genre = document_genre(text)
    if genre is not None and (
        genre[1].endswith(_HEADED)
        or not _asks_for_a_flow(campaign_evidence(_without_footers(text)), genre[0])
    ):
        # a list or an update names only the text's layout; what it says about a campaign (a
        # banner for a designer, a rule for the team) is the more telling reason
        about = _about_a_format(text, genre[0])
        return about or genre[1].removesuffix(_HEADED)
    # campaign words in a text about a campaign (its figures, a complaint, the tool's price, a
    # banner for a designer, a rule for the team) are no evidence of a request for one
    about = about_campaign_reason(text)
    if about is not None:
        return about
    frame = framing(text)
    if not shows_campaign_intent(evidence, frame):
        return _REFUSALS[frame]
    return None


def not_understood(text: str) -> list[str]:
    """The clauses of a brief in which no campaign fact could be recognised, or that ask for what
    the flow cannot do ("skip anyone already in the spring promo"), in order."""
    return list(_not_understood(text))


# Asked twice per generation (the notices and the "What I understood" lines): read once.
@lru_cache(maxsize=32)
def _not_understood(text: str) -> tuple[str, ...]:
    shaped = reshape_brief(text)
    if shaped.changed:
        clauses = split_clauses(shaped.text)
        return tuple(unread_words(text, _unread_spans(shaped.text, clauses), shaped))
    clauses = split_clauses(text)
    found: list[str] = []
    for start, end in _unread_spans(text, clauses):
        words = text[start:end].strip()
        if words and words not in found:
            found.append(words)
    return tuple(found)


def _unread_spans(text: str, clauses: list[Clause]) -> list[tuple[int, int]]:
    """The clauses with no campaign fact, (an aside of) each clause about another campaign (an
    exclusion of its members or a rule assigned to it names nothing a segment can test), and
    the words about a previous campaign that state a value or a quote."""
    spans = [(c.start, c.end) for c in clauses if not c.kinds]
    spans += [s for s in other_campaign_spans(clauses) if not any(a <= s[0] < b for a, b in spans)]
    # a previous campaign's words ("last year we did 20% off") lend this flow no fact
    # (a clause cut inside its quote, the "»." after "… OPEN10 ! »", is part of it)
    for start, end in previous_spans(text):
        inside = [s for s in spans if start <= s[0] < end]
        end = max([end, *(e for _, e in inside)])
        spans = [s for s in spans if s not in inside]
        if not any(a <= start < b for a, b in spans):
            spans.append((start, end))
    return sorted(spans)
