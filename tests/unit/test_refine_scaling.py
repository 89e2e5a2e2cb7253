"""Refining a large flow does work proportional to its size: no whole-plan scan per step.

Counted, not timed (times are measured in benchmarks/refine_scaling.py): the number of
linear `FlowPlan.step` scans one refinement makes must not grow with the number of steps.
"""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.plan.model import FlowPlan
from flowgen_core.refine.editor import refine_offline


def _event(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def chain_flow(messages: int) -> dict[str, Any]:
    """`messages` messages with a 15% offer, each followed by a one-day delay, then an end."""
    steps: list[dict[str, Any]] = []
    for n in range(messages):
        following = f"wait-{n}"
        steps.append(
            {
                "id": f"msg-{n}",
                "type": "message",
                "active": True,
                "parameters": {},
                "content": f"{{{{brand_name}}}}: news #{n}, 15% off today. Reply STOP to opt out.",
                "messageText": f"{{{{brand_name}}}}: news #{n}, 15% off today. Reply STOP to opt out.",
                "discountType": "percentage",
                "discountValue": "15",
                "events": [_event(f"e-msg-{n}", "default", following)],
            }
        )
        steps.append(
            {
                "id": following,
                "type": "delay",
                "active": True,
                "parameters": {},
                "time": "1",
                "period": "Days",
                "events": [_event(f"e-wait-{n}", "default", f"msg-{n + 1}" if n + 1 < messages else "end")],
            }
        )
    steps.append({"id": "end", "type": "end", "active": True, "parameters": {}, "events": []})
    return {"name": "Chain", "initialStepID": "msg-0", "steps": steps}


@pytest.mark.parametrize(
    "instruction",
    ["make the discount 20%", "wait 2 days instead", "change the first message to: new arrivals are in"],
)
def test_plan_scans_do_not_grow_with_the_flow(monkeypatch: pytest.MonkeyPatch, instruction: str) -> None:
    scans: list[str] = []
    linear_step = FlowPlan.step

    def counted(self: FlowPlan, key: str) -> Any:
        scans.append(key)
        return linear_step(self, key)

    monkeypatch.setattr(FlowPlan, "step", counted)
    counts = []
    for size in (10, 200):
        scans.clear()
        result = refine_offline(chain_flow(size), instruction)
        assert result.flow["steps"]
        counts.append(len(scans))
    small, large = counts
    assert large <= small + 5, f"{small} scans at 10 messages, {large} at 200"
