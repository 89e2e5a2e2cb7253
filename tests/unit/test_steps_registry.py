"""The step registry: every step type of the vocabulary has a complete kind."""

from __future__ import annotations

from typing import get_args

import pytest

from flowgen_core.check import codes
from flowgen_core.format import vocabulary
from flowgen_core.format.models import STEP_MODELS
from flowgen_core.plan.model import PlanStep
from flowgen_core.plan.wire_schema import GENERATION_STEP_TYPES, STEP_FIELDS
from flowgen_core.steps import STEP_KINDS, UNKNOWN_KIND, StepKind, kind_of, kinds_where
from flowgen_core.steps.base import ShapeCode

_CALLABLE_PARTS = (
    "compile",
    "decompile",
    "transitions",
    "event_rule",
    "outline",
    "offer_words",
    "path_condition",
    "pause",
    "node_discount",
    "discount_terms",
)


def test_every_vocabulary_type_has_a_kind_in_spec_order() -> None:
    assert tuple(STEP_KINDS) == vocabulary.STEP_TYPE_NAMES


@pytest.mark.parametrize("name", vocabulary.STEP_TYPE_NAMES)
def test_every_kind_has_all_parts(name: str) -> None:
    kind = STEP_KINDS[name]
    assert isinstance(kind, StepKind) and kind.name == name
    for part in _CALLABLE_PARTS:
        assert callable(getattr(kind, part)), f"{name}.{part}"
    assert kind.emoji and kind.diagram_shape and kind.diagram_fill.startswith("#")
    assert name in STEP_MODELS, "the format has a model for it"
    plan_fields = set(PlanStep.model_fields)
    for field in kind.plan_fields:
        assert field.rstrip("!") in plan_fields, f"{name} declares unknown plan field {field}"
    if kind.planned:
        assert kind.terminal is False


def test_vocabulary_groups_agree_with_the_kinds() -> None:
    assert kinds_where(sends_text=True) == vocabulary.SEND_TYPES
    assert kinds_where(offer=True) == vocabulary.OFFER_TYPES
    assert kinds_where(single_default=True) == vocabulary.SINGLE_DEFAULT_TYPES
    assert kinds_where(pauses=True) == vocabulary.WAIT_STEP_TYPES
    assert kinds_where(terminal=True) == {"end"}


def test_the_wire_schema_is_built_from_the_kinds() -> None:
    assert {name: kind.plan_fields for name, kind in STEP_KINDS.items() if kind.plan_fields} == STEP_FIELDS
    assert tuple(name for name, kind in STEP_KINDS.items() if kind.planned) == GENERATION_STEP_TYPES


def test_shape_codes_are_finding_codes() -> None:
    for code in get_args(ShapeCode):
        assert code in vars(codes).values()


def test_kind_of_reads_names_steps_and_plan_steps() -> None:
    assert kind_of("delay") is STEP_KINDS["delay"]
    assert kind_of({"type": "segment"}) is STEP_KINDS["segment"]
    assert kind_of(PlanStep(key="a", type="quiz")) is STEP_KINDS["quiz"]
    for garbage in ("nope", {"type": 3}, {}, None, 7):
        assert kind_of(garbage) is UNKNOWN_KIND
