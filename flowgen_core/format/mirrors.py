"""Structured mirrors: the copies of a step's flat fields that the format writes beside them.

Whatever writes a flow (the compiler) and whatever corrects one (autofix) build a mirror
here, so that a compiled flow never needs its mirrors "corrected".

Cap steps (spec 4.6/4.7): `rate_limit` mirrors its cap in `rateLimit: {limit, period}`,
`limit` in `limit: {value, period}`. The count is an integer and `period` is the same
unit the flat `period` field holds (`Minutes` | `Hours` | `Days`), as in the project's
reference flows (tests/fixtures/valid/); the number of periods lives in the flat
`timespan` field only.
"""

from __future__ import annotations

from typing import Final

# step type -> (mirror field, name of the count inside it)
CAP_MIRROR_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "rate_limit": ("rateLimit", "limit"),
    "limit": ("limit", "value"),
}


def cap_mirror(step_type: str, occurrences: int, period: str) -> tuple[str, dict[str, int | str]]:
    """(field, mirror) for a cap of `occurrences` per `period` on a rate_limit or limit step.

    Raises KeyError for any other step type: only cap steps have this mirror.
    """
    field, count_key = CAP_MIRROR_FIELDS[step_type]
    return field, {count_key: occurrences, "period": period}
