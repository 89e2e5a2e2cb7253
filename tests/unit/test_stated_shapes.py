"""Shapes a brief states a message's content in that the first message must carry: a label line
("Message: ...", "Mensaje: ...", "Nachricht: ..."), "tell them that ..." in each language, "text
<group> that ...", an invitation to an event, an announcement in the brand's voice with a place
and time, and the brief's own words for what a reply does."""

from __future__ import annotations

import pytest

from flowgen_core.brief.stated import read_stated_content
from flowgen_core.planners.offline.copywriting import segments
from flowgen_core.planners.offline.stated_copy import reply_action
from tests.offline_flows import first_send_text

_first_text = first_send_text


@pytest.mark.parametrize(
    ("text", "language", "content"),
    [
        (
            "Spring push for all subscribers.\n- Message: the greenhouse opens its doors on Sunday",
            "en",
            "the greenhouse opens its doors on Sunday",
        ),
        (
            "Audience: past buyers\nKey message: our tea bar now serves oat milk\nTiming: Friday",
            "en",
            "our tea bar now serves oat milk",
        ),
        (
            "**Audience:** locals\n**Copy:** the ferry timetable changes next week",
            "en",
            "the ferry timetable changes next week",
        ),
        (
            "Clientes de este año.\n- Mensaje: la terraza abre de nuevo el sábado",
            "es",
            "la terraza abre de nuevo el sábado",
        ),
        (
            "Clients fidèles.\nMessage : notre atelier déménage rue Victor Hugo",
            "fr",
            "notre atelier déménage rue Victor Hugo",
        ),
        (
            "Alle Abonnenten.\nNachricht: die Kletterhalle hat länger geöffnet",
            "de",
            "die Kletterhalle hat länger geöffnet",
        ),
        (
            "Alle Abonnenten.\nText: das Sommerfest findet am Hafen statt",
            "de",
            "das Sommerfest findet am Hafen statt",
        ),
    ],
)
def test_a_label_line_states_the_message(text: str, language: str, content: str) -> None:
    stated = read_stated_content(text, language)
    assert [m.content for m in stated.messages] == [content]


@pytest.mark.parametrize(
    "text",
    [
        "Spring push.\n- Copy: keep it short and friendly",
        "Spring push.\n- Message: TBD",
        "Spring push.\n- Message: {{first_name}} = name",
        "Spring push.\n- Message: Friday 9am",
        "Spring push.\n- SMS: 1 segment max",
        "Spring push.\n- Message: reply YES to confirm",
        "Campaña.\n- Mensaje: viernes a las 9",
        "Kampagne.\n- Nachricht: Freitag 9 Uhr",
    ],
)
def test_a_label_that_notes_how_to_write_is_no_content(text: str) -> None:
    language = "es" if "Mensaje" in text else "de" if "Nachricht" in text else "en"
    assert read_stated_content(text, language).messages == []


def test_a_quoted_copy_after_a_label_is_the_quote_s() -> None:
    text = 'Copy: "Acme: Hi {{first_name}}, the ferry leaves at 9 tonight. Reply STOP to opt out."'
    assert read_stated_content(text).messages == []


@pytest.mark.parametrize(
    ("text", "language", "content"),
    [
        ("Text repair customers and tell em their laptop is fixed.", "en", "your laptop is fixed"),
        ("Text subscribers and remind them their box ships on Friday.", "en", "your box ships on Friday"),
        (
            "Message for members. Say that the sauna is closed until Monday.",
            "en",
            "the sauna is closed until Monday",
        ),
        (
            "Mensaje a clientes: diles que su bicicleta ya está reparada.",
            "es",
            "su bicicleta ya está reparada",
        ),
        ("SMS aux clients : dis-leur que leur vélo est réparé.", "fr", "votre vélo est réparé"),
        ("SMS an Kunden: sag ihnen, dass ihre Brille abholbereit ist.", "de", "Ihre Brille abholbereit ist"),
        ("Text past buyers that we now fix bikes on Sundays.", "en", "we now fix bikes on Sundays"),
    ],
)
def test_told_content_in_each_language(text: str, language: str, content: str) -> None:
    assert [m.content for m in read_stated_content(text, language).messages] == [content]


def test_text_a_group_that_did_something_is_an_audience() -> None:
    assert read_stated_content("Text customers that bought a bike last year.").messages == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Text repair customers and tell em their laptop is fixed.", ["your laptop is fixed"]),
        (
            "Text past buyers that we now fix bikes on Sundays. Reply FIX to book.",
            ["we now fix bikes on Sundays"],
        ),
        (
            "Invite patients over 65 to a free eye screening next Tuesday.",
            ["invited to a free eye screening"],
        ),
        (
            "Coffee cart news for subscribers: we're parked at Harbour Square tomorrow 8:00-11:00.",
            ["Harbour Square", "8:00-11:00"],
        ),
        ("Realtor list, send Friday: open house at 4 Birch Lane, Sunday 12:00-14:00.", ["4 Birch Lane"]),
        (
            "Spring push for all subscribers.\n- Message: the greenhouse opens its doors on Sunday",
            ["greenhouse opens its doors on Sunday"],
        ),
        (
            "Clientes de este año.\n- Mensaje: la terraza abre de nuevo el sabado",
            ["la terraza abre de nuevo"],
        ),
    ],
)
def test_the_stated_content_leads_the_first_message(text: str, words: list[str]) -> None:
    first = _first_text(text)
    for word in words:
        assert word.lower() in first.lower(), first
    assert "News from us" not in first and "picked just for you" not in first
    assert "STOP" in first


def test_an_invitation_is_not_worded_as_a_request() -> None:
    assert "Please a" not in _first_text("Invite members to a tasting evening on Friday.")


@pytest.mark.parametrize(
    ("text", "cta"),
    [
        (
            "Lunch regulars: the chef's soup is back. Reply MENU to get today's specials.",
            "MENU to get today's specials",
        ),
        (
            "Winter coats restock for past buyers. Reply COATS to see the new colours.",
            "COATS to see the new colours",
        ),
        ("Text past buyers that we now fix bikes on Sundays. Reply FIX to book.", "FIX to book"),
    ],
)
def test_a_reply_does_what_the_brief_says_it_does(text: str, cta: str) -> None:
    first = _first_text(text)
    assert cta in first, first
    assert "see our picks" not in first


def test_the_call_to_action_keeps_the_segment_budget() -> None:
    text = (
        "Lunch regulars, keep it to one SMS: the chef's soup of the day is back with fresh bread from the "
        "bakery next door. Reply MENU to get today's specials."
    )
    first = _first_text(text)
    assert segments(first) <= 1 and "STOP" in first and "Acme" in first


@pytest.mark.parametrize(
    ("meaning", "action"),
    [
        ("get today's menu", "get today's menu"),
        ("book", "book"),
        ("Downtown", None),
        ("get 20% off", None),
        ("see every single one of our new arrivals today", None),
    ],
)
def test_reply_action(meaning: str, action: str | None) -> None:
    assert reply_action(meaning) == action
