"""A/B tests: "add an A/B test on the first message", "… with variant: <copy>",
"remove the A/B test"."""

from __future__ import annotations

import re
from typing import Final

from flowgen_core.brief import ExperimentSpec
from flowgen_core.errors import RefinementRefused
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import END, PlanStep, PlanTransition
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.operation import Operation, Step

_EXPERIMENT: Final = "experiment"


def _base_key(key: str) -> str:
    return re.sub(r"-\d{3}$", "", key)


def remove_experiment(ctx: EditContext) -> str | None:
    if not ctx.asks("remove_experiment"):
        return None
    experiments = ctx.of_type(_EXPERIMENT)
    if not experiments:
        raise RefinementRefused("This flow has no A/B test to remove.")
    for exp in experiments:
        ctx.bypass(exp, exp.next[0].to if exp.next else END)
    ctx.prune()
    return "Removed the A/B test: everyone gets the Group A message"


def _variants(ctx: EditContext, target: PlanStep, groups: int, variant_copy: list[str]) -> list[PlanStep]:
    """Group A is the target itself; each further group is a copy (with the given copy, if any)."""
    variants = [target]
    for index in range(1, groups):
        copy_step = target.model_copy(deep=True)
        copy_step.key = ctx.new_key(f"{_base_key(target.key)}-variant")
        copy_step.label = f"{target.label or 'Message'} (variant {chr(65 + index)})"
        if index <= len(variant_copy):
            copy_step.text = variant_copy[index - 1]
        ctx.plan.steps.append(copy_step)
        variants.append(copy_step)
    return variants


def _target(ctx: EditContext) -> PlanStep:
    target = ctx.pick_send()
    if target is None or target.type not in SEND_TYPES:
        raise RefinementRefused("This flow has no message to A/B test.")
    if any(s.type == _EXPERIMENT and any(t.to == target.key for t in s.next) for s in ctx.plan.steps):
        raise RefinementRefused(f"{target.label or target.key} is already in an A/B test.")
    return target


def _experiment_step(
    ctx: EditContext, target: PlanStep, spec: ExperimentSpec | None, groups: int
) -> PlanStep:
    return PlanStep(
        key=ctx.new_key("ab-test"),
        type=_EXPERIMENT,
        label="A/B test",
        experiment_name=f"{target.label or 'Message'} test",
        split_percentages=spec.split if spec and len(spec.split) == groups else None,
    )


def add_experiment(ctx: EditContext) -> str | None:
    if not ctx.asks("experiment") or ctx.asks("ending"):
        return None
    target = _target(ctx)
    spec = ctx.facts.experiment
    variant_copy = [part.strip() for part in (ctx.payload or "").split("|") if part.strip()]
    groups = max(max(2, spec.groups if spec else 2), 1 + len(variant_copy))
    variants = _variants(ctx, target, groups, variant_copy)
    exp = _experiment_step(ctx, target, spec, groups)
    links = [
        PlanTransition(
            on="split", to=v.key, label=f"Group {chr(65 + i)}", action="control" if i == 0 else "variant"
        )
        for i, v in enumerate(variants)
    ]
    ctx.insert_before(target, exp, links)
    # insert_before retargeted the new links too; point them back at the variants.
    for link, variant in zip(exp.next, variants, strict=True):
        link.to = variant.key
    if not variant_copy:
        ctx.notes.append(
            "The variant starts as a copy of the original: say 'add an A/B test on the first "
            "message with variant: <copy>' or rewrite the variant to make the test meaningful."
        )
    return f"Added an A/B test ({groups} groups) on {target.label or target.key}"


EXPERIMENT = Operation(
    name="experiment",
    title="A/B test",
    examples=(
        "add an A/B test on the first message",
        "… with variant: <copy>",
        "remove the A/B test",
    ),
    steps=(Step(130, remove_experiment), Step(140, add_experiment)),
)
