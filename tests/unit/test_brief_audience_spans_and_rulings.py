"""Audience readings: "property X is Y", a time span without "in the", other verbs for events in
Spanish, French and German, compound number words, and audiences named only to be ruled out as
filters ("no VIP targeting"); sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.glossary import to_english_cues

TODAY = date(2026, 3, 2)


def _props(text: str, language: str | None = None) -> set[tuple[str | None, str | None]]:
    facts = extract_brief(text, today=TODAY, language=language)
    return {(c.property_name, c.property_value) for c in facts.audience if c.kind == "property"}


def _events(text: str, language: str | None = None) -> set[tuple[str | None, str, int | None]]:
    facts = extract_brief(text, today=TODAY, language=language)
    return {(c.action, c.operator, c.days) for c in facts.audience if c.kind == "event"}


# 1. property conditions written with "is"
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Let members whose property plan is yearly know about the renewal perk.", "en", ("plan", "yearly")),
        ("Text buyers with property region is west about the new warehouse.", "en", ("region", "west")),
        ("Escribe a los clientes cuya propiedad nivel es plata con la oferta.", "es", ("nivel", "plata")),
        ("Écrivez aux clients dont la propriété ville est lyon pour l'ouverture.", "fr", ("ville", "lyon")),
        (
            "Schreib allen Kunden, deren Eigenschaft stadt ist berlin, zur Eröffnung.",
            "de",
            ("stadt", "berlin"),
        ),
    ],
)
def test_property_is_value_is_a_segment_condition(
    text: str, language: str, expected: tuple[str, str]
) -> None:
    assert expected in _props(text, language)


def test_bracketed_property_in_a_long_sentence_with_dates_and_times() -> None:
    text = (
        "The autumn event runs October 2 to October 6, texts go out at 11am and 7pm to "
        "subscribers (property store = downtown) with 15% off."
    )
    assert ("store", "downtown") in _props(text, "en")


# 2. a span without "in the", typed in a hurry
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thank people who clicked a link last 9 days with free shipping.", ("clicked_link", "has", 9)),
        ("Nudge anyone who viewed the linen shirt last 3 days, reply BUY.", ("viewed_product", "has", 3)),
        ("folks who clikd a link last wk get 5% off", ("clicked_link", "has", 7)),
        ("users that cliked a link past 2 months get early access", ("clicked_link", "has", 60)),
    ],
)
def test_span_without_preposition(text: str, expected: tuple[str, str, int]) -> None:
    assert expected in _events(text, "en")


def test_last_day_alone_is_no_span() -> None:
    assert ("placed_order", "has", None) in _events("People who ordered, last day to save is Monday.", "en")


# 3. other verbs for events
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Avisa a quienes abrieron el enlace en los últimos 8 días.", "es", ("clicked_link", "has", 8)),
        (
            "Oferta para clientes que no han hecho un pedido en 50 días.",
            "es",
            ("placed_order", "has_not", 50),
        ),
        (
            "Bienvenue aux membres inscrits aux SMS depuis moins de 6 jours.",
            "fr",
            ("opted_into_sms", "has", 6),
        ),
        ("Grüße an alle, die SMS abonniert ham in letzten 2 Tagen.", "de", ("opted_into_sms", "has", 2)),
        ("Danke an alle, die in den letzten 12 Tagen bestellt haben.", "de", ("placed_order", "has", 12)),
    ],
)
def test_event_verbs_in_other_languages(text: str, language: str, expected: tuple[str, str, int]) -> None:
    assert expected in _events(text, language)


# 4. compound number words
@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        ("treinta y cuatro días", "es", "34 days"),
        ("ciento veinte días", "es", "120 days"),
        ("trescientos días", "es", "300 days"),
        ("soixante-dix-huit jours", "fr", "78 days"),
        ("quatre-vingt-cinq jours", "fr", "85 days"),
        ("trente et un jours", "fr", "31 days"),
        ("deux cent dix jours", "fr", "210 days"),
        ("hundertfünfzig Tage", "de", "150 days"),
        ("dreihundertsechzig Tage", "de", "360 days"),
        ("dreiundsechzig Tage", "de", "63 days"),
    ],
)
def test_compound_number_words(words: str, language: str, expected: str) -> None:
    assert expected in to_english_cues(words, language)


@pytest.mark.parametrize(
    ("words", "language"), [("dos tres", "es"), ("ein Produkt", "de"), ("vingt dix", "fr")]
)
def test_parts_that_make_no_one_number_stay_apart(words: str, language: str) -> None:
    assert not any(n in to_english_cues(words, language) for n in ("5", "30", "1 "))


def test_compound_span_reaches_the_condition() -> None:
    assert ("placed_order", "has_not", 130) in _events(
        "Hol Kunden zurück, die in den letzten hundertdreißig Tagen nicht bestellt haben.", "de"
    )


# 5. audiences ruled out as filters
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Spring drop for the entire list, no VIP segmenting, 10% off.", "en"),
        ("Announce the sale to all; we don't filter on VIP tier or order history.", "en"),
        ("Rebajas para todos los suscriptores, sin segmentar por VIP, 10% de descuento.", "es"),
        ("Soldes pour tous les abonnés, sans ciblage VIP, 10% de remise.", "fr"),
        ("Sale für alle Abonnenten, keine VIP-Segmente, 10% Rabatt.", "de"),
    ],
)
def test_ruled_out_vip_gives_no_vip_condition(text: str, language: str) -> None:
    facts = extract_brief(text, today=TODAY, language=language)
    assert not any(c.property_name == "customer_type" for c in facts.audience)
    assert facts.playbook != "vip_reorder"


def test_ruled_out_past_orders_give_no_order_condition() -> None:
    facts = extract_brief(
        "New menu for everyone, don't segment by VIP or by who ordered before.", today=TODAY
    )
    assert not any(c.action == "placed_order" for c in facts.audience)


def test_a_vip_audience_still_is_one() -> None:
    facts = extract_brief("VIP early access to the fall line, no code needed.", today=TODAY)
    assert any(c.property_value == "vip" for c in facts.audience)


def test_do_not_target_people_is_no_ruling_out() -> None:
    # "don't target anyone who ..." names whom to leave out: a condition, not a ruled-out filter
    facts = extract_brief("Don't target anyone who ordered in the last 5 days.", today=TODAY)
    assert any(c.action == "placed_order" for c in facts.audience)
