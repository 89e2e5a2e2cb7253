"""Template variables of the FlowBuilder format (spec section 5).

Canonical names are what the platform substitutes; the dotted dialect (`{{customer.first_name}}`)
is what marketers write in briefs. Copy quoted verbatim from a brief keeps its dotted names;
everything else is written with canonical names.
"""

from __future__ import annotations

import re

# Available in every message-like text.
MESSAGE_VARIABLES: frozenset[str] = frozenset(
    {"brand_name", "store_url", "first_name", "last_name", "customer_timezone", "agent_name", "opt_in_terms"}
)
PRODUCT_CHOICE_VARIABLES: frozenset[str] = MESSAGE_VARIABLES | {
    "Product List",
    "Product List Without Prices",
    "Discount Label",
}
PURCHASE_OFFER_VARIABLES: frozenset[str] = MESSAGE_VARIABLES | {
    "Cart List",
    "Purchase Link",
    "Discount Label",
}
CANONICAL_VARIABLES: frozenset[str] = PRODUCT_CHOICE_VARIABLES | PURCHASE_OFFER_VARIABLES

# Dotted dialect -> canonical name. `merchant.url` is not in the spec's list but appears in
# real briefs and has an obvious canonical counterpart.
DOTTED_TO_CANONICAL: dict[str, str] = {
    "customer.first_name": "first_name",
    "customer.last_name": "last_name",
    "customer.timezone": "customer_timezone",
    "merchant.name": "brand_name",
    "merchant.url": "store_url",
    "cart.list": "Cart List",
    "checkout.link": "Purchase Link",
    "discount.label": "Discount Label",
}

_VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# Handlebars block helpers such as {{#if discount}} ... {{else}} ... {{/if}}.
_BLOCK_HELPER = re.compile(r"^(?:[#/^].*|else)$")


def variables_for(step_type: str) -> frozenset[str]:
    """Canonical variables the platform substitutes in a text of this step type."""
    # Imported on use: the step kinds name the variable sets defined in this module.
    from flowgen_core.steps import kind_of

    return kind_of(step_type).variables


def is_block_helper(name: str) -> bool:
    return bool(_BLOCK_HELPER.match(name))


def find_variables(text: str) -> list[str]:
    """Variable names in `text`, in order, without braces; block helpers are left out."""
    if not isinstance(text, str):
        return []
    return [name for name in _VARIABLE.findall(text) if not is_block_helper(name)]


def canonical_name(var: str) -> str | None:
    """The canonical name of `var` (itself when already canonical), or None when unknown."""
    name = var.strip()
    if name in CANONICAL_VARIABLES:
        return name
    return DOTTED_TO_CANONICAL.get(name)


def canonicalize_text(text: str) -> str:
    """Rewrite dotted-dialect variables to canonical names; unknown ones are left alone."""

    def _replace(match: re.Match[str]) -> str:
        name = match.group(1)
        canonical = DOTTED_TO_CANONICAL.get(name)
        return "{{" + canonical + "}}" if canonical else match.group(0)

    return _VARIABLE.sub(_replace, text)


def variable_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every variable occurrence, block helpers included."""
    return [(m.start(), m.end(), m.group(1)) for m in _VARIABLE.finditer(text)]
