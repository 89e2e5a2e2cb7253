"""decompile∘compile round-trips: compiling the plan read back from a compiled flow, with
the ids it had, gives the same flow again, for every step type."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from flowgen_core.format.vocabulary import STEP_TYPE_NAMES
from flowgen_core.plan.compile import PlanError, compile_plan
from flowgen_core.plan.decompile import decompile
from flowgen_core.plan.model import FlowPlan, PlanCondition, PlanStep, PlanTransition
from tests.plan_strategies import plans

_KNOWN_GAPS = {
    "end": "a plan's own end step is compiled beside the compiler's END; decompile folds them into one",
}
# The known gaps are tested only as the first step (xfail), so they do not hide others.
_OTHER_TYPES = tuple(t for t in STEP_TYPE_NAMES if t not in _KNOWN_GAPS)


def _round_trip(plan: FlowPlan) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        flow = compile_plan(plan, description="A plan")
    except PlanError:
        reject()
    again, id_map = decompile(flow)
    return flow, compile_plan(again, description="A plan", id_map=id_map)


@pytest.mark.parametrize(
    "step_type",
    [
        pytest.param(t, marks=pytest.mark.xfail(reason=_KNOWN_GAPS[t], strict=False))
        if t in _KNOWN_GAPS
        else t
        for t in STEP_TYPE_NAMES
    ],
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_decompile_then_compile_gives_the_same_flow(step_type: str, data: st.DataObject) -> None:
    plan = data.draw(plans(max_steps=4, first=step_type, types=_OTHER_TYPES))
    flow, again = _round_trip(plan)
    assert _by_id(again) == _by_id(flow)


def _by_id(flow: dict[str, Any]) -> dict[str, Any]:
    """The flow with its steps keyed by id: their order in the list carries no meaning (the
    compiler lists them breadth-first, following the plan's transitions in the order given)."""
    return {**flow, "steps": {step["id"]: step for step in flow["steps"]}}


def test_segment_text_describes_the_compiled_conditions() -> None:
    plan = FlowPlan(
        name="VIPs",
        start="who",
        steps=[
            PlanStep(
                key="who",
                type="segment",
                conditions=[
                    PlanCondition(kind="property", property_name="tier", property_operator="equals"),
                    PlanCondition(kind="event", action="ordered", days=30),
                ],
                next=[PlanTransition(on="split", to="end", label="include")],
            )
        ],
    )
    flow, again = _round_trip(plan)
    assert flow["steps"][0]["content"] == "Tier that exists and has placed an order in the last 30 days"
    assert again == flow
