"""SMS segment arithmetic (GSM 03.38 and UCS-2) for FlowBuilder message texts.

Template variables are replaced by a realistic stand-in length before counting, because
the customer receives the substituted text, not the braces.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from flowgen_core.format.variables import canonical_name, is_block_helper
from flowgen_core.format.vocabulary import TEXT_FIELDS
from flowgen_core.records import record

GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension-table characters are sent as ESC + char: two septets each.
GSM7_EXTENSION: frozenset[str] = frozenset("^{}\\[~]|€\f")
_GSM7_ANY = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Estimated substituted length of each canonical variable, in characters.
VARIABLE_LENGTHS: dict[str, int] = {
    "first_name": 10,
    "last_name": 10,
    "brand_name": 12,
    "store_url": 23,
    "customer_timezone": 19,
    "agent_name": 10,
    "opt_in_terms": 60,
    "Product List": 120,
    "Product List Without Prices": 80,
    "Discount Label": 12,
    "Cart List": 120,
    "Purchase Link": 23,
}
UNKNOWN_VARIABLE_LENGTH = 10

_VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


# A record, not a pydantic model or a dataclass: `flowgen validate` counts segments and must
# start fast (flowgen_core/records.py).
@record(kw_only=True)
class SegmentInfo:
    encoding: Literal["GSM-7", "UCS-2"]
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    non_gsm_chars: list[str]  # distinct characters that forced UCS-2, in order of appearance


def _stand_in(match: re.Match[str]) -> str:
    name = match.group(1)
    if is_block_helper(name):
        return ""
    canonical = canonical_name(name)
    length = VARIABLE_LENGTHS.get(canonical or "", UNKNOWN_VARIABLE_LENGTH)
    return "x" * length


def expand_variables(text: str) -> str:
    """`text` with every variable replaced by a GSM-7 stand-in of its estimated length."""
    return _VARIABLE.sub(_stand_in, text)


def segment_info(text: str) -> SegmentInfo:
    """Encoding, length in units and number of SMS segments of `text` once sent."""
    expanded = expand_variables(text or "")
    non_gsm: list[str] = []
    extension = 0
    if _GSM7_ANY.issuperset(expanded):
        # Most copy is GSM-7: the set test and the counts run in C instead of a loop per character.
        extension = sum(expanded.count(char) for char in GSM7_EXTENSION)
    else:
        for char in expanded:
            if char in GSM7_BASIC:
                continue
            if char in GSM7_EXTENSION:
                extension += 1
            elif char not in non_gsm:
                non_gsm.append(char)
    encoding: Literal["GSM-7", "UCS-2"]
    if not non_gsm:
        units = len(expanded) + extension
        single, part, encoding = GSM7_SINGLE, GSM7_PART, "GSM-7"
    else:
        # Characters outside the BMP (most emoji) take a surrogate pair: two UTF-16 units.
        units = sum(2 if ord(char) > 0xFFFF else 1 for char in expanded)
        single, part, encoding = UCS2_SINGLE, UCS2_PART, "UCS-2"
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = math.ceil(units / part)
    return SegmentInfo(encoding=encoding, units=units, segments=segments, non_gsm_chars=non_gsm)


def text_field(step: dict[str, Any]) -> str | None:
    """The field holding a step's SMS body: the first non-empty of `TEXT_FIELDS`, else None."""
    if not isinstance(step, dict):
        return None
    for key in TEXT_FIELDS:
        value = step.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


def step_text(step: dict[str, Any]) -> str:
    """The SMS body of a step: the first non-empty of messageText, content, text."""
    key = text_field(step)
    return step[key] if key is not None else ""
