"""The planning cues the interpreter reads once (brief/cues.py), one test per cue."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowgen_core.brief import (
    CampaignBrief,
    Discount,
    classify_playbook,
    cues_of,
    extract_brief,
    playbook_of,
    read_cues,
)


def test_a_node_type_named_outright() -> None:
    assert read_cues("Send a purchase offer for the serum.").named_step == "purchase_offer"
    assert read_cues("One-tap checkout for their last order").named_step == "purchase_offer"
    assert read_cues("Show a product picker and let them choose").named_step == "product_choice"
    assert read_cues("Send 10% off to VIPs.").named_step is None


@pytest.mark.parametrize(
    ("text", "selection"),
    [
        ("Picks based on their purchase history", "automatically"),
        ("Products they viewed recently viewed", "recently_viewed"),
        ("Recommend our best sellers", "popularity"),
        ("Recommend something nice", "automatically"),
        ("Send 10% off", None),
    ],
)
def test_how_a_product_choice_picks(text: str, selection: str | None) -> None:
    assert read_cues(text).selection == selection


def test_personalised_messages() -> None:
    assert read_cues("A personalised note for VIPs").personalized
    assert not read_cues("A note for VIPs").personalized


def test_score_scale_and_groups() -> None:
    cues = read_cues("Ask them to rate us 1 to 5; 4 or 5 get a review request, 1-3 go to support.")
    assert cues.score_scale == (1, 5)
    assert (4, 5) in cues.score_pairs and (1, 3) in cues.score_ranges
    assert read_cues("Send an NPS survey").score_scale == (0, 10)
    assert read_cues("Ask how it went").score_scale is None


def test_purchase_context() -> None:
    assert read_cues("Poll customers about their delivery").purchase_context
    assert not read_cues("Poll subscribers on their favourite colour").purchase_context


def test_what_happens_outside_the_windows() -> None:
    assert read_cues("Black Friday 20% off; at all other times send new arrivals.").other_times_message
    assert not read_cues("Black Friday 20% off; other times don't send anything.").other_times_message
    assert not read_cues("Black Friday 20% off.").other_times_message


def test_subject_and_new_line() -> None:
    assert read_cues("A 3-part series about cold brew, one every week.").drip_subject == "cold brew"
    assert read_cues("Launch our new spring line next Monday.").new_line == "new spring line"
    assert read_cues("Launch day!").new_line is None


def test_occasion_gift_guide_and_review() -> None:
    cues = read_cues("Our Christmas gift guide, then ask for a review")
    assert (cues.occasion, cues.gift_guide, cues.asks_review) == ("Christmas", True, True)
    assert read_cues("Mother's Day sale").occasion == "Mother's Day"
    assert read_cues("A sale").occasion is None


def test_welcome_cues() -> None:
    assert read_cues("Welcome them; they can text us anytime").open_questions
    assert read_cues("Welcome them, then show our best sellers").welcome_follow_up
    assert not read_cues("Welcome them").welcome_follow_up


def test_rest_of_the_audience() -> None:
    assert read_cues("VIPs get early access, everyone else a day later").rest_of_audience
    assert not read_cues("VIPs get early access").rest_of_audience


def test_a_wait_written_before_the_first_send() -> None:
    assert read_cues("Wait 1 hour, then send a welcome.").wait_before_send
    assert read_cues("3 days after purchase, ask for a review.").wait_before_send
    assert not read_cues("Send a welcome, then wait 2 days and remind them.").wait_before_send


def test_the_flow_ends_outside_the_send_hours() -> None:
    assert read_cues("Send between 9am and 5pm, otherwise just end.").outside_hours_end
    assert not read_cues("Send between 9am and 5pm.").outside_hours_end


def test_who_the_property_updates_mark() -> None:
    assert read_cues("Customers who buy get vip = true").updates_after_purchase
    assert read_cues("If no reply in 3 days, set sms_status to unengaged").updates_on_no_reply
    assert not read_cues("Set vip = true").updates_on_no_reply


def test_an_offer_written_after_the_follow_up() -> None:
    ten, twenty = Discount(kind="percentage", value="10"), Discount(kind="percentage", value="20")
    cues = read_cues("Offer 10% off, and if they don't reply send a reminder with 20% off.", [ten, twenty])
    assert not cues.written_after_follow_up(ten)
    assert cues.written_after_follow_up(twenty)
    assert not read_cues("Offer 10% off.", [ten]).written_after_follow_up(ten)


def test_poll_options_and_euros() -> None:
    assert read_cues("Reply A for tops, B for shoes").poll_options == {"a": "tops", "b": "shoes"}
    assert read_cues("A for tops, B for shoes").poll_options == {}
    assert read_cues("10 € Rabatt").currency == "€" and read_cues("zehn Euro").currency == "€"
    assert read_cues("$10 off").currency == "$"


def test_stated_cues_carry_their_words() -> None:
    text = "  Recommend our best sellers; reply 1 for tops, 2 for shoes."
    brief = extract_brief(text)
    cues = cues_of(brief)
    assert cues is brief.cues and cues.selection == "popularity"
    for source in cues.sources:
        assert source.how == "stated" and source.start is not None and source.end is not None
        assert text[source.start : source.end] == source.words
    assert {s.fact for s in cues.sources} >= {"cue.selection", "cue.poll_option"}
    options = [s for s in cues.sources if s.fact == "cue.poll_option"]
    assert [s.index for s in options] == [0, 1]


def test_a_brief_built_by_hand_gets_its_cues_and_playbook_from_the_same_readers() -> None:
    brief = CampaignBrief(text="A 4-part tips series about cold brew")
    assert cues_of(brief).drip_subject == "cold brew"
    assert playbook_of(brief) == "drip" == classify_playbook(brief.text)
    assert playbook_of(CampaignBrief(text="x", playbook="winback")) == "winback"
    assert playbook_of(CampaignBrief(text=" ")) == "generic"


@pytest.mark.parametrize(
    ("text", "playbook"),
    [
        ("A 4-part tips series for new buyers", "drip"),
        ("Welcome series for new subscribers: 3 texts", "welcome"),
        ("Win back lapsed buyers with 10% off", "winback"),
        ("Send 10% off to everyone", "generic"),
    ],
)
def test_one_playbook_classifier(text: str, playbook: str) -> None:
    assert classify_playbook(text) == playbook == extract_brief(text).playbook


_BRIEFS = [
    "Wait 1 hour, then send a purchase offer; 4 or 5 get a review request.",
    "Recommend our best sellers, everyone else a day later.",
    "Offer 10% off and if no reply, set sms_status to unengaged.",
]


@given(st.sampled_from(_BRIEFS), st.sampled_from(["upper", "title", "swapcase"]))
def test_case_does_not_change_the_cues(text: str, how: str) -> None:
    changed = getattr(text, how)()
    strip = {"sources", "poll_options"}  # options keep case: "reply A" names an answer
    assert read_cues(changed).model_dump(exclude=strip) == read_cues(text).model_dump(exclude=strip)


def test_cues_read_only_the_part_of_the_brief_the_interpreter_reads() -> None:
    from flowgen_core.brief.clauses import MAX_SCAN_CHARS

    head = "Send personalized picks based on their purchase history. "
    filler = "x" * (MAX_SCAN_CHARS - len(head))
    late_cue = " Reply with questions anytime."
    cues = read_cues(head + filler + late_cue)
    assert cues.personalized
    assert not cues.open_questions  # past the cap: not read, as the interpreter does not read it
    assert all(s.end is None or s.end <= MAX_SCAN_CHARS for s in cues.sources)


def test_ending_the_flow_outside_the_windows_sends_nothing() -> None:
    assert not read_cues(
        "Between May 1 and May 3 send the picnic menu; otherwise end the flow."
    ).other_times_message
    assert not read_cues("Sale from Jun 2 to Jun 4, at other times just stop.").other_times_message


def test_a_time_zone_names_no_occasion() -> None:
    assert read_cues("Store hours text between Dec 24 and Dec 26, Eastern time.").occasion is None
    assert read_cues("Easter brunch specials all weekend.").occasion == "Easter"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Welcome series for new members; many haven't ordered yet, 10% off the first order.", "welcome"),
        ("Our birthday campaign: customers who bought in the last year get a free gift.", "birthday"),
        ("Win-back flow for VIPs who used to reorder every month: 20% off.", "winback"),
        ("Feedback flow after delivery: ask them to rate us, then 5% off the next order.", "survey"),
    ],
)
def test_a_kind_of_flow_the_brief_names_wins_over_incidental_cues(text: str, kind: str) -> None:
    assert classify_playbook(text) == kind


def test_a_named_welcome_flow_gets_no_order_filter() -> None:
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    text = "Welcome flow for new subscribers. Some haven't bought yet, that's fine. 10% off with code HI10."
    flow = generate_flow(text, settings=Settings(flowgen_generator="offline")).flow
    assert "placed_order" not in str(flow)
