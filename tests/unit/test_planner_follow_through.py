"""The offline planner places every stated step: series gaps, escalating follow-ups, cart replies,
offers of a branch, and sending days within the hours texts may reach customers."""

from __future__ import annotations

from flowgen_core.brief import (
    CampaignBrief,
    Discount,
    Duration,
    ProductRef,
    SendWindow,
    extract_brief,
    read_cues,
)
from flowgen_core.plan.model import FlowPlan, PlanStep
from flowgen_core.planners.offline.composer import OfflineGenerator


def _plan(brief: CampaignBrief) -> FlowPlan:
    return OfflineGenerator().plan(brief)


def _steps(plan: FlowPlan) -> dict[str, PlanStep]:
    return {s.key: s for s in plan.steps}


def _series_gaps(plan: FlowPlan) -> list[tuple[int, str]]:
    """The delays between the parts of a drip, part 1 onwards."""
    steps = _steps(plan)
    gaps: list[tuple[int, str]] = []
    key = "part_1"
    while key in steps:
        (out,) = steps[key].next
        hop = steps.get(out.to)
        if hop is None or hop.type != "delay" or hop.wait is None:
            break
        gaps.append((hop.wait.value, hop.wait.unit))
        key = hop.next[0].to
    return gaps


# ------------------------------------------------------------------ drip gaps


def test_each_gap_of_a_series_is_its_own_stated_wait() -> None:
    brief = CampaignBrief(
        text="Four texts about brewing tea.",
        playbook="drip",
        series_length=4,
        waits=[
            Duration(value=1, unit="days"),
            Duration(value=4, unit="days"),
            Duration(value=6, unit="days"),
        ],
    )
    assert _series_gaps(_plan(brief)) == [(1, "days"), (4, "days"), (6, "days")]


def test_a_series_with_fewer_waits_than_gaps_repeats_the_last_one() -> None:
    brief = CampaignBrief(
        text="Four texts about brewing tea.",
        playbook="drip",
        series_length=4,
        waits=[Duration(value=12, unit="hours"), Duration(value=2, unit="days")],
    )
    assert _series_gaps(_plan(brief)) == [(12, "hours"), (2, "days"), (2, "days")]


def test_a_series_read_from_words_keeps_its_spacing() -> None:
    brief = extract_brief(
        "Series of 3 texts about houseplants for new buyers: tip one right away, "
        "tip two 2 days later, then tip three four days after that."
    )
    assert _series_gaps(_plan(brief)) == [(2, "days"), (4, "days")]


# ------------------------------------------------------------------ escalation


def _follow_up_chain(plan: FlowPlan) -> list[PlanStep]:
    """The main send and each no-reply follow-up after it, in order."""
    steps = _steps(plan)
    send = next(s for s in plan.steps if s.key == "offer")
    chain = [send]
    while True:
        nxt = [t.to for t in chain[-1].next if t.on == "noreply"]
        if not nxt:
            return chain
        chain.append(steps[nxt[0]])


def _percent(step: PlanStep) -> str | None:
    return step.discount.value if step.discount is not None else None


def test_every_escalating_offer_gets_its_own_follow_up() -> None:
    plan = _plan(
        extract_brief(
            "Text lapsed shoppers 5% off. If there is no reply within a day: 12% off. "
            "Still nothing after that? One final push at 25% off."
        )
    )
    chain = _follow_up_chain(plan)
    assert [_percent(s) for s in chain] == ["5", "12", "25"]
    assert "still yours" not in (chain[2].text or "")


def test_each_escalated_follow_up_checks_out_at_its_own_price() -> None:
    plan = _plan(
        extract_brief("Offer 10% off. If no reply in 2 days, 20% off. If there's still no reply, 30% off.")
    )
    steps = _steps(plan)
    for send in _follow_up_chain(plan):
        # every step a reply reaches, down to the checkout, sells at the follow-up's own price
        seen, todo = set(), [t.to for t in send.next if t.on == "reply"]
        while todo:
            step = steps.get(todo.pop())
            if step is None or step.key in seen:
                continue
            seen.add(step.key)
            assert step.discount == send.discount, (send.key, step.key)
            todo += [t.to for t in step.next]
        assert any(steps[k].type == "purchase" for k in seen)


