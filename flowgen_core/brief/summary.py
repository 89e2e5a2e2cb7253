""" "What I understood": the facts read from a brief, in a few lines a marketer can check at a glance.

Pure: facts in, lines out. Shells decide where the lines go (CLI stderr, the REST response,
the Slack preview).
"""

from __future__ import annotations

from flowgen_core.brief.clauses import split_clauses
from flowgen_core.brief.destinations import keyword_clause
from flowgen_core.brief.excepted import excepted_spans
from flowgen_core.brief.facts import confirmed_by_default, cues_of, rest_gets_own_send, stated_of
from flowgen_core.brief.intent import campaign_evidence, not_understood
from flowgen_core.brief.model import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    FrequencyCap,
    PropertyUpdate,
    SendHours,
)
from flowgen_core.brief.money import money
from flowgen_core.brief.provenance import locate_sources, source_of

_MAX_QUOTED = 80
_MAX_SOURCE = 60  # characters of the brief's words quoted for one fact


def _condition(c: AudienceCondition) -> str:
    if c.kind == "event":
        verb = "has" if c.operator == "has" else "has not"
        action = (c.action or "done something").replace("_", " ")
        window = f" in the last {c.days} days" if c.days else ""
        return f"{verb} {action}{window}"
    operator = c.property_operator or "with a value of"
    if c.property_value is None:
        return f"{c.property_name} {operator}"
    symbol = {"with a value of": "=", "with a value not equal to": "≠"}.get(operator, operator)
    return f"{c.property_name} {symbol} {c.property_value}"


def _discount(d: Discount, *, currency: str | None = None, item: str | None = None) -> str:
    if d.kind == "percentage":
        return f"{d.value}% off"
    if d.kind == "amount":
        # money off in the currency the brief prices in, as its copy says
        return f"{money(d.value or '', currency)} off"
    if d.kind == "code":
        # a code that gives a free item names what it gives, never money off
        return f"code {d.code} for {item}" if item else f"code {d.code}"
    return "free shipping"


def _duration(d: Duration) -> str:
    unit = d.unit[:-1] if d.value == 1 else d.unit
    return f"{d.value} {unit}"


def _cap(c: FrequencyCap) -> str:
    times = "once" if c.occurrences == 1 else f"{c.occurrences} times"
    return f"at most {times} per {c.timespan} {c.period.lower()}"


def _sequence(brief: CampaignBrief) -> list[_Item]:
    """A stated series as the brief orders it: each send and the wait before it ("text 1, no
    reply after 2 days, text 2, …"); a wait before the first send opens it. Empty when the
    waits do not give every gap."""
    sends = brief.series_length or 0
    if sends < 2:
        return []
    silent = len(brief.no_reply_after) >= sends - 1 and len(brief.waits) < sends - 1
    gaps: list[_Item] = (
        [(f"no reply after {_duration(d)}", "no_reply_wait", i) for i, d in enumerate(brief.no_reply_after)]
        if silent
        else [(f"wait {_duration(d)}", "wait", i) for i, d in enumerate(brief.waits)]
    )
    if len(gaps) < sends - 1:
        return []
    items: list[_Item] = []
    if not silent and len(gaps) >= sends:
        items.append(gaps.pop(0))  # "3 days after an order …": the wait before the first send
    for index in range(sends):
        if index:
            items.append(gaps[index - 1])
        items.append((f"text {index + 1}", "series", index))
    return items


def _max_sends(n: int) -> str:
    return f"at most {n} text{'s' if n != 1 else ''} on any path"


def _quote(words: str) -> str:
    return f'"{words}"' if len(words) <= _MAX_QUOTED else f'"{words[: _MAX_QUOTED - 3]}..."'


def _source_quote(words: str) -> str:
    words = " ".join(words.split())
    return f"“{words}”" if len(words) <= _MAX_SOURCE else f"“{words[: _MAX_SOURCE - 1]}…”"


_WHY = {
    "assumed": "not found in the brief's words",
    "default": "the default: the brief does not say",
}

# one thing shown on a line, and the fact (kind, index into its list) it stands for
_Item = tuple[str, str, int]


