"""Builders for the FlowBuilder steps and events that hand-written test flows share."""

from __future__ import annotations

from typing import Any


def event(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, **extra, "nextStepID": target, "active": True, "parameters": {}}


def message_step(sid: str, text: str, events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A canonical message step: the text mirrored in all three fields, flags defaulted."""
    return {
        "id": sid,
        "type": "message",
        "label": "Message",
        "content": text,
        "text": text,
        "messageText": text,
        "active": True,
        "parameters": {},
        "events": events,
        "addImage": False,
        "sendContactCard": False,
        "discountType": "none",
        "handled": False,
        **extra,
    }


def purchase_offer_step(sid: str, text: str, events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A standard purchase offer of the latest cart, without a discount unless `extra` sets one."""
    return {
        "id": sid,
        "type": "purchase_offer",
        "label": "Purchase Offer",
        "content": text,
        "text": text,
        "messageText": text,
        "messageType": "standard",
        "active": True,
        "parameters": {},
        "cartSource": "latest",
        "products": [],
        "discount": False,
        **extra,
        "events": events,
    }


def purchase_step(sid: str, next_event: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": sid,
        "type": "purchase",
        "label": "Purchase",
        "active": True,
        "parameters": {},
        "cartSource": "latest",
        "products": [],
        "discount": False,
        "events": [next_event],
    }


def end_step(sid: str = "end-001") -> dict[str, Any]:
    return {"id": sid, "type": "end", "label": "End", "active": True, "parameters": {}, "events": []}


def discount_values(flow: dict[str, Any]) -> dict[str, set[str]]:
    """The discount values each step type carries, e.g. {"message": {"20"}, "purchase": {"20"}}."""
    out: dict[str, set[str]] = {}
    for step in flow["steps"]:
        value = step.get("discountValue") or step.get("discountPercentage")
        if value:
            out.setdefault(step["type"], set()).add(str(value))
    return out
