"""Structured mirrors: one builder shared by the compiler and the auto-corrector."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.check.autofix import MIRROR_SYNCED, autofix
from flowgen_core.format.mirrors import cap_mirror
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.model import FlowPlan, PlanLimit, PlanStep, PlanTransition


def test_cap_mirror_counts_in_an_integer_and_names_the_period_unit() -> None:
    assert cap_mirror("rate_limit", 3, "Days") == ("rateLimit", {"limit": 3, "period": "Days"})
    assert cap_mirror("limit", 1, "Hours") == ("limit", {"value": 1, "period": "Hours"})


def test_cap_mirror_is_only_for_cap_steps() -> None:
    with pytest.raises(KeyError):
        cap_mirror("delay", 1, "Days")


def _cap_plan(step_type: str, occurrences: int, timespan: int) -> FlowPlan:
    return FlowPlan(
        name="Cap",
        start="cap",
        steps=[
            PlanStep(
                key="cap",
                type=step_type,  # type: ignore[arg-type]
                limit=PlanLimit(occurrences=occurrences, timespan=timespan, period="Days"),
                next=[PlanTransition(on="default", to="hello")],
            ),
            PlanStep(key="hello", type="message", text="Acme: hello. Reply STOP to opt out."),
        ],
    )


def _cap_step(flow: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["type"] in ("rate_limit", "limit"))


@pytest.mark.parametrize(("step_type", "key"), [("rate_limit", "rateLimit"), ("limit", "limit")])
def test_compiled_cap_needs_no_mirror_correction(step_type: str, key: str) -> None:
    flow = compile_plan(_cap_plan(step_type, 1, 365))
    assert _cap_step(flow)[key] == cap_mirror(step_type, 1, "Days")[1]
    assert autofix(flow).changes == []


def test_a_mirror_with_the_timespan_in_its_period_is_synced() -> None:
    flow = compile_plan(_cap_plan("rate_limit", 2, 7))
    _cap_step(flow)["rateLimit"] = {"limit": "2", "period": "7 Days", "extra": True}
    result = autofix(flow)
    assert [c.code for c in result.changes] == [MIRROR_SYNCED]
    # Keys the mirror does not define are kept: autofix never drops what it cannot read.
    assert _cap_step(result.flow)["rateLimit"] == {"limit": 2, "period": "Days", "extra": True}
