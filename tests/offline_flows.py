"""Flows from the offline generator for tests that read their steps."""

from __future__ import annotations

from typing import Any

from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings


def valid_offline_flow(text: str) -> dict[str, Any]:
    """The offline generator's flow for `text`, which must have no validation errors."""
    result = generate_flow(text, settings=Settings(flowgen_generator="offline"))
    assert result.report.valid, [f.message for f in result.report.errors]
    return result.flow


def delays(flow: dict[str, Any]) -> list[tuple[str, str]]:
    """The (time, period) of every delay step, in step order."""
    return [(s["time"], s["period"]) for s in flow["steps"] if s["type"] == "delay"]
