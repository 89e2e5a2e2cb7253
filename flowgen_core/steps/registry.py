"""The registry: every step kind by type name, in the order of the spec."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flowgen_core.plan.errors import PlanError
from flowgen_core.plan.model import PlanStep
from flowgen_core.steps import (
    delay,
    end,
    experiment,
    limit,
    message,
    no_reply,
    product_choice,
    property,
    purchase,
    purchase_offer,
    quiz,
    rate_limit,
    reply,
    reply_cart_choice,
    schedule,
    segment,
    split,
    split_group,
    split_range,
)
from flowgen_core.steps.base import StepJSON, StepKind, no_fields
from flowgen_core.steps.events import no_transitions

__all__ = ["STEP_KINDS", "UNKNOWN_KIND", "kind_of", "kinds_where"]

_MODULES = (
    message,
    segment,
    delay,
    schedule,
    experiment,
    rate_limit,
    limit,
    reply,
    no_reply,
    split,
    split_group,
    split_range,
    property,
    product_choice,
    purchase_offer,
    purchase,
    reply_cart_choice,
    quiz,
    end,
)
STEP_KINDS: Mapping[str, StepKind] = MappingProxyType({module.KIND.name: module.KIND for module in _MODULES})


# What the previews and checks see for a type the format does not know: nothing special
# (the schema layer reports the type itself).
def _not_compilable(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    raise PlanError(f"Step {step.key!r} has an unknown type {step.type!r}.")


UNKNOWN_KIND = StepKind(name="", compile=_not_compilable, decompile=no_fields, transitions=no_transitions)


def kind_of(step_or_type: Any) -> StepKind:
    """The kind of a step type name, a FlowBuilder step (dict), or a plan step; UNKNOWN_KIND if none."""
    if isinstance(step_or_type, str):
        name: Any = step_or_type
    elif isinstance(step_or_type, dict):
        name = step_or_type.get("type")
    else:
        name = getattr(step_or_type, "type", None)
    return STEP_KINDS.get(name, UNKNOWN_KIND) if isinstance(name, str) else UNKNOWN_KIND


def kinds_where(**flags: bool) -> frozenset[str]:
    """Names of the kinds whose flags have the given values, e.g. `kinds_where(offer=True)`."""
    return frozenset(
        name
        for name, kind in STEP_KINDS.items()
        if all(getattr(kind, flag) == value for flag, value in flags.items())
    )
