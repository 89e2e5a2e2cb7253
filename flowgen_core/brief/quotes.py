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


def extract_quoted_copy(text: str) -> list[str]:
    copies: list[str] = []
    for m in _QUOTE_RE.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if quoted.count("\n") > 4:  # more likely two stray quote marks than one SMS
            continue
        looks_like_copy = (" " in quoted.strip() and len(quoted) >= 15) or _TEMPLATE_VAR_RE.search(quoted)
        if looks_like_copy and quoted not in copies:
            copies.append(quoted)
    return copies
