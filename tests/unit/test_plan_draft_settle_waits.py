"""A send never keeps both a `default` to the end and reply or no-reply transitions."""

from __future__ import annotations

from flowgen_core.plan.model import END, PlanWait
from flowgen_core.planners.offline.draft import PlanDraft


def _draft() -> tuple[PlanDraft, str, str]:
    draft = PlanDraft()
    first = draft.add("reminder", "message", label="Reminder", text="Hi")
    second = draft.add("reminder_2", "message", label="Reminder 2", text="Hi again")
    draft.link(first, "default", END)
    draft.link(second, "default", END)
    return draft, first, second


def test_a_silence_wait_on_a_send_with_nothing_to_answer_becomes_a_delay() -> None:
    draft, first, second = _draft()
    draft.link(first, "noreply", second, after=PlanWait(value=2, unit="days"))
    draft.settle_waits()
    [link] = draft.steps[first].next
    assert link.on == "default"
    delay = draft.steps[link.to]
    assert delay.type == "delay" and delay.wait == PlanWait(value=2, unit="days")
    assert [(t.on, t.to) for t in delay.next] == [("default", second)]


def test_a_reply_added_to_a_send_that_ended_the_flow_drops_the_end_link() -> None:
    draft, first, second = _draft()
    draft.link(first, "reply", second, intent="yes")
    draft.link(first, "noreply", second, after=PlanWait(value=1, unit="days"))
    draft.settle_waits()
    assert [t.on for t in draft.steps[first].next] == ["reply", "noreply"]


def test_steps_with_one_kind_of_transition_are_left_alone() -> None:
    draft, _, _ = _draft()
    before = {k: list(s.next) for k, s in draft.steps.items()}
    draft.settle_waits()
    assert {k: list(s.next) for k, s in draft.steps.items()} == before
