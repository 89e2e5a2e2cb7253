"""A short quoted word or phrase a brief says a message must contain reaches that message verbatim."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator
from flowgen_core.planners.offline.copywriting import segments


def _texts(text: str) -> list[str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return [str(s["text"]) for s in flow["steps"] if s.get("text")]


@pytest.mark.parametrize(
    ("brief", "words", "follow_up"),
    [
        ('Text VIPs about the fall scarves and say "pattern" in the text.', "pattern", False),
        (
            'Spa reopening for all customers. The copy must say "by appointment only".',
            "by appointment only",
            False,
        ),
        (
            "Weekend sale for all customers, 10% off. If no reply in a day, send a second text that "
            'mentions the "storm".',
            "storm",
            True,
        ),
        (
            'Promo de verano para todos los clientes. El texto tiene que decir "colección".',
            "colección",
            False,
        ),
        ("Soldes de printemps pour tous les clients. Le texte doit contenir « prêtes ».", "prêtes", False),
        ("Sommeraktion für alle Kunden. Die SMS muss „Grillzeit“ enthalten.", "Grillzeit", False),
        (
            "Announce the new e-bike to all customers. Put that price in the text exactly as $4,999.",
            "$4,999",
            False,
        ),
        ('Sale for all customers. Use the phrase "while supplies last".', "while supplies last", False),
        ('Sale for all customers. Make sure the reminder mentions "free parking".', "free parking", True),
    ],
)
def test_a_quoted_must_say_is_read_for_its_message(brief: str, words: str, follow_up: bool) -> None:
    language = extract_brief(brief).source_language
    must = read_stated_content(brief, language).must_say
    assert [(m.words, m.follow_up) for m in must] == [(words, follow_up)]


@pytest.mark.parametrize(
    ("brief", "words", "follow_up"),
    [
        ('Text VIPs about the fall scarves and say "pattern" in the text.', "pattern", False),
        (
            'Spa reopening for all customers. The copy must say "by appointment only".',
            "by appointment only",
            False,
        ),
        (
            "Weekend sale for all customers, 10% off. If they don't reply in 2 days, send a second text "
            'that says "limited batch".',
            "limited batch",
            True,
        ),
        (
            "Weekend sale for all customers, 10% off. If no reply in a day, send a second text that "
            'mentions the "storm".',
            "storm",
            True,
        ),
        (
            'Promo de verano para todos los clientes. El texto tiene que decir "colección".',
            "colección",
            False,
        ),
        ("Soldes de printemps pour tous les clients. Le texte doit contenir « prêtes ».", "prêtes", False),
        ("Sommeraktion für alle Kunden. Die SMS muss „Grillzeit“ enthalten.", "Grillzeit", False),
        (
            "Announce the new e-bike to all customers. Put that price in the text exactly as $4,999.",
            "$4,999",
            False,
        ),
    ],
)
def test_the_message_carries_the_quoted_words_verbatim(brief: str, words: str, follow_up: bool) -> None:
    texts = _texts(brief)
    where = texts[1:] if follow_up else texts[:1]
    assert any(words in t for t in where), texts


@pytest.mark.parametrize(
    "brief",
    [
        'Flash sale for all customers, 20% off. Reply "YES" to claim.',
        'Flash sale for all customers. The email subject line must say "last call".',
        'Flash sale for all customers. Don\'t say "cheap" in the text.',
        'Candles for all customers, 10% off. Customers love them and often say "wow".',
    ],
)
def test_reply_keywords_other_channels_and_negations_are_no_must_say(brief: str) -> None:
    assert read_stated_content(brief).must_say == []


@pytest.mark.parametrize(
    ("brief", "words"),
    [
        (
            "Rebajas para todos los clientes, 10% de descuento. El recordatorio tiene que decir «última llamada».",
            "última llamada",
        ),
        (
            "Sommeraktion für alle Kunden, 10 % Rabatt. Die Erinnerung muss „Grillzeit“ enthalten.",
            "Grillzeit",
        ),
        (
            'Flash sale for all customers, 15% off. The follow-up should say "doors close at 8".',
            "doors close at 8",
        ),
    ],
)
def test_a_follow_up_must_say_goes_to_a_later_send_only(brief: str, words: str) -> None:
    texts = _texts(brief)
    assert words not in texts[0]
    assert any(words in t for t in texts[1:]), texts


def test_the_words_go_in_within_the_segment_budget() -> None:
    brief = (
        "Restock alert for customers who viewed the linen shirts, 20% off with code LINEN20. "
        'Say "back in every size" in the text. Keep it to one SMS.'
    )
    parsed = extract_brief(brief)
    result = OfflineGenerator().generate(parsed, brand_name="Acme")
    first = next(str(s["text"]) for s in result.flow["steps"] if s.get("text"))
    assert "back in every size" in first
    assert segments(first) <= (parsed.max_segments or 2)
