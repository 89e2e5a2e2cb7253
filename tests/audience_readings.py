"""The audience conditions a brief is read to, as plain tuples the audience tests compare."""

from __future__ import annotations

from flowgen_core.brief.extract import extract_brief


def events(text: str) -> list[tuple[str | None, str, int | None]]:
    """(action, operator, days) of each event condition, in order."""
    return [(c.action, c.operator, c.days) for c in extract_brief(text).audience if c.kind == "event"]


def properties(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """(name, operator, value) of each property condition, in order."""
    return [
        (c.property_name, c.property_operator, c.property_value)
        for c in extract_brief(text).audience
        if c.kind == "property"
    ]
