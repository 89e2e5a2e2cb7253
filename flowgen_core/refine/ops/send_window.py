"""When the flow sends: "send tomorrow at 9am EST", "send between December 1 and December 20"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from flowgen_core.brief import SendWindow
from flowgen_core.plan.model import END, PlanStep, PlanTransition, PlanWindow
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_SCHEDULE: Final = "schedule"
_OTHER_TIME = "All other time"


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time()).replace(hour=9)
        except ValueError:
            return None
    return parsed.replace(tzinfo=None)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%b %-d, %-I:%M %p")


def _window(w: SendWindow) -> PlanWindow | None:
    start = _parse_iso(w.start)
    if start is None:
        return None
    end = _parse_iso(w.end) if w.end else None
    if end is None:
        # An open-ended window lasts the evening (or two hours when it starts late).
        end = start.replace(hour=21, minute=0) if start.hour < 21 else start + timedelta(hours=2)
    return PlanWindow(
        label=f"{_fmt(start)} - {_fmt(end)}",
        start=start.isoformat(timespec="seconds"),
        end=end.isoformat(timespec="seconds"),
    )


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
