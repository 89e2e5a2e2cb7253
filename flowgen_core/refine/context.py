"""What every edit operation works on: the plan being edited and the instruction's reading."""

from __future__ import annotations

import re
from collections import deque
from datetime import date

from flowgen_core.brief import CampaignBrief, extract_brief
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.model import FlowPlan, PlanStep, PlanTransition
from flowgen_core.refine.text import TIMEOUT_WORDS, WAIT_WORDS, durations, split_payload

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_PICK = re.compile(r"\b(first|second|third|fourth|fifth|last)\b|\bmessage\s+(\d+)\b|\b(\d+)(?:st|nd|rd|th)\b")


class EditContext:
    """One instruction being applied to one plan.

    Operations share it in order and may consume what they used (a wait read as the
    no-reply timeout is not also a new delay), so it is mutable on purpose.
    """

    def __init__(self, plan: FlowPlan, instruction: str, *, today: date | None = None) -> None:
        self.plan = plan
        # New copy after a colon or in quotes is data, not more instructions: "20% off" in
        # a rewritten message must not also change the discount.
        self.text, self.payload = split_payload(instruction)
        self.lower = self.text.lower()
        self.facts: CampaignBrief = extract_brief(self.text, today=today)
        if not (self.facts.waits or self.facts.no_reply_after):
            # "change the delay to 3 hours", "change the no-reply timeout to 1 day": phrasings
            # of an edit that the brief extractor (made for whole briefs) does not read.
            if TIMEOUT_WORDS.search(self.text):
                self.facts.no_reply_after = durations(self.text)
            elif WAIT_WORDS.search(self.text):
                self.facts.waits = durations(self.text)
        self.notes: list[str] = []

    def says(self, pattern: str) -> bool:
        """Whether the (lower-cased) instruction matches `pattern`."""
        return re.search(pattern, self.lower) is not None

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
        m = _PICK.search(self.lower)
        if m:
            index = _ORDINALS.get(m.group(1) or "", 0) or int(m.group(2) or m.group(3) or 1)
            if index == -1:
                return sends[-1]
            return sends[index - 1] if 0 < index <= len(sends) else None
        if "reminder" in self.lower or "follow" in self.lower:
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
