"""Regional and colloquial Spanish, French and German phrasings give the facts their plain
equivalents give: Latin-American and Rioplatense Spanish, Québec, Belgian and Swiss French,
Austrian and Swiss German, number words, verb-last clauses, "8 Std.", "sous deux jours"."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.language import detect_language


def _events(text: str) -> list[tuple[str | None, str | None, float | None]]:
    return [(c.action, c.operator, c.days) for c in extract_brief(text).audience if c.kind == "event"]


def _properties(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "nothing ordered" is the absence of an order, never an order
        (
            "Kundinnen, die in den letzten 120 Tagen nichts bestellt haben, bekommen 10 % Rabatt.",
            ("placed_order", "has_not", 120),
        ),
        (
            "Escribid a quienes no han hecho ningún pedido en los últimos 75 días con 10% de descuento.",
            ("placed_order", "has_not", 75),
        ),
        # "never" is the absence of the event, never the event
        (
            "Un SMS con 10% de descuento a los clientes que nunca compraron.",
            ("placed_order", "has_not", None),
        ),
        ("Un SMS avec -10 % aux clients qui n'ont jamais commandé.", ("placed_order", "has_not", None)),
        (
            "Eine SMS mit 10 % Rabatt an Kunden, die noch nie bestellt haben.",
            ("placed_order", "has_not", None),
        ),
        (
            "Eine SMS mit 10 % Rabatt an Kunden, die seit 60 Tagen nichts mehr gekauft haben.",
            ("placed_order", "has_not", 60),
        ),
        (
            "Un SMS con 10% de descuento a quienes realizaron un pedido en los últimos 20 días.",
            ("placed_order", "has", 20),
        ),
        (
            "Un SMS avec -10 % à ceux qui se sont inscrits aux SMS la semaine dernière.",
            ("opted_into_sms", "has", 7),
        ),
        (
            "Eine SMS mit 10 % Rabatt an alle, die sich in der letzten Woche für SMS angemeldet haben.",
            ("opted_into_sms", "has", 7),
        ),
        ("Warenkorbabbrecher der letzten 3 Tage bekommen 10 % Rabatt.", ("added_product_to_cart", "has", 3)),
        ("Checkout-Abbrecher der letzten 48 Stunden bekommen 5 % Rabatt.", ("started_checkout", "has", 2)),
        (
            "Para los que han dejado productos en el carrito en los últimos 4 días: 10% de descuento.",
            ("added_product_to_cart", "has", 4),
        ),
        (
            "Un 10% de descuento para los que se suscribieron por SMS en la última semana.",
            ("opted_into_sms", "has", 7),
        ),
        # Québec: "magasiner" is to shop
        (
            "Écrivez à nos clients qui ont magasiné dans les 40 derniers jours avec 10 % de rabais.",
            ("placed_order", "has", 40),
        ),
        # Belgian and Swiss number words
        (
            "Un SMS à ceux qui ont commandé au cours des septante derniers jours, avec 10 % de remise.",
            ("placed_order", "has", 70),
        ),
        (
            "Un SMS à ceux qui ont commandé au cours des huitante derniers jours, avec 10 % de remise.",
            ("placed_order", "has", 80),
        ),
        (
            "Relance des paniers (checkout commencé dans les dernières 48 h) avec -10 %.",
            ("started_checkout", "has", 2),
        ),
        (
            "Alle, die in den letzten vierzehn Tagen auf einen Link geklickt haben, bekommen 10 % Rabatt.",
            ("clicked_link", "has", 14),
        ),
    ],
)
def test_regional_audience_events(text: str, expected: tuple[str, str, float | None]) -> None:
    assert expected in _events(text)
    assert len(_events(text)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mandá un SMS a los que tienen la propiedad provincia = mendoza con 12% de descuento.",
            ("provincia", "mendoza"),
        ),
        (
            "Test A/B sur le message aux membres (propriété niveau = argent) : version A chaleureuse, "
            "version B avec -10 %.",
            ("niveau", "argent"),
        ),
        ("Un SMS à celles qui ont la propriété rayon = bio avec -10 %.", ("rayon", "bio")),
    ],
)
def test_audience_properties_after_who_have(text: str, expected: tuple[str, str]) -> None:
    assert _properties(text) == [expected]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        (
            "Primer SMS con 5% de descuento. Si en tres horas no contestan, mandad un recordatorio.",
            3,
            "hours",
        ),
        ("Premier SMS avec -10 %. Si pas de réponse dans les 36 heures, une relance.", 36, "hours"),
        ("Premier SMS avec -10 %, puis si rien au bout de 5 h, une relance.", 5, "hours"),
        ("Premier SMS avec -10 %. Sans réponse sous deux jours, une relance.", 2, "days"),
        (
            "Erste SMS mit 10 % Rabatt, und wenn nach 8 Std. keine Antwort kommt, nochmal erinnern.",
            8,
            "hours",
        ),
        ("Erste SMS mit 10 % Rabatt, nach achtundvierzig Stunden ohne Antwort eine Erinnerung.", 48, "hours"),
        (
            "Un SMS con 10% de descuento a los VIP. Si a los dos días no contestan, un recordatorio.",
            2,
            "days",
        ),
        ("Un SMS con 10% de descuento a los VIP. Si pasadas 12 horas no responden, otro SMS.", 12, "hours"),
        ("Un SMS avec -10 % aux VIP. Faute de réponse sous trois jours, une relance.", 3, "days"),
        ("Un SMS avec -10 % aux VIP. En l'absence de réponse après 6 h, une relance.", 6, "hours"),
        (
            "Eine SMS mit 10 % Rabatt an VIP-Kunden. Falls nach zwei Tagen keine Antwort kommt, eine Erinnerung.",
            2,
            "days",
        ),
    ],
)
def test_no_reply_timers(text: str, value: int, unit: str) -> None:
    assert [(d.value, d.unit) for d in extract_brief(text).no_reply_after] == [(value, unit)]


@pytest.mark.parametrize(
    ("text", "occurrences", "days"),
    [
        ("10% de descuento, y que no reciban más de tres mensajes a la semana.", 3, 7),
        ("10% de descuento, como máximo 2 mensajes por semana.", 2, 7),
        ("-10 % sur tout. Pas plus d'un SMS par semaine.", 1, 7),
        ("10 % Rabatt auf alles, höchstens 2 SMS pro Woche.", 2, 7),
        ("10 % Rabatt auf alles. Limit: max. 1 SMS pro Tag.", 1, 1),
    ],
)
def test_frequency_caps(text: str, occurrences: int, days: int) -> None:
    caps = extract_brief(text).frequency_caps
    assert [(c.occurrences, c.timespan, c.period) for c in caps] == [(occurrences, days, "Days")]


@pytest.mark.parametrize(
    ("text", "discounts"),
    [
        (
            "Primer SMS con 5% de descuento y un recordatorio subiendo al 12%.",
            [("percentage", "5"), ("percentage", "12")],
        ),
        ("Schickt allen eine SMS: 15 % auf alle Schuhe.", [("percentage", "15")]),
        ("Schickt allen eine SMS: 12 % mit Code SOMMER12.", [("percentage", "12"), ("code", None)]),
        ("Kundinnen bekommen einen Gutschein über 20 Euro.", [("amount", "20")]),
        ("Envoyez 10 % avec le code HIVER10 à tous.", [("percentage", "10"), ("code", None)]),
        ("Envíales un cupón de 8 euros a los clientes VIP.", [("amount", "8")]),
        ("Offrez un bon de 10 € aux clients VIP qui ont commandé cette année.", [("amount", "10")]),
        (
            "Schickt allen VIP-Kunden, die dieses Jahr bestellt haben, gratis Versand.",
            [("free_shipping", None)],
        ),
    ],
)
def test_discounts(text: str, discounts: list[tuple[str, str | None]]) -> None:
    assert [(d.kind, d.value) for d in extract_brief(text).discounts] == discounts


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        (
            "Alle bekommen 10 % Rabatt. Wer antwortet, wird mit newsletter_fan = ja markiert.",
            "newsletter_fan",
            "ja",
        ),
        ("Alle bekommen 10 % Rabatt. Wer antwortet, wird mit treue = gold markiert.", "treue", "gold"),
        (
            "10% de descuento. A quienes respondan, marcalas con la propiedad quiere_info = si.",
            "quiere_info",
            "si",
        ),
        ("-10 % pour tous. Taguez ceux qui répondent avec la propriété fan_cafe = oui.", "fan_cafe", "oui"),
        (
            "Répondez 1 pour café, 2 pour thé. On enregistre la réponse dans la propriété boisson.",
            "boisson",
            "{{reply}}",
        ),
    ],
)
def test_property_updates(text: str, name: str, value: str) -> None:
    brief = extract_brief(text)
    assert [(u.name, u.value) for u in brief.property_updates] == [(name, value)]
    assert not [c for c in brief.audience if c.property_name == name]  # set by the flow, not a filter


@pytest.mark.parametrize(
    ("text", "start", "end", "zone"),
    [
        (
            "15% de descuento. Enviar solo de 10 a 20 hs, hora de Buenos Aires.",
            "10:00",
            "20:00",
            "America/Argentina/Buenos_Aires",
        ),
        ("-10 % pour tous. Envoyer de 9 h à 19 h, heure de Bruxelles.", "09:00", "19:00", "Europe/Brussels"),
        (
            "10% de descuento para los VIP. Enviar de 9:00 a 18:00, hora del Pacífico.",
            "09:00",
            "18:00",
            "America/Los_Angeles",
        ),
        (
            "-10 % pour les clients VIP. Envoyer entre 9 h 30 et 18 h, heure du Pacifique.",
            "09:30",
            "18:00",
            "America/Los_Angeles",
        ),
        (
            "10 % Rabatt für alle VIP-Kunden. Versand zwischen 9:00 und 18:00 Uhr, Schweizer Zeit.",
            "09:00",
            "18:00",
            "Europe/Zurich",
        ),
        (
            "10 % Rabatt für alle VIP-Kunden. Nur von 9 bis 18 Uhr versenden, MEZ.",
            "09:00",
            "18:00",
            "Europe/Berlin",
        ),
    ],
)
def test_send_hours(text: str, start: str, end: str, zone: str) -> None:
    hours = extract_brief(text).send_hours
    assert [(h.start, h.end, h.timezone) for h in hours] == [(start, end, zone)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Primer SMS con 5% de descuento. Si en tres horas no contestan, un recordatorio.", "es"),
        ("10 % Rabatt auf alles. Limit: max. 1 SMS pro Tag.", "de"),
        ("Boost VIP reorders with 10% off for the new season.", "en"),
        ("Send the VIP list a text about our new con queso dip.", "en"),
    ],
)
def test_short_briefs_are_read_in_their_own_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_reply_keyword_in_the_familiar_form() -> None:
    assert extract_brief("Nouvelle carte ! Réponds MENU pour la voir.").reply_keywords == ["menu"]


def test_a_number_word_in_capitals_stays_a_keyword() -> None:
    assert "DOS" in to_english_cues("Responde DOS para la talla mediana", "es")
    assert to_english_cues("espera dos días", "es") == "wait 2 days"


def test_a_clock_time_is_no_wait() -> None:
    brief = extract_brief("10% de descuento para los clientes VIP. Enviar a las 10 h.")
    assert brief.waits == [] and brief.no_reply_after == []


def test_nothing_in_a_reply_clause_is_an_order_window() -> None:
    # "nichts" changes the meaning only next to the verb it negates
    assert _events("Kunden, die in den letzten 30 Tagen bestellt haben, bekommen 10 % Rabatt.") == [
        ("placed_order", "has", 30)
    ]


_BRIEFS = [
    "Kundinnen, die in den letzten 120 Tagen nichts bestellt haben, bekommen 10 % Rabatt. "
    "Wenn nach 8 Std. keine Antwort kommt, nochmal erinnern. Höchstens 2 SMS pro Woche.",
    "Para los que tienen la propiedad provincia = mendoza: 12% de descuento. "
    "Si en tres horas no contestan, un recordatorio. Que no reciban más de tres mensajes a la semana.",
    "Écrivez à ceux qui ont commandé au cours des septante derniers jours avec 10 % de remise. "
    "Si pas de réponse dans les 36 heures, une relance. Pas plus d'un SMS par semaine.",
]


def _facts(text: str) -> dict[str, Any]:
    brief = extract_brief(text)
    return {
        "audience": [c.model_dump() for c in brief.audience],
        "discounts": [d.model_dump() for d in brief.discounts],
        "no_reply": [d.model_dump() for d in brief.no_reply_after],
        "caps": [c.model_dump() for c in brief.frequency_caps],
        "updates": [u.model_dump() for u in brief.property_updates],
    }


def _rewrite(text: str, bullets: bool, lower: bool, stops: bool) -> str:
    sentences = [s.strip() for s in text.split(". ") if s.strip()]
    if lower:
        sentences = [s[0].lower() + s[1:] for s in sentences]
    if not stops:
        sentences = [s.rstrip(".") for s in sentences]
    if bullets:
        return "\n".join(f"- {s}" for s in sentences)
    return ". ".join(s.rstrip(".") for s in sentences) + ("." if stops else "")


@settings(max_examples=24, deadline=None)
@given(st.sampled_from(_BRIEFS), st.booleans(), st.booleans(), st.booleans())
def test_layout_and_case_do_not_change_the_facts(text: str, bullets: bool, lower: bool, stops: bool) -> None:
    assert _facts(_rewrite(text, bullets, lower, stops)) == _facts(text)


@pytest.mark.parametrize(
    ("text", "keywords", "meaning_cue"),
    [
        (
            "Nueva colección para los clientes VIP. Responde VER para ver los más vendidos, o AYUDA para hablar con nosotros.",
            ["ver", "ayuda"],
            "talk",
        ),
        (
            "Nouvelle collection pour les clients VIP. Réponds VOIR pour nos meilleures ventes, ou AIDE pour parler à l'équipe.",
            ["voir", "aide"],
            "talk",
        ),
        (
            "Neue Kollektion für VIP-Kunden. Antworte ZEIGEN, um die Bestseller zu sehen, oder HILFE für den Support.",
            ["zeigen", "hilfe"],
            "support",
        ),
    ],
)
def test_a_help_reply_is_read_with_its_meaning(text: str, keywords: list[str], meaning_cue: str) -> None:
    brief = extract_brief(text)
    assert brief.reply_keywords == keywords
    assert "best sellers" in brief.reply_meanings[keywords[0]]
    assert meaning_cue in brief.reply_meanings[keywords[1]]


@pytest.mark.parametrize(
    "text",
    [
        "A/B-Test an alle VIP-Kunden: 50 % auf Variante A, 50 % auf Variante B.",
        "Prueba A/B con un 20% de los clientes VIP y el resto sin cambios.",
    ],
)
def test_a_share_of_the_audience_is_no_discount(text: str) -> None:
    assert extract_brief(text).discounts == []
