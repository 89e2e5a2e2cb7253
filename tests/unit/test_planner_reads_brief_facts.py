"""The offline planner builds from the interpreter's facts, not from its own reading of the text."""

from __future__ import annotations

from flowgen_core.brief import CampaignBrief, Duration, PropertyUpdate, SendHours, extract_brief
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


def test_daily_send_hours_become_a_schedule_that_holds_other_time_until_they_open() -> None:
    brief = CampaignBrief(
        text="20% off for everyone, texts only in the daytime.",
        send_hours=[SendHours(start="10:00", end="19:00", timezone="America/New_York")],
    )
    plan = _plan(brief)
    (schedule,) = [s for s in plan.steps if s.type == "schedule"]
    assert schedule.timezone == "America/New_York"
    assert schedule.windows is not None
    assert [(w.start, w.end) for w in schedule.windows] == [("10:00:00", "19:00:00")]
    by_key = {s.key: s for s in plan.steps}
    (other,) = [t.to for t in schedule.next if t.label == "All other time"]
    assert other != END
    hold = by_key[other]
    assert hold.type == "delay" and hold.wait is not None
    assert [t.to for t in hold.next] == [schedule.key]
    assert plan.start == schedule.key or any(t.to == schedule.key for s in plan.steps for t in s.next)


def _entry_chain(plan: FlowPlan) -> list[str]:
    """Step types from the start through the default-only steps before the first send."""
    by_key = {s.key: s for s in plan.steps}
    types: list[str] = []
    key = plan.start
    while key in by_key and len(types) < 20:
        step = by_key[key]
        types.append(step.type)
        defaults = [t.to for t in step.next if t.on == "default"]
        if len(step.next) != 1 or not defaults:
            break
        key = defaults[0]
    return types


def _reply_leads_to(plan: FlowPlan, intent: str) -> list[str]:
    return [t.to for s in plan.steps for t in s.next if t.on == "reply" and t.intent == intent]


def test_an_update_tied_to_a_reply_is_set_on_that_reply_branch() -> None:
    brief = CampaignBrief(
        text="New blender drop next week. Reply IN to get on the waitlist, or HELP for questions.",
        reply_keywords=["in", "help"],
        property_updates=[PropertyUpdate(name="waitlist", value="yes", on_reply="IN")],
    )
    plan = _plan(brief)
    by_key = {s.key: s for s in plan.steps}
    (to,) = set(_reply_leads_to(plan, "in"))
    assert by_key[to].type == "property"
    assert [(p.name, p.value) for p in by_key[to].properties or []] == [("waitlist", "yes")]
    assert "property" not in _entry_chain(plan)
    assert all(by_key[t].type != "property" for t in _reply_leads_to(plan, "help"))


def test_an_update_recording_the_answer_comes_after_the_reply_not_at_entry() -> None:
    brief = CampaignBrief(
        text="Ask VIPs which scent they want next. Reply YES to shop now.",
        reply_keywords=["yes"],
        property_updates=[PropertyUpdate(name="next_scent", value="{{reply}}")],
    )
    plan = _plan(brief)
    by_key = {s.key: s for s in plan.steps}
    assert "property" not in _entry_chain(plan)
    targets = set(_reply_leads_to(plan, "yes"))
    assert targets and all(by_key[t].type == "property" for t in targets)
    # each reply's branch records the answer it carries
    assert all((by_key[t].properties or [])[0].value == "yes" for t in targets)


def _noreply_waits(plan: FlowPlan) -> dict[str, tuple[int, str]]:
    """Target key -> the wait of the no-reply transition that leads to it."""
    return {
        t.to: (t.after.value, t.after.unit)
        for s in plan.steps
        for t in s.next
        if t.on == "noreply" and t.after
    }


def test_each_reminder_waits_its_own_stated_timeout() -> None:
    brief = CampaignBrief(
        text="Win back lapsed buyers with 15% off, reply YES to order; two reminders.",
        playbook="winback",
        reply_keywords=["yes"],
        reminders=2,
        no_reply_after=[Duration(value=1, unit="days"), Duration(value=3, unit="days")],
    )
    waits = _noreply_waits(_plan(brief))
    assert waits["reminder"] == (1, "days")
    assert waits["reminder_2"] == (3, "days")


def test_a_stated_wait_goes_to_the_later_reminder_before_the_timeout_repeats() -> None:
    brief = CampaignBrief(
        text="Win back lapsed buyers with 15% off, reply YES to order; two reminders.",
        playbook="winback",
        reply_keywords=["yes"],
        reminders=2,
        no_reply_after=[Duration(value=2, unit="days")],
        waits=[Duration(value=5, unit="days")],
    )
    waits = _noreply_waits(_plan(brief))
    assert waits["reminder"] == (2, "days")
    assert waits["reminder_2"] == (5, "days")


def test_a_welcome_follow_up_for_the_silent_waits_the_stated_timeout() -> None:
    brief = CampaignBrief(
        text="Welcome new subscribers; reply HI to say hello.",
        playbook="welcome",
        reply_keywords=["hi"],
        no_reply_after=[Duration(value=2, unit="days")],
    )
    plan = _plan(brief)
    waits = _noreply_waits(plan)
    assert waits and set(waits.values()) == {(2, "days")}


def test_an_update_for_the_silent_stays_off_the_reply_branch() -> None:
    brief = CampaignBrief(
        text="Last chance text. Reply KEEP to stay subscribed, otherwise after 5 days mark sms_status = inactive",
        playbook="sunset",
        reply_keywords=["keep"],
        waits=[Duration(value=5, unit="days")],
        property_updates=[PropertyUpdate(name="sms_status", value="inactive", on_reply="keep")],
    )
    plan = _plan(brief)
    by_key = {s.key: s for s in plan.steps}
    assert all(by_key[t].type != "property" for t in _reply_leads_to(plan, "keep"))
    (marker,) = [s for s in plan.steps if s.type == "property"]
    assert _noreply_waits(plan)[marker.key] == (5, "days")


def test_each_numbered_answer_records_its_own_option() -> None:
    brief = extract_brief(
        "Ask which branch they visit. Reply 1 for Harbor, 2 for Hilltop, and store it as home_branch."
    )
    plan = _plan(brief)
    recorded = {
        (p.name, p.value) for step in plan.steps if step.type == "property" for p in step.properties or []
    }
    assert recorded == {("home_branch", "harbor"), ("home_branch", "hilltop")}


def test_a_reply_meaning_a_product_picker_leads_to_product_picks() -> None:
    plan = _plan(
        extract_brief("Routing\nHATS -> product picker of our winter hats\nHELP -> a text from support")
    )
    by_key = {s.key: s for s in plan.steps}
    assert {by_key[t].type for t in _reply_leads_to(plan, "hats")} == {"product_choice"}
