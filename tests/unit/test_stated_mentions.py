"""What a brief says a message is about or must mention ("mention the sunrise session", "talk
about the dessert menu", "it's our anniversary", "ask them to refer a friend", "hablar del nuevo
menú", "eine SMS über unsere Dessertkarte") appears in that message, in the brief's words."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from tests.offline_flows import first_send_text

_first_text = first_send_text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Text our yoga members who haven't booked in 30 days. Tell them we miss them on the mat and "
            "mention the sunrise session on Saturday.",
            ["miss you on the mat", "sunrise session on Saturday"],
        ),
        ("Send diners a text about the new dessert menu, reply YES to book a table.", ["new dessert menu"]),
        ("Text our regulars and talk about the dessert menu. Reply YES to book.", ["dessert menu"]),
        (
            "Promo for our spa clients: it's our anniversary! 20% off all treatments this week.",
            ["our anniversary"],
        ),
        ("Text customers who bought last month and ask them to refer a friend.", ["refer a friend"]),
        (
            "Reminder for piano students who skipped practice: remind them practice makes perfect. Reply BOOK.",
            ["practice makes perfect"],
        ),
        (
            "Celebrate the first snow of the season with 15% off winter boots for past buyers.",
            ["first snow of the season"],
        ),
        (
            "Text everyone on the list to highlight the free gift wrapping this weekend.",
            ["free gift wrapping"],
        ),
        ("Announce our new loyalty program to past buyers, reply JOIN to sign up.", ["new loyalty program"]),
        (
            "Envía un SMS a los clientes para anunciar el nuevo menú de postres. Responde SI para reservar.",
            ["nuevo menu de postres"],
        ),
        (
            "Envía un SMS a los clientes y habla del nuevo menú de postres. Responde SI para reservar.",
            ["el nuevo menu de postres"],
        ),
        (
            "Envoyez un SMS à nos clients pour parler de notre nouvelle carte des desserts. Répondez OUI pour réserver.",
            ["notre nouvelle carte des desserts"],
        ),
        (
            "Envoyez un SMS à nos membres et mentionnez la séance du lever du soleil samedi. Répondez OUI.",
            ["la séance du lever du soleil samedi"],
        ),
        (
            "Schick allen Kunden eine SMS über unsere neue Dessertkarte. Antworte JA zum Reservieren.",
            ["unsere neue Dessertkarte"],
        ),
        (
            "Schick unseren Yoga-Mitgliedern eine SMS und erwähne die Sonnenaufgangs-Session am Samstag. Antworte JA.",
            ["Sonnenaufgangs-Session am Samstag"],
        ),
    ],
)
def test_the_stated_words_are_in_the_first_message(text: str, words: list[str]) -> None:
    first = _first_text(text)
    for word in words:
        assert word.lower() in first.lower(), first
    assert "STOP" in first


@pytest.mark.parametrize(
    "text",
    [
        "Anyone who hasn't clicked in 90 days gets one last message asking them to reply STAY.",
        "folks who haven't engaged get a last chance text. Reply KEEP, otherwise mark sms_status = inactive",
        "Text VIPs and let them know about the sale.",
        "Text members and mention the link.",
        "Dormant customers: send $15 off with code COMEBACK15, remind them a week later.",
        "Birthday club gets $5 off. If they don't answer, remind them 2 days later.",
        "Remind them again tomorrow.",
    ],
)
def test_instructions_and_kinds_of_step_are_no_mention(text: str) -> None:
    stated = extract_brief(text).stated
    assert stated is not None
    assert not [m for m in stated.messages if m.how == "mention" or m.how == "told"]


def test_a_mention_keeps_its_source_words() -> None:
    text = "Send diners a text about the new dessert menu, reply YES to book a table."
    stated = extract_brief(text).stated
    assert stated is not None
    (message,) = [m for m in stated.messages if m.how == "mention"]
    assert text[message.start : message.end] == message.words
    assert message.content == "the new dessert menu"


def test_text_our_members_is_an_audience_not_what_the_send_is_about() -> None:
    stated = extract_brief("Text our yoga members who haven't booked in 30 days.").stated
    assert stated is not None and stated.messages == []
