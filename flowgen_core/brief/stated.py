"""Stated content: what the brief says its messages must say, with the words it was read from.

A brief often states a message's content without quoting a whole SMS:

- a spec line: "Msg 1: your passes are in the app", "Second text - gates close at 9";
- a short quote after a send: "send a 'the last seats are gone' text" (single or typographic
  quotes; whole quoted SMS copy is `CampaignBrief.quoted_copy`'s, not this reader's);
- in its own words: "let them know the pool reopens Monday", "a text saying their order is packed";
- after a send to a group and a colon: "Text members who RSVP'd: the venue moved to Hall B";
- what a send is about: "send the tasting menu", "send the winter hours message";
- the question it asks: "ask whether they'd like a refill" -> "Would you like a refill?".

Each is a `StatedMessage` with its place in the flow (`order` for a numbered line, `branch`
for a message sent only when there is no reply or outside the brief's dated window) and its
source span in `CampaignBrief.text`. The reader also keeps the campaign's subject when the
brief opens with a heading ("Harvest market weekend: ...") and the template variables the
brief names outside quoted copy ("sign it from {{agent_name}}").

- a label line: "Message: the pool reopens Monday", "- Key message: ...", "**Copy:** ...",
  "Mensaje: ...", "Message : ...", "Nachricht: ..." (its content, up to a reply instruction);
- a copy clause: "- Message says our gift cards start at $75" (a price stays content), "The first
  text invites them to ...", "El primer SMS invita a ...", "Die erste SMS lädt zum ... ein";
- the numbered parts of a series: "(1) the best trails, (2) the packing list, (3) ...";
- "text past buyers that we now fix screens", "invite members to a tasting evening" (worded
  "You're invited to ..."), and news in the brand's voice with its place ("we're parked at ...",
  "open house at ...").

English content speaking of the customer in the third person is turned to the second
("their order" -> "your order"); in other languages spec lines, label lines, quotes, mentions
and "tell them that ..." ("dile que ...", "dis-leur que ...", "sag ihnen, dass ...") are read,
as written but for third-person possessives ("leur" -> "votre"). The patterns are data in
`vocab/stated.json`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.clauses import MAX_SCAN_CHARS
from flowgen_core.brief.negated import mask_negated, without_ruled_out
from flowgen_core.brief.quotes import looks_like_copy
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.regex_gate import may_match

Branch = Literal["no_reply", "other_times"]
How = Literal["spec_line", "quoted", "told", "about", "mention"]
# how the planner words a mention: "Don't miss X!", "Introducing X!", "Let's celebrate X!", ...
Frame = Literal["mention", "announce", "celebrate", "remember", "please", "invite"]
# what a must-say token is, so the planner words its sentence ("Link: ...", "Call ...", "From ...")
MustKind = Literal["words", "price", "link", "phone", "sign_off"]
_MAX_MUST_WORDS = 8  # words a quoted must-say phrase has at most; longer quotes are whole SMS copy
_MAX_CONTENT = 160  # characters of stated content kept for one message
_VARIABLE_RE = shaped_re.compile(r"\{\{\s*([A-Za-z_][\w .]*?)\s*\}\}")
_DOUBLE_QUOTED_RE = shaped_re.compile(r'"[^"\n]{1,2000}"|\u201c[^\u201d]{1,2000}\u201d')


class StatedMessage(BaseModel):
    """One message's content as the brief states it; offsets are into `CampaignBrief.text`."""

    content: str  # what the message says, in the brief's language ("your passes are in the app")
    about: bool = False  # a thing the message is about ("the tasting menu"), not a sentence it says
    how: How = "told"
    order: int | None = None  # "Msg 2" -> 2; None when the brief numbers it not
    branch: Branch | None = None  # sent only without a reply / outside the dated window
    # a thing the message must mention, in the brief's words ("the sunrise session"), and the
    # sentence frame it is worded in; None for content that is a sentence of its own
    frame: Frame | None = None
    sentence: int = 0  # which sentence of the brief it was read from (content of one send shares one)
    words: str = ""  # the brief's words it was read from
    start: int = 0
    end: int = 0


class MustSay(BaseModel):
    """Words the brief says a message must contain ('say "pattern" in the text'), kept as written."""

    words: str  # "pattern", "by appointment only", "$4,999", "g.page/oakdoors/review"
    kind: MustKind = "words"
    follow_up: bool = False  # the follow-up send's ("a second text that says ..."), else the first's
    start: int = 0
    end: int = 0


class AnswerMessage(BaseModel):
    """What the message sent for one answer says ("if they say NO, tell them we'll hold their
    spot" -> answer "no"; "1-3 -> say the owner will phone them" -> scores 1, 2, 3)."""

    content: str  # the message's sentence, in the brief's language, speaking to the customer
    answer: str | None = None  # the reply word, lower-case ("no", "nein"); None for scores
    scores: list[int] = Field(default_factory=list)  # the scores it answers
    words: str = ""  # the brief's words it was read from
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        """ "NO", "4-5", "3": the answer as the brief's reply names it."""
        if self.answer is not None:
            return self.answer.upper()
        low, high = self.scores[0], self.scores[-1]
        return str(low) if low == high else f"{low}-{high}" if len(self.scores) > 2 else f"{low} or {high}"


