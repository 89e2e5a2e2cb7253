"""Rename the flow: "rename the flow to <name>"."""

from __future__ import annotations

import re

from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_LEAD = r"\b(?:rename|call|name)\s+(?:the\s+flow|this\s+flow|the\s+campaign|it)\s*(?:to|as)?\s*"


def rename(ctx: EditContext) -> str | None:
    if ctx.payload is not None and re.search(_LEAD + "$", ctx.text, re.I):
        name = ctx.payload.strip()[:120]
    else:
        m = re.search(_LEAD + r"[\"'“]?(.+?)[\"'”]?\s*$", ctx.text, re.I)
        if not m:
            return None
        name = m.group(1).strip()[:120]
    if not name:
        return None
    old, ctx.plan.name = ctx.plan.name, name
    return f"Renamed the flow from {old!r} to {name!r}"


RENAME = Operation(
    name="rename",
    title="name",
    examples=("rename the flow to <name>",),
    # The rest of such an instruction is the new name, not more edits.
    steps=(Step(10, rename, final=True),),
)
