"""Timing, caps, splits and replies phrasings: spaced series, compact durations, numeric date
ranges, caps over N days, n-way tests and single-letter replies (numbers as words, dashes and
word order varied within each family)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief

TODAY = date(2026, 12, 1)


def _waits(text: str) -> list[tuple[int, str]]:
    return [(d.value, d.unit) for d in extract_brief(text, today=TODAY).waits]


@pytest.mark.parametrize(
    ("text", "waits", "reminders"),
    [
        ("Send 3 texts a week apart.", [(7, "days")] * 2, 2),
        ("three messages, two days apart", [(2, "days")] * 2, 2),
        ("Send two reminders, 3 days apart.", [(3, "days")] * 2, 2),
        ("2 follow-ups 48 hours apart", [(48, "hours")] * 2, 2),
        ("Text them every other day for a week.", [(2, "days")] * 3, 3),
        ("every day for 3 days", [(1, "days")] * 2, 2),
    ],
)
def test_spaced_series_give_one_wait_per_gap(text: str, waits: list, reminders: int) -> None:
    brief = extract_brief(text, today=TODAY)
    assert [(d.value, d.unit) for d in brief.waits] == waits
    assert brief.reminders == reminders


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("Follow up 48h later.", (48, "hours")),
        ("Remind them after 2 hrs.", (2, "hours")),
        ("Remind them a fortnight later.", (14, "days")),
        ("Check in 36 hours.", (36, "hours")),
        ("follow up in thirty-six hours", (36, "hours")),
        ("Send a reminder next day.", (1, "days")),
        ("Remind them the day after.", (1, "days")),
        ("Nudge them the following day.", (1, "days")),
    ],
)
def test_compact_durations(text: str, wait: tuple[int, str]) -> None:
    assert _waits(text) == [wait]


def test_the_day_after_a_holiday_is_no_wait() -> None:
    assert _waits("Send the day after Christmas.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Run it 12/26 – 1/2.",
        "Sale runs 12/26 to 1/2",
        "Dec 26 to Jan 2",
        "Dec 26 – Jan 2",
        "12/26/2026 - 1/2/2027",
    ],
)
def test_date_ranges_become_a_dated_window(text: str) -> None:
    windows = extract_brief(text, today=TODAY).send_windows
    assert [(w.start, w.end) for w in windows] == [("2026-12-26T00:00:00", "2027-01-02T23:59:59")]


@pytest.mark.parametrize("text", ["a 50/50 split", "1/2 off everything", "rate us 1/5"])
def test_fractions_and_splits_are_no_dates(text: str) -> None:
    assert extract_brief(text, today=TODAY).send_windows == []


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("Text at most 4 times in 28 days.", (4, 28, "Days")),
        ("no more than four texts within 28 days", (4, 28, "Days")),
        ("No more than twice a week.", (2, 7, "Days")),
        ("Max 1 text per day.", (1, 1, "Days")),
        ("max one sms every day", (1, 1, "Days")),
    ],
)
def test_frequency_caps(text: str, cap: tuple[int, int, str]) -> None:
    caps = extract_brief(text, today=TODAY).frequency_caps
    assert [(c.occurrences, c.timespan, c.period) for c in caps] == [cap]


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Run a four-way test of the copy.", 4),
        ("3-way split on the headline", 3),
        ("three way test", 3),
        ("A/B/C test the opener", 3),
        ("A/B test the opener", 2),
    ],
)
def test_n_way_tests(text: str, groups: int) -> None:
    experiment = extract_brief(text, today=TODAY).experiment
    assert experiment is not None
    assert experiment.groups == groups
    assert sum(experiment.split) == 100


def test_a_three_way_tie_is_no_test() -> None:
    assert extract_brief("our three way valve is back in stock", today=TODAY).experiment is None


@pytest.mark.parametrize(
    ("text", "meanings"),
    [
        ("Reply A for sizes, B for colors.", {"a": "sizes", "b": "colors"}),
        ("Reply A for sizes or B for colors", {"a": "sizes", "b": "colors"}),
        ("reply A = restock, B = skip", {"a": "restock", "b": "skip"}),
        ("Text Y to confirm.", {"y": "confirm"}),
    ],
)
def test_single_letter_replies_keep_their_meanings(text: str, meanings: dict[str, str]) -> None:
    brief = extract_brief(text, today=TODAY)
    assert brief.reply_keywords == list(meanings)
    assert brief.reply_meanings == meanings


def test_a_lone_article_is_no_keyword() -> None:
    assert extract_brief("Text a friend to share the deal", today=TODAY).reply_keywords == []
