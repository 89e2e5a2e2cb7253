"""The registry: every step kind by type name, in the order of the spec (the vocabulary's)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from flowgen_core.format.vocabulary import STEP_TYPE_NAMES
from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import StepJSON, StepKind, no_fields
from flowgen_core.steps.events import no_transitions

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep

__all__ = ["STEP_KINDS", "UNKNOWN_KIND", "kind_of", "kinds_where"]


def _load(name: str) -> StepKind:
    """The KIND of the module named after the type: `flowgen_core/steps/<name>.py`."""
    kind = importlib.import_module(f"flowgen_core.steps.{name}").KIND
    if not isinstance(kind, StepKind) or kind.name != name:
        raise TypeError(f"flowgen_core.steps.{name}.KIND is not the StepKind of {name!r}")
    return kind


# The vocabulary lists the type names; each one's module is found by its name, so adding a
# type is its name there plus its module here.
STEP_KINDS: Mapping[str, StepKind] = MappingProxyType({name: _load(name) for name in STEP_TYPE_NAMES})


def _not_compilable(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    raise PlanError(f"Step {step.key!r} has an unknown type {step.type!r}.")


# What the previews and checks see for a type the format does not know: nothing special
# (the schema layer reports the type itself).
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
