"""Quoted copy: the marketer's own words to the customer, kept for the messages and kept out
of the fact readers.
"""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)

# SMS copy may span lines; a quote left open is bounded by the length cap and the line check below.
_QUOTE_RE = re.compile(r'"([^"]{1,2000})"|\u201c([^\u201d]{1,2000})\u201d')


# "whose plan is "gold plus"", "tier = 'silver plus'", « or », „gold“: a short value in quotes
QUOTED_VALUE = (
    "(?P<quoted>[\"'\u201c\u2018\u00ab\u201e]\\s*(?P<inner>[^\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\\n.!?{}]{1,40}?)"
    "\\s*[\"'\u201d\u2019\u00bb\u201c])(?!\\w)"
)
# the words before a quote that make it a property's value rather than copy: an equals sign, or
# "is" after a property's name ("property school_year is", "whose plan is", "tier_code equals")
_VALUE_BEFORE_RE = re.compile(
    r"(?:!?==?|(?:\b(?:property|attribute|field|propiedad|propri[ée]t[ée]|eigenschaft)\s+[\w-]+"
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+|\b(?:whose|cuy[oa]s?|dont|deren)\s+[\w-]+)"
    # "with the property tarjeta_salud with value "activa"", "rx_due set to "due""
    r"\s+(?:is\s+not|isn'?t|is|equals|contains|es|est|ist|(?:is\s+)?set\s+to|equal\s+to"
    r"|(?:has|have|having|with)\s+(?:the\s+|a\s+)?value(?:\s+of)?))\s*$",
    re.I,
)
_MAX_VALUE_WORDS = 4


def quoted_value(m: re.Match[str]) -> str | None:
    """The value a `QUOTED_VALUE` match holds, lower-cased with its spaces kept ("year 9")."""
    inner = m.groupdict().get("inner")
    return " ".join(inner.lower().split()) if inner else None


def _is_value(text: str, m: re.Match[str]) -> bool:
    quoted = m.group(1) if m.group(1) is not None else m.group(2)
    if len(quoted.split()) > _MAX_VALUE_WORDS or len(quoted) > 40 or any(c in quoted for c in ".!?{\n"):
        return False
    return bool(_VALUE_BEFORE_RE.search(text[max(0, m.start() - 60) : m.start()]))


def blank_quotes(text: str) -> str:
    """Quoted copy is the marketer's words to the customer, not requirements about the flow; a
    short quote after a property's comparison is the value a filter or an update names."""
    return _QUOTE_RE.sub(lambda m: m.group(0) if _is_value(text, m) else " " * len(m.group(0)), text)


_TEMPLATE_VAR_RE = re.compile(r"\{\{[^}]*\}\}")
# what opens a forwarded brief: "Fwd: from the owner", "Forwarded message", "Client wrote:",
# "Mensaje reenviado de WhatsApp:", "Message transféré :", "Weitergeleitete Nachricht:"
_FORWARD_HEADER_RE = re.compile(
    r"^\W*(?:(?:re|aw|tr)\s*:\s*)*(?:fwd?|wg|tr|rv)\s*:|\b(?:forwarded|reenviad[oa]|transf[ée]r[ée]e?|"
    r"weitergeleitete?)\b|\b(?:said|says|wrote|writes|escribi[óo]|dice|a\s+[ée]crit|[ée]crit|schrieb|schreibt)\s*:?\s*$"
    r"|^\W*(?:from|de\s+parte\s+de|de\s+la\s+part\s+de|von)\s+[^\n:]{1,40}:?\s*$",
    re.I,
)
# a forwarded brief's quote holds most of its words; a header this long is a brief of its own
_FORWARD_BODY_SHARE, _FORWARD_HEADER_MAX = 0.7, 80


def looks_like_copy(quoted: str) -> bool:
    """Words in double quotes that read as a whole SMS (or carry a template variable), not a phrase."""
    if quoted.count("\n") > 4:  # more likely two stray quote marks than one SMS
        return False
    return (" " in quoted.strip() and len(quoted) >= 15) or bool(_TEMPLATE_VAR_RE.search(quoted))


def unwrap_forwarded(text: str) -> str:
    """A forwarded brief ('Fwd: from the owner\n"Text people who viewed it ... reply YES"') with its
    quote marks blanked, so its words are read as the brief they are, not as SMS copy; any other
    text unchanged. Offsets are kept: the marks become spaces."""
    stripped = text.strip()
    if len(stripped) < 20:
        return text
    m = _QUOTE_RE.search(text)
    if m is None or len(m.group(0)) < _FORWARD_BODY_SHARE * len(stripped):
        return text
    header, after = text[: m.start()].strip(), text[m.end() :].strip()
    if len(header) > _FORWARD_HEADER_MAX or len(after) > _FORWARD_HEADER_MAX or "\n" in header:
        return text
    if not _FORWARD_HEADER_RE.search(header):
        return text
    end = m.end() - 1
    return text[: m.start()] + " " + text[m.start() + 1 : end] + " " + text[end + 1 :]


def extract_quoted_copy(text: str) -> list[str]:
    copies: list[str] = []
    for m in _QUOTE_RE.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if looks_like_copy(quoted) and quoted not in copies:
            copies.append(quoted)
    return copies
