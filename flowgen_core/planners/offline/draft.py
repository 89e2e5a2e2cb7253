"""The plan under construction: steps by unique key, in the order they were added.

Every part of the offline planner adds its steps here; the insertion order becomes the
plan's step order, so the same brief always gives the same flow.
"""

from __future__ import annotations

from typing import Any

from flowgen_core.plan.model import END, PlanProperty, PlanStep, PlanTransition, PlanWait
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

    def settle_waits(self) -> None:
        """Mend a send that ends the flow and also waits for a reply: a send the planner gave
        nothing to answer ends with a `default` to the end, and a part added later (the next
        reminder, a follow-up) may wait on it for silence. A step has one `default` or
        reply/no-reply transitions, never both: the end link goes, and a no-reply wait on a
        send that asks for no reply becomes a delay of that long, since everyone is silent."""
        for key in list(self.steps):
            step = self.steps[key]
            kinds = {t.on for t in step.next}
            if "default" not in kinds or len(kinds) == 1:
                continue
            if not all(t.to == END for t in step.next if t.on == "default"):
                continue
            rest = [t for t in step.next if t.on != "default"]
            if {t.on for t in rest} == {"noreply"} and len(rest) == 1:
                wait = rest[0].after or PlanWait(value=1, unit="days")
                delay = self.add(f"{key}_wait", "delay", label=f"Wait {wait.value} {wait.unit}", wait=wait)
                self.link(delay, "default", rest[0].to)
                step.next[:] = [PlanTransition(on="default", to=delay)]
            else:
                step.next[:] = rest