class StatedContent(BaseModel):
    """The stated content of one brief: per-message content, the subject, named variables."""

    messages: list[StatedMessage] = Field(default_factory=list)
    # what the message sent for one answer or score range says
    answers: list[AnswerMessage] = Field(default_factory=list)
    must_say: list[MustSay] = Field(default_factory=list)  # words a message must contain verbatim
    subject: str | None = None  # "Harvest market weekend"
    variables: list[str] = Field(default_factory=list)  # template variables named outside quotes
    sources: list[FactSource] = Field(default_factory=list)  # stated.message / stated.subject / ...

    def main_messages(self) -> list[StatedMessage]:
        """The messages on the main path, in the brief's numbering, else in the order written."""
        main = [m for m in self.messages if m.branch is None]
        return sorted(main, key=lambda m: (m.order if m.order is not None else 99, m.start))

    def on_branch(self, branch: Branch) -> StatedMessage | None:
        return next((m for m in self.messages if m.branch == branch), None)

    def for_answer(self, answer: str) -> AnswerMessage | None:
        """The message the brief states for reply `answer` ("no"), a score ("4") included."""
        word = _folded(answer)
        for m in self.answers:
            if (m.answer is not None and _folded(m.answer) == word) or (
                word.isdigit() and int(word) in m.scores
            ):
                return m
        return None


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_vocabulary("stated")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    v = _vocab()
    nouns = v["message_nouns"]
    ordinals = "|".join(re.escape(o) for o in sorted(v["ordinals"], key=len, reverse=True))
    # "Msg 1:", "Message 2 -", "- Text #3:", "Second message:", "1st text:" at the start of a line or bullet
    spec = shaped_re.compile(
        rf"(?:^|\n|\||(?<=\s)[-*•]\s)\s*(?:[-*•]\s*)?"
        rf"(?:(?P<noun>{nouns})\s*#?\s*(?P<n>\d{{1,2}})|(?P<ord>{ordinals})\s+(?:{nouns}))"
        # the line ends at a line break, a "|" or the next inline bullet with a label ("- Wait: 2 days")
        rf"\s*(?::|[-–—](?!\s*\d))\s*(?P<c>[^\n|]+?)(?=\s+[-*•]\s+\w[\w ]{{0,20}}:|\s*[\n|]|\s*$)",
        re.I,
    )
    quote = shaped_re.compile(
        # the closing mark is followed by no letter, so "next year's" keeps its apostrophe
        r"(?<![A-Za-z])(?P<q>['\u2018])(?P<c>[^\n]{3,200}?)['\u2019](?![A-Za-z])"
        rf"(?P<after>\s*(?:{v['message_after_quote']})\b)?",
        re.I,
    )
    double = shaped_re.compile(
        r"(?P<q>[\"\u201c])(?P<c>[^\"\u201c\u201d\n]{2,200})[\"\u201d]"
        rf"(?P<after>\s*(?:{v['message_after_quote']})\b)?",
        re.I,
    )
    return {
        "spec": spec,
        "quote": quote,
        "double": double,
        "send_before": shaped_re.compile(rf"\b(?:{v['send_words']})\b[^.;:!?\n|]{{0,30}}$", re.I),
        "tell": [shaped_re.compile(p, re.I) for p in v["tell"]],
        "tell_local": {
            lang: [shaped_re.compile(p, re.I) for p in ps] for lang, ps in v["tell_local"].items()
        },
        "labels": {
            lang: shaped_re.compile(
                # "Message: ...", "- Key message: ...", "**Copy:** ...", "## Mensaje", "Message : ..."
                # (a section's heading may stand before it: "Plant shop SMS: **Copy:** ...")
                rf"(?:^|\n|\|)[ \t]*(?:[^\n:|*#]{{1,60}}:[ \t]*(?=\*\*|__|[-*•>#]))?"
                rf"(?:[-*•>]\s*|#{{1,6}}\s*|\d{{1,2}}[.)]\s*)?(?:\*\*|__)?"
                rf"(?:{label})(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?[ \t]*(?P<c>[^\n|]+)",
                re.I,
            )
            for lang, label in v["message_labels"].items()
        },
        "ask": shaped_re.compile(v["ask"], re.I),
        "audience_colon": shaped_re.compile(v["audience_colon"], re.I),
        "about": shaped_re.compile(v["about"], re.I),
        "mentions": {
            lang: [(shaped_re.compile(pattern, re.I), frame) for pattern, frame in rules]
            for lang, rules in v["mentions"].items()
        },
        "mention_cut": shaped_re.compile(v["mention_cut"], re.I),
        "brand_voice": shaped_re.compile(v["brand_voice"], re.I),
        "offer": shaped_re.compile(v["offer_words"], re.I),
        "copy_clauses": {
            lang: [(shaped_re.compile(pattern, re.I), frame, template) for pattern, frame, template in rules]
            for lang, rules in v["copy_clauses"].items()
        },
        "copy_tail": {lang: shaped_re.compile(p, re.I) for lang, p in v["copy_clause_tail"].items()},
        "money": shaped_re.compile(r"[$€£]\s*\d[\d.,]*|\d[\d.,]*\s*(?:€|eur\b|dollars?\b|bucks\b)", re.I),
        "price_cue": shaped_re.compile(v["price_cue"], re.I),
        "price_not_offer": shaped_re.compile(v["price_not_offer"], re.I),
        "numbered_part": shaped_re.compile(v["numbered_part"], re.I),
        "about_adjectives": shaped_re.compile(v["about_adjectives"], re.I),
        "about_suffix": shaped_re.compile(v["about_message_suffix"], re.I),
        "end": shaped_re.compile(v["content_end"]),
        "spec_end": shaped_re.compile(v["spec_line_end"]),
        "branch": {name: shaped_re.compile(p, re.I) for name, p in v["branch"].items()},
        "person": shaped_re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in sorted(v["person"], key=len, reverse=True)) + r")\b",
            re.I,
        ),
        "subject_cut": shaped_re.compile(v["subject"]["cut_after"]),
        "subject_drop": shaped_re.compile(v["subject"]["drop_words"], re.I),
        "instruction": shaped_re.compile(v["subject"]["instruction_start"], re.I),
        "alert_heading": [shaped_re.compile(pattern, re.I) for pattern in v["subject"]["alert_heading"]],
        "heading": shaped_re.compile(r"^\s*(?P<h>[^\n:.!?|]{3,80}?)\s*(?::(?!\d)|[.!](?=\s|$)|\n)"),
        "offer_tail": shaped_re.compile(v["subject"]["offer_tail"], re.I),
        "offer_tail_words": shaped_re.compile(v["subject"]["offer_tail_words"], re.I),
        "noun_phrase_start": shaped_re.compile(v["subject"]["noun_phrase_start"], re.I),
    }


@lru_cache(maxsize=1)
def _must_patterns() -> dict[str, re.Pattern[str]]:
    return {name: shaped_re.compile(pattern, re.I) for name, pattern in _vocab()["must_say"].items()}


@lru_cache(maxsize=1)
def _verbatim_patterns() -> dict[str, Any]:
    v = _vocab()["verbatim"]
    compiled: dict[str, Any] = {
        name: re.compile(v[name], re.I) for name in ("link", "phone", "phone_cue", "not_a_phone")
    }
    compiled["sign_off"] = [re.compile(pattern, re.I) for pattern in v["sign_off"]]
    compiled["name_before"] = re.compile(v["named_thing"]["before"], re.I)
    compiled["name_after"] = re.compile(v["named_thing"]["after"], re.I)
    return compiled


