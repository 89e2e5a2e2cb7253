"""An unquoted word a brief says a message must contain ('the word cheese has to be in there',
'le mot retouches doit apparaître', '(say sticker)') reaches that message verbatim."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator


def _texts(text: str) -> list[str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return [str(s["text"]) for s in flow["steps"] if s.get("text")]


_BRIEFS = [
    ("Autumn promo for all customers, 10% off. The word pumpkin needs to be in there.", "pumpkin", False),
    ("Theatre night for all subscribers. Mention the word encore.", "encore", False),
    ("Farm box for all customers. Please use the word orchard.", "orchard", False),
    ("Kids camp for all customers, 10% off. The first text should say August.", "August", False),
    ("Bike sale for all customers, 15% off (say helmet).", "helmet", False),
    ("Fanshop-Aktion für alle Kunden. Das Wort Schal muss drinstehen.", "Schal", False),
    ("Promo pour tous les clients. Le mot ourlet doit apparaître.", "ourlet", False),
    ("Promo para todos los clientes. Tiene que aparecer la palabra tapas.", "tapas", False),
    (
        "Weekend sale for all customers, 10% off. If no reply in a day, send a reminder that uses "
        "the word sunshine.",
        "sunshine",
        True,
    ),
]


@pytest.mark.parametrize(("brief", "words", "follow_up"), _BRIEFS)
def test_an_unquoted_must_say_is_read_for_its_message(brief: str, words: str, follow_up: bool) -> None:
    language = extract_brief(brief).source_language
    must = read_stated_content(brief, language).must_say
    assert [(m.words, m.follow_up) for m in must] == [(words, follow_up)]


@pytest.mark.parametrize(("brief", "words", "follow_up"), _BRIEFS)
def test_the_message_carries_the_unquoted_word_verbatim(brief: str, words: str, follow_up: bool) -> None:
    texts = _texts(brief)
    where = texts[1:] if follow_up else texts[:1]
    assert any(words in t for t in where), texts


@pytest.mark.parametrize(
    "brief",
    [
        "Flash sale for all customers. Don't use the word cheap.",
        "Flash sale for all customers. The email subject line should say Friday.",
        "Candles for all customers, 10% off. Customers say the word is out.",
        "Candles for all customers, 10% off. Say we miss them.",
    ],
)
def test_negated_other_channel_and_loose_words_are_no_unquoted_must_say(brief: str) -> None:
    assert read_stated_content(brief).must_say == []


@pytest.mark.parametrize(
    "brief",
    [
        "Poster-Aktion für alle Kunden. A/B-Test mit zwei Varianten. In beiden muss das Wort Leinwand vorkommen.",
        "Spring promo for all customers. A/B test two versions of the first text; both must use the word tulip.",
    ],
)
def test_every_variant_of_an_ab_test_carries_the_word(brief: str) -> None:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(brief), brand_name="Acme").flow
    variants = [str(s["text"]) for s in flow["steps"] if str(s.get("id", "")).startswith("variant-")]
    word = "Leinwand" if "Leinwand" in brief else "tulip"
    assert len(variants) == 2 and all(word in v for v in variants), variants


def test_a_mentioned_word_is_no_topic_of_the_copy() -> None:
    texts = _texts("Theatre night for all subscribers. Mention the word encore.")
    assert not any("word encore" in t for t in texts), texts


def test_a_first_text_squeezed_into_one_sms_keeps_its_sender_opt_out_and_must_say_words() -> None:
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    brief = (
        "dry cleaner. send to ppl w/ property zone = uptown. say same day service this week. "
        "reply BOOK -> ask them AM or PM (they reply AM or PM) and save it as slot. keep it to 1 sms"
    )
    result = generate_flow(brief, settings=Settings(flowgen_generator="offline"))
    first = next(s for s in result.flow["steps"] if s["type"] == "message")
    assert first["messageText"].startswith("{{brand_name}}:")
    assert "same day service this week" in first["messageText"]
    assert "STOP" in first["messageText"]
    assert result.report.errors == []
