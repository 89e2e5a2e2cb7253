"""SMS copywriting helpers for the offline planner.

Copy is assembled from parts with priorities: required parts (greeting, offer, call to
action, opt-out) always stay; optional flourishes are dropped, longest first, until the
text fits the segment budget. Generated copy is GSM-7 only so one segment holds 160
characters rather than 70.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flowgen_core.brief import Discount
from flowgen_core.brief.money import money
from flowgen_core.format.sms import segment_info

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")
_GSM7 = frozenset(GSM7_BASIC | GSM7_EXTENDED)
_RUNS_OF_BLANKS = re.compile(r"[ \t]{2,}")
_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}
_VARIABLE = re.compile(r"\{\{[^{}]*\}\}")
# Template variables are replaced by real values at send time; budget them generously.
VARIABLE_BUDGET = 10
OPT_OUT = "Reply STOP to opt out."


def to_gsm7(text: str) -> str:
    """Replace typographic characters with GSM-7 ones, fold accents GSM-7 lacks, drop the rest (emoji)."""
    # Most copy is GSM-7 already, and then the loop below would keep every character as it is.
    if _GSM7.issuperset(text):
        return _RUNS_OF_BLANKS.sub(" ", text).strip()
    out: list[str] = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        for piece in char:
            if piece not in GSM7_BASIC and piece not in GSM7_EXTENDED:
                # an accent GSM-7 lacks keeps its letter: "código" -> "codigo", not "cdigo"
                piece = unicodedata.normalize("NFD", piece)[0]
            if piece in GSM7_BASIC or piece in GSM7_EXTENDED:
                out.append(piece)
    return _RUNS_OF_BLANKS.sub(" ", "".join(out)).strip()


def estimated_segments(text: str) -> int:
    """Segments an SMS body takes, with template variables counted as VARIABLE_BUDGET characters."""
    body = _VARIABLE.sub("x" * VARIABLE_BUDGET, text)
    if _GSM7.issuperset(body):  # set and str.count loops run in C: this is called per draft
        length = len(body) + sum(body.count(ch) for ch in GSM7_EXTENDED)
        return 1 if length <= 160 else -(-length // 153)
    length = sum(2 if ord(ch) > 0xFFFF else 1 for ch in body)
    return 1 if length <= 70 else -(-length // 67)


def segments(text: str) -> int:
    """The larger of our estimate and the format module's count."""
    return max(estimated_segments(text), segment_info(text).segments)


@dataclass(frozen=True)
class Part:
    text: str
    required: bool = True


def compose(parts: list[Part], *, max_segments: int = 2) -> str:
    """Join parts; drop optional ones (longest first) until the text fits `max_segments`."""
    kept = [p for p in parts if p.text.strip()]

    def render(items: list[Part]) -> str:
        return to_gsm7(" ".join(p.text.strip() for p in items))

    text = render(kept)
    while segments(text) > max_segments:
        optional = [p for p in kept if not p.required]
        if not optional:
            break
        kept.remove(max(optional, key=lambda p: len(p.text)))
        text = render(kept)
    return text


def discount_phrase(discount: Discount | None, currency: str | None = None) -> str:
    """'15% off', '$10 off' ('£10 off' in a brief that prices in pounds), 'free shipping', or ''."""
    if discount is None:
        return ""
    if discount.kind == "percentage" and discount.value:
        return f"{discount.value}% off"
    if discount.kind == "amount" and discount.value:
        return f"{money(discount.value, currency)} off"
    if discount.kind == "free_shipping":
        return "free shipping"
    return "a special discount" if discount.code else ""


def free_item_phrase(item: str) -> str:
    """The free item a code gives, for the middle of a sentence: "Free churro" -> "a free churro";
    an item written with its article ("un café offert") keeps it."""
    words = item.strip()
    words = words[:1].lower() + words[1:]
    if words.lower().startswith("free "):
        return f"a {words}"
    return words


def code_phrase(discount: Discount | None) -> str:
    if discount is None or not discount.code:
        return ""
    return f"Use code {discount.code.upper()} at checkout."


def brand_token(brand_name: str | None) -> str:
    cleaned = to_gsm7(brand_name or "").replace("{", "").replace("}", "").strip()
    return cleaned or "{{brand_name}}"


_WORD = re.compile(r"[a-z0-9]{3,}")


def repeats(text: str, addition: str) -> bool:
    """True when `addition` mostly says again what `text` already says ("Are you running low on
    coffee?" after "running low on coffee?"): words compared by their first four letters, so
    "thank"/"thanks" and "join"/"joining" match."""
    said = {w[:4] for w in _WORD.findall(text.lower())}
    words = [w[:4] for w in _WORD.findall(addition.lower())]
    if not words:
        return True
    return sum(w in said for w in words) >= 0.6 * len(words)


def sentence_case(heading: str) -> str:
    """A heading for the middle of a sentence: "Concert presale" -> "concert presale"; a name
    keeps its capitals ("Harbor Lights presale")."""
    words = heading.split()
    named = any(w[:1].isupper() for w in words[1:])
    if len(words) > 1 and words[0][:1].isupper() and words[0][1:].islower() and not named:
        return heading[:1].lower() + heading[1:]
    return heading


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_DETERMINED = re.compile(r"^(?:the|our|your|my|their|these|those|this|that|a|an)\b", re.I)


def our(label: str) -> str:
    """ "our yoga", but "the new espresso blend" and "our classic roast" as written."""
    return label if _DETERMINED.match(label) else f"our {label}"
