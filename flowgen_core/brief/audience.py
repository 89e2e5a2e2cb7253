"""Who the flow is for: event conditions ("ordered in the last 30 days"), property conditions
("tier = gold", "with a loyalty_points property") and VIPs.
"""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import Clause, classify, clause_at, section_labels
from flowgen_core.brief.context import NEGATION_RE, clause_after, clause_before, mentions, widened
from flowgen_core.brief.excepted import excepted_spans, opposite
from flowgen_core.brief.exclusions import other_campaign_spans
from flowgen_core.brief.model import AudienceCondition, PropertyUpdate
from flowgen_core.brief.negated import ruled_out_spans
from flowgen_core.brief.numbers import NUM, UNIT, as_days, parse_duration
from flowgen_core.brief.quotes import QUOTED_VALUE, quoted_value
from flowgen_core.brief.roles import introduced_by_audience, names_new_subscribers
from flowgen_core.brief.timing import without_fillers
from flowgen_core.brief.vocabulary import load_vocabulary

# Words one of which each action pattern needs (see `gated_by`).
_ACTION_GATES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("placed_order_text", False): ("ordered", "order_text", "text order", "sms order"),
    ("placed_order", True): ("non", "no ", "without", "last order", "last purchase"),
    ("placed_order", False): (
        "order",
        "ordrd",
        "purch",
        "bought",
        "shopped",
        "first",
        "recent",
        "buy",
        "shop",
    ),
    ("clicked_link", False): ("click", "clik", "engaged", "link"),
    ("viewed_product", False): ("viewed", "browsed", "looked", "viewers", "visited", "saw"),
    ("started_checkout", False): ("checkout", "checked out"),
    ("added_product_to_cart", False): ("cart", "atc"),
    ("opted_into_sms", False): ("opted", "subscribe", "signed", "signs", "join"),
    ("sent_inbound", False): ("texted",),
    ("received_outbound", False): ("received",),
}

# "placed a wash-n-fold order", "made a first online purchase": up to two words that say which
# kind of order it is still name the order; a preposition or a text channel ends the phrase
_ORDER_MODIFIERS = r"(?:(?!(?:text|sms|no|not|in|on|at|to|for|of|with|by|from|the|and|or|order|orders)\b)[a-z][\w'-]*\s+){0,2}"

