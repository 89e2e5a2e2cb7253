"""A flow's spec: what the flow must do, carried from version to version.

`FlowSpec` is the brief's facts plus every accepted refinement's change ("Offer: 15% off →
20% off"). A refinement updates the spec first (`apply_instruction`) and then the flow, and
the refined flow is checked (and repaired by a model) against the base version's spec with
the instruction applied — never against the original brief, which would revert earlier
refinements. Stored with each version (see docs/refinement.md).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from flowgen_core.brief import CampaignBrief, fact_lines

# A change the instruction made to no stated fact is recorded in its own words, this long.
_MAX_INSTRUCTION_CHARS = 120
_ARROW = "→"


class FlowSpec(BaseModel):
    """The facts a flow must satisfy and how refinements got them there, oldest change first."""

    facts: CampaignBrief
    changes: list[str] = Field(default_factory=list)

    @classmethod
    def from_brief(cls, brief: CampaignBrief) -> FlowSpec:
        return cls(facts=brief)

    def lines(self) -> dict[str, str]:
        """The stated facts by kind, as people are shown them."""
        return fact_lines(self.facts)


def apply_instruction(
    spec: FlowSpec, instruction: str, *, today: date | None = None
) -> tuple[FlowSpec, list[str]]:
    """The spec with `instruction` applied, and what that changed in words."""
    # Imported here: only refinement applies instructions; `generate` builds specs without
    # the requirement reader (and the refinement text helpers it loads).
    from flowgen_core.planners.llm.requirements import refinement_requirements

    facts = refinement_requirements(spec.facts, instruction, today=today) or spec.facts
    changed = describe_changes(spec.facts, facts)
    if not changed:
        # Copy and structure edits ("shorten the first message") change no stated fact; the
        # instruction itself is the record of what was accepted.
        changed = [_clip(instruction.strip())]
    return FlowSpec(facts=facts, changes=[*spec.changes, *changed]), changed


def describe_changes(before: CampaignBrief, after: CampaignBrief) -> list[str]:
    """One line per kind of fact that differs: "Offer: 15% off → 20% off"."""
    old, new = fact_lines(before), fact_lines(after)
    lines: list[str] = []
    for kind in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(kind), new.get(kind)
        if was == now:
            continue
        if was is None:
            lines.append(f"{kind}: added {now}")
        elif now is None:
            lines.append(f"{kind}: removed {was}")
        else:
            lines.append(f"{kind}: {was} {_ARROW} {now}")
    if before.quoted_copy and before.quoted_copy != after.quoted_copy:
        lines.append("Copy: the brief's quoted lines were replaced")
    return lines


def _clip(text: str) -> str:
    if len(text) <= _MAX_INSTRUCTION_CHARS:
        return f'As asked: "{text}"'
    return f'As asked: "{text[: _MAX_INSTRUCTION_CHARS - 1]}…"'
