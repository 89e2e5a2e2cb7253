"""SMS text of message-like steps: canonical template variables, one text in three fields.

Copy the marketer quoted word for word (`verbatim`) keeps its variables as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import TEXT_MIRRORED, VARIABLE_CANONICALISED
from flowgen_core.format.variables import DOTTED_TO_CANONICAL
from flowgen_core.format.vocabulary import TEXT_FIELDS

# Dotted marketer dialect -> canonical FlowBuilder variable (spec section 5), beyond the
# format's own table: spellings seen in model output that have one obvious reading.
_EXTRA_VARIABLES = {
    "customer.first_name": "first_name",
    "customer.firstname": "first_name",
    "customer.last_name": "last_name",
    "customer.lastname": "last_name",
    "customer.timezone": "customer_timezone",
    "merchant.name": "brand_name",
    "brand.name": "brand_name",
    "store.name": "brand_name",
    "merchant.url": "store_url",
    "store.url": "store_url",
    "brand.url": "store_url",
    "agent.name": "agent_name",
    "cart.list": "Cart List",
    "checkout.link": "Purchase Link",
    "checkout.url": "Purchase Link",
    "purchase.link": "Purchase Link",
    "discount.label": "Discount Label",
    "product.list": "Product List",
    "products.list": "Product List",
}
VARIABLES: dict[str, str] = {
    **_EXTRA_VARIABLES,
    **{key.strip("{} "): value.strip("{} ") for key, value in DOTTED_TO_CANONICAL.items()},
}
_VARIABLE = re.compile(r"\{\{\s*([^{}#/]+?)\s*\}\}")


class TextCanon:
    """Rewrites template variables to their canonical names outside quoted copy."""

    def __init__(self, verbatim: Iterable[str]) -> None:
        self.verbatim = [v for v in verbatim if isinstance(v, str) and v.strip()]

    def canonical(self, text: str) -> str:
        protected = self.protected_spans(text)

        def replace(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in protected):
                return match.group(0)
            name = match.group(1)
            canonical = VARIABLES.get(name) or VARIABLES.get(name.lower())
            if canonical is None:
                # `{{ first_name }}` -> `{{first_name}}`: only the spacing changes.
                return "{{" + name + "}}"
            return "{{" + canonical + "}}"

        return _VARIABLE.sub(replace, text)

    def protected_spans(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for quote in self.verbatim:
            start = text.find(quote)
            while start != -1:
                spans.append((start, start + len(quote)))
                start = text.find(quote, start + len(quote))
        return spans


def fix_text(rec: Recorder, canon: TextCanon, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    for key in TEXT_FIELDS:
        value = step.get(key)
        if isinstance(value, str) and value:
            canonical = canon.canonical(value)
            if canonical != value:
                rec.put(
                    step,
                    key,
                    canonical,
                    VARIABLE_CANONICALISED,
                    sid,
                    path,
                    "dotted template variables written with their FlowBuilder names",
                )
    body = next((step[k] for k in TEXT_FIELDS if isinstance(step.get(k), str) and step[k].strip()), None)
    if body is None:
        return
    for key in TEXT_FIELDS:
        if step.get(key) != body:
            rec.put(step, key, body, TEXT_MIRRORED, sid, path, "messageText, content and text carry one text")