_ACTION_PATTERNS: list[tuple[str, bool, tuple[str, ...], re.Pattern[str]]] = [
    # (action, negated by the phrase itself, words one of which must occur, pattern)
    (action, negated, _ACTION_GATES[action, negated], re.compile(pattern, re.I))
    for action, negated, pattern in [
        (
            "placed_order_text",
            False,
            r"\bordered\s+(?:by|via|over)\s+(?:text|sms)|\bplaced\s+(?:a\s+|an\s+)?(?:text|sms)\s+orders?\b"
            r"|\bplaced_order_text\b",
        ),
        (
            "placed_order",
            True,
            r"\bnon-?(?:buyers|purchasers|customers)\b|\bno\s+(?:orders?|purchases?)\b"
            # "customers without an order in 45 days" ("w/o an ordr"): none in that window
            r"|\bwithout\s+(?:an?\s+|any\s+)?(?:orders?|purchases?)\b(?=\s+(?:in|within|during|over|for|since)\b)"
            # "last order more than 4 months ago": silent since then
            r"|\blast\s+(?:order|purchase)d?\s+(?:was\s+|placed\s+)?(?=(?:more\s+than|over|at\s+least|\d+\+?\s))",
        ),
        (
            "placed_order",
            False,
            # "ordrd", "purchsed": the past tense as typed in a hurry
            r"\bordere?d\b|\bordrd\b|\bplaced\s+(?:(?:an?|their|any)\s+"
            + _ORDER_MODIFIERS
            + r")?orders?\b|\bpurcha?sed\b"
            # "didnt buy", "haven't shopped", "hvnt order": the bare verb after a negation
            r"|(?:(?<=n't\s)|(?<=nt\s)|(?<=not\s)|(?<=never\s))(?:buy|order|purchase|shop)\b"
            # "but didn't place an order", "never made a purchase": the bare verb and its object
            r"|(?:(?<=n't\s)|(?<=nt\s)|(?<=not\s)|(?<=never\s))(?:place|make)\s+(?:(?:an?|any)\s+"
            + _ORDER_MODIFIERS
            + r")?(?:orders?|purchases?)\b"
            # "who did place an order", "have made a purchase": the auxiliary with the bare verb
            # "did not place an order": the negation inside the phrase negates it
            r"|\b(?:did|do|does|have|has|had)\s+(?:not\s+|never\s+)?(?:already\s+|ever\s+|yet\s+)?(?:place|placed|make|made)\s+(?:(?:an?|any)\s+"
            + _ORDER_MODIFIERS
            + r")?(?:orders?|purchases?)\b"
            r"|\bbought\b|\bmade\s+(?:(?:a|an|any|their)\s+"
            + _ORDER_MODIFIERS
            + r")?(?:purchases?|orders?)\b"
            r"|\bshopped\b|\bfirst[- ]time\s+(?:buyers|customers|purchasers)"
            r"|\brecent\s+(?:buyers|purchasers|customers)\b"
            # "customers with an order in the last 30 days", "people w/ a purchase since May": the
            # order as a noun, an audience only with the window it falls in
            r"|\b(?:customers|clients|people|shoppers|buyers|anyone|everyone|those|contacts|subscribers|members)\s+"
            r"(?:with|w/)\s*(?:an?\s+|one\s+|at\s+least\s+one\s+)?(?:orders?|purchases?)\b"
            r"(?=\s+(?:in|within|during|over\s+the|since)\b)"
            # "patients who haven't had a visit (order) in 180 days": the bracket names the event
            r"|\(\s*(?:placed_order|orders?|purchases?)\s*\)",
        ),
        (
            "clicked_link",
            False,
            # "clicked", and as typed in a hurry: "clickd", "clikd", "cliked"
            r"\bcli(?:ck|k|kk)e?d\b|\bclicks?\s+(?:on\s+)?(?:a|any)\s+links?\b|(?<!re-)(?<!re)\bengaged\b(?!\s+with)"
            r"|(?:(?<=n't\s)|(?<=nt\s)|(?<=not\s)|(?<=never\s))click\b"
            r"|\(\s*(?:clicked_link|(?:link\s+)?clicks?)\s*\)"
            # "tapped a link", "opened one of our links", "didn't open any link": a click by another verb
            r"|(?:\b(?:tapped|opened|followed)|(?:(?<=n't\s)|(?<=nt\s)|(?<=not\s)|(?<=never\s))(?:tap|open|follow))"
            r"\s+(?:on\s+)?(?:a|an|any|the|our|one\s+of\s+our|their)\s+(?:\w+\s+)?links?\b",
        ),
        (
            "viewed_product",
            False,
            r"\bviewed\b|\bbrowsed\b|\blooked\s+at\b|\b(?:product\s+|page\s+)?viewers\b"
            r"|\bvisited\s+(?:the\s+|a\s+|our\s+)?(?:product|page|site|store)"
            # "people who saw it", "visited them": the pronoun stands for the product just named
            r"|\b(?:visited|saw)\s+(?:it|them|this|that)\b|\bsaw\s+(?:the\s+|a\s+|our\s+)?(?:product|page|listing)s?\b"
            r"|\(\s*(?:viewed_product|product\s+views?)\s*\)",
        ),
        (
            "started_checkout",
            False,
            r"\bstart\w{0,3}\s+(?:a\s+|the\s+|their\s+)?checkout|\bbegan\s+(?:a\s+|the\s+)?checkout"
            r"|\binitiated\s+(?:a\s+)?checkout|\babandon\w*\s+(?:their\s+|a\s+|the\s+)?checkouts?"
            r"|\bcheckout\s+(?:abandon\w*|recovery|drop[- ]?(?:outs?|offs?))|\breached\s+checkout|\bchecked\s+out\b"
            # "left at checkout", "dropped off during checkout", "incomplete checkouts"
            r"|\b(?:left|quit|dropped(?:\s+off)?|bailed)\s+(?:at|during|in|out\s+of)\s+(?:the\s+|their\s+)?checkout"
            r"|\b(?:incomplete|unfinished|pending|abandoned)\s+checkouts?"
            r"|\b(?:got|went|made\s+it|get|go|made)\s+(?:as\s+far\s+as\s+|all\s+the\s+way\s+)?to\s+(?:the\s+)?checkout"
            r"|\(\s*(?:started_checkout|checkout)\s*\)",
        ),
        (
            "added_product_to_cart",
            False,
            r"\badd(?:s|ed)?\s+(?:\w+\s+){0,3}?to\s+(?:their\s+|the\s+|a\s+)?cart\b"
            r"|\babandon\w*\s+(?:their\s+|a\s+|the\s+)?carts?\b|\bcart[\s-]+(?:abandon\w*|recovery)"
            r"|\bleft\s+(?:\w+\s+){0,3}?in\s+(?:their\s+|the\s+)?cart"
            r"|\bput\s+(?:\w+\s+){0,3}?in(?:to)?\s+(?:their\s+|the\s+|a\s+)?cart\b"
            r"|\b(?-i:ATC)\b"  # shop shorthand for add-to-cart
            # "items in their cart", "stuff sitting in the cart", "products still in their basket"
            r"|\b(?:items?|products?|stuff|things|something|anything|goods|articles?|artikel\w*|productos|art[ií]culos)"
            r"\s+(?:\w+\s+){0,2}?in\s+(?:their|the|his|her)\s+(?:shopping\s+)?(?:cart|basket|bag)s?\b"
            r"|\b(?:with|have|has|having)\s+(?:an?\s+)?(?:open|full|active|non-?empty|pending|unfinished|abandoned)\s+carts?\b"
            r"|\bcarts?\s+(?:with|containing|holding)\s+(?:items?|products?|stuff|something)\b"
            r"|\b(?:cart|basket)\s+(?:is\s+)?(?:not\s+empty|non-?empty)\b"
            r"|\(\s*(?:added_product_to_cart|add(?:ed)?\s+to\s+cart)\s*\)",
        ),
        (
            "opted_into_sms",
            False,
            r"\bopted[- ]?in(?:to)?(?:\s+(?:to\s+)?(?:sms|texts?|text\s+messages))?"
            r"|\bsubscribe[sd]?\s+to\s+(?:our\s+)?(?:sms|texts?)|\bsigned\s+up\s+for\s+(?:sms|texts?)"
            r"|\bsigns?\s+up\s+for\s+(?:sms|texts?)|\bjoin(?:s|ed)?\s+(?:our\s+)?(?:sms|text)\s+(?:list|club)"
            # "subscribed in the last day", "new subscribers from the last 24 hours": when they joined
            r"|\bsubscribed\b(?=\s+(?:in|within|during|over|since|from)\s+(?:the\s+)?(?:last|past|previous)\b)"
            r"|\bnew\s+(?:sms\s+|text\s+)?subscribers\b(?=\s+(?:from|in|within|of)\s+(?:the\s+)?(?:last|past)\b)"
            r"|\(\s*opted_into_sms\s*\)",
        ),
        ("sent_inbound", False, r"\btexted\s+(?:us|in)\b"),
        (
            "received_outbound",
            False,
            r"\breceived\s+(?:a\s+|an\s+|our\s+|any\s+)?(?:outbound\s+|marketing\s+|promo\w*\s+)?"
            r"(?:texts?|sms|messages?)\b|\breceived_outbound\b",
        ),
    ]
]
_WINDOW_RE = re.compile(
    rf"\b(?:(?:in|within|during|over|for|since|from)\s+(?:the\s+)?(?:last|past|previous|prior)?\s*"
    # "clicked a link last 7 days", "viewed it past 2 wks": the span without its preposition
    rf"|(?:last|past|previous|prior)\s+(?=(?:{NUM})\s*-?\s*(?:{UNIT})\b|(?:weeks?|wks?|months?)\b))"
    rf"(?:(?:over|more\s+than|like|about|around|roughly|approx\w*|~)\s*)?(?:(?P<n>{NUM})\+?\s*)?(?P<u>{UNIT})\b",
    re.I,
)
# "viewed a product this week", "clicked it this month": the current week or month, right after
# the event and its object; "viewed the collection launching this week" dates the collection
_THIS_SPAN_RE = re.compile(
    r"\s*(?:(?!(?:\w+ing|\w+ed|is|are|was|were|will|goes|starts|ends|drops)\b)[\w'-]+\s+){0,3}?"
    r"this\s+(?P<n>)(?P<u>week|month)\b(?!')",
    re.I,
)
_THIS_SPAN_BEFORE_RE = re.compile(r"\bthis\s+(?P<n>)(?P<u>week|month)\b(?!')\s+(?:[\w'-]+\s+){0,2}$", re.I)
# "120 days no purchase", "30+ days without an order": the window written before the action
# a number word needs a space before its unit: "March 3 and clicked" is no "an d(ay)"
_WINDOW_BEFORE_RE = re.compile(
    rf"\b(?P<n>{NUM})(?:(?<=\d)\+?\s*-?\s*|\+?\s*-?\s+)(?P<u>{UNIT})\s+(?:with\s+|of\s+)?$", re.I
)
# "ppl who havent ordered 45d / reply YES": a terse list writes the span right after the event,
# with no preposition, and ends the item there
_TERSE_WINDOW_RE = re.compile(
    r"\s+(?P<n>\d{1,4})\+?\s?(?P<u>d|days?|wks?|weeks?|months?)(?=\s*(?:$|[/|;,)\n]|\s-\s))", re.I
)
# "last order more than 4 months ago"
_AGO_RE = re.compile(
    rf"\s*(?:more\s+than\s+|over\s+|at\s+least\s+)?(?P<n>{NUM})\+?\s*(?P<u>{UNIT})\s+ago\b", re.I
)
_PROP_COND_RE = re.compile(
    r"(?:\bproperty\s+)?\b(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9_]*(?=\s*!?==?)"
    # "whose property tier is gold": after "property" a plain word is a name before "is" too
    r"|(?<=property\s)[a-z][a-z0-9_]*(?=\s+(?:is|isn'?t|equals|contains|equal\s+to|set\s+to"
    r"|(?:has|have|having|with)\s+(?:the\s+|a\s+)?value)\b))"
    # "birthday_month property is july": the word "property" after the name
    r"(?:\s+(?:property|attribute)(?=\s*(?:!?==?|is\b|isn'?t\b|equals\b|contains\b)))?\s*"
    # "the property shoe_size have value 42": a learner's "has value" is "="
    # "anyone with the property rx_due set to this_week": the state they are in, when an
    # audience word opens it (checked in `_property_condition`)
    r"(?P<op>!=|==|=|\b(?:is\s+)?set\s+to\b|\bis\s+not\b|\bisn'?t\b|\bis\b|\bequals\b|\bcontains\b"
    r"|\bequal\s+to\b|\b(?:has|have|having|with)\s+(?:the\s+|a\s+)?value(?:\s+of)?\b)\s*"
    r"(?:" + QUOTED_VALUE + r"|['\"]?(?P<value>[\w.@-]+))",
    re.I,
)
UPDATE_VERB_RE = re.compile(
    # "marketing" or "recorder" set nothing: mark and record only in their verb forms; "tag"
    # keeps any ending, as the glossary leaves other languages' forms of it ("taguez")
    r"\b(?:tag\w*|set|sets|mark|marks|marked|marking|flag|flags|update\w*"
    r"|record|records|recorded|recording|save|store|label\w*)\b"
    # "anyone who replies IN gets the property waitlist = yes": receiving a property is an update
    r"|\b(?:gets?|receives?)\s+(?:the\s+|a\s+)?(?:property|attribute)\b"
    # "pop a property league = yes on them", "add the property vip = true": a verb that hands a property over
    r"|\b(?:pop|add|give|assign|apply|put|attach|stick)\s+(?:them\s+|him\s+|her\s+)?(?:an?\s+|the\s+)?"
    r"(?:property|attribute)\b",
    re.I,
)
_VIP_RE = re.compile(r"\bvips?\b", re.I)
_CART_ACTIONS = ("added_product_to_cart", "started_checkout")
# "reply CART to see ...", "text BAG for ...": what follows is what the reply gets
_REPLY_MEANING_BEFORE_RE = re.compile(
    r"\b(?:reply|replies|text|respond|answer)\s+\S+\s+(?:to|for)\s+(?:[\w']+\s+){0,4}$", re.I
)
_NOTHING_AFTER_RE = re.compile(r"\s+(?:nothing|none)\b", re.I)


