"""When the flow sends: "send tomorrow at 9am EST", "send between December 1 and December 20"."""

from __future__ import annotations

from typing import Final

from flowgen_core.brief import SendWindow
from flowgen_core.plan.model import END, PlanStep, PlanTransition, PlanWindow
from flowgen_core.planners.offline.timing import window
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_SCHEDULE: Final = "schedule"
_OTHER_TIME = "All other time"


def _window(w: SendWindow) -> PlanWindow | None:
    # The planner's own reading of a window, so a refined flow sends when a generated one would.
    return window(w.start, w.end) if w.start else None


def _change_schedule(sched: PlanStep, window: PlanWindow, timezone: str | None) -> None:
    old_label = next((t.label for t in sched.next if t.label != _OTHER_TIME), None)
    sched.windows = [window]
    sched.timezone = timezone or sched.timezone
    for t in sched.next:
        if t.label == old_label:
            t.label = window.label


def send_window(ctx: EditContext) -> str | None:
    windows = [w for w in ctx.facts.send_windows if w.start]
    if not windows:
        return None
    w = windows[0]
    window = _window(w)
    if window is None:
        return None
    existing = ctx.of_type(_SCHEDULE)
    if existing:
        _change_schedule(existing[0], window, w.timezone)
    else:
        ctx.insert_first(
            PlanStep(
                key=ctx.new_key("send-window"),
                type=_SCHEDULE,
                label="Send window",
                timezone=w.timezone or "UTC",
                windows=[window],
                next=[
                    PlanTransition(on="split", to=ctx.plan.start, label=window.label, action="schedule"),
                    PlanTransition(on="split", to=END, label=_OTHER_TIME, action="schedule"),
                ],
            )
        )
    return f"Send window set to {window.label} ({w.timezone or 'UTC'})"


SEND_WINDOW = Operation(
    name="send_window",
    title="send window",
    examples=("send tomorrow at 9am EST", "send between December 1 and December 20"),
    steps=(Step(170, send_window),),
)
