"""The offline planner builds from the interpreter's facts, not from its own reading of the text."""

from __future__ import annotations

from flowgen_core.brief import CampaignBrief, SendHours
from flowgen_core.plan.model import END, FlowPlan
from flowgen_core.planners.offline.composer import OfflineGenerator


def _plan(brief: CampaignBrief) -> FlowPlan:
    return OfflineGenerator().plan(brief)


def test_drip_length_is_the_stated_series_length_even_when_the_text_names_none() -> None:
    # the words give no count; only the fact says five
    brief = CampaignBrief(
        text="A tips series about coffee for new subscribers.", playbook="drip", series_length=5
    )
    sends = [s for s in _plan(brief).steps if s.key.startswith("part_")]
    assert len(sends) == 5


def test_drip_without_a_stated_length_has_three_parts() -> None:
    brief = CampaignBrief(text="A 6-part tips series about coffee.", playbook="drip")
    sends = [s for s in _plan(brief).steps if s.key.startswith("part_")]
    assert len(sends) == 3  # the raw text is not read a second time


def test_daily_send_hours_become_a_schedule_with_other_time_to_end() -> None:
    brief = CampaignBrief(
        text="20% off for everyone, texts only in the daytime.",
        send_hours=[SendHours(start="10:00", end="19:00", timezone="America/New_York")],
    )
    plan = _plan(brief)
    (schedule,) = [s for s in plan.steps if s.type == "schedule"]
    assert schedule.timezone == "America/New_York"
    assert schedule.windows is not None
    assert [(w.start, w.end) for w in schedule.windows] == [("10:00:00", "19:00:00")]
    other = [t for t in schedule.next if t.label == "All other time"]
    assert [t.to for t in other] == [END]
    assert plan.start == schedule.key or any(t.to == schedule.key for s in plan.steps for t in s.next)