class _Lines:
    """Builds the lines; a fact the brief's words do not show goes under "Assumed", never a line."""

    def __init__(self, brief: CampaignBrief) -> None:
        self.brief = brief
        # a brief made by hand (not by extract_brief) is located on demand
        self.sources = brief.sources or (locate_sources(brief) if brief.text.strip() else [])
        self.lines: list[str] = []
        self.assumed: list[str] = []

    def add(self, label: str, items: list[_Item], sep: str = ", ", noun: str = "") -> None:
        """One line of `items`; `noun` names an assumed item on its own ("reply 2")."""
        shown: list[str] = []
        quotes: list[str] = []
        for text, fact, index in items:
            source = source_of(self.sources, self.brief, fact, index)
            if source is not None and source.how != "stated":
                self.assumed.append(f"Assumed: {noun}{text} ({_WHY[source.how]})")
                continue
            # no source: the fact changed after the brief was read (a refinement), so no words
            # of the brief are quoted for it
            shown.append(text)
            if source is not None and source.words and source.words not in quotes:
                quotes.append(source.words)
        if not shown:
            return
        line = f"{label}: " + sep.join(shown)
        # words inside other quoted words ("Reply YES" within "Reply YES for blue, NO for red")
        quotes = [q for q in quotes if not any(q != other and q in other for other in quotes)]
        if quotes:
            line += " — from " + ", ".join(_source_quote(q) for q in quotes)
        self.lines.append(line)


def understood_lines(brief: CampaignBrief) -> list[str]:
    """'What I understood' then 'Not used / assumed' lines for `brief`, each one short sentence.

    A stated fact's line quotes the brief's words it was read from ("Offer: 20% off — from
    “twenty percent off”"); a fact the interpreter inferred or defaulted is listed under
    "Assumed" instead.
    """
    out = _Lines(brief)
    if brief.audience:
        out.add(
            "Audience",
            [(_condition(c), "audience", i) for i, c in enumerate(brief.audience)],
            "; ",
            "audience ",
        )
        _rest_of_audience(brief, out)
    else:
        out.assumed.append("Assumed: everyone who entered the flow (no audience filter was stated)")
    currency = cues_of(brief).currency if brief.discounts else None
    out.add(
        "Offer",
        [
            (_discount(d, currency=currency, item=brief.free_item), "offer", i)
            for i, d in enumerate(brief.discounts)
        ],
        noun="offer ",
    )
    if brief.no_discount and not brief.discounts:
        out.lines.append("Offer: no discount (the brief rules one out)")
    replies = [
        (
            f"{kw.upper()} → {brief.reply_meanings[kw]}" if kw in brief.reply_meanings else kw.upper(),
            "reply",
            i,
        )
        for i, kw in enumerate(brief.reply_keywords)
    ]
    out.add("Replies", replies, noun="reply ")
    # the message each answer gets, as the brief states it ("NO: We'll hold your spot for a week.")
    for answer in stated_of(brief).answers if brief.text.strip() else []:
        out.lines.append(
            f"Reply {answer.label} message: {answer.content} — from {_source_quote(answer.words)}"
        )
    # where each reply leads when the brief says so ("Reply 1 = yes, offer them ... as a purchase offer")
    for kw in brief.reply_keywords:
        where = brief.reply_destinations.get(kw)
        if where in _LEADS_TO:
            words = keyword_clause(brief.text, kw, brief.reply_keywords).strip(" \t,:=-\u2192>")
            source = f" — from {_source_quote(words)}" if words else ""
            out.lines.append(f"Reply {kw.upper()} leads to: {_LEADS_TO[where]}{source}")
    for kw in brief.reply_keywords:
        if confirmed_by_default(brief, kw):
            out.assumed.append(
                f"Assumed: reply {kw.upper()} gets a confirmation text (the brief does not say where it leads)"
            )
    timing = [(f"wait {_duration(d)}", "wait", i) for i, d in enumerate(brief.waits)]
    timing += [
        (f"no reply after {_duration(d)}", "no_reply_wait", i) for i, d in enumerate(brief.no_reply_after)
    ]
    if brief.reminders:
        timing.append((f"{brief.reminders} reminder(s)", "reminders", 0))
    out.add("Timing", timing)
    out.add("Sequence", _sequence(brief), noun="sequence: ")
    caps = [(_cap(c), "cap", i) for i, c in enumerate(brief.frequency_caps)]
    caps += [(f"enter {_cap(c)}", "entry_limit", i) for i, c in enumerate(brief.entry_limits)]
    if brief.max_sends:
        caps.append((_max_sends(brief.max_sends), "max_sends", 0))
    out.add("Caps", caps, "; ", "cap ")
    windows = [
        (w.text or f"{w.start or '?'} – {w.end or '?'}", "send_window", i)
        for i, w in enumerate(brief.send_windows)
    ]
    out.add("Send windows", windows, "; ", "send window ")
    hours = [(_hours_text(h), "send_hours", i) for i, h in enumerate(brief.send_hours)]
    out.add("Send hours (daily)", hours, "; ", "daily send hours ")
    out.add("Updates", [(_update(u), "update", i) for i, u in enumerate(brief.property_updates)])
    if brief.experiment:
        split = "/".join(str(share) for share in brief.experiment.split)
        test = [(f"{brief.experiment.groups}-way split", "test", 0), (f"{split} split", "test_split", 0)]
        out.add("Test", test, noun="test: ")
    out.add(
        "Products",
        [(p.name or p.variant_id, "product", i) for i, p in enumerate(brief.products)],
        noun="product ",
    )
    if not brief.products and cues_of(brief).selection == "manually":
        # picks made by hand need products to list; the flow falls back to the playbook's choice
        out.assumed.append(
            "Assumed: the products shown (the brief asks for products picked by hand but names none)"
        )
    _media(brief, out)
    if brief.playbook:
        out.assumed.append(f"Assumed: a {brief.playbook.replace('_', ' ')} flow")
    _language(brief, out)
    unread = [f"Not used: {_quote(words)}" for words in not_understood(brief.text)]
    # Plain lines: each shell adds its own heading (the CLI's "What I understood:", the Slack
    # preview's bold title, REST's `metadata.understood` field name).
    return (out.lines or ["Nothing specific"]) + unread + out.assumed


