"""New copy for one message: "change the first message to: <new copy>"."""

from __future__ import annotations

from flowgen_core.errors import RefinementRefused
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step


def rewrite_copy(ctx: EditContext) -> str | None:
    # The new copy must come after a colon or in quotes (see split_payload): without
    # that, "change the first message to 20% off" is a discount edit, not new copy.
    if ctx.payload is None or not ctx.instruction.match("rewrite_command"):
        return None
    new_text = ctx.payload.strip()
    if len(new_text) < 3:
        raise RefinementRefused("The new copy is too short to send.")
    step = ctx.pick_send()
    if step is None:
        raise RefinementRefused("This flow sends no message whose copy could be changed.")
    step.text = new_text
    return f"Rewrote the copy of {step.label or step.key}"


REWRITE = Operation(
    name="rewrite_copy",
    title="copy",
    examples=(
        "change the first message to: <new copy>",
        'change message 2 to "<new copy>" (colon or quotes required)',
    ),
    steps=(Step(20, rewrite_copy),),
)
