"""Rename the flow: "rename the flow to <name>"."""

from __future__ import annotations

from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step


def rename(ctx: EditContext) -> str | None:
    name = ctx.instruction.new_flow_name()
    if name is None:
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