# a reply's stated destination (brief/destinations.py), as the summary names it
_LEADS_TO = {
    "latest_cart": "their latest cart, as a purchase offer",
    "purchase_offer": "a purchase offer",
    "popular": "the most popular products",
    "product_choice": "a product choice",
    "confirmation": "a confirmation text",
    "service": "a text back from the team",
}


def _update(update: PropertyUpdate) -> str:
    """'set volunteer_role = cook on reply COOK': the reply whose branch sets it, when one does."""
    setting = f"set {update.name} = {update.value}"
    return f"{setting} on reply {update.on_reply.upper()}" if update.on_reply else setting


def _rest_of_audience(brief: CampaignBrief, out: _Lines) -> None:
    """The second audience of a split ("everyone else a day later"): the customers the audience
    conditions leave out, their own send and the wait before it, as the planner builds it."""
    if cues_of(brief).left_out_send:
        group = next(iter(excepted_spans(brief.text)), None)
        words = brief.text[group[0] : group[1]].strip() if group else ""
        line = "Left out of the audience: their own send, at the same time"
        out.lines.append(f"{line} — from {_source_quote(words)}" if words else line)
        return
    if not rest_gets_own_send(brief):
        return
    words = next(
        (s.words for s in cues_of(brief).sources if s.fact == "cue.rest_of_audience" and s.words), ""
    )
    if brief.waits:
        line = f"Everyone else: their own send, {_duration(brief.waits[0])} after the audience's"
        out.lines.append(f"{line} — from {_source_quote(words)}" if words else line)
    else:
        out.lines.append(
            f"Everyone else: their own send — from {_source_quote(words)}"
            if words
            else "Everyone else: their own send"
        )
        out.assumed.append(
            "Assumed: everyone else gets their send 1 day after the audience (the brief states no wait)"
        )


def _reads_a_fact(brief: CampaignBrief) -> bool:
    """Whether the interpreter took any campaign fact from the brief's words: an audience, an
    offer, a reply, timing, caps, windows, updates, a test, products, stated or quoted copy, a
    picture, a quiz, or a kind of flow (playbook) other than the generic one. A subject alone
    ("Office move Friday: ...") is no campaign fact: "What I understood" shows none."""
    stated = brief.stated
    return bool(
        brief.audience
        or brief.discounts
        or brief.no_discount
        or brief.free_item
        or brief.reply_keywords
        or brief.waits
        or brief.no_reply_after
        or brief.reminders
        or brief.frequency_caps
        or brief.entry_limits
        or brief.send_windows
        or brief.send_hours
        or brief.series_length
        or brief.experiment
        or brief.products
        or brief.quoted_copy
        or brief.property_updates
        or brief.max_segments
        or brief.image_url
        or brief.quiz_questions
        or (stated is not None and (stated.messages or stated.must_say))
        or (brief.playbook and brief.playbook != "generic")
    )


