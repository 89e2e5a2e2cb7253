"""Briefs dictated by voice: no punctuation, lower case, fillers. A keyword in lower case is read
when the reply verb frames it, in every language, and a must-say word ends at a joining word;
common words after "reply", and "reply" as a noun, name no keyword."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.stated import read_stated_content


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        (
            "ok so um text everyone who bought a lantern last month give them fifteen percent off with "
            "the code foghorn15 all one word and ask them to reply yes if they want us to put a four pack aside",
            "yes",
        ),
        (
            "ok so remind the plant people that bulbs are in um ask them to reply bulb to get one "
            "and if they reply bulb send the purchase offer",
            "bulb",
        ),
        ("um so tell the regulars the patio is open and they can reply table to book one", "table"),
        ("ok text the gym list that classes restart and ask them to reply spin for the timetable", "spin"),
        ("so the sauna is back and if they reply towel set the property towel_offer to claimed", "towel"),
        (
            "diles que hay un veinte por ciento de descuento en las telas y que respondan ver "
            "para ver las telas de lino",
            "ver",
        ),
        ("que respondan mesa para reservar y um les mandamos el enlace", "mesa"),
        ("dites leur de répondre stock pour recevoir le lien et ok on envoie vendredi", "stock"),
        ("dis leur qu'ils peuvent répondre essai pour réserver une place", "essai"),
        (
            "also schreib den kunden dass der kurs wieder da ist und sie sollen mit buchen antworten "
            "dann schicken wir den link",
            "buchen",
        ),
        ("die kunden sollen mit termin antworten um einen platz zu sichern", "termin"),
    ],
)
def test_a_framed_lower_case_keyword_is_read(brief: str, keyword: str) -> None:
    assert keyword in extract_brief(brief).reply_keywords


def test_a_framed_keyword_keeps_its_purpose() -> None:
    brief = extract_brief("ok so ask them to reply bulb to get one and we ship it friday")
    assert brief.reply_meanings.get("bulb") == "get one"


@pytest.mark.parametrize(
    "brief",
    [
        "the reply rate was great last time so send the same spring offer to everyone",
        "the answer rate was low so send a reminder to everyone",
        "text them back later with the tracking link",
        "ask them to reply to this if they have questions about the order",
        "ask them to reply with their size so we can hold one",
        "reply here if you want more info about the sale",
        "customers can reply anytime for help with sizing",
        "sie sollen mit einer antwort rechnen und wir melden uns",
        "que respondan pronto para reservar",
    ],
)
def test_common_words_after_a_reply_verb_are_no_keyword(brief: str) -> None:
    keywords = extract_brief(brief).reply_keywords
    assert not [k for k in keywords if k not in {"info", "help"}], keywords


@pytest.mark.parametrize(
    ("brief", "lang", "words"),
    [
        (
            "tell them the sessions are back sorry voice typing the word is aufguss the text has to "
            "say Aufguss and if they reply towel set the property towel_offer to claimed",
            "en",
            "Aufguss",
        ),
        ("ok so the message must say open late and then remind them on friday", "en", "open late"),
        ("diles que hay rebajas que diga rebajas y que respondan ver para ver", "es", "rebajas"),
    ],
)
def test_a_must_say_word_ends_at_a_joining_word(brief: str, lang: str, words: str) -> None:
    assert [m.words for m in read_stated_content(brief, lang).must_say] == [words]


def test_the_word_is_names_no_word() -> None:
    stated = read_stated_content("um the word is tricky here so the text should be short", "en")
    assert not [m.words for m in stated.must_say if m.words in {"is", "tricky"}]


def test_a_no_reply_timeout_is_no_keyword() -> None:
    # "no-reply" is a noun: the word after it is no keyword, as after "the reply"
    brief = extract_brief("Change the no-reply timeout to 6 hours.")
    assert "timeout" not in [k.lower() for k in brief.reply_keywords]
