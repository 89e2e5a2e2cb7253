"""A brief that quotes or describes a previous campaign keeps this campaign's values: the old
campaign's offer, code and copy are never facts of the flow, and "What I understood" lists them
as not used."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.corrections import apply_corrections
from flowgen_core.brief.previous import previous_spans
from flowgen_core.planners.offline.composer import OfflineGenerator


def _offers(text: str) -> list[tuple[str, str | None]]:
    return [(d.kind, d.value or d.code) for d in extract_brief(text).discounts]


def _messages(text: str) -> list[str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return [s["content"] for s in flow["steps"] if s.get("type") in ("message", "product_choice")]


_QUOTED_EN = (
    'Last year\'s launch text was: "New collection is here! 20% off for members with code NEW20". '
    "This season change it: only customers with property member = yes, 10% off with code FRESH24 "
    "instead of the 20%, and A/B test it against a version that just says 'free engraving'."
)


def test_a_quoted_old_text_lends_neither_its_offer_nor_its_copy() -> None:
    brief = extract_brief(_QUOTED_EN)
    assert _offers(_QUOTED_EN) == [("percentage", "10"), ("code", "FRESH24")]
    assert brief.quoted_copy == []
    assert [(c.property_name, c.property_value) for c in brief.audience] == [("member", "yes")]
    copy = "\n".join(_messages(_QUOTED_EN))
    assert "10%" in copy and "FRESH24" in copy
    for old in ("20%", "NEW20", "New collection is here"):
        assert old not in copy


def test_the_quoted_challenger_is_the_variants_copy() -> None:
    brief = extract_brief(_QUOTED_EN)
    assert brief.experiment is not None and brief.experiment.groups == 2
    a, b = _messages(_QUOTED_EN)[:2]
    assert "Free engraving" in b and "engraving" not in a.lower()


def test_what_i_understood_shows_the_old_campaign_as_not_used() -> None:
    lines = understood_lines(extract_brief(_QUOTED_EN))
    assert any(line.startswith("Not used:") and "20% off for members" in line for line in lines)
    offer = next(line for line in lines if line.startswith("Offer:"))
    assert "10% off" in offer and "FRESH24" in offer and "20%" not in offer
    assert "from “10% off”" in offer  # the fact keeps its own words


@pytest.mark.parametrize(
    ("text", "offers", "never"),
    [
        (
            "L'an dernier on avait envoyé : « Inscriptions ouvertes, -10 % avec OPEN10 ! ». Cette "
            "année : -15 % avec le code OPEN15 (plus de -10 %), seulement aux membres qui ont "
            "cliqué sur un lien dans les 30 derniers jours.",
            [("percentage", "15"), ("code", "OPEN15")],
            ("10%", "OPEN10", "Inscriptions ouvertes"),
        ),
        (
            'Letztes Jahr lief: „20 % auf alles mit SOMMER20". Dieses Jahr stattdessen 25 % mit SOMMER25.',
            [("percentage", "25"), ("code", "SOMMER25")],
            ("20%", "SOMMER20", "auf alles"),
        ),
        (
            "El año pasado mandamos: «Rebajas de verano, 30 % con VERANO30». Esta temporada: 35 % "
            "de descuento con el código VERANO35 en vez del 30 %.",
            [("percentage", "35"), ("code", "VERANO35")],
            ("30%", "VERANO30"),
        ),
        (
            "La última vez enviamos 10 € de descuento con el código DIEZ. Esta vez 15 € con QUINCE15.",
            [("amount", "15"), ("code", "QUINCE15")],
            ("10 €", "DIEZ"),
        ),
        (
            "Previously we offered free shipping; now 10% off with code TEN10.",
            [("percentage", "10"), ("code", "TEN10")],
            ("free shipping", "Free shipping"),
        ),
        (
            'We sent "Spring is here - 15% off with SPRING15" last year. This year: 20% off with SPRING20.',
            [("percentage", "20"), ("code", "SPRING20")],
            ("15%", "SPRING15", "Spring is here"),
        ),
        (
            "Wir hatten letztes Jahr 10 % Rabatt mit HERBST10. Jetzt 15 % Rabatt mit HERBST15.",
            [("percentage", "15"), ("code", "HERBST15")],
            ("10%", "HERBST10"),
        ),
        (
            "Same as last year's Black Friday but 30% instead of 25%.",
            [("percentage", "30")],
            ("25%",),
        ),
        (
            "Last time we sent 15% off with code SPRING15, this time 20% off with code SPRING20.",
            [("percentage", "20"), ("code", "SPRING20")],
            ("15%", "SPRING15"),
        ),
    ],
)
def test_this_campaigns_values_replace_the_old_ones(
    text: str, offers: list[tuple[str, str]], never: tuple[str, ...]
) -> None:
    assert _offers(text) == offers
    copy = "\n".join(_messages(text))
    for old in never:
        assert old not in copy


@pytest.mark.parametrize(
    "text",
    [
        "El año pasado hicimos un 20% de descuento en verano; este año NO hay descuento.",
        "Last year we did 30% off; this year no discount, just the new menu.",
        "L'an dernier : -20 % avec ETE20. Cette année, pas de remise.",
        "Letztes Jahr gab es 20 % Rabatt, dieses Jahr keinen Rabatt.",
    ],
)
def test_no_discount_this_year_keeps_none_of_last_years(text: str) -> None:
    brief = extract_brief(text)
    assert brief.discounts == [] and brief.no_discount
    copy = "\n".join(_messages(text))
    assert "20%" not in copy and "30%" not in copy


@pytest.mark.parametrize(
    "text",
    [
        # "in the last year" is an audience window, not a previous campaign
        "Customers who ordered in the last year get 20% off with code LOYAL20.",
        # last year's buyers are this flow's audience, and its offer is this flow's
        "Text last year's buyers: 15% off with code BACK15.",
        # a previous campaign described without a value lends nothing and takes nothing
        "Like last year's launch, 10% off the new range with code NEW10.",
        # what we did before is background up to its time; what follows it is this flow's
        "We had 500 signups last month, so send them 20% off with code THANKS20.",
        # the last message of this flow's series is no previous campaign
        "4-part tips series on houseplants. The last message carries 20% off pots.",
        # Spanish, French and German audience windows and buyers
        "Clientes que compraron en el último año: 20 % de descuento con el código VUELTA20.",
        "Clients ayant commandé au cours de la dernière année : -20 % avec RETOUR20.",
        "Kunden, die im letzten Jahr bestellt haben: 20 % Rabatt mit dem Code ZURUECK20.",
    ],
)
def test_words_that_name_no_previous_offer_keep_their_values(text: str) -> None:
    offers = _offers(text)
    assert offers and offers[0][0] == "percentage"
    assert all("%" not in text[a:b] for a, b in previous_spans(text))


def test_a_correction_naming_the_old_value_after_other_words() -> None:
    fixed = apply_corrections("Offer: 20% off. Make it 10% off with code FRESH instead of the 20%.").text
    # "make it" takes back the first 20% too: whichever correction reads it, only 10% is left
    assert "20" not in fixed and "10% off with code FRESH" in fixed
    # a count of people named after "instead of" corrects no percentage
    assert apply_corrections("Send 10% off to 50 people instead of 20 people.").text.count("10%") == 1
    # "plus de 50 €" is "more than": no correction without a minus sign
    assert "50 €" in apply_corrections("-10 % pour plus de 50 € d'achat.").text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Test A/B: 10 % de descuento con NUEVO10, contra una versión que solo diga «grabado personalizado».",
            "Grabado personalizado",
        ),
        (
            "Test A/B : -10 % avec NOUVEAU10, contre une version qui dit « gravure offerte ».",
            "Gravure offerte",
        ),
        (
            "A/B-Test: 10 % Rabatt mit NEU10 gegen eine Version, die nur „Gratis-Gravur“ sagt.",
            "Gratis-Gravur",
        ),
    ],
)
def test_a_quoted_challenger_keeps_its_own_language(text: str, words: str) -> None:
    a, b = _messages(text)[:2]
    assert words in b and words not in a
    assert "Test A/B" not in a and "A/B-Test" not in a  # a test label is no subject