# "everyone with a loyalty_points property", "customers without the referral_code property set"
_PROP_EXISTS_RE = re.compile(
    r"\b(?P<verb>with|without|have|has|having|lack\w*)\s+(?:a|an|the|any|no)?\s*(?:property\s+)?"
    r"(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?:\s+property)?(?!\s*(?:!?==?|\bis\b|\bequals\b|\bcontains\b))",
    re.I,
)


def extract_audience(text: str, clauses: list[Clause] | None = None) -> list[AudienceCondition]:
    found = _event_conditions(text, clauses) + _property_conditions(text, clauses)
    named: set[str] = {c.property_name for _, c in found if c.property_name}
    found += _exists_conditions(text, named)
    found += _present_conditions(text, named)
    # "members or not (property tier)", "egal ob stufe = profi oder nicht": no filter on it either
    found = [(at, c) for at, c in found if c.kind != "property" or not _indifferent(clauses, at, text)]
    # "no VIP targeting", "don't filter by past orders": named only to be ruled out as filters
    ruled_out = ruled_out_spans(text)
    found = [(at, c) for at, c in found if not any(start <= at < end for start, end in ruled_out)]
    vip = next(
        (
            m
            for m in _VIP_RE.finditer(text)
            if not widened(text, m.start())
            and not any(start <= m.start() < end for start, end in ruled_out)
            and not _vip_property_set(text, m, clauses)
        ),
        None,
    )
    # "VIP customers (tipo_cliente = vip)": the brief names the property its VIPs carry
    if vip and not any(c.property_name == "customer_type" or _names_vips(c) for _, c in found):
        found.append(
            (
                vip.start(),
                AudienceCondition(
                    kind="property",
                    property_name="customer_type",
                    property_operator="with a value of",
                    property_value="vip",
                ),
            )
        )
    # "everyone except donors (donor = yes)": the group left out is kept out, not kept in
    left_out = excepted_spans(text)
    found = [(at, opposite(c) if any(start <= at < end for start, end in left_out) else c) for at, c in found]
    # "skip anyone already in the spring promo": another campaign's members are no condition here
    elsewhere = other_campaign_spans(clauses or [])
    found = [(at, c) for at, c in found if not any(start <= at < end for start, end in elsewhere)]
    found.sort(key=lambda item: item[0])
    return _merge_conditions([c for _, c in found])


