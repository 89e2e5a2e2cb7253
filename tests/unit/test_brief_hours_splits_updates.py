"""Hour windows without "between", weekday ranges, uneven test splits, reply-valued updates and
a reminder's own, bigger discount."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief


def _hours(text: str) -> list[tuple[str, str, str | None, list[str]]]:
    return [(h.start, h.end, h.timezone, h.days) for h in extract_brief(text).send_hours]


def test_hour_ranges_without_between() -> None:
    assert _hours("Promo for members, send 2pm-5pm Eastern.") == [("14:00", "17:00", "America/New_York", [])]
    assert _hours("Texts go out 4-7pm PT") == [("16:00", "19:00", "America/Los_Angeles", [])]
    assert _hours("We send 8a-4p ET") == [("08:00", "16:00", "America/New_York", [])]
    assert _hours("Only send 11 to 7 Central") == [("11:00", "19:00", "America/Chicago", [])]
    assert _hours("Send from 8 till 4 please") == [("08:00", "16:00", None, [])]


def test_numbers_that_are_no_hours() -> None:
    for text in (
        "Sizes 6 to 10 are back",
        "Wait 2-3 days then remind",
        "ages 18-25, 10 to 20% off",
        "$10-15 off",
    ):
        assert _hours(text) == [], text


def test_weekday_ranges_and_lists() -> None:
    assert _hours("Send Tue-Thu 10am-4pm CT")[0][3] == ["tue", "wed", "thu"]
    assert _hours("texts go out weekdays only, 9am to 5pm")[0][3] == ["mon", "tue", "wed", "thu", "fri"]
    assert _hours("Send on Mon/Wed between 10am and 2pm")[0][3] == ["mon", "wed"]
    only_days = extract_brief("Flash promo 10% off, weekends only").send_hours
    assert [(h.start, h.end, h.days) for h in only_days] == [("00:00", "23:59", ["sat", "sun"])]


def test_weekday_range_is_no_dated_window() -> None:
    brief = extract_brief("Send Monday to Friday between 9am and 6pm Eastern")
    assert brief.send_windows == []
    assert brief.send_hours[0].days == ["mon", "tue", "wed", "thu", "fri"]


def test_business_days_duration_is_no_weekday_window() -> None:
    assert extract_brief("Orders ship within 3 business days").send_hours == []


def test_other_languages_hours_and_days() -> None:
    es = extract_brief(
        "Envía el SMS de 10:00 a 15:00, de lunes a viernes, a clientes VIP con 10% de descuento."
    )
    assert [(h.start, h.end, h.days[:1]) for h in es.send_hours] == [("10:00", "15:00", ["mon"])]
    fr = extract_brief("Envoyez le SMS de 10h à 18h du lundi au vendredi aux clients avec 10% de réduction.")
    assert [(h.start, h.end) for h in fr.send_hours] == [("10:00", "18:00")]
    de = extract_brief("Sende die SMS von 10 bis 16 Uhr, Mo-Fr, an alle Kunden mit 10% Rabatt.")
    assert [(h.start, h.end, len(h.days)) for h in de.send_hours] == [("10:00", "16:00", 5)]


def test_uneven_splits() -> None:
    for text, split in (
        ("A/B 60/40 on the launch text", [60, 40]),
        ("a 90-10 split on the welcome text", [90, 10]),
        ("test 3 variants 40/40/20", [40, 40, 20]),
        ("A/B test: variant A 65%, variant B 35%", [65, 35]),
    ):
        experiment = extract_brief(text).experiment
        assert experiment is not None and experiment.split == split, text
        assert experiment.groups == len(split)


def test_price_range_is_no_split() -> None:
    experiment = extract_brief("Save 20-30% on bundles; A/B test two headlines").experiment
    assert experiment is not None and experiment.split == [50, 50]


def test_update_to_the_reply() -> None:
    updates = extract_brief("Ask their ring size, then set ring_size to the value they sent").property_updates
    assert [(u.name, u.value) for u in updates] == [("ring_size", "{{reply}}")]
    assert extract_brief("set fav_color to whatever they reply").property_updates[0].value == "{{reply}}"
    # no literal value and no reply: nothing is invented
    assert extract_brief("set loyalty_tier to the usual").property_updates == []


def test_escalated_reminder_discount() -> None:
    brief = extract_brief("10% off for lapsed buyers; if no reply in 12h, raise it to 25%")
    assert [(d.kind, d.value) for d in brief.discounts] == [("percentage", "10"), ("percentage", "25")]
    assert extract_brief("Raise the price to $20 next week").discounts == []


@settings(max_examples=30, deadline=None)
@given(
    upper=st.booleans(),
    bullets=st.booleans(),
    stop=st.sampled_from(["", ".", "!"]),
)
def test_hours_days_split_survive_paraphrase(upper: bool, bullets: bool, stop: str) -> None:
    parts = ["Flash sale 20% off", "only send 10 to 6 Central, Mon-Fri", "A/B 70/30 split"]
    text = "\n".join(f"- {p}{stop}" for p in parts) if bullets else ". ".join(parts) + stop
    text = text.upper() if upper else text
    base = extract_brief(". ".join(parts))
    brief = extract_brief(text)
    assert [(h.start, h.end, h.timezone, h.days) for h in brief.send_hours] == [
        (h.start, h.end, h.timezone, h.days) for h in base.send_hours
    ]
    assert brief.experiment is not None and base.experiment is not None
    assert brief.experiment.split == base.experiment.split == [70, 30]


def test_outside_that_ends() -> None:
    from flowgen_core.brief.timing import outside_hours_end_pattern

    assert outside_hours_end_pattern().search("send 9am-5pm; anything outside that just ends")
    assert not outside_hours_end_pattern().search("send 9am-5pm outside the store")


def test_days_only_window_keeps_to_quiet_hours() -> None:
    from flowgen_core.brief.model import SendHours
    from flowgen_core.planners.offline.timing import daily_window

    window = daily_window(SendHours(start="00:00", end="23:59", days=["sat", "sun"]))
    assert (window.start, window.end, window.days) == ("08:00:00", "21:00:00", ["sat", "sun"])
    timed = daily_window(SendHours(start="10:00", end="18:00", days=["mon", "tue", "wed", "thu", "fri"]))
    assert timed.label == "Mon-Fri 10:00 AM - 6:00 PM"


def test_update_to_the_thing_they_chose() -> None:
    text = "Reply RED or BLUE. Tag whoever replies with property fav_colour = the colour they chose"
    assert [(u.name, u.value) for u in extract_brief(text).property_updates] == [("fav_colour", "{{reply}}")]
