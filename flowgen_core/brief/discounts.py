"""The offers a brief states: percentages, amounts of money off, codes and free shipping."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.clauses import Clause, clause_at
from flowgen_core.brief.context import gated_by, mentions
from flowgen_core.brief.model import Discount
from flowgen_core.brief.numbers import UNIT, WORD_NUM, parse_count
from flowgen_core.brief.vocabulary import load_vocabulary

_PERCENT_RE = re.compile(
    rf"(?<![\d/.])(?P<v>\d{{1,3}}|\b{WORD_NUM})[\s-]*(?:%|percent\b|per\s+cent\b|pct\b)(?!\s*/\s*\d)",
    re.I,
)
# "25% with SOMMER25", "15 € con QUINCE15": a code (capitals and a digit) right after the value
# it unlocks makes the value money off
_CODE_RIGHT_AFTER = (
    r"(?:with|using|w/|con|avec|mit)\s+(?-i:(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,24})\b"
)
_CODE_RIGHT_AFTER_RE = re.compile(rf"\s*{_CODE_RIGHT_AFTER}", re.I)
# "de descuento", "de réduction", "Rabatt": briefs are not always written in English
_PERCENT_OK_AFTER = re.compile(
    r"^\s*(?:off|discount|saving|savings|sitewide|site-wide|store-?wide|coupon|de\s+descuento|descuento"
    rf"|de\s+r[eé]duction|de\s+remise|rabatt|sconto|di\s+sconto|{_CODE_RIGHT_AFTER})",
    re.I,
)


@lru_cache(maxsize=1)
def _sale_before_re() -> re.Pattern[str]:
    """ "summer sale 30%", "Rebajas hasta 20%", "Soldes : 40 %": a sale named right before its
    percentage (words in vocab/offers.json)."""
    words = sorted(load_vocabulary("offers")["sale_words"], key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    upto = r"(?:up\s+to|de\s+hasta(?:\s+el|\s+un)?|hasta(?:\s+el|\s+un)?|del?|jusqu['\u2019]\s*[àa]|bis\s+zu)"
    # "same as Black Friday but 30%": the sale's new percentage after a contrast
    but = r"(?:but|only|pero|solo|mais|seulement|aber|nur)"
    return re.compile(
        rf"(?<!\w)(?:{alternation})\s*[:\u2013\u2014-]?\s*(?:{but}\s+)?(?:{upto}\s+)?[-\u2212]?\s*$", re.I
    )


# "25% cotton", "25% of profits", "rated 25% faster": a share or a comparison, never money off
_PERCENT_NOT_OFFER_AFTER = re.compile(
    r"^\s*(?:of|cotton|wool|linen|silk|polyester|recycled|organic|juice|alcohol|abv|cocoa|more|less|fewer"
    r"|faster|slower|higher|lower|bigger|smaller|better|cheaper|lighter|stronger|longer|shorter|up|down"
    r"|growth|increase|decrease|rise|drop|chance|battery|charged|de\s+(?:algod[oó]n|lana|los|las)|du|des"
    r"|coton|laine|baumwolle|wolle|der|des|mehr|weniger|schneller|plus|moins|m[aá]s|menos)\b",
    re.I,
)
_PERCENT_OK_BEFORE = re.compile(
    r"\b(?:save|saving|discount\w*|extra|take|get|gets|give|giving|offer\w*|with)\s*$"
    # "the code NOEL15 for 15 percent": a code named right before the value it gives
    r"|\b(?:code|coupon)\s+[A-Za-z0-9_-]{2,24}\s+(?:for|gives?|gets?|worth)\s*$"
    r"|(?:^|\s)[-\u2212\u2013]$",  # "-30 %": a minus sign in front of a percentage is money off
    re.I,
)


# "$15", "15 dollars off", "€10", "10 €" / "10 EUR" / "25 USD" (a code after the number, as much of
# Europe writes it), "USD 25": the currency codes are in vocab/offers.json
@lru_cache(maxsize=1)
def _amount_re() -> re.Pattern[str]:
    codes = "|".join(sorted(load_vocabulary("offers")["currency_codes"], key=len, reverse=True))
    return re.compile(
        rf"(?:[$€£]|\b(?:{codes})\b)\s?(?P<v>\d{{1,6}}(?:[.,]\d{{2}})?)(?!\s*[kKmM]\b)"
        rf"|\b(?P<w>\d{{1,6}}|{WORD_NUM})\s*-?\s*(?:dollars?|bucks?|euros?|pounds?|quid|francs?)\s+off\b"
        rf"|\b(?P<e>\d{{1,6}}(?:[.,]\d{{2}})?)\s?(?:€|£|(?:{codes}|euros?|dollars?)\b)",
        re.I,
    )


_AMOUNT_THRESHOLD_RE = re.compile(
    r"\b(?:over|above|at\s+least|min(?:imum)?|spend(?:ing)?|orders?\s+of|more\s+than|under|below)\s*$", re.I
)
_FREE_SHIPPING_RE = re.compile(r"\bfree\s+(?:shipping|delivery)\b|\bships?\s+free\b", re.I)
_CODE_RE = re.compile(
    r"\b(?i:promo\s+|discount\s+|coupon\s+)?(?i:code|coupon|c[oó]digo|cup[oó]n|gutschein(?:code)?|rabattcode)\s*[:=-]?\s*['\"\u201c]?(?P<code>[A-Za-z0-9][A-Za-z0-9_-]{1,24})\b"
)


# "$15 off with SNKR15", "20% off using FALL20": an offer, then a code in capitals with a digit
_CODE_AFTER_OFFER_RE = re.compile(
    r"(?:%|\d|€|£)\s*(?:off|discount)?\s+(?:with|using|use|w/|con|avec|mit)\s+(?P<code>(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,24})\b"
)


@lru_cache(maxsize=1)
def _code_before_offer_re() -> re.Pattern[str]:
    """ "use SPIN20 for 20% off", "nutzt SOMMER15 für 15 %": a code named right before its value."""
    words = load_vocabulary("offers")["code_before_offer"]
    verbs, purpose = "|".join(words["verbs"]), "|".join(words["for"])
    return re.compile(
        rf"(?<!\w)(?i:{verbs})\s+(?P<code>(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{{3,24}})\s+(?i:{purpose})"
        r"\s+(?:(?i:an?|un|una|une|el|le|la|die|den)\s+)?[-\u2212]?(?:[$€£]\s?)?\d"
    )


def _codes_after_offer(text: str) -> list[tuple[int, Discount]]:
    """ "$15 off with SNKR15": a code named right after the offer it unlocks (or right before it,
    with what it is for: "use SPIN20 for 20% off")."""
    found = [
        (m.start(), Discount(kind="code", code=m.group("code"))) for m in _CODE_AFTER_OFFER_RE.finditer(text)
    ]
    return found + [
        (m.start("code"), Discount(kind="code", code=m.group("code")))
        for m in _code_before_offer_re().finditer(text)
    ]


# a terse list ("VIP / 20% / reply YES / 2d reminder"): items between these separators
_TERSE_SEPARATOR_RE = re.compile(r"\s[/·•]\s|[;\n]")
# at least this many items make a text a terse list, so a lone "20%" in it is the offer
_TERSE_MIN_ITEMS = 3


def _terse_list_item(text: str, start: int, end: int) -> bool:
    """Whether the value at `start:end` is a whole item of a terse list: "VIP / 20% / reply YES"
    names its offer with no "off"; "3 % de conversion" or a table cell ("| 800 € |") is no item."""
    separators = list(_TERSE_SEPARATOR_RE.finditer(text))
    if len(separators) + 1 < _TERSE_MIN_ITEMS:
        return False
    left = max((s.end() for s in separators if s.end() <= start), default=0)
    right = min((s.start() for s in separators if s.start() >= end), default=len(text))
    if text[left:start].strip(" -*:") or text[end:right].strip(" .!"):
        return False
    # "KPI / 20% / Q3": a bare share after a goal or a rate is a target, not money off
    previous = max((s.end() for s in separators if s.end() <= max(0, left - 1)), default=0)
    return not _terse_target_re().search(text[previous:left])


@lru_cache(maxsize=1)
def _terse_target_re() -> re.Pattern[str]:
    words = sorted(load_vocabulary("offers")["terse_target_words"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


_CODE_STOPWORDS = {"at", "in", "on", "for", "to", "below", "above", "and", "or", "is", "will", "when", "the"}


# "bump it to 20%", "increase the discount to $15": a later, bigger offer (never "raise the price to")
_ESCALATION_BEFORE_RE = re.compile(
    r"\b(?:bump|raise|increase|up|upgrade|sweeten|boost|escalate|deepen|jump|take|make|push)(?:s|ed|ing)?\s+"
    r"(?:(?:it|that|this|them|the\s+(?:offer|discount|deal|code|coupon|savings?|incentive))\s+)?"
    r"(?:up\s+)?(?:to|into)\s*(?:an?\s+)?$",
    re.I,
)
_OFFER_NEAR_AFTER_RE = re.compile(
    r"^\s*-?\s*(?:off|discount|credit|back|rebate|savings?|coupon|voucher|de\s+descuento|de\s+r[eé]duction|de\s+remise|rabatt)\b",
    re.I,
)
_OFFER_NEAR_BEFORE_RE = re.compile(
    r"\b(?:save|saving|discount|credit|extra|take|get|coupon|voucher)\s*$"
    r"|(?:^|\s)[-\u2212\u2013]\s?$",  # "à -30 €": a minus sign in front of a sum is money off
    re.I,
)


@lru_cache(maxsize=1)
def _currency_codes() -> tuple[str, ...]:
    return tuple(load_vocabulary("offers")["currency_codes"])


def _is_price(text: str, m: re.Match[str], clauses: list[Clause] | None) -> bool:
    """`$119` in "now $119, was $149" is what the product costs, not money off."""
    clause = clause_at(clauses or [], m.start())
    if clause is None or not clause.is_about("price") or clause.labelled("offer") or m.group("w"):
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
    if _CODE_RIGHT_AFTER_RE.match(text, m.end(), m.end() + 40):
        return True
    if _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]) and mentions(
        text[: m.start()].lower(), "off", "discount", "save", "credit", "coupon"
    ):
        return True  # "$10 off; no reply: bump it to $15" (an offer stated before it)
    return _on_offer_line(m.start(), clauses)


def _on_offer_line(position: int, clauses: list[Clause] | None) -> bool:
    """True when `position` sits on a line labelled as the offer ("Discount: 20%", "Offer - $5")."""
    clause = clause_at(clauses or [], position)
    return clause is not None and clause.labelled("offer")


# "no discount codes in this one", "without any discount", "don't offer a coupon", "we're not
# doing a discount", "skip the discount this time", "at full price": the brief refuses money off,
# so a sum elsewhere (a referral reward, last year's price) is no offer. Words in vocab/offers.json.
@lru_cache(maxsize=1)
def _refused_re() -> re.Pattern[str]:
    vocab = load_vocabulary("offers")

    def alternation(key: str) -> str:
        words = sorted(vocab[key], key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"

    verbs, nouns = alternation("refusal_verbs"), alternation("refusal_nouns")
    negator = (
        r"no|zero|without(?:\s+(?:a|any))?|(?:skip(?:ping)?|drop(?:ping)?|nix)\s+the"
        rf"|(?:do\s+not|don'?t|won'?t|will\s+not|never|not|aren'?t|are\s+not)\s+(?:be\s+)?{verbs}\s+(?:(?:a|any|an)\s+)?"
    )
    # "no discount code needed" asks for no code, not for no discount
    needed = r"(?!\s+(?:codes?\s+)?(?:is\s+|are\s+)?(?:needed|required|necessary))"
    return re.compile(
        rf"\b(?:(?:{negator})\s*{nouns}(?!\w){needed}|{alternation('refusal_phrases')}\b)", re.I
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
    rf"(?:(?P<v>\d{{1,3}}|{WORD_NUM})[\s-]*(?:%|percent\b|per\s+cent\b|pct\b)(?!\s*/\s*\d)"
    rf"|[$€£]\s?(?P<a>\d{{1,6}}(?:[.,]\d{{2}})?)\b)",
    re.I,
)


# "no discounts in email", "no coupons on social": a refusal for another channel says nothing of SMS
_OTHER_CHANNEL_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:in|on|for|via|through)\s+(?:the\s+|our\s+)?"
    r"(?:e-?mails?|newsletters?|social|ads|paid|print|push|app|stores?|in-store|retail|web(?:site)?)\b",
    re.I,
)


# "on weekdays send a plain message with no offer", "otherwise no discount", "outside of it our
# standard text, no discount": a refusal for the other branch of a dated or daily window says
# nothing of the main offer (cues: `other_branch` in vocab/offers.json)
@lru_cache(maxsize=1)
def _other_branch_re() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(load_vocabulary("offers")["other_branch"]) + r")\b", re.I)


# a sentence ends at ; ! ? or a line break, and at a full stop before a capital: "e.g. the rest"
# and "4.5. bis" go on
_SENTENCE_END_RE = re.compile(r"[;!?\n]|(?<!\b\w)\.(?=\s+[A-ZÀ-Ý])")


def _for_other_branch(text: str, position: int) -> bool:
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, position)]
    sentence_start = ends[-1] if ends else 0
    return bool(_other_branch_re().search(text, sentence_start, position))


def refuses_discount(text: str) -> bool:
    """True when the brief says outright that the flow carries no discount."""
    return any(
        not _OTHER_CHANNEL_RE.match(text, m.end())
        and not _for_other_branch(text, m.start())
        and not _for_one_send(text, m.start(), m.end())
        for m in gated_by(
            _refused_re(), text.lower(), "discount", "coupon", "promo", "offer", "deal", "off", "price"
        ).finditer(text)
    )


@lru_cache(maxsize=1)
def _one_send_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_vocabulary("offers")["refusal_one_send"]), re.I)


_CLAUSE_EDGE_RE = re.compile(r"[.;!?\n|,:]")


def _for_one_send(text: str, start: int, end: int) -> bool:
    """ "no discount on this first one", "en el primer SMS, sin descuento": a refusal scoped to
    one send of the flow (cues: `refusal_one_send` in vocab/offers.json) clears that send only,
    so it refuses nothing the brief gives the other sends."""
    after = text[end : end + 40]
    after = after[: m.start() if (m := _CLAUSE_EDGE_RE.search(after)) else len(after)]
    before = text[max(0, start - 40) : start]
    edges = list(_CLAUSE_EDGE_RE.finditer(before))
    before = before[edges[-1].end() :] if edges else before
    return bool(_one_send_re().search(after) or _one_send_re().search(before))


@lru_cache(maxsize=1)
def _value_negated_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_vocabulary("offers")["value_negated_before"]), re.I)


def _negated_value(text: str, start: int) -> bool:
    """ "a threshold, NOT $60 off", "pas 60 € de remise": the brief says this value is no offer."""
    return bool(_value_negated_re().search(text[max(0, start - 20) : start]))


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


@lru_cache(maxsize=1)
def _percent_on_product_re() -> re.Pattern[str]:
    """ "30 % sur le forfait", "25 % en el plan", "35 % auf das Paket", "20% on the annual plan": a
    percentage on a product, written without "off"; the words are in vocab/offers.json, and a
    share ("sur les ventes", "on sales") is no offer."""
    vocab = load_vocabulary("offers")
    on = "|".join(sorted(vocab["percent_on_product"], key=len, reverse=True))
    on = on.replace(" ", r"\s+")
    not_products = "|".join(sorted(vocab["percent_on_not"], key=len, reverse=True))
    return re.compile(rf"^\s*(?:{on})(?:(?<=['\u2019])|\s+)(?!(?:{not_products})\b)\w", re.I)


@lru_cache(maxsize=1)
def _statistic_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(after, before): the words that make a percentage growth, a statistic or a share
    ("80 % unserer Kunden", "augmenté de 20 %"), in vocab/offers.json."""
    vocab = load_vocabulary("offers")

    def alternation(key: str) -> str:
        words = sorted(vocab[key], key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"

    after = re.compile(rf"^\s*{alternation('percent_statistic_after')}(?!\w)", re.I)
    particle = alternation("percent_statistic_particles")
    before = re.compile(rf"(?<!\w){alternation('percent_statistic_before')}(?:\s+{particle})?\s*$", re.I)
    return after, before


def _statistic(after: str, before: str) -> bool:
    """True when the words around a percentage state growth, a statistic or a share, and no offer
    word follows it: "Wir sind 15 % gewachsen", "80 % of our customers", "crecimos un 30 %"."""
    if _PERCENT_OK_AFTER.search(after):
        return False
    stat_after, stat_before = _statistic_res()
    return bool(stat_after.search(after) or stat_before.search(before))


def _percent_framed(after: str, before: str) -> bool:
    """Offer words around a percentage: "20% off", "save 20%", "-30 %", "30 % sur le forfait", or
    a sale named right before it ("summer sale 30%") when the words after it make it no share
    ("25% cotton")."""
    if _PERCENT_OK_AFTER.search(after) or _PERCENT_OK_BEFORE.search(before):
        return True
    if _percent_on_product_re().search(after):
        return True
    return bool(_sale_before_re().search(before)) and not _PERCENT_NOT_OFFER_AFTER.search(after)


def extract_discounts(text: str, clauses: list[Clause] | None = None) -> list[Discount]:
    """The money off the brief offers, in the order written; none when it refuses a discount."""
    return [] if refuses_discount(text) else _offered(text, clauses)


def _offered(text: str, clauses: list[Clause] | None) -> list[Discount]:
    found: list[tuple[int, Discount]] = []
    low = text.lower()
    for m in gated_by(_PERCENT_RE, low, "%", "percent", "per cent", "pct").finditer(text):
        value = parse_count(m.group("v"), default=0)
        after, before = text[m.end() : m.end() + 40], text[max(0, m.start() - 40) : m.start()]
        split_context = _SPLIT_AFTER_RE.match(text[m.end() : m.end() + 25])
        if (
            not 0 < value <= 100
            or split_context
            or _statistic(after, before)
            or _negated_value(text, m.start())
        ):
            continue
        escalated = _ESCALATION_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if (
            _percent_framed(after, before)
            or escalated
            or _on_offer_line(m.start(), clauses)
            or _terse_list_item(text, m.start(), m.end())
        ):
            found.append((m.start(), Discount(kind="percentage", value=str(value))))
    for m in gated_by(
        _amount_re(),
        low,
        "$",
        "dollar",
        "buck",
        "€",
        "£",
        "eur",
        "pound",
        "quid",
        "franc",
        *_currency_codes(),
    ).finditer(text):
        raw = (m.group("v") or m.group("w") or m.group("e")).replace(",", ".")
        if not raw[0].isdigit():  # "five dollars off"
            raw = str(parse_count(raw, default=0))
        if _AMOUNT_THRESHOLD_RE.search(text[max(0, m.start() - 20) : m.start()]) or _negated_value(
            text, m.start()
        ):
            continue
        if _is_price(text, m, clauses) or not (
            _money_off(text, m, clauses) or _terse_list_item(text, m.start(), m.end())
        ):
            continue
        amount = raw[:-3] if raw.endswith(".00") else raw
        if amount.replace(".", "").isdigit() and float(amount) > 0:
            found.append((m.start(), Discount(kind="amount", value=amount)))
    for m in gated_by(_FREE_SHIPPING_RE, low, "free", "ship").finditer(text):
        found.append((m.start(), Discount(kind="free_shipping")))
    for m in gated_by(_CODE_RE, low, "code", "coupon", "digo", "cup", "gutschein").finditer(text):
        code = m.group("code")
        # a code is written in capitals or carries a digit; "code at checkout" is prose
        if not (code.isupper() or any(ch.isdigit() for ch in code)) or (code.isdigit() and len(code) < 3):
            continue
        if code.lower() in _CODE_STOPWORDS:  # "USE CODE AT CHECKOUT" in an all-caps brief
            continue
        found.append((m.start(), Discount(kind="code", code=code.upper())))
    found += _codes_after_offer(text) if found else []
    found += _table_offers(text)
    found = _corrected(text, found)
    found.sort(key=lambda item: item[0])
    unique: list[Discount] = []
    for _, d in found:
        if d not in unique:
            unique.append(d)
    return unique


# ----------------------------------------------------------------------------- corrections

_MONEY_KINDS = ("percentage", "amount")
# how far before a correction the value it takes back may be written, and after it the new one
_CORRECTED_REACH, _CORRECTION_REACH = 80, 40


@lru_cache(maxsize=1)
def _correction_re() -> re.Pattern[str]:
    words = sorted(load_vocabulary("offers")["corrections"], key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[\s,]+") for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I)


def _vocab_re(key: str, tail: str) -> re.Pattern[str]:
    words = sorted(load_vocabulary("offers")[key], key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation}){tail}", re.I)


@lru_cache(maxsize=1)
def _point_ref_re() -> re.Pattern[str]:
    """ "to point 1:", "zu Punkt 1 -", "al punto 1:", "du point 1 :": the list item a correction fixes."""
    return _vocab_re(
        "correction_point_refs", r"\s*(?:n[or°º]\.?\s*|#\s*)?(?P<n>\d{1,2})\b\s*[:.\u2013\u2014-]?"
    )


@lru_cache(maxsize=1)
def _instead_of_re() -> re.Pattern[str]:
    """ "instead of", "statt", "en vez de", "au lieu de" right before a value: the value taken back."""
    return _vocab_re("instead_of", r"\s*$")


def _money_in(window: str) -> list[re.Match[str]]:
    found = list(_PERCENT_RE.finditer(window)) + list(_amount_re().finditer(window))
    return sorted(found, key=lambda m: m.start())


def _as_discount(m: re.Match[str]) -> Discount | None:
    if "w" not in m.groupdict():  # a percentage (the amount pattern has the "w" group)
        value = parse_count(m.group("v"), default=0)
        return Discount(kind="percentage", value=str(value)) if 0 < value <= 100 else None
    raw = (m.group("v") or m.group("w") or m.group("e")).replace(",", ".")
    raw = raw if raw[0].isdigit() else str(parse_count(raw, default=0))
    raw = raw[:-3] if raw.endswith(".00") else raw
    return Discount(kind="amount", value=raw) if float(raw) > 0 else None


def _correction_start(text: str, start: int) -> int:
    """Where the new value may be written: past a reference to the item it fixes ("to point 1:")."""
    ref = _point_ref_re().match(text, start)
    return ref.end() if ref else start


def _value_after(text: str, start: int) -> tuple[int, Discount] | None:
    """The first percentage or sum of money in the words after a correction ("make it 40%"),
    passing over one it names as taken back ("statt 10 % bitte 20 %")."""
    return _values_after(text, start)[0]


def _values_after(text: str, start: int) -> tuple[tuple[int, Discount] | None, list[Discount]]:
    """The new value after a correction, and the values it says it replaces ("instead of 10%")."""
    start = _correction_start(text, start)
    window = text[start : start + _CORRECTION_REACH]
    window = window[: next((i for i, ch in enumerate(window) if ch in ".;\n"), len(window))]
    new: tuple[int, Discount] | None = None
    replaced: list[Discount] = []
    for m in _money_in(window):
        d = _as_discount(m)
        if d is None:
            continue
        if _instead_of_re().search(window[max(0, m.start() - 20) : m.start()]):
            replaced.append(d)
        elif new is None:
            new = (start + m.start(), d)
    return new, replaced


def _list_item_span(text: str, before: int, n: str) -> tuple[int, int] | None:
    """The span of list item `n` ("1. ...", "1) ...") written before `before`."""
    spans = [
        (m.start(), m.end())
        for m in re.finditer(rf"(?m)^[ \t]*(?:[-*]\s*)?{n}\s*[.)][ \t]+[^\n]*", text)
        if m.start() < before
    ]
    return spans[-1] if spans else None


# "actually make it 15 not 10", "non, plutôt 15", "lieber 15 statt 10": the new value written as a
# bare number, in the unit of the value it takes back; never a time, a count of days or a clock
_BARE_VALUE_RE = re.compile(
    rf"^\W{{0,3}}(?:(?:to|at|a|an|un|una|one|à|a|auf)\s+)?(?P<v>\d{{1,4}}(?:[.,]\d{{2}})?)\b"
    rf"(?![.,:]\d|\s*(?:{UNIT}|am|pm|x|times|people|texts?|messages?|sms)\b|\s*[%$€£/])",
    re.I,
)


def _bare_value_after(text: str, start: int, kind: str) -> tuple[int, Discount] | None:
    window = text[start : start + _CORRECTION_REACH]
    window = window[: next((i for i, ch in enumerate(window) if ch in ";\n"), len(window))]
    m = _BARE_VALUE_RE.match(window)
    if m is None:
        return None
    raw = m.group("v").replace(",", ".")
    raw = raw[:-3] if raw.endswith(".00") else raw
    if float(raw) <= 0 or (kind == "percentage" and (not raw.isdigit() or int(raw) > 100)):
        return None
    money_kind: Literal["percentage", "amount"] = "percentage" if kind == "percentage" else "amount"
    return start + m.start("v"), Discount(kind=money_kind, value=raw)


def _corrected(text: str, found: list[tuple[int, Discount]]) -> list[tuple[int, Discount]]:
    """The offers once the brief's own corrections are applied: "30% off - actually no, make it
    40%", "20%... scratch that, 25%", "en fait non, 15 %". The value taken back is dropped and the
    one that replaces it kept, though it is written without "off"."""
    if not found and not (re.search(r"\d\s*%|[$€£]", text) or _amount_re().search(text)):
        return found
    kept = list(found)
    for m in _correction_re().finditer(text):
        # the value taken back: the last one written just before the correction, in "off" words or not
        before = text[max(0, m.start() - _CORRECTED_REACH) : m.start()]
        if not (_PERCENT_RE.search(before) or _amount_re().search(before)):
            continue
        old = [
            (at, d)
            for at, d in kept
            if d.kind in _MONEY_KINDS and m.start() - _CORRECTED_REACH <= at < m.start()
        ]
        new, replaced = _values_after(text, m.end())
        ref = _point_ref_re().match(text, m.end())
        item = _list_item_span(text, m.start(), ref.group("n")) if ref else None
        if item is not None:  # "Correction to point 1: ...": the values of item 1 are taken back
            old = [(at, d) for at, d in kept if d.kind in _MONEY_KINDS and item[0] <= at < item[1]] or old
        if new is None and old:
            new = _bare_value_after(text, _correction_start(text, m.end()), old[-1][1].kind)
        if new is None:
            continue
        for entry in old[-1:] if item is None else old:
            kept.remove(entry)
        # the value it names as taken back ("statt 10 %") is gone wherever the brief wrote it
        kept = [(at, d) for at, d in kept if at != new[0] and d not in replaced]
        kept.append(new)
    return kept


def corrections_in(text: str) -> list[tuple[int, int]]:
    """The spans of the brief where it takes an offer value back (for the words it rejects)."""
    return [(m.start(), m.end()) for m in _correction_re().finditer(text) if _value_after(text, m.end())]


# ----------------------------------------------------------------------------- tables

_CELL_SPLIT_RE = re.compile(r"\s*[,;\t|]\s*")
_TABLE_RULE_RE = re.compile(r"^[\s|:+-]+$")


def _cells(line: str) -> list[str]:
    return [c.strip().strip("'\"") for c in _CELL_SPLIT_RE.split(line.strip().strip("|"))]


@lru_cache(maxsize=1)
def _column_names() -> dict[str, str]:
    columns = load_vocabulary("offers")["table_columns"]
    return {name: role for role, names in columns.items() for name in names}


def _table_offers(text: str) -> list[tuple[int, Discount]]:
    """Offers in a pasted table: a header row naming a discount or code column ("segment,discount,
    code") and the rows under it ("vip,20%,SPRING20"), comma, semicolon, tab or pipe separated."""
    if not re.search(r"[,;\t|]", text):
        return []
    found: list[tuple[int, Discount]] = []
    roles: dict[int, str] | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        cells = _cells(line)
        named = {i: _column_names().get(c.lower()) for i, c in enumerate(cells)}
        if len(cells) >= 2 and any(named.values()) and all(c and not c[0].isdigit() for c in cells):
            roles = {i: role for i, role in named.items() if role}
        elif roles and _TABLE_RULE_RE.match(line):
            pass  # the rule under a markdown header
        elif roles and len(cells) >= 2:
            for i, role in roles.items():
                if i < len(cells) and cells[i]:
                    found += [(offset + line.find(cells[i]), d) for d in _cell_offer(cells[i], role)]
        else:
            roles = None
        offset += len(line)
    return found


def _cell_offer(cell: str, role: str) -> list[Discount]:
    if role == "code":
        code = cell.strip()
        ok = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{1,24}", code) and (
            code.isupper() or any(ch.isdigit() for ch in code)
        )
        return [Discount(kind="code", code=code.upper())] if ok else []
    percent = _PERCENT_RE.fullmatch(cell.strip()) or re.fullmatch(
        r"(?P<v>\d{1,3})\s*%\s*(?:off)?", cell.strip(), re.I
    )
    if percent:
        value = parse_count(percent.group("v"), default=0)
        return [Discount(kind="percentage", value=str(value))] if 0 < value <= 100 else []
    amount = re.fullmatch(
        r"[$€£]\s?(?P<a>\d{1,6}(?:[.,]\d{2})?)(?:\s*off)?|(?P<b>\d{1,6}(?:[.,]\d{2})?)\s?(?:€|£|eur|gbp|usd|chf)(?:\s*off)?",
        cell.strip(),
        re.I,
    )
    if amount:
        raw = (amount.group("a") or amount.group("b")).replace(",", ".")
        raw = raw[:-3] if raw.endswith(".00") else raw
        return [Discount(kind="amount", value=raw)] if float(raw) > 0 else []
    return [Discount(kind="free_shipping")] if _FREE_SHIPPING_RE.search(cell) else []


# ----------------------------------------------------------------------------- free items


@lru_cache(maxsize=4)
def _free_item_res(lang: str) -> list[re.Pattern[str]]:
    rules = load_vocabulary("offers")["free_item"].get(lang) or []
    return [re.compile(rule, re.I) for rule in rules]


def extract_free_item(text: str, lang: str, discounts: list[Discount]) -> str | None:
    """What a code gives when the brief offers no money off with it ("a free churro with code
    CHURRO", "un café offert avec le code CAFE"): the item as the brief writes it, for the copy
    to name instead of a discount. None when the brief states a percentage or an amount, or has
    no code."""
    kinds = {d.kind for d in discounts}
    if "code" not in kinds or kinds & {"percentage", "amount"}:
        return None
    not_items = set(load_vocabulary("offers")["free_item_not"])
    for pattern in _free_item_res(lang if lang in ("en", "es", "fr", "de") else "en"):
        for m in pattern.finditer(text):
            item = " ".join(m.group("item").split())
            if not set(re.findall(r"[\w-]+", item.lower())) & not_items:
                return item
    return None
