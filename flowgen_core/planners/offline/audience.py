"""Who enters the flow: the segment of the brief's stated conditions, or the playbook's."""

from __future__ import annotations

from flowgen_core.plan.model import PlanCondition
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import BriefFacts


def audience_conditions(facts: BriefFacts) -> list[PlanCondition]:
    """The brief's usable conditions, always with the playbook's defining event; else the
    playbook's defaults."""
    stated = [
        PlanCondition.model_validate(c, from_attributes=True)
        for c in facts.brief.audience
        if (c.kind == "event" and c.action) or (c.kind == "property" and c.property_name)
    ]
    defaults = [PlanCondition.model_validate(c, from_attributes=True) for c in facts.pb.audience]
    if not stated:
        if facts.pb.name == "survey" and not facts.cues.purchase_context:
            return []  # a poll of subscribers: no purchase history implied
        if facts.cues.whole_list:
            return []  # "everyone on the list": the playbook's usual audience is not assumed
        return defaults
    action = facts.pb.defining_action
    if action and not any(c.action == action for c in stated):
        stated.insert(0, next(c for c in defaults if c.action == action))
    return stated


def add_segment(draft: PlanDraft, conditions: list[PlanCondition], include: str) -> str:
    """A segment step sending its members to `include`; the caller links the rest with `exclude`."""
    key = draft.add("audience", "segment", label="Audience", conditions=conditions)
    draft.link(key, "split", include, label="include", action="include")
    return key


def exclude(draft: PlanDraft, segment: str, to: str) -> None:
    draft.link(segment, "split", to, label="exclude", action="exclude")
