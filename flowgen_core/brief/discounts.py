"""The offers a brief states: percentages, amounts of money off, codes and free shipping."""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import Clause, clause_at
from flowgen_core.brief.context import gated_by, mentions
from flowgen_core.brief.model import Discount
from flowgen_core.brief.numbers import DIGIT_WORDS, TENS_NUM, parse_count

_PERCENT_RE = re.compile(
    rf"(?<![\d/.])(?P<v>\d{{1,3}}|\b(?:{TENS_NUM}|five|ten|fifteen))[\s-]*(?:%|percent\b|per\s+cent\b|pct\b)(?!\s*/)",
    re.I,
)
# "de descuento", "de réduction", "Rabatt": briefs are not always written in English
_PERCENT_OK_AFTER = re.compile(
    r"^\s*(?:off|discount|saving|savings|sitewide|site-wide|store-?wide|coupon|de\s+descuento|descuento"
    r"|de\s+r[eé]duction|de\s+remise|rabatt|sconto|di\s+sconto)",
    re.I,
)
_PERCENT_OK_BEFORE = re.compile(
    r"\b(?:save|saving|discount\w*|extra|take|get|gets|give|giving|offer\w*|with)\s*$"
    r"|(?:^|\s)[-\u2212\u2013]$",  # "-30 %": a minus sign in front of a percentage is money off
    re.I,
)
# "$15", "15 dollars off", "€10", "10 €" / "10 EUR" (written after the number in much of Europe)
_AMOUNT_RE = re.compile(
    rf"[$€£]\s?(?P<v>\d{{1,6}}(?:[.,]\d{{2}})?)(?!\s*[kKmM]\b)|\b(?P<w>\d{{1,6}}|{TENS_NUM}|{DIGIT_WORDS}|ten|eleven|twelve|fifteen)"
    r"\s*-?\s*(?:dollars?|bucks?|euros?|pounds?)\s+off\b"
    r"|\b(?P<e>\d{1,6}(?:[.,]\d{2})?)\s?(?:€|eur\b|euros?\b)",
    re.I,
)
_AMOUNT_THRESHOLD_RE = re.compile(
    r"\b(?:over|above|at\s+least|min(?:imum)?|spend(?:ing)?|orders?\s+of|more\s+than|under|below)\s*$", re.I
)
_FREE_SHIPPING_RE = re.compile(r"\bfree\s+(?:shipping|delivery)\b|\bships?\s+free\b", re.I)
_CODE_RE = re.compile(
    r"\b(?i:promo\s+|discount\s+|coupon\s+)?(?i:code|coupon)\s*[:=-]?\s*['\"\u201c]?(?P<code>[A-Za-z0-9][A-Za-z0-9_-]{1,24})\b"
)


_CODE_STOPWORDS = {"at", "in", "on", "for", "to", "below", "above", "and", "or", "is", "will", "when", "the"}


# "bump it to 20%", "increase the discount to $15": a later, bigger offer (never "raise the price to")
_ESCALATION_BEFORE_RE = re.compile(
    r"\b(?:bump|raise|increase|up|upgrade|sweeten|boost|escalate|deepen|jump|take|make|push)(?:s|ed|ing)?\s+"
    r"(?:(?:it|that|this|them|the\s+(?:offer|discount|deal|code|coupon|savings?|incentive))\s+)?"
    r"(?:up\s+)?(?:to|into)\s*(?:an?\s+)?$",
    re.I,
)
_OFFER_NEAR_AFTER_RE = re.compile(
    r"^\s*(?:off|discount|credit|back|rebate|savings?|de\s+descuento|de\s+r[eé]duction|de\s+remise|rabatt)\b",
    re.I,
)
_OFFER_NEAR_BEFORE_RE = re.compile(
    r"\b(?:save|saving|discount|credit|extra|take|get|coupon|voucher)\s*$", re.I
)


def _is_price(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """`$119` in "now $119, was $149" is what the product costs, not money off."""
    clause = clause_at(clauses or [], m.start())
    if clause is None or not clause.is_about("price") or clause.label == "offer" or m.group("w"):
        return False
    after, before = text[m.end() : m.end() + 12], text[max(0, m.start() - 20) : m.start()]
    return not (_OFFER_NEAR_AFTER_RE.search(after) or _OFFER_NEAR_BEFORE_RE.search(before))


def _money_off(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """A sum of money is a discount only when offer words frame it ("$15 off", "save $10", an
    "Offer:" line); "standard shipping is $7.95" or "the $89 skillet" states a price."""
    if m.group("w"):  # "5 dollars off" says "off" itself
        return True
    after, before = text[m.end() : m.end() + 12], text[max(0, m.start() - 20) : m.start()]
    if _OFFER_NEAR_AFTER_RE.search(after) or _OFFER_NEAR_BEFORE_RE.search(before):
        return True
    if _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]) and mentions(
        text[: m.start()].lower(), "off", "discount", "save", "credit", "coupon"
    ):
        return True  # "$10 off; no reply: bump it to $15" (an offer stated before it)
    clause = clause_at(clauses or [], m.start())
    return clause is not None and clause.label == "offer"