def test_free_shipping_beside_a_raised_discount_rides_on_the_same_follow_up() -> None:
    brief = extract_brief(
        "Offer 10% off, and if they don't reply, a reminder with 20% off and free shipping."
    )
    chain = _follow_up_chain(_plan(brief))
    assert [_percent(s) for s in chain] == ["10", "20"]
    assert "free shipping" in (chain[1].text or "").lower()


def test_a_stated_offer_for_the_follow_up_is_not_lost_without_a_stated_count() -> None:
    # the brief names no reminders at all; the escalation says how many follow-ups there are
    brief = CampaignBrief(
        text="Offer 10% off; follow up with 15% off, then 20% off.",
        discounts=[
            Discount(kind="percentage", value="10"),
            Discount(kind="percentage", value="15"),
            Discount(kind="percentage", value="20"),
        ],
    )
    assert [_percent(s) for s in _follow_up_chain(_plan(brief))] == ["10", "15", "20"]


# ------------------------------------------------------------------ a reply that asks for the cart


def _reply_target(plan: FlowPlan, source: str, word: str) -> PlanStep:
    steps = _steps(plan)
    (to,) = [t.to for t in steps[source].next if t.on == "reply" and t.intent == word]
    return steps[to]


def test_a_reply_for_the_saved_cart_opens_an_offer_of_the_latest_cart() -> None:
    brief = CampaignBrief(
        text="Lapsed buyers: 10% off, reply CART for the cart they never finished.",
        discounts=[Discount(kind="percentage", value="10")],
        reply_keywords=["cart"],
        reply_meanings={"cart": "the cart they never finished"},
    )
    offer = _reply_target(_plan(brief), "offer", "cart")
    assert (offer.type, offer.cart_source) == ("purchase_offer", "latest")
    assert offer.discount is not None and offer.discount.value == "10"
    assert "{{Cart List}}" in (offer.text or "")


def test_a_lone_reply_word_about_the_basket_is_no_poll_option() -> None:
    brief = extract_brief("Text shoppers: reply SAVED to see the basket you left behind.")
    offer = _reply_target(_plan(brief), "offer", "saved")
    assert (offer.type, offer.cart_source) == ("purchase_offer", "latest")


def test_the_cart_offer_checks_out_that_cart_even_when_the_brief_names_products() -> None:
    brief = CampaignBrief(
        text="Launch the mug: reply YES to buy it, or MINE to see what is in your cart.",
        playbook="launch",
        products=[ProductRef(variant_id="881")],
        reply_keywords=["yes", "mine"],
        reply_meanings={"yes": "buy it", "mine": "see what is in your cart"},
    )
    plan = _plan(brief)
    steps = _steps(plan)
    cart = next(s for s in plan.steps if s.type == "purchase_offer" and s.cart_source == "latest")
    assert not cart.products
    (checkout,) = [steps[t.to] for t in cart.next if t.on == "reply"]
    assert (checkout.type, checkout.cart_source) == ("purchase", "latest")


# ------------------------------------------------------------------ the other branch's own offer


def test_everyone_else_gets_the_offer_written_for_them() -> None:
    plan = _plan(
        extract_brief(
            "Launch for VIP customers with 25% off first; everyone else two days later with 5% off."
        )
    )
    steps = _steps(plan)
    assert _percent(steps["early_access"]) == "25"
    assert _percent(steps["launch"]) == "5"


def test_everyone_else_shares_the_only_offer() -> None:
    plan = _plan(extract_brief("Launch for VIP customers with 25% off first; everyone else two days later."))
    assert _percent(_steps(plan)["launch"]) == "25"


