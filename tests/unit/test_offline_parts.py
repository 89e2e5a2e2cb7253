"""The offline planner's parts on their own: timing, offers, replies, surveys and the draft."""

from __future__ import annotations

from flowgen_core.brief import CampaignBrief, Discount, cues_of, read_cues
from flowgen_core.plan.model import END, PlanDiscount
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import Offer
from flowgen_core.planners.offline.offers import allocate_discounts, checkout_per_offer, promise
from flowgen_core.planners.offline.replies import read_reply_words
from flowgen_core.planners.offline.surveys import happy_scores
from flowgen_core.planners.offline.timing import window


def test_a_bare_day_window_runs_from_nine_to_the_start_of_quiet_hours() -> None:
    built = window("2026-12-05", None)
    assert built is not None
    assert (built.start, built.end) == ("2026-12-05T09:00:00", "2026-12-05T21:00:00")
    assert built.label == "Dec 5, 9:00 AM - Dec 5, 9:00 PM"


def test_a_range_of_whole_days_stays_outside_quiet_hours_at_both_ends() -> None:
    built = window("2026-12-01T00:00:00", "2026-12-20T23:59:59")  # "December 1 to 20"
    assert built is not None
    assert (built.start, built.end) == ("2026-12-01T09:00:00", "2026-12-20T21:00:00")


def test_a_stated_end_time_is_kept() -> None:
    built = window("2026-12-05T10:00:00", "2026-12-05T14:30:00")
    assert built is not None
    assert built.end == "2026-12-05T14:30:00"


def test_a_window_with_a_start_time_only_lasts_four_hours() -> None:
    built = window("2026-12-05T10:30:00", None)
    assert built is not None and built.end == "2026-12-05T14:30:00"


def test_a_window_ending_before_it_starts_lasts_one_hour() -> None:
    built = window("2026-12-05T10:00:00", "2026-12-05T08:00:00")
    assert built is not None and built.end == "2026-12-05T11:00:00"


def test_no_dates_no_window() -> None:
    assert window(None, "not a date") is None


def test_a_discount_written_after_the_follow_up_belongs_to_the_reminders() -> None:
    text = "Offer 10% off, and if they don't reply send a reminder with 20% off."
    brief = CampaignBrief(
        text=text,
        discounts=[Discount(kind="percentage", value="10"), Discount(kind="percentage", value="20")],
    )
    main, later = allocate_discounts(brief.discounts, cues_of(brief), reminders=1)
    assert main == Offer(PlanDiscount(kind="percentage", value="10"))
    assert later == [Offer(PlanDiscount(kind="percentage", value="20"))]
    # without reminders there is nothing to follow up: the later discount has no send
    main, later = allocate_discounts(brief.discounts, cues_of(brief), reminders=0)
    assert (main, later) == (Offer(PlanDiscount(kind="percentage", value="10")), [])


def test_a_bare_code_rides_on_the_main_discount() -> None:
    text = "15% off, use code SAVE"
    brief = CampaignBrief(
        text=text, discounts=[Discount(kind="percentage", value="15"), Discount(kind="code", code="SAVE")]
    )
    main, _ = allocate_discounts(brief.discounts, cues_of(brief), reminders=1)
    assert main == Offer(PlanDiscount(kind="percentage", value="15", code="SAVE"))


def test_poll_options_need_a_reply_verb() -> None:
    assert read_cues("reply 1 for new arrivals, 2 for sale items").poll_options == {
        "1": "new arrivals",
        "2": "sale items",
    }
    assert read_cues("1 for new arrivals, 2 for sale items").poll_options == {}


def test_reply_words_split_keywords_poll_answers_and_stop() -> None:
    text = "Reply A for tops, B for shoes. Reply HELP for questions or STOP."
    brief = CampaignBrief(text=text, reply_keywords=["a", "help", "stop"])
    keywords, poll, options, stop = read_reply_words(brief, cues_of(brief), [])
    assert (keywords, poll, stop) == (["help"], ["a", "b"], True)
    # a capitalised word "for" something is an option too; only one-letter ones make a poll
    assert options == {"a": "tops", "b": "shoes", "help": "questions"}


def test_survey_scales_and_happy_scores() -> None:
    assert read_cues("rate us 1 to 5").score_scale == (1, 5)
    assert read_cues("send an nps survey").score_scale == (0, 10)
    assert read_cues("ask how it went").score_scale is None
    assert happy_scores(list(range(0, 11)), read_cues("nps 0 to 10")) == {9, 10}
    assert happy_scores(list(range(1, 6)), read_cues("rate 1 to 5; 4 or 5 get a review request")) == {4, 5}


def test_draft_keys_stay_unique() -> None:
    draft = PlanDraft()
    assert [draft.add("offer", "message", text="x") for _ in range(3)] == ["offer", "offer_2", "offer_3"]
    assert draft.add(END, "message", text="x") == f"{END}_2"


def test_each_discount_gets_a_purchase_step_that_charges_it() -> None:
    draft = PlanDraft()
    ten = PlanDiscount(kind="percentage", value="10")
    twenty = PlanDiscount(kind="percentage", value="20")
    purchase = draft.add("purchase", "purchase", discount=ten)
    draft.link(purchase, "default", END)
    for key, discount in (("a", ten), ("b", twenty)):
        send = draft.add(key, "message", text="x", discount=discount)
        draft.link(send, "reply", purchase, intent="yes")
    checkout_per_offer(draft)
    charged = {key: draft.steps[draft.steps[key].next[0].to].discount for key in ("a", "b")}
    assert charged == {"a": ten, "b": twenty}
    assert promise(draft.steps["purchase"]) is None  # a purchase promises nothing, it charges


def test_a_start_time_alone_stops_where_quiet_hours_begin() -> None:
    built = window("2026-12-05T19:00:00", None)
    assert built is not None
    assert built.end == "2026-12-05T21:00:00"