@lru_cache(maxsize=1)
def _value_label_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A label alone ("the date"), its value after a comma, a colon or in brackets, and the next
    "and the address, ..." of the list (`must_say_unquoted.value_labels`)."""
    v = _vocab()["must_say_unquoted"]["value_labels"]

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    labels = alternation([w for code in ("en", "es", "fr", "de") for w in v[code]])
    label = rf"(?:(?:{alternation(v['articles'])})\s*)(?:{labels})"
    value = (
        r"\s*(?:[,:]\s*|\(\s*)(?P<v>[^,;:()\n]{1,40}?)\s*(?=\)|,|[.;!?](?:\s|$)|\n|$|\s+(?:"
        + alternation(v["joiners"])
        + r")\s)"
    )
    after = rf"\)?\s*,?\s*(?:(?:{alternation(v['joiners'])})\s+)?(?P<label>{label})(?![\w'])"
    return (
        shaped_re.compile(rf"^{label}$", re.I),
        shaped_re.compile(value, re.I),
        shaped_re.compile(after, re.I),
    )


def _labelled_values(text: str, words: str, end: int) -> list[tuple[str, int, int]]:
    """ "mention the date, June 14, and the address, 18 Alder St.": when the words a message must
    say are only a label, the values given for it and for the labels that follow it, each with a
    digit or a capital (a value, not "the date, which matters"); none when a label has none."""
    label, value, after = _value_label_patterns()
    if not label.match(words):
        return []
    found: list[tuple[str, int, int]] = []
    at = end
    while True:
        m = value.match(text, at)
        if not m:
            return found
        got = m.group("v").strip()
        if not re.search(r"\d|[A-ZÀ-Þ]", got):
            return found
        found.append((got, m.start("v"), m.start("v") + len(got)))
        nxt = after.match(text, m.start("v") + len(got))
        if not nxt:
            return found
        at = nxt.end()


@lru_cache(maxsize=1)
def _unquoted_patterns() -> tuple[list[tuple[re.Pattern[str], bool]], re.Pattern[str], frozenset[str]]:
    """(pattern, whether its sentence needs a must/use word) pairs, the need words, the not-first words."""
    v = _vocab()["must_say_unquoted"]
    patterns = [(shaped_re.compile(p, re.I), True) for p in v["named"]]
    patterns += [(shaped_re.compile(p, re.I), False) for p in v["said"]]
    return patterns, shaped_re.compile(v["need"], re.I), frozenset(v["not_first"])


def read_stated_content(text: str, language: str = "en") -> StatedContent:
    """The content the brief states for its messages (see the module docstring)."""
    # a clause that says not to mention something names no content ("don't mention financing"),
    # nor does an audience named only to be ruled out ("without singling out the VIPs")
    text = without_ruled_out(mask_negated(text[:MAX_SCAN_CHARS]))
    reader = _Reader(text, language)
    reader.answers()
    reader.spec_lines()
    reader.labels()
    reader.copy_clauses()
    reader.numbered_parts()
    reader.quotes()
    reader.must_say()
    reader.verbatim()
    if language == "en":
        reader.told()
        reader.questions()
    else:
        reader.told_local()
    reader.mentions()
    if language == "en":
        reader.abouts()
    stated = StatedContent(
        messages=sorted(reader.found, key=lambda m: m.start),
        answers=reader.answered,
        must_say=reader.musts,
        subject=reader.subject(),
        variables=reader.variables(),
    )
    stated.sources = (
        _sources("stated.message", stated.messages)
        + reader.subject_sources
        + _sources("stated.answer", stated.answers)
    )
    return stated


def _sources(fact: str, found: Sequence[StatedMessage | AnswerMessage]) -> list[FactSource]:
    """Where each stated message or answer's message was written."""
    return [
        FactSource(fact=fact, index=i, value=m.content, how="stated", words=m.words, start=m.start, end=m.end)
        for i, m in enumerate(found)
    ]