def test_the_texts_outside_a_sale_carry_their_own_offer() -> None:
    plan = _plan(
        extract_brief(
            "Holiday sale Dec 10 to Dec 12: 30% off everything. All other times, send new arrivals with 5% off."
        )
    )
    steps = _steps(plan)
    assert _percent(steps["offer"]) == "30"
    assert _percent(steps["other_times"]) == "5"


# ------------------------------------------------------------------ sending days


def _windows(plan: FlowPlan) -> list[tuple[str, str]]:
    (schedule,) = [s for s in plan.steps if s.type == "schedule"]
    return [(w.start, w.end) for w in schedule.windows or []]


def test_a_sale_over_several_days_sends_by_day_and_never_at_night() -> None:
    brief = CampaignBrief(
        text="Weekend sale, 20% off.",
        send_windows=[SendWindow(start="2026-12-11", end="2026-12-13")],
    )
    assert _windows(_plan(brief)) == [
        ("2026-12-11T09:00:00", "2026-12-11T21:00:00"),
        ("2026-12-12T09:00:00", "2026-12-12T21:00:00"),
        ("2026-12-13T09:00:00", "2026-12-13T21:00:00"),
    ]


def test_stated_start_and_end_times_hold_on_the_first_and_last_day() -> None:
    brief = CampaignBrief(
        text="Sale from Friday 6pm to Sunday 2pm.",
        send_windows=[SendWindow(start="2026-12-11T18:00:00", end="2026-12-13T14:00:00")],
    )
    assert _windows(_plan(brief)) == [
        ("2026-12-11T18:00:00", "2026-12-11T21:00:00"),
        ("2026-12-12T09:00:00", "2026-12-12T21:00:00"),
        ("2026-12-13T09:00:00", "2026-12-13T14:00:00"),
    ]


def test_every_sending_day_leads_to_the_offer_and_the_flow_has_no_quiet_hours_finding() -> None:
    result = OfflineGenerator().generate(
        extract_brief("Holiday sale Dec 20 to Dec 23, 25% off, Eastern time.")
    )
    assert not [f for f in result.report.warnings + result.report.errors if f.code == "quiet_hours"]
    (schedule,) = [s for s in result.plan.steps if s.type == "schedule"]
    days = [t for t in schedule.next if t.label != "All other time"]
    assert len(days) == 4 and len({t.to for t in days}) == 1


def test_a_single_day_window_stays_one_window() -> None:
    brief = CampaignBrief(
        text="Flash sale.", send_windows=[SendWindow(start="2026-12-11T10:00:00", end="2026-12-11T16:00:00")]
    )
    assert _windows(_plan(brief)) == [("2026-12-11T10:00:00", "2026-12-11T16:00:00")]


# ------------------------------------------------------------------ what the interpreter now reads


def test_a_wait_timed_from_joining_opens_the_flow_wherever_it_is_written() -> None:
    plan = _plan(extract_brief("Send new members a hello text with 10% off 3 hours after they sign up."))
    first = _steps(plan)[plan.start]
    assert first.type == "delay" and first.wait is not None
    assert (first.wait.value, first.wait.unit) == (3, "hours")


def test_a_follow_up_wait_timed_from_an_order_stays_with_the_follow_up() -> None:
    plan = _plan(
        extract_brief("Text buyers right away; if no reply, a review request 5 days after their order.")
    )
    assert _steps(plan)[plan.start].type != "delay"


def test_a_smaller_offer_is_not_found_inside_a_larger_one() -> None:
    cues = read_cues(
        "25% off for VIPs; 5% off for the rest.",
        [Discount(kind="percentage", value="25"), Discount(kind="percentage", value="5")],
    )
    assert cues.offer_at["percentage:5:"] > cues.offer_at["percentage:25:"] + 5


