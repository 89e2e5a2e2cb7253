"""Wording the step kinds share for outlines and path summaries."""

from __future__ import annotations

from typing import Any

__all__ = ["amount", "plural"]


def plural(n: Any, unit: str) -> str:
    """`2 days`, `1 hour` (outline wording: the unit is lower-cased and singularised first)."""
    unit = str(unit).lower().rstrip("s")
    return f"{n} {unit}" + ("" if str(n) == "1" else "s")


def amount(value: Any, unit: Any) -> str:
    """`2 days`, `1 hour` (path wording: a missing unit reads as hours)."""
    unit_text = str(unit or "hours").lower().rstrip("s")
    return f"{value} {unit_text}" + ("" if str(value) == "1" else "s")