_PROPERTY_AFTER_RE = re.compile(r"\s+(?:property|attribute|tag|flag)\b", re.I)


def _vip_property_set(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """True when "vip" names a property the flow sets ("then set their vip property to yes"):
    what the flow sets later is no entry filter."""
    return bool(_PROPERTY_AFTER_RE.match(text, m.end())) and _after_update_verb(text, m.start(), clauses)


def _names_vips(condition: AudienceCondition) -> bool:
    """True when a stated property condition tests for the value "vip" (any property name)."""
    return condition.kind == "property" and (condition.property_value or "").lower() == "vip"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _event_window_days(text: str, m: re.Match[str]) -> int | None:
    """The "in the last N days" that goes with the event mentioned at `m`, in days (`text` with
    its fillers blanked: see `without_fillers`)."""
    after = clause_after(text, m.end())
    window = (
        _WINDOW_RE.search(after)
        or _WINDOW_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()])
        or _AGO_RE.match(after)
        # "die in den letzten 21 Tagen ein Produkt angesehen haben": the window opens the clause
        or _WINDOW_RE.search(clause_before(text, m.start(), width=60))
        or _THIS_SPAN_RE.match(after)
        # "die diese Woche etwas in den Warenkorb gelegt haben": the span just before the event
        or _THIS_SPAN_BEFORE_RE.search(clause_before(text, m.start(), width=60))
        or _TERSE_WINDOW_RE.match(text, m.end())
    )
    if not window:
        return None
    dur = parse_duration(window.group("n") or None, window.group("u"))
    return as_days(dur) if dur else None