# "no discount codes in this one", "without any discount", "don't offer a coupon": the brief
# refuses money off, so a sum elsewhere (a referral reward, last year's price) is no offer
_REFUSED_RE = re.compile(
    r"\b(?:no|without(?:\s+(?:a|any))?|(?:do\s+not|don'?t|never)\s+(?:offer|give|include|add|send)\s+(?:a|any))\s+"
    r"(?:discounts?|discount\s+codes?|coupons?(?:\s+codes?)?|promo\s+codes?)\b",
    re.I,
)


# "a 20% split", "10% of the list" size a group; "15% off, 50/50 split" is still an offer
_SPLIT_AFTER_RE = re.compile(
    r"\s*(?:split|of\s+(?:the\s+|our\s+)?(?:audience|customers|list|traffic|subscribers)|holdout|control)\b",
    re.I,
)
# "change the discount to 20%", "make it twenty percent", "set the offer at $15": the value an
# edit gives the offer it changes, without the "off" a brief would write
_NEW_VALUE_RE = re.compile(
    rf"\b(?:discount|offer|deal|coupon|it)\b[^.;%$€£]{{0,40}}?(?<![\w-])"
    rf"(?:(?P<v>\d{{1,3}}|(?:{TENS_NUM}|five|ten|fifteen))[\s-]*(?:%|percent\b|per\s+cent\b|pct\b)(?!\s*/)"
    rf"|[$€£]\s?(?P<a>\d{{1,6}}(?:[.,]\d{{2}})?)\b)",
    re.I,
)


# "no discounts in email", "no coupons on social": a refusal for another channel says nothing of SMS
_OTHER_CHANNEL_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:in|on|for|via|through)\s+(?:the\s+|our\s+)?"
    r"(?:e-?mails?|newsletters?|social|ads|paid|print|push|app|stores?|in-store|retail|web(?:site)?)\b",
    re.I,
)


def refuses_discount(text: str) -> bool:
    """True when the brief says outright that the flow carries no discount."""
    return any(
        not _OTHER_CHANNEL_RE.match(text, m.end())
        for m in gated_by(_REFUSED_RE, text.lower(), "discount", "coupon", "promo").finditer(text)
    )


def extract_new_value(text: str) -> list[Discount]:
    """The percentage or amount an edit sets the offer to ("make it twenty percent"); [] when the
    words name none, or the percentage sizes a group ("make it 20% of the list")."""
    m = _NEW_VALUE_RE.search(text)
    if m is None or _SPLIT_AFTER_RE.match(text[m.end() : m.end() + 25]):
        return []
    if m.group("v"):
        value = parse_count(m.group("v"), default=0)
        return [Discount(kind="percentage", value=str(value))] if 0 < value <= 100 else []
    amount = m.group("a").replace(",", ".")
    amount = amount[:-3] if amount.endswith(".00") else amount
    return [Discount(kind="amount", value=amount)] if float(amount) > 0 else []


def extract_discounts(text: str, clauses: list[Clause] | None = None) -> list[Discount]:
    """The money off the brief offers, in the order written; none when it refuses a discount."""
    return [] if refuses_discount(text) else _offered(text, clauses)


def _offered(text: str, clauses: list[Clause] | None) -> list[Discount]:
    found: list[tuple[int, Discount]] = []
    low = text.lower()
    for m in gated_by(_PERCENT_RE, low, "%", "percent", "pct").finditer(text):
        value = parse_count(m.group("v"), default=0)
        after, before = text[m.end() : m.end() + 15], text[max(0, m.start() - 20) : m.start()]
        split_context = _SPLIT_AFTER_RE.match(text[m.end() : m.end() + 25])
        if not 0 < value <= 100 or split_context:
            continue
        escalated = _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if _PERCENT_OK_AFTER.search(after) or _PERCENT_OK_BEFORE.search(before) or escalated:
            found.append((m.start(), Discount(kind="percentage", value=str(value))))
    for m in gated_by(_AMOUNT_RE, low, "$", "dollar", "buck", "€", "£", "eur").finditer(text):
        raw = (m.group("v") or m.group("w") or m.group("e")).replace(",", ".")
        if not raw[0].isdigit():  # "five dollars off"
            raw = str(parse_count(raw, default=0))
        if _AMOUNT_THRESHOLD_RE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if _is_price(text, m, clauses) or not _money_off(text, m, clauses):
            continue
        amount = raw[:-3] if raw.endswith(".00") else raw
        if amount.replace(".", "").isdigit() and float(amount) > 0:
            found.append((m.start(), Discount(kind="amount", value=amount)))
    for m in gated_by(_FREE_SHIPPING_RE, low, "free", "ship").finditer(text):
        found.append((m.start(), Discount(kind="free_shipping")))
    for m in gated_by(_CODE_RE, low, "code", "coupon").finditer(text):
        code = m.group("code")
        # a code is written in capitals or carries a digit; "code at checkout" is prose
        if not (code.isupper() or any(ch.isdigit() for ch in code)) or (code.isdigit() and len(code) < 3):
            continue
        if code.lower() in _CODE_STOPWORDS:  # "USE CODE AT CHECKOUT" in an all-caps brief
            continue
        found.append((m.start(), Discount(kind="code", code=code.upper())))
    found.sort(key=lambda item: item[0])
    unique: list[Discount] = []
    for _, d in found:
        if d not in unique:
            unique.append(d)
    return unique
