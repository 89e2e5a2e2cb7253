"""Short non-English briefs keep their language; reply keywords in any case and verb-last shapes."""

from __future__ import annotations

import pytest

from flowgen_core.brief.context import normalise_text
from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.intent import not_a_brief_reason
from flowgen_core.brief.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Herbst Sale 25% Rabatt, jetzt im Shop bestellen", "de"),
        ("VIP Code HERBST25: 25% Rabatt auf alles", "de"),
        ("Rebajas VIP 30% en la tienda online, pedir ahora", "es"),
        ("Code OTOÑO para 15% de descuento en la tienda", "es"),
        ("Soldes VIP: 20% de remise sur la boutique", "fr"),
        ("Code PRINTEMPS, livraison gratuite sur tout", "fr"),
        ("VIP sale: 20% off the whole shop, use code FALL20", "en"),
        ("Oktoberfest Bratwurst special for our customers, 10% off", "en"),
        ("Fiesta weekend: tacos and margaritas for VIP guests", "en"),
        ("Black Friday: alles 40% günstiger im Online Shop", "de"),
        ("Newsletter Leser: 10% auf alles, per STOP abmelden", "de"),
        ("Sale de verano 20% con code VERANO", "es"),
        ("oferta flash, con SI para pedir ya", "es"),
        ("Sale sur le shop jusqu'à 50%", "fr"),
        ("livraison gratuite pour tous, répondez OUI", "fr"),
        ("Weekend brunch menu: croissant, quiche and crème brûlée", "en"),
        ("Send a Rabatt code to our Kunden in Munich", "en"),
        ("Paella night at the tapas bar, 2 for 1", "en"),
    ],
)
def test_short_brief_language(text: str, lang: str) -> None:
    assert detect_language(normalise_text(text)) == lang


@pytest.mark.parametrize(
    ("text", "keyword", "lang"),
    [
        ("Winterschlussverkauf 30% Rabatt, einfach mit JA kaufen", "ja", "de"),
        ("Neue Woche, neue Angebote: per STOP jederzeit abmelden", "stop", "de"),
        ("Nuevos productos en la tienda, con INFO para saber más", "info", "es"),
        ("Nouvelle collection 15% de remise, avec OUI pour réserver", "oui", "fr"),
        ("New arrivals are in. YES to reserve yours", "yes", "en"),
    ],
)
def test_verb_last_keyword(text: str, keyword: str, lang: str) -> None:
    brief = extract_brief(text)
    assert brief.source_language == lang
    assert keyword in brief.reply_keywords


@pytest.mark.parametrize(
    ("text", "keyword", "where"),
    [
        ("Cart reminder: reply yes for your saved cart", "yes", "latest_cart"),
        ("Best sellers this week, respond 'top' for the most popular picks", "top", "popular"),
        ("Schreib uns: antworte ja für die Bestätigung deines Termins", "ja", "confirmation"),
        ("Recordatorio de cita: responde sí para la confirmación", "sí", "confirmation"),
        ("Rappel de rendez-vous : répondez oui pour la confirmation", "oui", "confirmation"),
    ],
)
def test_lower_case_keyword_destination(text: str, keyword: str, where: str) -> None:
    brief = extract_brief(text)
    assert keyword in brief.reply_keywords
    assert brief.reply_destinations.get(keyword) == where


@pytest.mark.parametrize(
    "text",
    [
        "Send a thank-you text and reply to this message if they ask anything",
        "Our team will answer their questions within a day",
        "Respond with a friendly note to customers who wrote in",
    ],
)
def test_ordinary_words_are_no_keywords(text: str) -> None:
    assert extract_brief(text).reply_keywords == []


@pytest.mark.parametrize(
    "text",
    [
        "Frühjahrskollektion ist da, mit INFO mehr lesen",
        "Nueva temporada en tienda, con INFO para ver más",
        "Nouvelle saison en boutique, avec INFO pour voir plus",
    ],
)
def test_verb_last_keyword_is_campaign_intent(text: str) -> None:
    assert not_a_brief_reason(text) is None
