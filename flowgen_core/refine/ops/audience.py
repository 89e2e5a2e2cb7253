"""Who enters the flow: "only VIPs", "only customers who ordered in the last 60 days",
"remove the segment"."""

from __future__ import annotations

from typing import Final

from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.model import END, PlanCondition, PlanStep, PlanTransition
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_SEGMENT: Final = "segment"


def _same_subject(a: PlanCondition, b: PlanCondition) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "property":
        return (a.property_name or "").lower() == (b.property_name or "").lower()
    return a.action == b.action


def _describe(c: PlanCondition) -> str:
    if c.kind == "property":
        return (
            f"{c.property_name} {c.property_operator or 'with a value of'} {c.property_value or ''}".strip()
        )
    when = f" in the last {c.days} days" if c.days else ""
    return f"{'has' if c.operator == 'has' else 'has not'} {(c.action or '').replace('_', ' ')}{when}"


def remove_segment(ctx: EditContext) -> str | None:
    if not (ctx.asks("remove_segment") or ctx.asks("whole_list")):
        return None
    segments = ctx.of_type(_SEGMENT)
    if not segments:
        raise RefinementRefused("This flow has no segment to remove.")
    for seg in segments:
        include = next((t.to for t in seg.next if (t.action or t.label or "").lower() == "include"), None)
        ctx.bypass(seg, include or (seg.next[0].to if seg.next else END))
    ctx.prune()
    return "Removed the audience segment: everyone enters the flow"


def audience(ctx: EditContext) -> str | None:
    if not ctx.facts.audience or ctx.asks("removal"):
        return None
    # A brief's audience condition carries the plan's fields under the same names.
    conditions = [PlanCondition.model_validate(c, from_attributes=True) for c in ctx.facts.audience]
    segments = ctx.of_type(_SEGMENT)
    if segments:
        seg = segments[0]
        kept = [c for c in seg.conditions or [] if not any(_same_subject(c, n) for n in conditions)]
        seg.conditions = kept + conditions
    else:
        ctx.insert_first(
            PlanStep(
                key=ctx.new_key("audience"),
                type=_SEGMENT,
                label="Audience",
                conditions=conditions,
                next=[
                    PlanTransition(on="split", to=ctx.plan.start, label="include", action="include"),
                    PlanTransition(on="split", to=END, label="exclude", action="exclude"),
                ],
            )
        )
    return "Audience now: " + " and ".join(_describe(c) for c in conditions)


AUDIENCE = Operation(
    name="audience",
    title="audience",
    examples=("only VIPs", "only customers who ordered in the last 60 days", "remove the segment"),
    steps=(Step(110, remove_segment), Step(120, audience)),
)
