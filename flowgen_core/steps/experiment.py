"""`experiment`: an A/B split of the audience into groups with percentages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind, type_title
from flowgen_core.steps.build import base, title

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep, PlanTransition

_MAX_GROUPS = 26  # Group A .. Group Z


def transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanTransition

    if len(given) < 2:
        raise PlanError(f"Experiment {step.key!r} needs two or more transitions (Group A, Group B, ...).")
    if len(given) > _MAX_GROUPS:
        raise PlanError(f"Experiment {step.key!r} has too many groups ({len(given)}).")
    return [
        PlanTransition(
            on="split",
            to=transition.to,
            label=f"Group {chr(ord('A') + index)}",
            action="control" if index == 0 else "variant",
        )
        for index, transition in enumerate(given)
    ]


def compile_experiment(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    name = (step.experiment_name or "").strip() or title(step)
    percentages = _percentages(step.split_percentages, len(events))
    out = base(step, step_id, f"{name} (v1)", events)
    out |= {
        "experimentName": name,
        "version": "1",
        "experimentConfig": {
            "splits": [
                {"group": event["label"], "percentage": share}
                for event, share in zip(events, percentages, strict=True)
            ]
        },
    }
    return out


def _percentages(given: list[int] | None, groups: int) -> list[int]:
    if given and len(given) == groups and all(p >= 0 for p in given) and sum(given) == 100:
        return list(given)
    share, rest = divmod(100, max(groups, 1))
    return [share + (1 if index < rest else 0) for index in range(groups)]


def decompile_experiment(step: StepJSON) -> dict[str, Any]:
    splits = (step.get("experimentConfig") or {}).get("splits") or []
    shares = [s.get("percentage") for s in splits if isinstance(s, dict)]
    return {
        "experiment_name": step.get("experimentName") or None,
        "split_percentages": shares if shares and all(isinstance(p, int) for p in shares) else None,
    }


def event_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    if len(kinds) < 2 or any(kind != "split" for kind in kinds):
        return ShapeProblem(
            "experiment_branches", f"Experiment {sid!r} needs two or more split events, has {kinds}"
        )
    return None


def outline(step: StepJSON) -> tuple[str, list[str]]:
    return f"A/B test: {step.get('experimentName') or step.get('content') or 'experiment'}", []


def experiment_label(step: StepJSON, type_name: str) -> str | None:
    """An A/B test is named by its experiment name."""
    name = step.get("experimentName")
    if isinstance(name, str):
        return name.strip() or type_title(step, type_name)
    return type_title(step, type_name)


KIND = StepKind(
    name="experiment",
    split_branches="groups",
    default_label=experiment_label,
    compile=compile_experiment,
    decompile=decompile_experiment,
    transitions=transitions,
    plan_fields=("experiment_name!", "split_percentages"),
    event_rule=event_rule,
    planned=True,
    emoji="🧪",
    outline=outline,
    field_rules=("experiment_name",),
    roles=frozenset({"experiment"}),
    diagram_shape="diamond",
    prompt_rule=(
        "experiment: split_percentages one per split, summing to exactly 100; splits labelled\n"
        '  "Group A", "Group B", ...; action "control" for the first, "variant" after.'
    ),
)
