"""Planning cues: the brief's words that shape how a flow is built, read once by the interpreter.

The offline planner needs more from a brief than the campaign facts of `CampaignBrief`: whether
it names a node type outright ("send a purchase offer"), how a product choice picks ("based on
their purchase history"), the score groups of a survey ("4-5 get a review request"), whether a
wait is written before the first send, whether the follow-up is mentioned before or after a
discount, what a holiday flow does outside its windows, and so on. Those cues are read here,
once, from the brief's own words, and carried on the brief as `BriefCues`, each stated cue with
its source span (`sources`), so no planner or editor scans the raw text again.

The phrase patterns are data in `vocab/cues.json`, matched against the lower-cased brief
(except the poll options, where a single capital letter is an answer: "reply A for ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from flowgen_core import regex_shape as shaped_re
from flowgen_core.brief.clauses import MAX_SCAN_CHARS
from flowgen_core.brief.excepted import left_out_gets_own_send
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.timing import outside_hours_end_pattern
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.regex_gate import may_match

NamedStep = Literal["purchase_offer", "product_choice"]
Selection = Literal["manually", "automatically", "recently_viewed", "popularity"]


class _Offer(Protocol):
    """What the cue reader needs of a `Discount` (kept structural: model.py imports this module)."""

    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> str | None: ...
    @property
    def code(self) -> str | None: ...


def offer_key(offer: _Offer) -> str:
    """How `BriefCues.offer_at` names one discount of the brief."""
    return f"{offer.kind}:{offer.value or ''}:{offer.code or ''}"


class BriefCues(BaseModel):
    """The planning cues of one brief; offsets are into `CampaignBrief.text`."""

    named_step: NamedStep | None = None  # "send a purchase offer", "let them pick"
    # "both should be a purchase offer": the reminders are that step too, not a plain nudge
    named_step_each_send: bool = False
    selection: Selection | None = None  # how a product choice picks its products
    personalized: bool = False  # "personalised picks": a personalized message
    score_scale: tuple[int, int] | None = None  # "rate us 1 to 5" -> (1, 5); NPS -> (0, 10)
    score_ranges: list[tuple[int, int]] = Field(default_factory=list)  # "4-5", "0 to 6"
    score_pairs: list[tuple[int, int]] = Field(default_factory=list)  # "9 or 10", "4/5"
    purchase_context: bool = False  # orders, purchases, customers or deliveries are mentioned
    whole_list: bool = False  # "everyone on the list", "all subscribers": no playbook audience assumed
    other_times_message: bool = False  # outside the windows something is still sent
    drip_subject: str | None = None  # "tips about cold brew" -> "cold brew"
    new_line: str | None = None  # "our new spring line" -> "new spring line"
    occasion: str | None = None  # "Christmas", "Mother's Day"
    gift_guide: bool = False
    asks_review: bool = False
    open_questions: bool = False  # "text us anytime", "reply with questions"
    # the brief asks for products, recommendations, a catalogue, a cart or a sale ("reply SHOP
    # for our picks", "recomiéndales productos"): without it a generic flow sells nothing itself
    shopping: bool = False
    welcome_follow_up: bool = False  # the welcome names something after it (products, "then")
    rest_of_audience: bool = False  # "everyone else", "the rest", "non-VIPs" get their own send
    # "everyone except donors gets the ask; donors get a thank-you instead": the group the
    # audience leaves out gets a send of its own (`brief/excepted.py`)
    left_out_send: bool = False
    wait_before_send: bool = False  # "wait 1 hour, then send": a wait written before the first send
    outside_hours_end: bool = False  # arriving outside the send hours ends the flow
    updates_after_purchase: bool = False  # "customers who buy ... set ...": updates mark buyers
    updates_on_no_reply: bool = False  # "no reply ... mark ...": updates mark the silent
    follow_up_at: int | None = None  # where the brief starts talking about the follow-up
    # where the brief moves on to a next step ("then", "still no reply", "last chance")
    next_step_at: list[int] = Field(default_factory=list)
    offer_at: dict[str, int] = Field(default_factory=dict)  # offer_key -> where it is written
    poll_options: dict[str, str] = Field(default_factory=dict)  # "1" -> "new arrivals"
    currency: str | None = None  # what the brief prices in: "$", "€", "£", "CHF"

    sources: list[FactSource] = Field(default_factory=list)  # cue.<name> -> its words

    def step_between(self, first: _Offer, second: _Offer) -> bool:
        """True when the brief moves on to a next step between where `first` and `second` are
        written ("15% off, then free shipping"), False beside each other ("20% off and free shipping")."""
        a, b = self.offer_at.get(offer_key(first)), self.offer_at.get(offer_key(second))
        if a is None or b is None:
            return False
        low, high = min(a, b), max(a, b)
        return any(low < at < high for at in self.next_step_at)

    def written_after_follow_up(self, offer: _Offer) -> bool:
        """True when `offer` is written after the follow-up is first mentioned."""
        at = self.offer_at.get(offer_key(offer), -1)
        return self.follow_up_at is not None and at > self.follow_up_at


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    raw = load_vocabulary("cues")
    one = {
        key: shaped_re.compile(value)
        for key, value in raw.items()
        if isinstance(value, str) and not key.startswith("_") and key != "poll_option"
    }
    return {
        **one,
        "named_step": [(name, shaped_re.compile(p)) for name, p in raw["named_step"].items()],
        "selection": [(name, shaped_re.compile(p)) for name, p in raw["selection"]],
        "occasions": [(shaped_re.compile(p), name) for p, name in raw["occasions"]],
        "offer_words": dict(raw["offer_words"]),
        "currency": _currency_pattern(raw["currency"]),
        # case matters: "reply A for ..." (a capital letter is an answer, "a" is an article)
        "poll_option": shaped_re.compile(raw["poll_option"]),
    }


def _currency_pattern(marks: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A currency mark or word written next to a number ("€10", "10 EUR", "20 quid", "CHF 15"),
    and which currency each one names."""
    names = {word.lower(): symbol for symbol, words in marks.items() for word in words}
    alts = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))
    mark = rf"(?P<m>{alts})"
    # a word mark ends at a word boundary ("10 euros", not "10 europeans"); a symbol needs none
    number = r"\d+(?:[.,]\d+)?"
    pattern = shaped_re.compile(rf"(?<!\w){mark}\s?{number}|{number}\s?(?P<n>{alts})(?![a-z])", re.I)
    return pattern, names