def nothing_read_reason(brief: CampaignBrief) -> str | None:
    """Why a text that passed the first check is still no brief: the interpreter took no campaign
    fact at all from it and most of its clauses went unread ("Not used"), so a flow made from it
    would be the generic one with none of its words. None when anything was read."""
    # money off, a trigger, a goal or a reply keyword in its words is a brief whose facts went
    # unread ("nuevo lanzamiento"), not a text without any; so is a send to an audience
    # ("Prévenir tout le monde : fermé lundi"), a notice whose addressee went unread
    found = campaign_evidence(brief.text).categories
    if (
        _reads_a_fact(brief)
        or {"offer", "trigger", "goal", "replies"} & found
        or {"send", "audience"} <= found
    ):
        return None
    clauses = [c for c in split_clauses(brief.text) if c.text.strip()]
    unread = not_understood(brief.text)
    if clauses and 2 * len(unread) < len(clauses):
        return None
    return "no audience, offer, reply, timing or product could be read from it"


_LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}


def _media(brief: CampaignBrief, out: _Lines) -> None:
    """The picture and the quiz the brief asks for; one asked for without its address or its
    questions is reported, since neither is ever made up."""
    if brief.image_url:
        out.add("Image", [(brief.image_url, "image", 0)])
    elif brief.image_requested:
        out.assumed.append("Not used: an image was asked for but no image URL was given (no image attached)")
    if brief.quiz_questions:
        out.add("Quiz", [(q, "quiz", i) for i, q in enumerate(brief.quiz_questions)], " / ")
        # the planner ties no answer to products yet: every answer leads to the same send
        out.assumed.append(
            "Assumed: every quiz answer leads to the same recommendation (no answer is tied to products)"
        )
    elif brief.quiz_requested:
        out.assumed.append(
            "Not used: a quiz was asked for but the brief names no questions (no quiz planned)"
        )


def _language(brief: CampaignBrief, out: _Lines) -> None:
    """The copy language, when it is not English: stated by a clause, or detected."""
    if brief.language == "en" and brief.source_language == "en":
        return
    name = _LANGUAGE_NAMES.get(brief.language, brief.language)
    source = source_of(out.sources, brief, "language")
    if source is not None and source.how == "stated":
        out.add("Copy language", [(name, "language", 0)])
    else:
        out.assumed.append(f"Assumed: copy written in {name} (detected from the brief's words)")


def fact_lines(brief: CampaignBrief) -> dict[str, str]:
    """The stated facts of `brief` by kind ("Offer" -> "15% off"), in reading order, without
    sources or assumptions: what a flow spec shows and how its change list words a change
    ("Offer: 15% off → 20% off")."""
    facts: dict[str, str] = {}
    if brief.audience:
        facts["Audience"] = "; ".join(_condition(c) for c in brief.audience)
    if brief.discounts:
        currency = cues_of(brief).currency
        facts["Offer"] = ", ".join(
            _discount(d, currency=currency, item=brief.free_item) for d in brief.discounts
        )
    if brief.reply_keywords:
        replies = [
            f"{kw.upper()} → {brief.reply_meanings[kw]}" if kw in brief.reply_meanings else kw.upper()
            for kw in brief.reply_keywords
        ]
        facts["Replies"] = ", ".join(replies)
    timing = [f"wait {_duration(d)}" for d in brief.waits]
    timing += [f"no reply after {_duration(d)}" for d in brief.no_reply_after]
    if brief.reminders:
        timing.append(f"{brief.reminders} reminder(s)")
    if timing:
        facts["Timing"] = ", ".join(timing)
    caps = [_cap(c) for c in brief.frequency_caps] + [f"enter {_cap(c)}" for c in brief.entry_limits]
    caps += [_max_sends(brief.max_sends)] if brief.max_sends else []
    if caps:
        facts["Caps"] = "; ".join(caps)
    if brief.send_windows:
        facts["Send windows"] = "; ".join(
            w.text or f"{w.start or '?'} – {w.end or '?'}" for w in brief.send_windows
        )
    if brief.send_hours:
        facts["Send hours (daily)"] = "; ".join(_hours_text(h) for h in brief.send_hours)
    if brief.property_updates:
        facts["Updates"] = ", ".join(f"set {u.name} = {u.value}" for u in brief.property_updates)
    if brief.experiment:
        facts["Test"] = f"{brief.experiment.groups}-way split {brief.experiment.split}"
    if brief.products:
        facts["Products"] = ", ".join(p.name or p.variant_id for p in brief.products)
    if brief.max_segments:
        facts["Length"] = f"at most {brief.max_segments} SMS segment(s) per message"
    return facts


def _hours_text(hours: SendHours) -> str:
    """ "10:00–18:00 America/Chicago, mon–fri"; a days-only window shows only its days."""
    days = ", ".join(hours.days)
    if days and (hours.start, hours.end) == ("00:00", "23:59"):
        return f"on {days}"
    text = f"{hours.start}–{hours.end}" + (f" {hours.timezone}" if hours.timezone else "")
    return f"{text}, on {days}" if days else text
