"""What compiling guarantees the auto-corrector: a compiled plan needs no correction, and
correcting is idempotent (fixing a fixed flow changes nothing)."""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief
from flowgen_core.check.autofix import FixResult, autofix
from flowgen_core.plan.compile import PlanError, compile_plan
from flowgen_core.plan.model import FlowPlan, PlanStep, PlanTransition
from flowgen_core.planners.offline.composer import OfflineGenerator
from tests.plan_strategies import plans
from tests.shared_data import EXTRA_BRIEFS, PUBLIC_BRIEFS

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_BRIEF_FILES = (PUBLIC_BRIEFS, EXTRA_BRIEFS)


def _compiled(plan: FlowPlan) -> dict[str, Any]:
    try:
        return compile_plan(plan, description="A plan")
    except PlanError:
        reject()  # the compiler refused it: there is no flow to check


def _describe(result: FixResult) -> list[str]:
    return [change.describe() for change in result.changes]


@_SETTINGS
@given(plans())
def test_every_compiled_plan_needs_no_correction(plan: FlowPlan) -> None:
    result = autofix(_compiled(plan))
    assert result.changes == [], _describe(result)


# Refinement pins the ids of unchanged steps; pins may repeat or look like other ids.
_PINNED_IDS = st.dictionaries(
    st.sampled_from(["s0", "s1", "s2", "s3", "end"]),
    st.sampled_from(["welcome-001", "welcome-001", "end", "7", "step-002", " spaced ", ""]),
    max_size=4,
)


@_SETTINGS
@given(plans(max_steps=5), _PINNED_IDS)
def test_a_plan_compiled_with_pinned_ids_needs_no_correction(plan: FlowPlan, id_map: dict[str, str]) -> None:
    try:
        flow = compile_plan(plan, id_map=id_map)
    except PlanError:
        reject()
    result = autofix(flow)
    assert result.changes == [], _describe(result)


def _briefs() -> list[tuple[str, str]]:
    cases = []
    for path in _BRIEF_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                cases.append((case["id"], case["brief"]))
    return cases


@cache
def _generated(text: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    brief = extract_brief(text, today=date(2026, 11, 1))
    plan = OfflineGenerator().plan(brief)
    return compile_plan(plan, description=brief.text.strip()), tuple(brief.quoted_copy)


@pytest.mark.parametrize(("case_id", "text"), _briefs(), ids=[case_id for case_id, _ in _briefs()])
def test_offline_flows_for_fixture_briefs_need_no_correction(case_id: str, text: str) -> None:
    flow, verbatim = _generated(text)
    result = autofix(flow, verbatim=verbatim)
    assert result.changes == [], _describe(result)


# ---------------------------------------------------------------------------- idempotence
_LOOSE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 400),
    st.sampled_from(
        ["", " ", "1", "07", "Days", "weeks", "daily", "TRUE", "Latest Cart", "{{ customer.first_name }}"]
    ),
    st.just([]),
    st.just({}),
)


def _objects_in(step: dict[str, Any]) -> list[dict[str, Any]]:
    """The step and the objects one level inside it (events, conditions, mirrors, products)."""
    found = [step]
    for value in step.values():
        items = value if isinstance(value, list) else [value]
        found.extend(item for item in items if isinstance(item, dict))
    return found


@st.composite
def _damaged(draw: st.DrawFn) -> dict[str, Any]:
    """A compiled flow with a few fields of its steps and events deleted or loosely rewritten."""
    plan = draw(plans(max_steps=5))
    flow = copy.deepcopy(_compiled(plan))
    for _ in range(draw(st.integers(1, 4))):
        step = draw(st.sampled_from(flow["steps"]))
        targets = _objects_in(step)
        target = targets[draw(st.integers(0, len(targets) - 1))]
        if not target:
            continue
        key = draw(st.sampled_from(sorted(target)))
        if draw(st.booleans()):
            del target[key]
        else:
            target[key] = draw(_LOOSE_VALUES)
    return flow


@_SETTINGS
@given(_damaged())
def test_fixing_a_fixed_flow_changes_nothing(flow: dict[str, Any]) -> None:
    once = autofix(flow)
    twice = autofix(once.flow)
    assert twice.changes == [], _describe(twice)
    assert twice.flow == once.flow


@pytest.mark.parametrize(("case_id", "text"), _briefs()[::7], ids=[case_id for case_id, _ in _briefs()[::7]])
def test_fixing_a_generated_flow_twice_changes_nothing(case_id: str, text: str) -> None:
    flow, verbatim = _generated(text)
    once = autofix(flow, verbatim=verbatim)
    assert autofix(once.flow, verbatim=verbatim).changes == []


# ---------------------------------------------------------------------------- cases found above
def test_reply_step_with_a_blank_label_is_labelled_with_its_intent() -> None:
    plan = FlowPlan(
        name="Reply",
        start="ask",
        steps=[
            PlanStep(
                key="ask",
                type="reply",
                label="  ",
                intent="Save",
                next=[PlanTransition(on="default", to="end")],
            )
        ],
    )
    flow = compile_plan(plan)
    assert flow["steps"][0]["label"] == "save"
    assert autofix(flow).changes == []