class _Reader:
    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.found: list[StatedMessage] = []
        self.musts: list[MustSay] = []
        self.answered: list[AnswerMessage] = []
        self.taken: list[tuple[int, int]] = []
        self.subject_sources: list[FactSource] = []
        # whole quoted SMS copy is `quoted_copy`'s, used verbatim: nothing is read inside it
        self.copy_spans = [
            (m.start(), m.end())
            for m in _DOUBLE_QUOTED_RE.finditer(text)
            if looks_like_copy(m.group(0)[1:-1])
        ]
        self.taken += self.copy_spans
        self.low = text.lower()

    def scan(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """`pattern`'s matches in the text; none at once when a word it needs is absent (most of
        the reader's patterns need a cue word the brief does not contain)."""
        if not may_match(pattern, self.text, self.low):
            return iter(())
        return pattern.finditer(self.text)

    # ------------------------------------------------------------------ readers

    def answers(self) -> None:
        """ "if they say NO, tell them we'll hold their spot", "4 or 5 -> ask for a Google review",
        "Bei NEIN eine Nachricht, dass sich unser Support meldet": the message one answer gets."""
        found = _answer_pattern(self.language)
        if found is None:
            return
        pattern, nxt = found
        stop = shaped_re.compile(_vocab()["answers"]["content_stop"])
        for m in self.scan(pattern):
            if self._overlaps(m.start(), m.end()):
                continue
            start = m.end()
            limit = min(len(self.text), start + _MAX_CONTENT)
            cut = stop.search(self.text, start, limit)
            end = cut.start() if cut else limit
            following = nxt.search(self.text, start, end)
            end = following.start() if following else end
            content = _answer_content(self.text[start:end], m, self.language)
            answer, scores = _answer_of(m)
            if content is None or (answer is None and not scores):
                continue
            if any(a.answer == answer and a.scores == scores for a in self.answered):
                continue
            self.answered.append(
                AnswerMessage(
                    content=content,
                    answer=answer,
                    scores=scores,
                    words=self.text[m.start() : end].strip(),
                    start=m.start(),
                    end=end,
                )
            )
            self.taken.append((m.start(), end))

    def spec_lines(self) -> None:
        p = _patterns()
        ordinals: dict[str, int] = _vocab()["ordinals"]
        for m in self.scan(p["spec"]):
            order = int(m.group("n")) if m.group("n") else ordinals.get(m.group("ord").lower())
            # a spec line is the message's content up to its reply instruction, conditions and all
            start = m.start("c")
            cut = p["spec_end"].search(self.text, start, m.end("c"))
            end = cut.start() if cut else m.end("c")
            raw = self.text[start:end]
            quoted = _unquote(raw)
            if self._overlaps(start, end):
                continue  # a whole quoted SMS: the planner uses it verbatim
            content = quoted if quoted is not None else raw
            for tell in p["tell"] if self.language == "en" else ():
                told = tell.match(content)
                if told:
                    content = content[told.end() :]
                    break
            self._add(content, start, end, how="spec_line", order=order, person=quoted is None)

    def labels(self) -> None:
        """ "Message: the pool reopens Monday", "- Key message: ...", "Nachricht: ...": a label line's
        content is what the message says (its lead), up to its reply instruction."""
        p = _patterns()
        label = p["labels"].get(self.language)
        if label is None:
            return
        not_first = set(_vocab()["label_not_first"]) | set(_vocab()["mention_not_first"])
        not_content = shaped_re.compile(_vocab()["label_not_content"], re.I)
        for m in self.scan(label):
            start = m.start("c")
            cut = p["spec_end"].search(self.text, start, m.end("c"))
            end = cut.start() if cut else m.end("c")
            raw = self.text[start:end].strip().strip("*_").strip()
            if self._overlaps(start, end) or not raw:
                continue  # a whole quoted SMS: the planner uses it verbatim
            quoted = _unquote(raw)
            content = quoted if quoted is not None else raw
            first = content.split()[0].lower().strip(",.:;") if content.split() else ""
            if (
                first in not_first
                or not_content.search(content)
                or re.search(r"[=_{]|\b(?:tbd|tba)\b", content, re.I)
            ):
                continue  # "Copy: keep it short", "Message: Friday 9am": a note on the copy, not the copy
            self._add(content, start, end, how="spec_line", person=quoted is None)

    def copy_clauses(self) -> None:
        """ "- Message says our gift cards start at $75", "The first text invites them to ...",
        "El primer SMS invita a ...", "Die erste SMS lädt zum ... ein": an acceptance-criteria or spec
        clause saying what a message says; an ordinal gives the send's number."""
        p = _patterns()
        ordinals: dict[str, int] = _vocab()["ordinals"]
        tail = p["copy_tail"].get(self.language)
        for pattern, frame, template in p["copy_clauses"].get(self.language, []):
            for m in self.scan(pattern):
                start = m.end()
                end = self._end(start, min(len(self.text), start + _MAX_CONTENT))
                if self._overlaps(m.start(), end):
                    continue
                content = self.text[start:end].strip()
                if tail is not None:
                    content = tail.sub("", content)
                if self.language != "en":
                    content = _local_person(content, self.language)
                if not content.split() or content.split()[0].lower() in _vocab()["mention_not_first"]:
                    continue  # "Message says reply YES": a reply instruction, not content
                if template is not None:
                    content = template.format(x=content)
                ordinal = m.group("ord")
                order = ordinals.get(ordinal.lower()) if ordinal else None
                self._add(
                    content,
                    m.start(),
                    end,
                    how="spec_line",
                    person=template is None,
                    order=order,
                    frame=frame,
                )

    def numbered_parts(self) -> None:
        """ "(1) the best trails this season, (2) the packing list, (3) ...": the content of each
        numbered part of a series, read when the parts are numbered from 1 in a row."""
        p = _patterns()
        parts = list(self.scan(p["numbered_part"]))
        numbers = [int(m.group("n")) for m in parts]
        if len(parts) < 2 or numbers[:2] != [1, 2]:
            return
        for m, n in zip(parts, numbers, strict=True):
            start, end = m.start("c"), m.end("c")
            if self._overlaps(m.start(), end):
                continue
            english = self.language == "en"
            self._add(
                m.group("c"),
                start,
                end,
                how="about" if english else "mention",
                person=True,
                order=n,
                about=english,
                frame=None if english else "mention",
            )

    def told_local(self) -> None:
        """ "dile que ...", "dis-leur que ...", "sag ihnen, dass ...": content in the brief's own
        words in another language, kept as written but for its possessives ("leur" -> "votre")."""
        p = _patterns()
        for pattern in p["tell_local"].get(self.language, []):
            for m in self.scan(pattern):
                start = m.end()
                end = self._end(start, min(len(self.text), start + _MAX_CONTENT))
                if self._overlaps(m.start(), end):
                    continue
                content = _local_person(self.text[start:end], self.language)
                self._add(content, m.start(), end, how="told", person=False)

    def quotes(self) -> None:
        p = _patterns()
        for pattern in (p["quote"], p["double"]):
            for m in self.scan(pattern):
                if self._overlaps(m.start(), m.end()):
                    continue
                before = self.text[max(0, m.start() - 40) : m.start()]
                if not (m.group("after") or p["send_before"].search(before)):
                    continue  # a quoted word, not a message's content
                content = m.group("c").strip()
                if len(content.split()) < 2:
                    continue
                self._add(content, m.start(), m.end(), how="quoted", person=False)

    def must_say(self) -> None:
        """'say "pattern" in the text', 'Le texte doit contenir « prêtes »', 'exactly as $4,999':
        words a message must contain, kept as quoted. A reply keyword ('Reply "YES"'), words for
        another channel (an email's subject line) or words the brief says not to use are none."""
        p = _must_patterns()
        found: list[tuple[str, int, int]] = []
        for m in self.scan(p["quote"]):
            words = next(g for g in m.groups() if g is not None).strip()
            if len(words.split()) > _MAX_MUST_WORDS:
                continue  # a whole SMS in quotes is `quoted_copy`'s, used verbatim
            clause = self._clause_before(m.start())
            if not clause.strip() and self.text[: m.start()].rstrip().endswith(":"):
                # "Signature obligatoire dans le SMS : « … »": the label before the colon is its cue
                clause = self._clause_before(len(self.text[: m.start()].rstrip()) - 1)
            after = self.text[m.end() : m.end() + 40]
            if p["reply_before"].search(clause):
                continue
            cue_after = p["cue_after"].match(after)
            if not (p["cue_before"].search(clause) or cue_after):
                continue
            if not (cue_after or p["message"].search(clause)):
                continue  # "customers often say 'wow'": not what a message must say
            found.append((words, m.start(), m.end()))
        for m in self.scan(p["exactly"]):
            if any(a <= m.start("c") < b for _, a, b in found):
                continue
            words = m.group("c").rstrip(".,;:!?")
            if words:
                found.append((words, m.start(), m.start("c") + len(words)))
        found += self._unquoted_musts(found)
        for words, start, end in sorted(found, key=lambda f: f[1]):
            clause = self._clause_before(start)
            rest = self.text[end : self._end(end, min(len(self.text), end + 60))]
            if p["other_channel"].search(clause + rest) or p["negated"].search(clause):
                continue
            sentence_start = max((m.end() for m in _SENTENCE_END_RE.finditer(self.text, 0, start)), default=0)
            follow_up = bool(p["follow_up"].search(self.text, sentence_start, start))
            if any(words == must.words and follow_up == must.follow_up for must in self.musts):
                continue
            # an amount alone ("$89") is a price the text states, never money off
            kind: MustKind = "price" if _patterns()["money"].fullmatch(words) else "words"
            self.musts.append(MustSay(words=words, kind=kind, follow_up=follow_up, start=start, end=end))
            self.taken.append((start, end))

    def verbatim(self) -> None:
        """A link, a phone number or a sign-off the brief gives ("the link is g.page/oak/review",
        "our emergency line is 555-0199", "sign it Maple & Co"): a message carries it as written,
        on every send (a follow-up sentence puts it on the later sends only). Words inside quoted
        SMS copy or a must-say quote, and a clause for another channel, give none."""
        v = _vocab()["verbatim"]
        p = _verbatim_patterns()
        found: list[tuple[str, MustKind, int, int]] = []
        for m in self.scan(p["link"]):
            words = m.group(0).rstrip(".,;:!?'’")
            found.append((words, "link", m.start(), m.start() + len(words)))
        for m in self.scan(p["phone"]):
            words = m.group(0).strip()
            digits = sum(c.isdigit() for c in words)
            if not 7 <= digits <= 15 or p["not_a_phone"].match(words):
                continue
            if not (words.startswith("+") or p["phone_cue"].search(self._sentence_of(m.start(), m.end()))):
                continue  # a run of numbers in no sentence about calling is no phone number
            found.append((words, "phone", m.start(), m.end()))
        for pattern in p["sign_off"]:
            for m in self.scan(pattern):
                words = m.group("w").strip()
                # "Sign it Maple & Co. Text all clients ...": the name ends with its sentence, but
                # a title's full stop is inside it ("Dr. Lee's team")
                stop = _SIGN_OFF_END_RE.search(words)
                words = (words[: stop.start()] if stop else words).rstrip(".,;:!?")
                if words.split()[-1:] and words.split()[-1].lower() in v.get("sign_off_not_last", []):
                    words = " ".join(words.split()[:-1])
                if words:
                    found.append((words, "sign_off", m.start("w"), m.start("w") + len(words)))
        found += self._named_things()
        other = _must_patterns()["other_channel"]
        for words, kind, start, end in sorted(found, key=lambda f: f[2]):
            if any(start < b and a < end for a, b in self.copy_spans):
                continue
            if any(start < m.end and m.start < end for m in self.musts):
                continue  # already a must-say ('say "bit.ly/x"')
            if other.search(self._clause_before(start)):
                continue
            if any(words == must.words for must in self.musts):
                continue
            # the first send carries it: "a recall reminder ..., from Dr. Lee's team" names the
            # campaign, not a later send
            self.musts.append(MustSay(words=words, kind=kind, start=start, end=end))

    def _named_things(self) -> list[tuple[str, MustKind, int, int]]:
        """ "the new AeroLite 3 is out", "our Gruyère is back", "invite them to our Spring Open Day":
        a product or event the campaign is about, named so no planner sentence would say it (a digit,
        an inner capital, an accent, two capitalised words), kept as written. A run of capitals with
        no word before or after it that makes the campaign about it is no name (silence over a guess)."""
        v = _vocab()["verbatim"]["named_thing"]
        p = _verbatim_patterns()
        not_first = set(v["not_first"])
        drop_first = set(v["drop_first"])
        audience = set(load_vocabulary("audience_roles")["nouns"]) | set(
            _vocab()["subject"]["audience_nouns"]
        )
        found: list[tuple[str, MustKind, int, int]] = []
        for m in self.scan(_NAME_RUN_RE):
            words = m.group(0).rstrip(".,;:!?'’&- ")
            start = m.start()
            # "Our Gruyère is back": the possessive opening the sentence is no part of the name
            while words.split()[:1] and words.split()[0].lower() in drop_first:
                head = words.split()[0]
                start = self.text.index(head, start) + len(head)
                words = words[len(head) :].lstrip()
                start = self.text.index(words, start) if words else start
            tokens = words.split()
            if not tokens or len(words) < 3 or tokens[0].lower().strip(".") in not_first:
                continue
            if tokens[0].isupper() and len(tokens[0]) > 1:
                continue  # a code or a reply keyword ("BACK15", "YES"), not a name
            caps = sum(1 for t in tokens if t[:1].isupper())
            # German capitalises every noun and has umlauts in plain words: only a digit, an
            # inner capital or a foreign accent names a thing there
            foreign = r"[^\x00-\x7FäöüÄÖÜß]" if self.language == "de" else r"[^\x00-\x7F]"
            named = (
                any(c.isdigit() for c in words)
                or re.search(r"[a-zà-ÿ][A-Z]", words) is not None
                or re.search(foreign, words) is not None
                or (caps >= 2 and self.language != "de")
            )
            following = re.match(r"\s+([^\W\d_]+)", self.text[start + len(words) :])
            if (
                not named
                or _names_audience(words, self.language)
                or (following is not None and following.group(1).lower() in audience)
            ):
                continue  # "our Los Angeles customers" names a group of people, not a thing
            end = start + len(words)
            if not (
                p["name_before"].search(self.text[max(0, start - 40) : start])
                or p["name_after"].match(self.text[end : end + 40])
            ):
                continue
            found.append((words, "words", start, end))
        return found

    def _sentence_of(self, start: int, end: int) -> str:
        """The sentence of the brief the words at `start`..`end` stand in."""
        first = max((e.end() for e in _SENTENCE_END_RE.finditer(self.text, 0, start)), default=0)
        stop = _SENTENCE_END_RE.search(self.text, end)
        return self.text[first : stop.start() if stop else len(self.text)]

    def _unquoted_musts(self, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """'the word cheese has to be in there', 'Das Wort Trikot muss drinstehen', '(say sticker)':
        the same words without quotes, when their sentence says they must be in a message."""
        patterns, need, not_first = _unquoted_patterns()
        more: list[tuple[str, int, int]] = []
        for pattern, needs_cue in patterns:
            for m in self.scan(pattern):
                words = m.group("w").strip()
                start, end = m.start("w"), m.start("w") + len(words)
                if not words or words.split()[0].lower() in not_first or "=" in words:
                    continue
                if len(words.split()) > _MAX_MUST_WORDS or self._overlaps(start, end):
                    continue
                if any(a < end and start < b for _, a, b in found + more):
                    continue
                values = _labelled_values(self.text, words, end)
                if values:  # "mention the date, June 14, and the address, ...": the values, not "the date"
                    more += [v for v in values if not any(a < v[2] and v[1] < b for _, a, b in found + more)]
                    self.taken.append((m.start(), values[-1][2]))
                    continue
                sentence_start = max(
                    (e.end() for e in _SENTENCE_END_RE.finditer(self.text, 0, start)), default=0
                )
                stop = _SENTENCE_END_RE.search(self.text, end)
                sentence = self.text[sentence_start : stop.start() if stop else len(self.text)]
                if not needs_cue or need.search(sentence):
                    more.append((words, start, end))
                    self.taken.append((m.start(), end))
        return more

    def _clause_before(self, start: int) -> str:
        """The words of the clause before `start` (from the last comma, semicolon or sentence end)."""
        clause_start = max(
            (m.end() for m in re.finditer(r"[.!?](?=\s)|[\n|;,:]", self.text[:start])), default=0
        )
        return self.text[clause_start:start]

    def told(self) -> None:
        p = _patterns()
        for pattern in [*p["tell"], p["audience_colon"]]:
            for m in self.scan(pattern):
                start = m.end()
                end = self._end(start, min(len(self.text), start + _MAX_CONTENT))
                if self._overlaps(m.start(), end):
                    continue
                self._add(self.text[start:end], m.start(), end, how="told", person=True)

    def mentions(self) -> None:
        """ "mention the sunrise session", "celebrate the first snow of the season", "hablar del
        nuevo menú", "it's our anniversary": what a send must mention, in the brief's own words."""
        p = _patterns()
        contractions: dict[str, str] = _vocab()["mention_contractions"].get(self.language, {})
        stop = set(_vocab()["about_stop"])
        not_first = set(_vocab()["mention_not_first"])
        for pattern, frame in p["mentions"].get(self.language, []):
            for m in self.scan(pattern):
                start = m.end()
                limit = min(len(self.text), start + _MAX_CONTENT)
                end = min(self._end(start, limit), _cut(p["mention_cut"], self.text, start + 1, limit))
                if self._overlaps(m.start(), end):
                    continue
                content = self.text[start:end].strip()
                head, _, rest = content.partition(" ")
                if head.lower() in contractions and rest:
                    content = f"{contractions[head.lower()]} {rest}"
                words = content.split()
                if not words or (words[-1].lower().strip(",") in stop and len(words) <= 3):
                    continue  # "mention the sale", "highlight the link": a kind of step
                if words[0].lower() in not_first or re.search(r"[=_{]", content):
                    continue  # "asking them to reply STAY", "mark x = y": an instruction, not content
                self._add(content, m.start(), end, how="mention", person=True, frame=frame)
        if self.language == "en":
            for m in self.scan(p["brand_voice"]):
                end = self._end(m.start(), min(len(self.text), m.start() + _MAX_CONTENT))
                if not self._overlaps(m.start(), end):
                    self._add(self.text[m.start() : end], m.start(), end, how="told", person=False)

    def questions(self) -> None:
        """ "ask if they need more stock" -> "Do you need more stock?": the question the send asks."""
        p = _patterns()
        verbs: dict[str, str] = _vocab()["ask_verbs"]
        for m in self.scan(p["ask"]):
            start = m.end()
            end = self._end(start, min(len(self.text), start + _MAX_CONTENT))
            if self._overlaps(m.start(), end):
                continue
            rest = _second_person(self.text[start:end].strip().replace("\u2019", "'"))
            head = next(
                (v for v in sorted(verbs, key=len, reverse=True) if re.match(rf"{re.escape(v)}\b", rest)),
                None,
            )
            question = f"{verbs[head]} {rest[len(head) :].strip()}" if head is not None else f"Do you {rest}"
            self._add(question.rstrip(" .?") + "?", m.start(), end, how="told", person=False)

    def abouts(self) -> None:
        p = _patterns()
        stop = set(_vocab()["about_stop"])
        for m in self.scan(p["about"]):
            if self._overlaps(m.start("c"), m.end("c")):
                continue
            phrase = m.group("c").strip()
            as_message = p["about_suffix"].search(phrase)
            if as_message:
                phrase = phrase[: as_message.start()].strip()
            determiner, _, thing = phrase.partition(" ")
            if determiner.lower() in ("a", "an") and not as_message:
                continue  # "send a reminder": a kind of step, not what it is about
            # "the regular new arrivals text": the thing, without the words that say how it is sent
            plain = p["about_adjectives"].sub("", thing)
            if plain != thing or determiner.lower() in ("a", "an"):
                phrase = plain
            words = plain.split()
            if not words or words[-1].lower().strip(",") in stop or re.search(r"[\d%$€£{]", phrase):
                continue
            if re.search(
                r"\b(?:who|whose|that\s+have|that\s+haven't)\b", phrase, re.I
            ):  # "text our members who ..."
                continue
            self._add(phrase, m.start("c"), m.end("c"), how="about", person=True, about=True)

    def subject(self) -> str | None:
        """A heading the brief opens with ("Harvest market weekend: ..."), without its label words."""
        p = _patterns()
        labels = set(_vocab()["subject"]["labels"])
        for alert in p["alert_heading"]:
            # "Fresh snow alert for ...", "Alerta de nieve nueva para ...", "Neuschnee-Alarm für ...":
            # the alert's topic is the subject, without the alert word
            a = alert.match(self.text)
            if a and not p["instruction"].match(a.group("h")):
                return self._subject(a.group("h").strip(), a.start("h"))
        m = p["heading"].match(self.text)
        if m is None:
            return self._product_line()
        heading = m.group("h").strip()
        cut = p["subject_cut"].search(heading)
        if cut:
            heading = heading[: cut.start()].strip()
        heading = p["subject_drop"].sub("", heading).strip(" -–—,")
        words = heading.split()
        if (
            not words
            or len(words) > _vocab()["subject"]["max_words"]
            or heading.lower() in labels
            or p["instruction"].match(heading)
            or re.search(r"[\d%$€£{=]", heading)
            or (heading.isupper() and len(words) == 1)
            or _names_audience(heading, self.language)
        ):
            return None
        return self._subject(heading, m.start("h"))

    def _product_line(self) -> str | None:
        """The subject of a brief that is only a product line and its offer ("new cold brew range
        10% off"): the words before the offer, in the brief's own language."""
        p = _patterns()
        offer = p["offer_tail"].search(self.text)
        if offer is None or not p["offer_tail_words"].match(self.text[offer.end() :]):
            return None
        line = self.text[: offer.start()]
        subject = line.strip(" -–—,:")
        words = subject.split()
        if (
            len(words) < 2
            or len(words) > _vocab()["subject"]["max_words"]
            or re.search(r"[%$€£{=\n.!?;:]", subject)
            or (p["instruction"].match(subject) and not p["noun_phrase_start"].match(subject))
        ):
            return None
        return self._subject(subject, line.find(subject))

    def _subject(self, words: str, start: int) -> str:
        """`words` (at `start` in the brief) as the campaign's subject, its source recorded."""
        self.subject_sources.append(
            FactSource(
                fact="stated.subject",
                value=words,
                how="stated",
                words=words,
                start=start,
                end=start + len(words),
            )
        )
        return _sms_safe(words)

    def variables(self) -> list[str]:
        names: list[str] = []
        for m in self.scan(_VARIABLE_RE):
            if any(a <= m.start() < b for a, b in self.copy_spans):
                continue  # a quoted SMS carries its own variables
            name = m.group(1).strip()
            if name not in names:
                names.append(name)
        return names

    # ------------------------------------------------------------------ helpers

    def _end(self, start: int, limit: int) -> int:
        """Where content that starts at `start` stops: a reply instruction, a condition, the next step."""
        m = _patterns()["end"].search(self.text, start, limit)
        return m.start() if m else limit

    def _overlaps(self, start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in self.taken)

    def _add(
        self,
        content: str,
        start: int,
        end: int,
        *,
        how: How,
        person: bool,
        order: int | None = None,
        about: bool = False,
        frame: Frame | None = None,
    ) -> None:
        content = content.strip().strip(" ,;:-–—").strip()
        if person and self.language == "en":
            content = _second_person(content)
        content = _sms_safe(content)
        if len(content) < 3 or len(content) > _MAX_CONTENT:
            return
        if _patterns()["offer"].search(content) and not _price_only(content):
            return  # an offer is the planner's own sentence, checked against the discount it applies
        if any(content.lower() == m.content.lower() for m in self.found):
            return
        self.taken.append((start, end))
        self.found.append(
            StatedMessage(
                content=content,
                about=about,
                how=how,
                order=order,
                branch=self._branch(start),
                frame=frame,
                sentence=len(_SENTENCE_END_RE.findall(self.text, 0, start)),
                words=self.text[start:end],
                start=start,
                end=end,
            )
        )

    def _branch(self, start: int) -> Branch | None:
        """The branch the clause around `start` puts a message on, from the words before it."""
        clause_start = max(
            (m.end() for m in re.finditer(r"[.!?](?=\s)|[\n|;]", self.text[:start])),
            default=0,
        )
        before = self.text[clause_start:start]
        branches: dict[str, re.Pattern[str]] = _patterns()["branch"]
        for name, pattern in branches.items():
            if pattern.search(before):
                return "other_times" if name == "other_times" else "no_reply"
        return None


def _folded(word: str) -> str:
    """ "Sí" -> "si": a reply word without case or accents."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


_SENTENCE_END_RE = shaped_re.compile(r"[.!?](?=\s)|[\n|;]")
# a run of capitalised words and numbers ("AeroLite 3", "Spring Open Day", "Café Ñandú")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’&-]*"
# (a lower-case link word between two capitalised ones belongs to it: "Fête des Voisins")
_NAME_LINK = r"(?:of|the|de|des|du|del|la|le|von|der|zum|zur)[ \t]+(?=[A-ZÀ-ÖØ-Þ])"
_NAME_RUN_RE = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:[ \t]+(?:{_NAME_LINK})?(?:{_NAME_WORD}|\d[\w-]*(?![\w.,:/]\d)|&)){{0,4}}"
)
_SIGN_OFF_END_RE = re.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)(?<!\bSt)\.\s")
_UPPER_WORD = r"(?-i:[A-ZÄÖÜÁÉÍÓÚÑÇ]{2,12})"


@lru_cache(maxsize=8)
def _answer_pattern(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The per-answer clause of `language` and the start of the next one (content ends there)."""
    v = _vocab()["answers"]
    lang = v.get(language)
    if lang is None:
        return None
    # a bare keyword is one written in capitals ("NO ->"); after "if"/"si"/"bei" any word is one
    answer = (
        rf"(?:{lang['range']}|{lang['pair']}|(?P<one>\d{{1,2}})(?!\d)|(?P<kw>{_UPPER_WORD})\b"
        rf"|(?<=\s)(?P<word>[^\W\d_]{{2,12}})(?<=\w)\b)(?!{v['not_an_answer_after']})"
    )
    head = rf"(?:(?<![\w-])(?P<trigger>{lang['trigger']})|(?<![\w$€£%.,-]))"
    pattern = shaped_re.compile(
        rf"{head}{answer}{lang['after']}{v['connector']}"
        rf"(?:(?P<tell>{lang['tell']})|(?P<invite>{lang['invite']})|(?P<review>{lang['review']}))",
        re.I,
    )
    following = shaped_re.compile(
        rf",?\s*(?:and\s+|or\s+|y\s+|et\s+|und\s+)?(?:{lang['trigger']})?\s*"
        rf"(?:{lang['range'].replace('?P<lo>', '').replace('?P<hi>', '')}"
        rf"|{lang['pair'].replace('?P<a>', '').replace('?P<b>', '')}|\d{{1,2}}|{_UPPER_WORD})"
        rf"{lang['after']}\s*(?:->|→|=>|=|:)",
        re.I,
    )
    return pattern, following


def _answer_of(m: re.Match[str]) -> tuple[str | None, list[int]]:
    """The reply word (lower-case) or the scores an answer clause names."""
    if m.group("lo") is not None:
        low, high = int(m.group("lo")), int(m.group("hi"))
        return None, list(range(low, high + 1)) if low <= high <= 10 else []
    if m.group("a") is not None:
        return None, sorted({int(m.group("a")), int(m.group("b"))})
    if m.group("one") is not None:
        return None, [int(m.group("one"))]
    if m.group("kw") is not None:
        return m.group("kw").lower(), []
    # a word in lower case is an answer only after "if"/"si"/"bei" ("si no", "if yes")
    if m.group("trigger") and m.group("word"):
        return m.group("word").lower(), []
    return None, []


def _answer_content(raw: str, m: re.Match[str], language: str) -> str | None:
    """The sentence the answer's message says, from the brief's words after its tell verb."""
    content = _sms_safe(raw).rstrip(" ,;:-–—")
    if len(content) < 3 or re.search(r"[{}=]", content):
        return None
    if _patterns()["offer"].search(content) and not _price_only(content):
        return None  # an offer is the planner's own sentence, checked against the discount
    person: dict[str, str] = _vocab()["answers"]["person"].get(language, {})
    if language == "en":
        content = _second_person(content)
    elif person:
        words = "|".join(re.escape(w) for w in sorted(person, key=len, reverse=True))
        content = re.sub(
            rf"(?<![\w'’-])(?:{words})(?![\w'’-])", lambda w: person[w.group(0).lower()], content, flags=re.I
        )
    frames: dict[str, str] = _vocab()["answers"]["frames"].get(language, {})
    for frame in ("invite", "review"):
        if m.group(frame) and frame in frames:
            if language == "de" and frame == "invite":
                content = re.sub(r"\s+ein$", "", content)
            return frames[frame].format(x=content)
    if language == "de":
        main = _german_main_clause(content)
        if main is None:
            return None
        content = main
    content = content[:1].upper() + content[1:]
    return content if content[-1:] in ".!?" else f"{content}."


def _german_main_clause(clause: str) -> str | None:
    """ "sich unser Support meldet" -> "Unser Support meldet sich": a "dass" clause, its verb last,
    as a main clause (the verb second); None when its subject cannot be told."""
    v = _vocab()["answers"]["de_main_clause"]
    words = clause.rstrip(".!?").split()
    if len(words) < 2:
        return None
    verb, rest = words[-1], words[:-1]
    infinitive: list[str] = []
    if verb.lower() in v["auxiliaries"] and len(rest) >= 2 and rest[-1][:1].islower():
        verb, infinitive, rest = verb, [rest[-1]], rest[:-1]  # "anrufen wird": the auxiliary is second
    lead: list[str] = []
    while rest and rest[0].lower() in ("sich", "dich", "dir", "uns", "euch"):
        lead.append(rest.pop(0))
    if not rest:
        return None
    first = rest[0].lower()
    if first in v["subject_pronouns"]:
        subject, others = rest[:1], rest[1:]
    elif first in v["determiners"]:
        noun = next((i for i, w in enumerate(rest[1:4], 1) if w[:1].isupper()), None)
        if noun is None:
            return None
        subject, others = rest[: noun + 1], rest[noun + 1 :]
    else:
        return None
    prefix = ""
    if not infinitive and verb[:1].islower():
        lowered = verb.lower()
        for p in v["separable_prefixes"]:
            if (
                lowered.startswith(p)
                and len(lowered) - len(p) >= 4
                and not any(lowered.startswith(n) for n in v["not_separable"])
            ):
                prefix, verb = p, verb[len(p) :]
                break
    # the customer spoken to: "wir sie morgen zurückrufen" -> "Wir rufen dich morgen zurück"
    others = ["dich" if w == "sie" else w for w in others]
    sentence = [*subject, verb, *lead, *others, *infinitive] + ([prefix] if prefix else [])
    return " ".join(sentence[:1]).capitalize() + " " + " ".join(sentence[1:])


def _price_only(content: str) -> bool:
    """ "our gift cards start at $75": every amount in `content` is a price, and it states no offer."""
    p = _patterns()
    amounts = list(p["money"].finditer(content))
    if not amounts or p["price_not_offer"].search(content):
        return False
    return all(p["price_cue"].search(content[: m.start()]) for m in amounts)


def _cut(pattern: re.Pattern[str], text: str, start: int, limit: int) -> int:
    m = pattern.search(text, start, limit)
    return m.start() if m else limit


def _unquote(raw: str) -> str | None:
    """The words inside quotes that span the whole of `raw`, else None."""
    stripped = raw.strip().rstrip(".")
    for left, right in (('"', '"'), ("\u201c", "\u201d"), ("'", "'"), ("\u2018", "\u2019")):
        if len(stripped) > 2 and stripped.startswith(left) and stripped.endswith(right):
            return stripped[1:-1]
    return None


def _second_person(content: str) -> str:
    """ "their order is packed" -> "your order is packed": the message speaks to the customer."""
    person: dict[str, str] = _vocab()["person"]

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        new = person[word.lower()]
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    return str(_patterns()["person"].sub(swap, content))


def _local_person(content: str, language: str) -> str:
    """ "leur commande est prête" -> "votre commande est prête": the polite second person."""
    person: dict[str, str] = _vocab()["person_local"].get(language, {})
    if not person:
        return content
    words = "|".join(re.escape(w) for w in sorted(person, key=len, reverse=True))
    return re.sub(
        rf"(?<![\w'’-])(?:{words})(?![\w'’-])", lambda m: person[m.group(0).lower()], content, flags=re.I
    )


def _sms_safe(content: str) -> str:
    """One line of plain words: no line breaks or doubled spaces, no wrapping quotes."""
    content = re.sub(r"\s+", " ", content).strip()
    return content.strip("\"'\u2018\u2019\u201c\u201d ").strip()


def _names_audience(heading: str, language: str) -> bool:
    """Whether a heading names who the texts go to ("Stammkunden", "Members whose plan is annual",
    "Clientes frecuentes", "VIPs"): an audience label, never what the messages are about. Its head
    noun (before a "whose"/"que"/"qui"/"die" clause) is an audience noun or a German compound of one
    ("Neukunden"): the last word in English and German ("Members night" is an event), the first in
    Spanish and French ("Soirée clients" is an event) unless a leading adjective opens it
    ("Nouveaux clients")."""
    v = _vocab()["subject"]
    nouns = set(load_vocabulary("audience_roles")["nouns"]) | set(v["audience_nouns"])
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", heading.lower())
    relative = set(v["audience_relatives"])
    head = words[: next((i for i, w in enumerate(words) if w in relative), len(words))]
    if not head:
        return False
    if language in ("es", "fr"):
        if len(head) > 1 and head[0] in v["audience_leading_adjectives"]:
            head = head[1:]
        return head[0] in nouns
    last = head[-1]
    return last in nouns or any(last.endswith(tail) and last != tail for tail in v["audience_compound_tails"])