@lru_cache(maxsize=1)
def _currency_word_pattern() -> re.Pattern[str]:
    """A currency named by a word alone ("zehn Euro", "prices in pounds")."""
    words = [
        w for ws in load_vocabulary("cues")["currency"].values() for w in ws if w.isalpha() and len(w) > 3
    ]
    return shaped_re.compile(r"\b(?P<m>" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I)


class _Reader:
    def __init__(self, text: str) -> None:
        # Only the part of the brief the interpreter reads: cue reading must not grow past it.
        text = text[:MAX_SCAN_CHARS]
        stripped = text.strip()
        self.offset = len(text) - len(text.lstrip())
        self.text = stripped
        low = stripped.lower()
        # offsets are only kept when lower-casing kept the length (it nearly always does)
        self.low = low
        self.aligned = len(low) == len(stripped)
        self.sources: list[FactSource] = []

    def note(self, fact: str, m: re.Match[str], value: object = True) -> None:
        start, end = m.start(), m.end()
        name = f"cue.{fact}"
        index = sum(1 for s in self.sources if s.fact == name)
        if not self.aligned or start == end:
            self.sources.append(FactSource(fact=name, index=index, value=str(value), how="assumed"))
            return
        self.sources.append(
            FactSource(
                fact=name,
                index=index,
                value=str(value),
                how="stated",
                words=self.text[start:end],
                start=start + self.offset,
                end=end + self.offset,
            )
        )

    def search(self, fact: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
        # most flags' words are absent from a brief: skip their scan (the same answer, None)
        if not may_match(pattern, self.low, self.low):
            return None
        m = pattern.search(self.low)
        if m is not None:
            self.note(fact, m)
        return m

    def flag(self, fact: str) -> bool:
        return self.search(fact, _patterns()[fact]) is not None


def _currency(r: _Reader) -> str | None:
    pattern, names = _patterns()["currency"]
    m = r.search("currency", pattern) or r.search("currency", _currency_word_pattern())
    if m is None:
        return None
    return names[(m.group("m") or m.group("n")).lower()]


def read_cues(text: str, offers: Sequence[_Offer] = ()) -> BriefCues:
    """The planning cues of the brief `text`; `offers` are its discounts (for `offer_at`)."""
    if not text.strip():
        return BriefCues()
    r = _Reader(text)
    p = _patterns()
    low = r.low
    cues = BriefCues(
        personalized=r.flag("personalized"),
        purchase_context=r.flag("purchase_context"),
        whole_list=r.flag("whole_list"),
        gift_guide=r.flag("gift_guide"),
        asks_review=r.flag("review"),
        open_questions=r.flag("open_questions"),
        shopping=r.flag("shopping"),
        welcome_follow_up=r.flag("welcome_follow_up"),
        rest_of_audience=r.flag("rest_of_audience"),
        left_out_send=left_out_gets_own_send(text),
        updates_after_purchase=r.flag("update_after_purchase"),
        updates_on_no_reply=r.flag("update_on_no_reply"),
        currency=_currency(r),
        outside_hours_end=r.search("outside_hours_end", outside_hours_end_pattern()) is not None,
    )
    cues.named_step = next((name for name, pat in p["named_step"] if r.search("named_step", pat)), None)
    cues.named_step_each_send = r.flag("named_step_each_send")
    cues.selection = next((name for name, pat in p["selection"] if r.search("selection", pat)), None)
    cues.occasion = next((name for pat, name in p["occasions"] if r.search("occasion", pat)), None)
    _read_scores(r, cues)
    other = p["other_times"].search(low)
    if other and not p["other_times_silent"].search(low):
        cues.other_times_message = True
        r.note("other_times_message", other)
    if m := r.search("drip_subject", p["drip_subject"]):
        cues.drip_subject = m.group(1).strip()
    if m := r.search("new_line", p["new_line"]):
        cues.new_line = m.group(1)
    wait = p["lead_wait"].search(low)
    if wait is not None:
        send = p["send_verb"].search(low)
        # "a week later, send a reminder": the wait times the follow-up, not the first send
        clause = re.split(r"[.;!?\n]", low[wait.end() :], maxsplit=1)[0]
        times_follow_up = p["follow_up"].search(clause) is not None
        # "a hello with 10% off, then wait 3 days and ...": a wait said after "then" follows a send
        after_a_send = p["wait_after_a_send"].search(low[max(0, wait.start() - 30) : wait.start()])
        if not (times_follow_up or after_a_send) and (send is None or wait.start() < send.start()):
            cues.wait_before_send = True
            r.note("wait_before_send", wait)
    if not cues.wait_before_send and (entry := p["wait_after_entry"].search(low)):
        # "send a welcome 2 hours after they join": timed from the customer's entry, the wait
        # comes first wherever it is written, unless a follow-up is talked about before it
        follow = p["follow_up"].search(low)
        if follow is None or entry.start() < follow.start():
            cues.wait_before_send = True
            r.note("wait_before_send", entry)
    if m := r.search("follow_up", p["follow_up"]):
        cues.follow_up_at = m.start() + r.offset
        cues.next_step_at = [n.start() + r.offset for n in p["next_step"].finditer(low)]
    for offer in offers:
        at = _offer_position(r, offer)
        if at is not None:
            cues.offer_at.setdefault(offer_key(offer), at)
    cues.poll_options = _poll_options(r)
    cues.sources = r.sources
    return cues


def _read_scores(r: _Reader, cues: BriefCues) -> None:
    p = _patterns()
    if m := r.search("score_scale", p["score_scale"]):
        cues.score_scale = (int(m.group(1)), int(m.group(2)))
    elif r.search("score_scale", p["score_nps"]):
        cues.score_scale = (0, 10)
    for m in p["score_range"].finditer(r.low):
        cues.score_ranges.append((int(m.group(1)), int(m.group(2))))
    for m in p["score_pair"].finditer(r.low):
        cues.score_pairs.append((int(m.group(1)), int(m.group(2))))


def _offer_position(r: _Reader, offer: _Offer) -> int | None:
    if offer.kind == "code":
        pattern = re.escape((offer.code or "~").lower())
    else:
        template = _patterns()["offer_words"].get(offer.kind)
        if template is None:
            return None
        pattern = template.replace("{value}", offer.value or "")
    try:
        m = re.search(pattern, r.low)
    except re.error:
        return None
    return None if m is None else m.start() + r.offset


def _poll_options(r: _Reader) -> dict[str, str]:
    """'reply 1 for new arrivals, 2 for sale items' -> {"1": "new arrivals", "2": "sale items"}."""
    if not _patterns()["reply_verb"].search(r.low):
        return {}
    options: dict[str, str] = {}
    for m in _patterns()["poll_option"].finditer(r.text):
        key = m.group(1).lower()
        if key not in options:
            options[key] = m.group(2).strip().lower()
            r.note("poll_option", m, key)
    return options


# Cues a brief in another language may take from its English cue words (`glossary.py`): yes/no
# cues and the node or selection it names. Cues that carry words (a subject, a product line, an
# occasion, poll answers) would put English into copy written in the brief's language.
_TRANSLATABLE_CUES = (
    "named_step", "named_step_each_send", "selection", "personalized", "purchase_context", "whole_list",
    "other_times_message", "gift_guide", "asks_review", "open_questions", "shopping", "welcome_follow_up",
    "rest_of_audience", "left_out_send", "wait_before_send", "outside_hours_end", "updates_after_purchase",
    "updates_on_no_reply", "currency",
)  # fmt: skip


def read_translated_cues(text: str, english: str, offers: Sequence[_Offer] = ()) -> BriefCues:
    """The cues of a Spanish, French or German brief `text`: those its own words state, then those
    `english` (the brief with the glossary's English cue words) adds. Most cue patterns are
    English, so without the second reading "Keine Antwort nach 3 Tagen: Erinnerung senden" would
    name no follow-up. A cue read only from `english` has no words in the brief: it is assumed."""
    own = read_cues(text, offers)
    extra = read_cues(english, offers)
    for name in _TRANSLATABLE_CUES:
        value = getattr(extra, name)
        if value and not getattr(own, name):
            setattr(own, name, value)
            own.sources.append(FactSource(fact=f"cue.{name}", index=0, value=str(value), how="assumed"))
    # positions only compare within one text: take the follow-up, the steps and the offers from
    # the same one, the English reading when the brief's own words miss the follow-up or an offer
    # ("envío gratis" is found only as "free shipping")
    missed_offer = bool(set(extra.offer_at) - set(own.offer_at))
    if extra.follow_up_at is not None and (own.follow_up_at is None or missed_offer):
        own.follow_up_at, own.offer_at = extra.follow_up_at, dict(extra.offer_at)
        own.next_step_at = list(extra.next_step_at)
    return own