def _event_conditions(text: str, clauses: list[Clause] | None) -> list[tuple[int, AudienceCondition]]:
    found: list[tuple[int, AudienceCondition]] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    unfilled = without_fillers(text)  # "in the last, uh, two weeks": the window without its filler
    for action, negated, gate, pattern in _ACTION_PATTERNS:
        if not mentions(low, *gate):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            if _indifferent(clauses, m.start(), text):
                continue  # "doesn't matter if they've bought before or not": no condition at all
            if widened(text, m.start()):
                continue  # "everyone, not just the people who viewed it": no condition either
            if action == "viewed_product" and _describes_thing(text, m.start()):
                continue  # "the items they recently viewed": what is shown, not who is texted
            if _PARTITIVE_RE.search(clause_before(text, m.start())):
                continue  # "many of them haven't bought yet": says who some are, filters no one
            if m.group(0).lower() == "engaged" and _aside_after_event(text, m.start()):
                continue  # "who received a text in the last 90 days (the engaged lot)" describes them
            if action in _CART_ACTIONS and _REPLY_MEANING_BEFORE_RE.search(
                text[max(0, m.start() - 60) : m.start()]
            ):
                continue  # "Reply CART to see the items in the cart" shows a cart, names no audience
            if m.group(0).startswith("(") and _names_no_audience(text, m.start(), clauses):
                continue  # "Reply 1 (order) or 2 (cancel)": the bracket glosses a reply, not who they are
            neg = negated or _negated_before(text, m.start())
            neg = neg or bool(_INNER_NEGATION_RE.search(m.group(0)))  # "did not place an order"
            neg = neg or bool(_NOTHING_AFTER_RE.match(text, m.end()))  # "bought nothing yet"
            condition = AudienceCondition(
                kind="event",
                action=action,
                operator="has_not" if neg else "has",
                days=_event_window_days(unfilled, m),
            )
            found.append((m.start(), condition))
    return found


_INNER_NEGATION_RE = re.compile(r"\b(?:not|never)\b", re.I)
_EVENT_ADVERBS = r"(?:(?:most\s+)?recently|previously|last|just|zuletzt|kürzlich|récemment|recientemente)"


@lru_cache(maxsize=1)
def _thing_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("audience_roles")
    # "for recently viewed pairs", "their viewed items": the event as an adjective of a thing
    adjective = re.compile(
        rf"\b(?:{_alternation(vocab['thing_determiners'])})\s+(?:{_EVENT_ADVERBS}\s+)?$", re.I
    )
    # "the products each person recently viewed", "die Produkte, die sie zuletzt angesehen haben":
    # a thing, then who did it to the thing (an object relative clause)
    relative = re.compile(
        rf"\b(?:{_alternation(vocab['event_things'])})\s*,?\s+(?:that\s+|which\s+|die\s+|que\s+|qu'|dont\s+)?"
        rf"(?:{_alternation(vocab['event_doers'])})\s+(?:(?:have|had|has|ont|han|haben)\s+)?"
        rf"(?:(?:{_EVENT_ADVERBS}|most)\s+){{0,2}}$",
        re.I,
    )
    return adjective, relative


def _describes_thing(text: str, position: int) -> bool:
    """True when the event verb at `position` describes a thing rather than the audience: "the
    items they recently viewed", "reply SHOP for recently viewed pairs"."""
    before = text[max(0, position - 80) : position]
    return any(pattern.search(before) for pattern in _thing_patterns())


# "Reply 1 (order)", "text ORDER (order)": a bracket right after a keyword or a number glosses it
_GLOSSED_KEYWORD_RE = re.compile(r"(?:\b[A-Z]{2,}|\b\d+|[=:>-])\s*$")


def _names_no_audience(text: str, position: int, clauses: list[Clause] | None) -> bool:
    """True when the bracketed event name at `position` glosses a reply keyword or sits in a
    replies/updates clause: it then says what a reply means, not who the flow is for."""
    before = text[max(0, position - 20) : position]
    return bool(_GLOSSED_KEYWORD_RE.search(before)) or _outside_audience(clauses, position)


