"""No-reply reminders: "add a reminder after 1 day", "remove the reminder"."""

from __future__ import annotations

import re

from flowgen_core.errors import RefinementRefused
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import END, PlanStep, PlanTransition, PlanWait
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.text import REPLY_CTA, amount, sentences
from flowgen_core.refine.wording import sentence


def _reminder_copy(ctx: EditContext, step: PlanStep) -> str:
    """A short reminder in the flow's language, with the message's call to action (not its opt-out)."""
    ctas = [s for s in sentences(step.text or "") if REPLY_CTA.search(s) and not re.search(r"\bSTOP\b", s)]
    return f"{sentence(ctx.copy_language, 'reminder')} {' '.join(ctas[:1])}".strip()


def remove_reminder(ctx: EditContext) -> str | None:
    if not ctx.asks("remove_reminder"):
        return None
    removed = []
    for step, t in ctx.reminder_links():
        target = ctx.plan.step(t.to)
        if target is not None and target.type in SEND_TYPES:
            step.next.remove(t)
            removed.append(target.label or target.key)
            if not step.next:
                step.next.append(PlanTransition(on="default", to=END))
    if not removed:
        raise RefinementRefused("This flow has no reminder to remove.")
    ctx.prune()
    return f"Removed the reminder ({', '.join(removed)})"


def _wait(ctx: EditContext) -> PlanWait:
    facts = ctx.facts
    after = facts.no_reply_after[0] if facts.no_reply_after else (facts.waits[0] if facts.waits else None)
    return PlanWait(value=after.value, unit=after.unit) if after else PlanWait(value=1, unit="days")


def _needs_reminder(step: PlanStep) -> bool:
    """Waits for a reply and has no reminder yet."""
    return any(t.on == "reply" for t in step.next) and not any(t.on == "noreply" for t in step.next)


def add_reminder(ctx: EditContext) -> str | None:
    explicit = ctx.asks("add_reminder")
    implied = ctx.asks("send_reminder")
    # "add an A/B test on the reminder" names the reminder; it adds a test, not another reminder
    if not (explicit or (implied and not ctx.reminder_links())) or ctx.asks("experiment"):
        return None
    wait = _wait(ctx)
    reminders = {t.to for _, t in ctx.reminder_links()}
    # A reminder of a reminder is nagging, not a reminder.
    step = next((s for s in ctx.sends() if s.key not in reminders and _needs_reminder(s)), None)
    if step is None:
        raise RefinementRefused(
            "Every message that waits for a reply already has a reminder (or none waits for a reply)."
        )
    key = ctx.new_key("reminder")
    replies = [t.model_copy() for t in step.next if t.on == "reply"]
    reminder = PlanStep(
        key=key,
        type="message",
        label="Reminder",
        text=_reminder_copy(ctx, step),
        discount=step.discount.model_copy() if step.discount else None,
        next=replies or [PlanTransition(on="default", to=END)],
    )
    if replies:
        reminder.next.append(PlanTransition(on="noreply", to=END, after=wait))
    ctx.plan.steps.append(reminder)
    step.next.append(PlanTransition(on="noreply", to=key, after=wait))
    return f"Added a reminder {amount(wait.value, wait.unit)} after {step.label or step.key} when there is no reply"


REMINDER = Operation(
    name="reminder",
    title="reminder",
    examples=("add a reminder after 1 day", "remove the reminder"),
    steps=(Step(50, remove_reminder), Step(60, add_reminder)),
)
