"""The format vocabulary is defined once; the models, the plan and the schema agree with it."""

from __future__ import annotations

from typing import get_args

import flowgen_core.format as flowbuilder
from flowgen_core.format import vocabulary
from flowgen_core.format.models import STEP_MODELS, Event
from flowgen_core.plan.model import PlanStep, PlanTransition
from flowgen_core.plan.wire_schema import plan_json_schema


def test_every_step_type_has_exactly_one_model() -> None:
    assert set(STEP_MODELS) == vocabulary.STEP_TYPES
    assert list(STEP_MODELS) == list(vocabulary.STEP_TYPE_NAMES)


def test_event_types_match_the_event_models() -> None:
    event_models = get_args(get_args(Event)[0])
    assert {get_args(m.model_fields["type"].annotation)[0] for m in event_models} == vocabulary.EVENT_TYPES


def test_plan_uses_the_format_vocabulary() -> None:
    assert PlanStep.model_fields["type"].annotation == vocabulary.StepType
    assert set(get_args(PlanTransition.model_fields["on"].annotation)) == vocabulary.EVENT_TYPES
    variants = plan_json_schema()["$defs"]["PlanStep"]["anyOf"]
    schema_types = [v["properties"]["type"]["enum"][0] for v in variants]
    assert tuple(schema_types) == vocabulary.STEP_TYPE_NAMES


def test_groups_are_subsets_of_the_step_types() -> None:
    for group in (
        vocabulary.SEND_TYPES,
        vocabulary.OFFER_TYPES,
        vocabulary.SINGLE_DEFAULT_TYPES,
        vocabulary.WAIT_STEP_TYPES,
    ):
        assert group <= vocabulary.STEP_TYPES
    assert vocabulary.OFFER_TYPES < vocabulary.SEND_TYPES
    assert not vocabulary.SEND_TYPES & vocabulary.SINGLE_DEFAULT_TYPES


def test_package_reexports_the_vocabulary() -> None:
    for name in vocabulary.__all__:
        assert getattr(flowbuilder, name) is getattr(vocabulary, name)
