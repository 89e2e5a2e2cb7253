"""The interpreter reads what a brief says its messages must say, with the words it came from."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief, read_stated_content, stated_of


def _contents(text: str) -> list[str]:
    return [m.content for m in read_stated_content(text).messages]


def test_numbered_spec_lines_keep_their_number() -> None:
    stated = read_stated_content(
        "Outline\n- Who: buyers from the last 10 days\n- Message 2 – the shuttle leaves at noon\n"
        "- Msg 1: your wristbands are at the front desk\n"
    )
    by_order = {m.order: m.content for m in stated.messages}
    assert by_order == {1: "your wristbands are at the front desk", 2: "the shuttle leaves at noon"}
    assert next(m.content for m in stated.main_messages()) == "your wristbands are at the front desk"


def test_inline_spec_lines_stop_at_the_next_bullet() -> None:
    stated = read_stated_content(
        "Plan - Text 1: the kiln class moved to Studio 4 - Wait: 1 day - Text 2: aprons provided"
    )
    assert [(m.order, m.content) for m in stated.messages] == [
        (1, "the kiln class moved to Studio 4"),
        (2, "aprons provided"),
    ]


def test_an_ordinal_line_counts_too() -> None:
    stated = read_stated_content("Second message: parking is free after 6")
    assert [(m.order, m.content) for m in stated.messages] == [(2, "parking is free after 6")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Members with locker = yes: let them know the sauna is closed Tuesday.",
            "the sauna is closed Tuesday",
        ),
        ("Tell customers their repair is finished, reply PICK to choose a slot.", "your repair is finished"),
        (
            "Anyone tagged bike_fit = booked gets a text saying their fitting is confirmed.",
            "your fitting is confirmed",
        ),
        ("Remind them that their library books are due Friday", "your library books are due Friday"),
        ("Tell members who rented a kayak this year that the dock opens at dawn.", "the dock opens at dawn"),
        (
            "Text patients who visited this year: the clinic has moved to Elm Street, reply MAP for directions.",
            "the clinic has moved to Elm Street",
        ),
    ],
)
def test_content_in_the_brief_s_own_words_speaks_to_the_customer(text: str, content: str) -> None:
    assert _contents(text) == [content]


def test_a_question_to_ask_becomes_the_question() -> None:
    assert _contents("For studios idle 30 days, ask whether they’d like a restock call.") == [
        "Would you like a restock call?"
    ]
    assert _contents("ask if they need new filters") == ["Do you need new filters?"]


def test_short_quotes_after_a_send_are_content() -> None:
    stated = read_stated_content(
        "If no reply in an hour, send a 'the table went to the next guest' text. Otherwise send a ‘see you next season’s tasting’ message."
    )
    assert [(m.content, m.branch) for m in stated.messages] == [
        ("the table went to the next guest", "no_reply"),
        ("see you next season’s tasting", "other_times"),
    ]


def test_what_a_send_is_about() -> None:
    stated = read_stated_content(
        "From Mar 3 to Mar 5 send the speaker list and room numbers; between Dec 30 and Jan 1 send a winter hours notice."
    )
    assert [(m.content, m.about) for m in stated.messages] == [
        ("the speaker list and room numbers", True),
        ("winter hours", True),
    ]
    assert [m.content for m in read_stated_content("send the mother's day brunch menu").messages] == [
        "the mother's day brunch menu"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Send a reminder 2 days later.",
        "Send the offer to VIPs and send a purchase offer after.",
        "Win back customers who haven't ordered in 90 days with 15% off, code BACK15.",
        "Let them know about the sale.",
        "Remind them of their cart with 10% off.",
        "If they don't reply within a day, send a second reminder.",
        "Tell them 20% off everything today.",
        "Welcome series for new SMS subscribers: thank them for joining.",
    ],
)
def test_steps_offers_and_topics_are_no_stated_content(text: str) -> None:
    assert _contents(text) == []


def test_quoted_sms_copy_is_left_to_quoted_copy() -> None:
    text = 'Msg 1: "Hi {{first_name}}, the gallery opens at 6 tonight. Reply STOP to opt out."\nMsg 2: bring a friend'
    brief = extract_brief(text)
    assert brief.quoted_copy
    assert [(m.order, m.content) for m in stated_of(brief).messages] == [(2, "bring a friend")]


def test_the_subject_and_named_variables() -> None:
    stated = read_stated_content(
        "Garden tour weekend for our 3 nurseries: sign each text from {{agent_name}} and mention {{store_city}}."
    )
    assert stated.subject == "Garden tour weekend"
    assert stated.variables == ["agent_name", "store_city"]
    assert read_stated_content("Audience: everyone who ordered").subject is None
    assert read_stated_content("Win back lapsed buyers. 15% off.").subject is None


def test_every_stated_fact_points_at_its_words() -> None:
    text = "Pottery fair: tell members the stalls open at 9. If no reply in 2 hours send a 'last call for stalls' text."
    brief = extract_brief(text)
    stated = stated_of(brief)
    assert {s.fact for s in stated.sources} == {"stated.message", "stated.subject"}
    for source in stated.sources:
        assert source.how == "stated"
        assert source.start is not None and source.end is not None
        assert brief.text[source.start : source.end] == source.words


def test_other_languages_read_spec_lines_as_written() -> None:
    stated = read_stated_content(
        "Mensaje 1: tus entradas están en la app\nMensaje 2: las puertas abren a las 7", "es"
    )
    assert [m.content for m in stated.main_messages()] == [
        "tus entradas están en la app",
        "las puertas abren a las 7",
    ]
    # "tell them that ..." in another language is read too, its content as written
    told = read_stated_content("dites-leur que la boutique ferme", "fr").messages
    assert [m.content for m in told] == ["la boutique ferme"]


def test_stated_content_is_not_dumped() -> None:
    brief = extract_brief("Tell customers their repair is finished.")
    assert brief.stated is not None and "stated" not in brief.model_dump()


def test_a_heading_keeps_what_follows_for() -> None:
    assert read_stated_content("Preview night for the Oak Street gallery: members only.").subject == (
        "Preview night for the Oak Street gallery"
    )
    assert read_stated_content("Open house at Brightside Dental. Invite patients.").subject == "Open house"