def test_offers_on_either_side_of_a_then_are_two_follow_ups() -> None:
    chain = _follow_up_chain(
        _plan(
            extract_brief(
                "Offer 10% off. If no reply in a day, 15% off, then free shipping as a last chance."
            )
        )
    )
    # the last chance adds free shipping to the raised discount
    assert [_percent(s) for s in chain] == ["10", "15", "15"]
    assert "free shipping" in (chain[2].text or "").lower()
    assert "free shipping" not in (chain[1].text or "").lower()


def test_a_bare_no_answer_within_opens_the_follow_up() -> None:
    cues = read_cues(
        "Send 8% off. No answer within two days: 16% off.",
        [Discount(kind="percentage", value="8"), Discount(kind="percentage", value="16")],
    )
    assert cues.written_after_follow_up(Discount(kind="percentage", value="16"))
    assert not cues.written_after_follow_up(Discount(kind="percentage", value="8"))


# ------------------------------------------------------------------ a test whose groups get their own offer


def _variants(plan: FlowPlan) -> list[PlanStep]:
    return sorted((s for s in plan.steps if s.key.startswith("variant_")), key=lambda s: s.key)


def test_variants_described_by_their_letter_carry_their_own_offers() -> None:
    brief = extract_brief("A/B test for lapsed buyers: variant A gets 12% off, variant B gets free shipping.")
    assert brief.experiment is not None and brief.experiment.variants == ["12% off", "free shipping"]
    a, b = _variants(_plan(brief))
    assert _percent(a) == "12" and b.discount is None
    assert "free shipping" in (b.text or "").lower()


def test_a_test_split_in_halves_reads_what_each_half_gets() -> None:
    brief = extract_brief("Split test the promo: half get $5 off, the other half get 20% off.")
    assert brief.experiment is not None and brief.experiment.variants == ["$5 off", "20% off"]


def test_a_share_per_variant_is_no_variant_description() -> None:
    brief = extract_brief("A/B test the welcome text, variant A 70%, variant B 30%.")
    assert brief.experiment is not None
    assert (brief.experiment.split, brief.experiment.variants) == ([70, 30], [])


def test_the_variant_without_money_off_opens_picks_without_it() -> None:
    plan = _plan(extract_brief("A/B test: variant A says 15% off, variant B free shipping."))
    steps = _steps(plan)
    b = next(s for s in _variants(plan) if s.key == "variant_b")
    for t in b.next:
        if t.on == "reply":
            assert steps[t.to].discount is None


def test_each_follow_up_waits_its_own_stated_silence() -> None:
    brief = extract_brief(
        "Lapsed buyers get 10% off. If no reply in 2 days, 15% off. If still no reply after 4 more days, 20% off."
    )
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(2, "days"), (4, "days")]
    chain = _follow_up_chain(_plan(brief))
    waits = [
        (t.after.value, t.after.unit)
        for s in chain
        for t in s.next
        if t.on == "noreply" and t.after is not None
    ]
    assert waits == [(2, "days"), (4, "days")]


def test_more_days_of_a_sale_are_no_wait() -> None:
    brief = extract_brief("Only 3 more days of our sale: 20% off everything.")
    assert (brief.waits, brief.no_reply_after) == ([], [])


def test_a_series_counted_in_texts_or_parts_without_a_hyphen_is_a_drip() -> None:
    for text, count in [
        ("A 5 part series on composting for new gardeners.", 5),
        ("2-text series on leather care.", 2),
    ]:
        brief = extract_brief(text)
        assert (brief.playbook, brief.series_length) == ("drip", count), text


def test_a_welcome_series_counted_in_messages_stays_a_welcome() -> None:
    assert extract_brief("A 3 message welcome series for new subscribers.").playbook == "welcome"


def test_eastern_time_is_no_easter_occasion() -> None:
    assert read_cues("Send between 9am and 5pm Eastern with 20% off.").occasion is None
    assert read_cues("Easter sale: 20% off chocolate.").occasion == "Easter"
