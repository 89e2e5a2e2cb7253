"""The plan under construction: steps by unique key, in the order they were added.

Every part of the offline planner adds its steps here; the insertion order becomes the
plan's step order, so the same brief always gives the same flow.
"""

from __future__ import annotations

from typing import Any

from flowgen_core.plan.model import END, PlanProperty, PlanStep, PlanTransition, PlanWait
from flowgen_core.planners.offline.copywriting import Part, compose
from flowgen_core.steps import kind_of


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

    def cap_sends(self, start: str, limit: int) -> None:
        """Hold every path from `start` to at most `limit` sends ("2 texts max"): the send past
        the cap goes. A one-off answer to a reply (a confirmation) is skipped, the reply leading
        straight to what the answer led to (a property step, the end); any other send past the
        cap is cut, its path ending there. An answer that is itself the reply's action (product
        picks, an offer) is kept: dropping it would drop what the customer asked for."""
        for _ in range(len(self.steps)):
            transition = self._send_past_cap(start, limit)
            if transition is None:
                return
            target = self.steps[transition.to]
            onward = [t.to for t in target.next if t.on == "default"]
            # a plain text (no offer to answer) is the send that may go
            plain = not kind_of(target.type).offer
            if transition.on == "reply" and plain and len(onward) == len(target.next) == 1:
                transition.to = onward[0]
            elif plain and transition.on != "reply":
                transition.to = END
            else:
                return  # the send past the cap is what a reply asked for: it stays

    def _sends(self, key: str) -> int:
        return int(key in self.steps and kind_of(self.steps[key].type).sends_text)

    def _longest(self, key: str, memo: dict[str, int], open_: set[str]) -> int:
        """The most sends on any path from `key` (a loop back through a wait counts once)."""
        if key == END or key not in self.steps or key in open_:
            return 0
        if key not in memo:
            open_.add(key)
            onward = [self._longest(t.to, memo, open_) for t in self.steps[key].next]
            open_.discard(key)
            memo[key] = self._sends(key) + max(onward, default=0)
        return memo[key]

    def _send_past_cap(self, start: str, limit: int) -> PlanTransition | None:
        """The transition into the first send past `limit` on the longest path from `start`."""
        memo: dict[str, int] = {}
        if self._longest(start, memo, set()) <= limit:
            return None
        key, count, seen = start, self._sends(start), {start}
        while key in self.steps and self.steps[key].next:
            best = max(self.steps[key].next, key=lambda t: self._longest(t.to, memo, set()))
            if best.to in seen:
                return None
            if count + self._sends(best.to) > limit:
                return best
            key, count = best.to, count + self._sends(best.to)
            seen.add(key)
        return None