@lru_cache(maxsize=1)
def _foreign_negation_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    vocab = load_vocabulary("audience_roles")
    negations = _alternation(vocab["event_negations"])
    relatives = _alternation(vocab["event_relatives"])
    return (
        re.compile(rf"(?<![\w'])(?:{negations})(?:(?<=')|(?!\w))", re.I),
        re.compile(rf"\b(?:{relatives})\b", re.I),
    )


def _negated_before(text: str, start: int) -> bool:
    """True when the words just before the event at `start` negate it: English "haven't", or
    one the glossary leaves as written ("keinen Link clicked", "n'ont pas clicked", "nunca viewed").
    Those count only after the relative word that opens the clause ("ceux qui n'ont pas ..."), so
    "Pas de code pour ceux qui ont clicked" keeps its clicks."""
    before = clause_before(text, start)
    if NEGATION_RE.search(before):
        return True
    negation, relative = _foreign_negation_re()
    opened = list(relative.finditer(before))
    return bool(negation.search(before[opened[-1].end() :] if opened else before))


# "some haven't ordered yet", "lots of them never bought": a part of the audience described
_PARTITIVE_RE = re.compile(
    r"^\s*(?:(?:some|many|lots|a\s+lot|most|a\s+few|half)(?:\s+of\s+(?:them|these|those|the\s+\w+|our\s+\w+))?"
    r"|(?:some|many|most)\s+\w+)\s+(?:have\s+|has\s+|had\s+|never\s+|still\s+)*(?:not\s+|n't\s+)?"
    r"(?:haven'?t\s+|hasn'?t\s+|didn'?t\s+|never\s+)?(?:yet\s+)?$",
    re.I,
)


def _aside_after_event(text: str, position: int) -> bool:
    """True when `position` sits in a short bracketed aside that follows another event condition:
    "received a text in the last 90 days (the engaged lot)"."""
    opening = text.rfind("(", max(0, position - 40), position)
    closing = text.find(")", position, position + 40)
    if opening < 0 or closing < 0 or ")" in text[opening:position]:
        return False
    before = text[max(0, opening - 150) : opening]
    return any(
        pattern.search(before) for action, _, _, pattern in _ACTION_PATTERNS if action != "clicked_link"
    )


def _after_update_verb(text: str, position: int, clauses: list[Clause] | None = None) -> bool:
    """True when the clause holding `position` sets something before it ("tag them with x = 1")."""
    if introduced_by_audience(text, position):
        return False  # "people tagged x = 1": the tag says who they are, the flow sets nothing
    clause = clause_at(clauses or [], position)
    if clause is not None:
        start = clause.start
    else:
        start = max(text.rfind(".", 0, position), text.rfind(";", 0, position)) + 1
    return bool(UPDATE_VERB_RE.search(text[start:position]))


def _value_operator(op: str) -> str:
    if op in ("!=", "is not", "isn't", "isnt"):
        return "with a value not equal to"
    if op == "contains":
        return "with a value containing"
    return "with a value of"


def _property_condition(
    text: str, m: re.Match[str], clauses: list[Clause] | None
) -> AudienceCondition | None:
    if _after_update_verb(text, m.start(), clauses):
        return None  # "tag ... with property x = true" is an update, not a condition
    if widened(text, m.start()) or _indifferent(clauses, m.start(), text):
        return None  # "not just tier = gold", "members or not": the audience is wider than the condition
    if not introduced_by_audience(text, m.start()) and _outside_audience(clauses, m.start()):
        return None  # "No reply = ship": an equation in a replies clause says where a reply leads
    raw_name = m.group("name")
    if raw_name.lower() in section_labels():
        return None  # "target = clients who ordered": a section label written with "=", not a property
    if raw_name.isupper() and "_" not in raw_name and len(raw_name) > 1:
        return None  # "GOOD = review link" gives a reply keyword its meaning; it is no property
    name = raw_name.lower()
    after_property = m.group(0).lower().startswith("property") or (
        text[max(0, m.start() - 9) : m.start()].lower().strip().endswith("property")
    )
    op = re.sub(r"\s+", " ", m.group("op").lower())
    if op.endswith("set to") and not (after_property and introduced_by_audience(text, m.start())):
        return None  # "their refill_status set to skipped" after a reply sets it; it filters no one
    if "_" not in name and not after_property and op not in ("=", "==", "!="):
        return None
    if "_" not in name and not after_property and not _in_audience_role(text, m.start(), clauses):
        return None  # "Score = 1 to 5": a plain word equated outside an audience clause is no filter
    operator = _value_operator(op)
    value: str | None = quoted_value(m)  # "school_year is 'year 9'": the words inside the quotes
    if value is None:
        value = m.group("value").lower().rstrip(".")
        if op in ("=", "==", "!=") and not m.group(0).endswith("."):
            value = f"{value}{_second_value_word(text, m.end())}"
    if value in ("set", "present") and op == "is":
        operator, value = "that exists", None
    return AudienceCondition(
        kind="property", property_name=name, property_operator=operator, property_value=value
    )


