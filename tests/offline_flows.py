"""Flows from the offline generator for tests that read their steps."""

from __future__ import annotations

from typing import Any

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.planners.offline.composer import OfflineGenerator
from flowgen_core.settings import Settings


def valid_offline_flow(text: str) -> dict[str, Any]:
    """The offline generator's flow for `text`, which must have no validation errors."""
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    return result.flow


def delays(flow: dict[str, Any]) -> list[tuple[str, str]]:
    """The (time, period) of every delay step, in step order."""
    return [(s["time"], s["period"]) for s in flow["steps"] if s["type"] == "delay"]


def first_send_text(text: str, brand_name: str = "Acme") -> str:
    """The text of the first send the offline planner makes for `text`, through the audience's
    include branch and the first branch of anything else."""
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name=brand_name).flow
    by_id = {s["id"]: s for s in flow["steps"]}
    sid = flow["initialStepID"]
    for _ in range(20):
        step = by_id[sid]
        if step["type"] in ("message", "purchase_offer", "product_choice"):
            return str(step["text"])
        events = step["events"]
        sid = next((e for e in events if e.get("action") == "include"), events[0])["nextStepID"]
    raise AssertionError("no send")


def reply_targets(flow: dict[str, Any], intent: str) -> list[dict[str, Any]]:
    """The steps the reply events with `intent` (any case) lead to."""
    by_id = {s["id"]: s for s in flow["steps"]}
    return [
        by_id[e["nextStepID"]]
        for s in flow["steps"]
        for e in s.get("events", [])
        if e.get("type") == "reply"
        and str(e.get("intent", "")).lower() == intent.lower()
        and e.get("nextStepID") in by_id
    ]


def _step_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            t
            for key, value in node.items()
            for t in ([value] if key == "text" and isinstance(value, str) else _step_texts(value))
        ]
    if isinstance(node, list):
        return [t for item in node for t in _step_texts(item)]
    return []


def message_texts(text: str, brand_name: str = "Acme") -> list[str]:
    """The copy of every message of the offline flow made for `text`, in step order."""
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name=brand_name).flow
    return _step_texts(flow.get("steps", []))
