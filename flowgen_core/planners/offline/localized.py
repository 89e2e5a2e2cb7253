"""Offline copy in Spanish, French and German, from the templates in `copy_templates/`.

The English planner decides the flow (steps, offers, replies); this module only words a send in the
brief's language, with the same facts: greeting with the brand, the offer, the code, the replies and
the opt-out.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from flowgen_core.brief.money import money
from flowgen_core.planners.offline.copywriting import Part, compose, segments

LOCALIZED_LANGUAGES = ("es", "fr", "de")


@lru_cache(maxsize=len(LOCALIZED_LANGUAGES))
def templates(lang: str) -> dict[str, str]:
    path = resources.files("flowgen_core.planners.offline").joinpath(f"copy_templates/{lang}.json")
    data: dict[str, str] = json.loads(path.read_text("utf-8"))
    return data


def local_keyword(lang: str, word: str) -> str:
    """A reply keyword the planner chose itself ("yes", "buy"), in the brief's language ("si")."""
    if lang not in LOCALIZED_LANGUAGES:
        return word
    return templates(lang).get(f"keyword_{word}", word).lower()


def english_keyword(lang: str, word: str) -> str:
    """The default keyword a localized one stands for ("oui" -> "yes"), so both route alike."""
    if lang not in LOCALIZED_LANGUAGES:
        return word
    for key, value in templates(lang).items():
        if key.startswith("keyword_") and value.lower() == word:
            return key.removeprefix("keyword_")
    return word


def offer_phrase(
    lang: str, kind: str | None, value: str | None, code: str | None, *, currency: str | None = None
) -> str:
    t = templates(lang)
    if kind == "percentage" and value:
        # "10,5 %": these languages write a decimal comma
        return t[kind].format(value=value.replace(".", ","))
    if kind == "amount" and value:
        # money off in the brief's own currency ("10 €", "20 £", "zehn Euro")
        return t[kind].format(money=money(value, currency, lang))
    if kind == "free_shipping":
        return t["free_shipping"]
    return t["special"] if code else ""


def localized_copy(
    lang: str,
    *,
    brand: str,
    playbook: str,
    first: bool,
    offer: str,
    code: str | None,
    free_shipping: bool,
    reminder: bool,
    item: str | None = None,
    keywords: list[str],
    kind: str,
    max_segments: int,
    lead: str | None = None,
    actions: dict[str, str] | None = None,
) -> str:
    """One SMS in `lang`; the required parts survive, optional ones go when the budget is tight.
    `lead` is the brief's own content for this send, in its language, instead of the template's.
    `item`: the free item a code gives ("un café offert"), named instead of a discount.
    `actions`: what a keyword does in the brief's own words ("reservar tu plaza"), said after it;
    the plain keyword stays when the text would not fit otherwise."""

    def write(said_actions: dict[str, str]) -> str:
        return _localized_copy(
            lang, brand, playbook, first, offer, code, free_shipping, reminder, item, keywords, kind,
            max_segments, lead, said_actions,
        )  # fmt: skip

    if actions:
        said = write(actions)
        if segments(said) <= max_segments:
            return said
    return write({})


def _localized_copy(
    lang: str,
    brand: str,
    playbook: str,
    first: bool,
    offer: str,
    code: str | None,
    free_shipping: bool,
    reminder: bool,
    item: str | None,
    keywords: list[str],
    kind: str,
    max_segments: int,
    lead: str | None,
    actions: dict[str, str],
) -> str:
    t = templates(lang)
    greeting = t["greeting_first"].format(brand=brand) if first else t["greeting"].format()
    if lead:
        # a sentence of its own after the greeting: "Hola {{first_name}}! Tus entradas ..."
        greeting = greeting.rstrip(",") + "!"
    parts = [Part(f"{greeting} {lead or t.get(f'lead_{playbook}', t['lead'])}")]
    if kind == "purchase_offer":
        parts.append(Part(t["cart"].format(), required=False))
    if code and item:
        parts.append(Part(t["use_code_item"].format(code=code.upper(), item=item[:1].lower() + item[1:])))
    elif offer:
        sentence = t["still_yours" if reminder else "enjoy"].format(offer=offer)
        parts.append(Part(f"{sentence}{t['plus_free_shipping'] if free_shipping else ''}."))
        if code:
            parts.append(Part(t["use_code"].format(code=code.upper())))
    elif code:
        parts.append(Part(t["use_code_special"].format(code=code.upper())))
    elif free_shipping:
        parts.append(Part(t["free_shipping_sentence"]))
    if keywords:
        link = t.get("reply_link", " ")
        words = [f"{w.upper()}{link}{actions[w]}" if actions.get(w) else w.upper() for w in keywords]
        joined = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {t['or']} {words[-1]}"
        parts.append(Part(t["reply"].format(words=joined)))
    if kind == "purchase_offer":
        parts.append(Part(t["checkout"].format(), required=False))
    elif kind == "message":
        parts.append(Part(t["shop"].format(), required=False))
    if first:
        parts.append(Part(t["opt_out"]))
    text = compose(parts, max_segments=max_segments)
    if segments(text) <= max_segments:
        return text
    return compose([p for p in parts if p.required], max_segments=max_segments)