# "favorite_artist = lunar tides.", "whose city is new york and ...": a value of two words that
# ends its clause (at punctuation or a conjunction)
_SECOND_VALUE_WORD_RE = re.compile(
    r"\s(?P<w>[^\W\d_][\w-]{1,20})(?=\s*(?:[.;!?,)]|$)|\s+(?:and|or|but|then|who|that|y|o|et|ou|und|oder)\b)",
    re.I,
)
_NOT_A_VALUE_WORD = {
    "customers", "customer", "people", "subscribers", "members", "buyers", "users", "accounts", "only",
    "too", "also", "first", "please", "pls", "thanks", "and", "or",
}  # fmt: skip


def _second_value_word(text: str, end: int) -> str:
    m = _SECOND_VALUE_WORD_RE.match(text, end)
    if m is None or m.group("w").lower() in _NOT_A_VALUE_WORD:
        return ""
    return f" {m.group('w').lower()}"


def _property_conditions(text: str, clauses: list[Clause] | None) -> list[tuple[int, AudienceCondition]]:
    low = text.lower()
    found: list[tuple[int, AudienceCondition]] = []
    read: list[tuple[int, int]] = []
    if "_" in low or "=" in low or "property" in low:
        for m in _PROP_COND_RE.finditer(text):
            read.append(m.span())
            condition = _property_condition(text, m, clauses)
            if condition is not None:
                found.append((m.start(), condition))
    if any(opener in low for opener in load_vocabulary("audience_roles")["name_openers"]):
        for m in _opened_name_re().finditer(text):
            if any(start < m.end() and m.start("name") < end for start, end in read):
                continue  # "whose property club_member is true": read above already
            condition = _opened_condition(text, m, clauses)
            if condition is not None:
                found.append((m.start("name"), condition))
    return found


@lru_cache(maxsize=1)
def _opened_name_re() -> re.Pattern[str]:
    openers = _alternation(load_vocabulary("audience_roles")["name_openers"])
    # "members whose membership is off_peak", "people whose city isn't leeds"
    return re.compile(
        # "whose city property is portland": the word "property" may follow the name
        rf"\b(?:{openers})\s+(?P<name>(?!(?:property|attribute)\b)[a-z][a-z0-9_]*)\s+(?:(?:property|attribute)\s+)?"
        r"(?P<op>is\s+not|isn'?t|is|equals|contains)\s+"
        r"(?:" + QUOTED_VALUE + r"|['\"]?(?P<value>[\w.@-]+))",
        re.I,
    )


def _opened_condition(text: str, m: re.Match[str], clauses: list[Clause] | None) -> AudienceCondition | None:
    """The condition of "whose NAME is VALUE": a plain word names a property after "whose"."""
    at = m.start("name")
    quoted = quoted_value(m)  # "whose plan is "gold plus"": the quotes hold the whole value
    name, value = m.group("name").lower(), quoted or m.group("value").lower().rstrip(".")
    if name in section_labels() or value in load_vocabulary("audience_roles")["not_values"]:
        return None  # "whose order is late", "whose cart is empty": a state, no property value
    if _after_update_verb(text, at, clauses) or widened(text, m.start()) or _indifferent(clauses, at, text):
        return None
    if not introduced_by_audience(text, at) and _outside_audience(clauses, at):
        return None
    op = re.sub(r"\s+", " ", m.group("op").lower())
    if quoted is None and not m.group(0).endswith("."):
        value = f"{value}{_second_value_word(text, m.end())}"  # "whose city is new york."
    if value in ("set", "present") and op == "is":
        return AudienceCondition(kind="property", property_name=name, property_operator="that exists")
    return AudienceCondition(
        kind="property", property_name=name, property_operator=_value_operator(op), property_value=value
    )


# "members (property tier_code)", "guests where property rsvp_date exists", "families with property
# grade (any value)", "property referrer is set": a property named with no value asks that it is there
_PROP_PRESENT_RE = re.compile(
    r"(?:\(\s*(?:the\s+)?property\s+(?P<bare>[a-z][a-z0-9_]*)\s*\)"
    r"|\bproperty\s+(?P<name>[a-z][a-z0-9_]*)\s*(?:\(\s*(?:with\s+)?any\s+value\s*\)|,?\s*any\s+value\b"
    r"|(?:is\s+|has\s+been\s+)?(?:set|present|filled(?:\s+in)?)\b(?!\s+(?:to|as)\b)|exists?\b"
    r"|(?:has|with)\s+(?:a|any)\s+value\b(?!\s+(?:of|=))))",
    re.I,
)


def _present_conditions(text: str, named: set[str]) -> list[tuple[int, AudienceCondition]]:
    found: list[tuple[int, AudienceCondition]] = []
    for m in _PROP_PRESENT_RE.finditer(text) if "property" in text.lower() else ():
        name = (m.group("bare") or m.group("name")).lower()
        if name in named or name in ("is", "set", "a", "the", "value") or _after_update_verb(text, m.start()):
            continue
        found.append(
            (
                m.start(),
                AudienceCondition(kind="property", property_name=name, property_operator="that exists"),
            )
        )
        named.add(name)
    return found


