"""What every edit operation works on: the plan being edited and the instruction's reading."""

from __future__ import annotations

from collections import deque
from datetime import date

from flowgen_core.brief import CampaignBrief
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import FlowPlan, PlanStep, PlanTransition
from flowgen_core.refine.instruction import Instruction


class EditContext:
    """One instruction being applied to one plan.

    Operations share it in order and may consume what they used (a wait read as the
    no-reply timeout is not also a new delay), so it is mutable on purpose.
    """

    def __init__(
        self,
        plan: FlowPlan,
        instruction: str | Instruction,
        *,
        today: date | None = None,
        language: str | None = None,
        copy_language: str = "en",
    ) -> None:
        self.plan = plan
        # the language the flow's messages are written in: what the editor writes new copy in
        self.copy_language = copy_language
        self.instruction = (
            instruction
            if isinstance(instruction, Instruction)
            else Instruction.read(instruction, today=today, language=language)
        )
        self.payload = self.instruction.payload
        self.facts: CampaignBrief = self.instruction.facts
        self.notes: list[str] = []

    def asks(self, name: str) -> bool:
        """Whether the instruction uses the edit vocabulary's cue or command `name` (vocab/edits.json)."""
        return self.instruction.asks(name)

    # ---- reading the plan
    def order(self) -> list[PlanStep]:
        """The reachable steps, breadth first from the start."""
        by_key = {s.key: s for s in self.plan.steps}
        seen, queue, out = {self.plan.start}, deque([self.plan.start]), []
        while queue:
            step = by_key.get(queue.popleft())
            if step is None:
                continue
            out.append(step)
            for t in step.next:
                if t.to not in seen:
                    seen.add(t.to)
                    queue.append(t.to)
        return out

    def of_type(self, step_type: str) -> list[PlanStep]:
        """The reachable steps of one type, in flow order."""
        return [s for s in self.order() if s.type == step_type]

    def sends(self) -> list[PlanStep]:
        return [s for s in self.order() if s.type in SEND_TYPES]

    def type_of(self, key: str) -> str | None:
        step = self.plan.step(key)
        return step.type if step is not None else None

    def reminder_links(self) -> list[tuple[PlanStep, PlanTransition]]:
        return [(s, t) for s in self.order() for t in s.next if t.on == "noreply"]

    def pick_send(self) -> PlanStep | None:
        """The message the instruction names ("second", "message 2", "the reminder"), else the first."""
        sends = self.sends()
        if not sends:
            return None
        index = self.instruction.picked_message()
        if index is not None:
            if index == -1:
                return sends[-1]
            return sends[index - 1] if 0 < index <= len(sends) else None
        if self.asks("reminder"):
            reminder = self._first_reminder()
            if reminder is not None:
                return reminder
        return sends[0]

    def _first_reminder(self) -> PlanStep | None:
        for s, t in self.reminder_links():
            target = next((u.to for u in s.next if u.on == "noreply"), t.to)
            step = self.plan.step(target)
            if step is not None and step.type in SEND_TYPES:
                return step
        return None

    # ---- changing the plan
    def new_key(self, base: str) -> str:
        # The compiler appends a counter to the key's slug, so keys stay short words.
        taken = {s.key for s in self.plan.steps}
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        return key

    def insert_before_start(self, step: PlanStep) -> None:
        step.next = step.next or [PlanTransition(on="default", to=self.plan.start)]
        self.plan.steps.insert(0, step)
        self.plan.start = step.key

    def insert_first(self, step: PlanStep) -> None:
        """Make `step` (whose transitions are already set) the flow's new start."""
        self.plan.steps.insert(0, step)
        self.plan.start = step.key

    def insert_before(self, target: PlanStep, step: PlanStep, link: list[PlanTransition]) -> None:
        for s in self.plan.steps:
            for t in s.next:
                if t.to == target.key:
                    t.to = step.key
        if self.plan.start == target.key:
            self.plan.start = step.key
        step.next = link
        self.plan.steps.append(step)

    def bypass(self, step: PlanStep, successor: str) -> None:
        """Remove `step`, sending whatever led to it on to `successor`."""
        for s in self.plan.steps:
            for t in s.next:
                if t.to == step.key:
                    t.to = successor
        if self.plan.start == step.key:
            self.plan.start = successor
        self.plan.steps.remove(step)

    def prune(self) -> None:
        """Drop the steps an edit left unreachable."""
        reachable = {s.key for s in self.order()}
        self.plan.steps = [s for s in self.plan.steps if s.key in reachable]
