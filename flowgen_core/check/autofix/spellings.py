"""The spellings writers use for the format's enumerations, keyed by `squash`ed form.

Each table maps a squashed spelling to the one the spec writes; a value missing from a
table is left alone for the validator to report.
"""

from __future__ import annotations

from flowgen_core.check.autofix.values import squash
from flowgen_core.format.vocabulary import SEGMENT_ACTIONS, STEP_TYPES

STEP_TYPE_BY_KEY: dict[str, str] = {squash(t): t for t in STEP_TYPES}
STEP_TYPE_BY_KEY.update({"wait": "delay", "sms": "message", "abtest": "experiment"})
EVENT_TYPE_BY_KEY: dict[str, str] = {
    "default": "default",
    "reply": "reply",
    "noreply": "noreply",
    "split": "split",
    "noresponse": "noreply",
    "timeout": "noreply",
}

DISCOUNT_TYPES: dict[str, str] = {
    "none": "none",
    "no": "none",
    "": "none",
    "percentage": "percentage",
    "percent": "percentage",
    "pct": "percentage",
    "amount": "amount",
    "fixed": "amount",
    "fixedamount": "amount",
    "dollar": "amount",
    "dollars": "amount",
    "code": "code",
    "coupon": "code",
    "discountcode": "code",
}
OFFER_DISCOUNT_TYPES = {k: v for k, v in DISCOUNT_TYPES.items() if v != "none"}
CART_SOURCES = {
    "latest": "latest",
    "latestcart": "latest",
    "last": "latest",
    "lastcart": "latest",
    "recent": "latest",
    "manual": "manual",
    "manually": "manual",
    "manualcart": "manual",
}
PRODUCT_SELECTIONS = {
    "manually": "manually",
    "manual": "manually",
    "automatically": "automatically",
    "automatic": "automatically",
    "auto": "automatically",
    "popularity": "popularity",
    "popular": "popularity",
    "recentlyviewed": "recently_viewed",
}
MESSAGE_TYPES = {"standard": "standard", "personalized": "personalized", "personalised": "personalized"}
CONDITION_OPERATORS = {
    "has": "has",
    "did": "has",
    "is": "has",
    "true": "has",
    "hasnot": "has_not",
    "hasnt": "has_not",
    "doesnothave": "has_not",
    "didnot": "has_not",
    "didnt": "has_not",
    "not": "has_not",
    "isnot": "has_not",
    "false": "has_not",
}
CONDITION_TYPES = {
    "event": "event",
    "property": "property",
    "refill": "refill",
    "customerproperty": "property",
}
SEGMENT_ACTION_BY_KEY = {squash(a): a for a in SEGMENT_ACTIONS}
PROPERTY_OPERATORS = {
    "thatexists": "that exists",
    "exists": "that exists",
    "doesnotexist": "does not exist",
    "notexists": "does not exist",
    "withavalueof": "with a value of",
    "equals": "with a value of",
    "eq": "with a value of",
    "withavaluenotequalto": "with a value not equal to",
    "notequals": "with a value not equal to",
    "ne": "with a value not equal to",
    "withavaluecontaining": "with a value containing",
    "contains": "with a value containing",
    "withavaluenotcontaining": "with a value not containing",
    "notcontains": "with a value not containing",
}
# Legacy `segmentDefinition` event names -> (action, filter).
LEGACY_EVENTS = {
    "onetext_external_order_create": ("placed_order", "all orders"),
    "onetext_link_click": ("clicked_link", "all clicks"),
    "onetext_external_product_view": ("viewed_product", "all product views"),
    "onetext_external_cart_update": ("added_product_to_cart", "all cart updates"),
    "onetext_external_checkout_update": ("started_checkout", "all checkout updates"),
}
