"""Rename the flow: "rename the flow to <name>"."""

from __future__ import annotations

from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step


def rename(ctx: EditContext) -> str | None:
    if ctx.payload is not None and ctx.instruction.match("rename_lead"):
        name = ctx.payload.strip()[:120]
    else:
        m = ctx.instruction.match("rename_to_name")
        if not m:
            return None
        name = m.group("name").strip()[:120]
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
