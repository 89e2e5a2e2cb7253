"""Waits and timeouts: "wait 2 days instead", "change the no-reply timeout to 1 day"."""

from __future__ import annotations

from flowgen_core.brief import Duration
from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.model import PlanStep, PlanTransition, PlanWait
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.ops.reminder import add_reminder
from flowgen_core.refine.text import amount

_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def _timeout(ctx: EditContext) -> Duration | None:
    if ctx.facts.no_reply_after:
        return ctx.facts.no_reply_after[0]
    # "wait 2 days instead" in a flow without delays means the reply timeout.
    if ctx.facts.waits and ctx.reminder_links() and not ctx.of_type("delay") and not ctx.asks("add"):
        return ctx.facts.waits[-1]
    return None


def noreply_timeout(ctx: EditContext) -> str | None:
    after = _timeout(ctx)
    if after is None or ctx.asks("add"):
        return None
    links = ctx.reminder_links()
    if not links:
        if ctx.asks("reminder"):
            # "if no reply in 6 hours send a reminder" in a flow without one adds it; the
            # later operations read the instruction as that addition too.
            ctx.instruction.assumed |= {"add", "add_reminder"}
            return add_reminder(ctx)
        raise RefinementRefused("This flow has no no-reply branch whose timeout could change.")
    for _, t in links:
        t.after = PlanWait(value=after.value, unit=after.unit)
    for step in ctx.of_type("no_reply"):
        step.wait = PlanWait(value=after.value, unit=after.unit)
    ctx.facts.waits = []  # consumed: the same words must not also add a delay
    return f"Set the no-reply timeout to {amount(after.value, after.unit)}"


def _delays_meant(ctx: EditContext) -> list[PlanStep]:
    """The delay steps an edit is about: "instead of 3 days" names the old one."""
    delays = ctx.of_type("delay")
    if ctx.asks("instead_of") and len(ctx.facts.waits) > 1:
        old = ctx.facts.waits[0]
        match = [s for s in delays if s.wait and s.wait.value * _SECONDS[s.wait.unit] == old.seconds]
        delays = match or delays
    return delays


def delay(ctx: EditContext) -> str | None:
    if not ctx.facts.waits or ctx.facts.no_reply_after or ctx.asks("reminder"):
        return None
    wait = ctx.facts.waits[-1] if ctx.asks("instead_of") else ctx.facts.waits[0]
    delays = _delays_meant(ctx)
    if delays and not ctx.asks("add"):
        delays[0].wait = PlanWait(value=wait.value, unit=wait.unit)
        return f"Changed the wait to {amount(wait.value, wait.unit)}"
    target = ctx.pick_send()
    if target is None:
        return None
    step = PlanStep(
        key=ctx.new_key("wait"),
        type="delay",
        label=f"Wait {wait.value} {wait.unit}",
        wait=PlanWait(value=wait.value, unit=wait.unit),
    )
    ctx.insert_before(target, step, [PlanTransition(on="default", to=target.key)])
    return f"Added a {amount(wait.value, wait.unit)} wait before {target.label or target.key}"


DELAY = Operation(
    name="delay",
    title="delay",
    examples=(
        "wait 2 days instead",
        "change the delay to 3 hours",
        "add a 1 day wait before the first message",
    ),
    steps=(Step(80, delay),),
)

NOREPLY_TIMEOUT = Operation(
    name="noreply_timeout",
    title="no-reply timeout",
    examples=(
        "if no reply in 6 hours send a reminder",
        "change the no-reply timeout to 1 day",
    ),
    steps=(Step(70, noreply_timeout),),
)
