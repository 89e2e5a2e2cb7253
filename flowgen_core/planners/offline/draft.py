"""The plan under construction: steps by unique key, in the order they were added.

Every part of the offline planner adds its steps here; the insertion order becomes the
plan's step order, so the same brief always gives the same flow.
"""

from __future__ import annotations

from typing import Any

from flowgen_core.plan.model import END, PlanProperty, PlanStep, PlanTransition
from flowgen_core.planners.offline.copywriting import Part, compose


class PlanDraft:
    def __init__(self) -> None:
        self.steps: dict[str, PlanStep] = {}

    def add(self, key: str, type_: str, **fields: Any) -> str:
        """Add a step under `key`, or `key_2`, `key_3`... when taken; returns the key used."""
        unique, n = key, 2
        while unique in self.steps or unique == END:
            unique, n = f"{key}_{n}", n + 1
        self.steps[unique] = PlanStep(key=unique, type=type_, **fields)  # type: ignore[arg-type]
        return unique

    def link(self, source: str, on: str, to: str, **fields: Any) -> None:
        self.steps[source].next.append(PlanTransition(on=on, to=to, **fields))  # type: ignore[arg-type]

    def of_type(self, type_: str) -> list[str]:
        return [k for k, s in self.steps.items() if s.type == type_]

    def property_step(self, to: str, properties: list[PlanProperty], key: str = "set_properties") -> str:
        step = self.add(key, "property", label="Update properties", properties=properties)
        self.link(step, "default", to)
        return step

    def final_message(self, key: str, label: str, text: str) -> str:
        """A one-off answer that ends the flow (declines, help requests, survey outcomes)."""
        step = self.add(key, "message", label=label, text=compose([Part(text)]))
        self.link(step, "default", END)
        return step
