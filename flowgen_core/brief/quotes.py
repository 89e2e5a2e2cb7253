"""Quoted copy: the marketer's own words to the customer, kept for the messages and kept out
of the fact readers.
"""

from __future__ import annotations

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)

# SMS copy may span lines; a quote left open is bounded by the length cap and the line check below.
_QUOTE_RE = re.compile(r'"([^"]{1,2000})"|\u201c([^\u201d]{1,2000})\u201d')


def blank_quotes(text: str) -> str:
    """Quoted copy is the marketer's words to the customer, not requirements about the flow."""
    return _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), text)


_TEMPLATE_VAR_RE = re.compile(r"\{\{[^}]*\}\}")


def looks_like_copy(quoted: str) -> bool:
    """Words in double quotes that read as a whole SMS (or carry a template variable), not a phrase."""
    if quoted.count("\n") > 4:  # more likely two stray quote marks than one SMS
        return False
    return (" " in quoted.strip() and len(quoted) >= 15) or bool(_TEMPLATE_VAR_RE.search(quoted))


def extract_quoted_copy(text: str) -> list[str]:
    copies: list[str] = []
    for m in _QUOTE_RE.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if looks_like_copy(quoted) and quoted not in copies:
            copies.append(quoted)
    return copies
