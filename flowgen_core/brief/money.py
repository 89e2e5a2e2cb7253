"""A sum of money written the way the brief's language and currency write it.

One place decides how "20" in pounds reads in English ("£20") or in German ("20 £"), so the
copy, the "What I understood" lines and the refinement editor never disagree, and a brief that
prices in pounds is never offered dollars.
"""

from __future__ import annotations

# Written before the number in English ("$20", "£20", "€20"); a code takes a space ("CHF 15").
_SYMBOLS = frozenset({"$", "€", "£"})


def money(value: str, currency: str | None, lang: str = "en") -> str:
    """`value` in `currency` ("$" when the brief names none) as `lang` writes it: English "£20",
    "CHF 15"; Spanish "$20" but "20 €"; French and German "20 €", "20 $", "15 CHF". A decimal
    point becomes a comma outside English ("7,50 €")."""
    symbol = currency or "$"
    if lang == "en":
        return f"{symbol}{value}" if symbol in _SYMBOLS else f"{symbol} {value}"
    shown = value.replace(".", ",")
    if lang == "es" and symbol == "$":
        return f"${shown}"
    return f"{shown} {symbol}"