def _exists_conditions(text: str, named: set[str]) -> list[tuple[int, AudienceCondition]]:
    found: list[tuple[int, AudienceCondition]] = []
    for m in _PROP_EXISTS_RE.finditer(text) if "_" in text else ():
        name = m.group("name").lower()
        if name in named or _after_update_verb(text, m.start()):
            continue
        if "property" not in m.group(0).lower():
            continue  # a bare snake_case word after "with" may be anything; "property" says it is one
        verb = m.group("verb").lower()
        absent = verb == "without" or verb.startswith("lack") or " no " in f" {m.group(0).lower()} "
        operator = "does not exist" if absent else "that exists"
        found.append(
            (m.start(), AudienceCondition(kind="property", property_name=name, property_operator=operator))
        )
        named.add(name)
    return found


_BRACKETED_RE = re.compile(r"\([^()]*\)")


def _indifferent(clauses: list[Clause] | None, position: int, text: str) -> bool:
    """True when the clause at `position` says the thing named there does not matter; a bracketed
    aside about something else ("ordered in the last 14 days (members or not)") does not count."""
    clause = clause_at(clauses or [], position)
    if clause is None or not clause.is_about("indifferent"):
        return False
    at = position - clause.start
    words = _BRACKETED_RE.sub(
        lambda m: m.group(0) if m.start() <= at < m.end() else " " * len(m.group(0)),
        text[clause.start : clause.end],
    )
    return "indifferent" in classify(words)


def _outside_audience(clauses: list[Clause] | None, position: int) -> bool:
    """True when the words at `position` sit in a replies/updates clause that names no audience."""
    clause = clause_at(clauses or [], position)
    if clause is None or clause.label == "audience" or clause.is_about("audience"):
        return False
    # "golfers (property sport = golf)": naming a property is no update; a verb makes one
    return clause.is_about("replies") or (
        clause.is_about("updates") and bool(UPDATE_VERB_RE.search(clause.text))
    )


def _in_audience_role(text: str, position: int, clauses: list[Clause] | None) -> bool:
    """True when an audience noun introduces `position` or its clause is about the audience."""
    if introduced_by_audience(text, position):
        return True
    clause = clause_at(clauses or [], position)
    return clause is None or clause.label == "audience" or clause.is_about("audience")


_FILTER_WORDS_RE = re.compile(r"\b(?:where|whose|with|who|only|audience|segment)\b", re.I)


def not_set_by_flow(
    audience: list[AudienceCondition], updates: list[PropertyUpdate], text: str, clauses: list[Clause]
) -> list[AudienceCondition]:
    """A property the flow itself sets ("set club_status to member") is no entry filter, unless an
    audience clause asks for it ("customers where club_status = member")."""
    updated = {u.name.lower() for u in updates}
    kept: list[AudienceCondition] = []
    for condition in audience:
        name = (condition.property_name or "").lower()
        if condition.kind != "property" or name not in updated:
            kept.append(condition)
            continue
        for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
            clause = clause_at(clauses, m.start())
            if (
                clause
                and not UPDATE_VERB_RE.search(clause.text)
                and (clause.label == "audience" or _FILTER_WORDS_RE.search(clause.text))
            ):
                kept.append(condition)
                break
    return kept


def _merge_conditions(conditions: list[AudienceCondition]) -> list[AudienceCondition]:
    """One condition per (action, operator): a windowed mention beats a bare one."""
    merged: list[AudienceCondition] = []
    for cond in conditions:
        twin = next(
            (
                c
                for c in merged
                if c.kind == cond.kind
                and c.action == cond.action
                and c.operator == cond.operator
                and c.property_name == cond.property_name
            ),
            None,
        )
        if twin is None:
            merged.append(cond)
        elif twin.days is None and cond.days is not None:
            twin.days = cond.days
    return merged


_ORDER_ACTIONS = ("placed_order", "placed_order_text")


def for_new_subscribers(
    audience: list[AudienceCondition], playbook: str | None, text: str, clauses: list[Clause]
) -> list[AudienceCondition]:
    """A welcome of new subscribers does not ask that they have ordered because some other
    clause talks of orders ("buyers who placed an order get a thank-you instead"): only a clause
    that names the new subscribers themselves can ("new signups who have ordered before")."""
    new = any(c.action == "opted_into_sms" and c.operator == "has" for c in audience)
    if playbook != "welcome" or not (new or names_new_subscribers(text)):
        return audience

    def ordered(condition: AudienceCondition) -> bool:
        return condition.action in _ORDER_ACTIONS and condition.operator == "has"

    if any(
        ordered(c)
        for clause in clauses
        if names_new_subscribers(clause.text)
        for _, c in _event_conditions(clause.text, None)
    ):
        return audience
    return [c for c in audience if not ordered(c)]
