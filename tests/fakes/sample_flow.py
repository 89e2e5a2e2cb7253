"""A small hand-written FlowBuilder flow for rendering and Block Kit tests (no generator needed)."""

from __future__ import annotations

import copy
from typing import Any

_EVENT = {"active": True, "parameters": {}}

_SAMPLE: dict[str, Any] = {
    "name": "VIP win-back",
    "description": "Win back VIPs who haven't ordered in 90 days with 15% off. Reply SAVE.",
    "initialStepID": "vip-segment-001",
    "steps": [
        {
            "id": "vip-segment-001",
            "type": "segment",
            "label": "VIPs without a recent order",
            "content": "",
            "active": True,
            "parameters": {},
            "conditions": [
                {
                    "id": 1,
                    "type": "event",
                    "operator": "has_not",
                    "action": "placed_order",
                    "filter": "all orders",
                    "timePeriod": "within the last 90 Days",
                    "timePeriodType": "relative",
                }
            ],
            "events": [
                {
                    "id": "ev-1",
                    "type": "split",
                    "label": "include",
                    "action": "include",
                    "nextStepID": "offer-002",
                    **_EVENT,
                },
                {
                    "id": "ev-2",
                    "type": "split",
                    "label": "exclude",
                    "action": "exclude",
                    "nextStepID": "end-005",
                    **_EVENT,
                },
            ],
        },
        {
            "id": "offer-002",
            "type": "message",
            "label": "Offer",
            "content": "{{brand_name}}: Hi {{first_name}}, we miss you! Take 15% off your next order. "
            "Reply SAVE to get your code. Reply STOP to opt out.",
            "discountType": "percentage",
            "discountValue": "15",
            "active": True,
            "parameters": {},
            "events": [
                {
                    "id": "ev-3",
                    "type": "reply",
                    "intent": "save",
                    "description": "wants the code",
                    "nextStepID": "code-004",
                    **_EVENT,
                },
                {
                    "id": "ev-4",
                    "type": "noreply",
                    "after": {"value": 1, "unit": "days"},
                    "nextStepID": "wait-003",
                    **_EVENT,
                },
            ],
        },
        {
            "id": "wait-003",
            "type": "delay",
            "time": "2",
            "period": "Days",
            "delay": {"value": "2", "unit": "Days"},
            "active": True,
            "parameters": {},
            "events": [{"id": "ev-5", "type": "default", "nextStepID": "end-005", **_EVENT}],
        },
        {
            "id": "code-004",
            "type": "message",
            "content": "Here is your code: SAVE15 🎉 Shop at {{store_url}}",
            "discountType": "code",
            "discountCode": "SAVE15",
            "active": True,
            "parameters": {},
            "events": [{"id": "ev-6", "type": "default", "nextStepID": "end-005", **_EVENT}],
        },
        {"id": "end-005", "type": "end", "label": "End", "active": True, "parameters": {}, "events": []},
    ],
}


def sample_flow() -> dict[str, Any]:
    """A fresh copy each call: tests may mutate it."""
    return copy.deepcopy(_SAMPLE)


def long_flow(n_messages: int = 80) -> dict[str, Any]:
    """A linear flow with many long messages: exercises the Block Kit size limits."""
    steps: list[dict[str, Any]] = []
    for i in range(n_messages):
        steps.append(
            {
                "id": f"msg-{i:03d}",
                "type": "message",
                "content": f"Message {i}: " + "lorem ipsum dolor sit amet " * 12,
                "active": True,
                "parameters": {},
                "events": [
                    {
                        "id": f"ev-{i}",
                        "type": "default",
                        "nextStepID": f"msg-{i + 1:03d}" if i + 1 < n_messages else "end",
                        **_EVENT,
                    }
                ],
            }
        )
    steps.append({"id": "end", "type": "end", "active": True, "parameters": {}, "events": []})
    return {"name": "Long " * 60, "description": "long", "initialStepID": "msg-000", "steps": steps}
