"""Products a brief names by variant id, with their quantities and names."""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.context import mentions
from flowgen_core.brief.model import ProductRef
from flowgen_core.brief.numbers import NUM, parse_count
from flowgen_core.brief.vocabulary import load_vocabulary

_VARIANT_RE = re.compile(
    r"(?:(?P<name>(?:[A-Z][\w'&-]*\s+){0,4}[A-Z][\w'&-]*)\s*[(,]?\s*)?"
    # "variant 4412", "SKU id 88123", "productVariantId: 123", "variant_id=9", FR/ES "variante 5521",
    # DE "Variante Nr. 5521", "Varianten-ID 5521" (read by the glossary as "variants-ID 5521")
    r"\b(?i:(?:product[\s_-]?)?(?:variant(?:en?|s)?|sku)(?:[\s_-]?ids?)?\s*(?:#|:|=|no\.?|nr\.?|n[°º]|number)?)\s*"
    r"['\"]?(?P<id>\d{2,20})\b",
)
# "Linen Shirt (id 9101)", "Schal (ID: 6602)": a named product with its id in brackets
_NAMED_ID_RE = re.compile(
    r"(?P<name>(?:[A-Z][\w'&-]*\s+){0,4}[A-Z][\w'&-]*)\s*\(\s*(?i:id|#)\s*[:#=]?\s*(?P<id>\d{2,20})\s*\)"
)
_QUANTITY_RE = re.compile(rf"\b(?P<n>{NUM})\s+(?:units?|pieces?|pcs|items?\s+of\s+it|of\s+them)\b", re.I)
# "SKU 8812 x2", "variant 991, qty 3", "variant 77 (quantity: 2)": a quantity written beside its id
_QUANTITY_AFTER_ID_RE = re.compile(
    rf"\s*[(,]?\s*(?:[x\u00d7]\s*(?P<x>\d{{1,4}})\b|(?:qty|quantity|count|quantit[ée]|cantidad|menge|anzahl)\s*(?:of\s+|de\s+)?[:=]?\s*(?P<q>{NUM})\b"
    rf"|(?P<u>{NUM})\s+(?:units?|pieces?|pcs)\b)",
    re.I,
)
# "variant 88213 (Daily Comfort 90-pack), quantity 2": the product's name in brackets after its id,
# with the quantity written after the name
_NAME_AFTER_ID_RE = re.compile(r"\s*\(\s*(?P<name>[A-Z][^()\n]{0,60}?)\s*\)")
_NAME_STOPWORDS = {"the", "our", "a", "an", "with", "promote", "offer", "send", "for"}


@lru_cache(maxsize=1)
def _count_nouns() -> str:
    return "|".join(load_vocabulary("products")["count_nouns"])


def _count_before(text: str, end: int, name: str | None) -> int:
    """ "2 copies (variant 88120)", "3 botellas (variante 55)", "2 Flaschen (Variante 7)": a count
    written in a count noun right before the id it counts (`end`: where the id's match starts;
    `name`: the capitalised words it took for a name, a German count noun among them); 0 if none."""
    start = max(0, end - 40)
    if name and re.fullmatch(_count_nouns(), name, re.I):
        found = re.search(rf"(?<![\w.,])(?P<n>{NUM})\s+$", text[start:end], re.I)
    else:
        found = re.search(
            rf"(?<![\w.,])(?P<n>{NUM})\s+(?:{_count_nouns()})\s*[(,:]?\s*$", text[start:end], re.I
        )
    return parse_count(found.group("n"), default=0) if found else 0


def extract_products(text: str) -> list[ProductRef]:
    if not mentions(text.lower(), "variant", "sku", "(id", "( id", "(#"):
        return []
    quantity_match = _QUANTITY_RE.search(text)
    quantity = max(1, parse_count(quantity_match.group("n"))) if quantity_match else 1
    products: list[ProductRef] = []
    matches = sorted([*_VARIANT_RE.finditer(text), *_NAMED_ID_RE.finditer(text)], key=lambda m: m.start())
    for m in matches:
        name = m.group("name")
        if name:
            words = name.split()
            while words and words[0].lower() in _NAME_STOPWORDS:
                words.pop(0)
            name = " ".join(words) or None
        if any(p.variant_id == m.group("id") for p in products):
            continue
        own = _QUANTITY_AFTER_ID_RE.match(text, m.end())
        named_after = None if own else _NAME_AFTER_ID_RE.match(text, m.end())
        if named_after:
            own = _QUANTITY_AFTER_ID_RE.match(text, named_after.end())
            name = name or named_after.group("name")
        own_quantity = (
            parse_count(own.group("x") or own.group("q") or own.group("u"), default=0) if own else 0
        )
        counted = 0 if own_quantity else _count_before(text, m.start(), name)
        if counted and name and re.fullmatch(_count_nouns(), name, re.I):
            name = None  # "2 Flaschen (Variante 7)": the count's noun, not the product's name
        own_quantity = own_quantity or counted
        products.append(ProductRef(variant_id=m.group("id"), quantity=own_quantity or quantity, name=name))
    return products
