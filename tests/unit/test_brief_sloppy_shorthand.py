"""Sloppy one-liners and text-speak: shorthand written out per language, an event cue one letter
off corrected, and a noun modifier inside an order phrase, each fact still pointing at the
user's own words; near-misses (real words, short words, keywords, quotes) stay as written."""

from __future__ import annotations

import pytest

from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.shorthand import corrected, tidy_shorthand
from tests.audience_readings import events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "txt ppl who havent placed a wash-n-fold order in the last 60 days",
            [("placed_order", "has_not", 60)],
        ),
        (
            "text people who haven't placed a laundry order in the last 60 days",
            [("placed_order", "has_not", 60)],
        ),
        ("customers who made a first online purchase in the last 14 days", [("placed_order", "has", 14)]),
        ("ppl who didnt place a catering order in the last 90 days", [("placed_order", "has_not", 90)]),
        (
            "yoga ppl w/ no ordr in 30 days - txt them abt the new pack, $20 off",
            [("placed_order", "has_not", 30)],
        ),
        ("txt custs w/o an ordr in 45 days abt the sale", [("placed_order", "has_not", 45)]),
        (
            "chekout abandoners from last 24 hrs -> wait 2 hrs -> send their cart",
            [("started_checkout", "has", 1)],
        ),
        ("ppl who abandonned checkout in the last 24 hrs, reply YES", [("started_checkout", "has", 1)]),
        ("txt ppl who purchsed in the last 30 days abt the new blend", [("placed_order", "has", 30)]),
        ("ppl who viewd a product in the last 7 days, 10% off", [("viewed_product", "has", 7)]),
        (
            "hola!! pa la tienda, un sms a los q vieron una sala en los ultimos 7 dias, 15% dto con codigo X15, "
            "q respondan RESERVAR. xfa lo antes posible",
            [("viewed_product", "has", 7)],
        ),
        (
            "mensaje pa los clientes q no compraron en los ultimos 60 dias, 10% dto, q respondan SI",
            [("placed_order", "has_not", 60)],
        ),
        (
            "slt! un sms pr les clients qui ont pas passé de cmd ds les 30 derniers jrs, -10 % avec le code RETOUR10",
            [("placed_order", "has_not", 30)],
        ),
        (
            "un sms pour les clients qui n'ont pas passé de commande dans les 30 derniers jours",
            [("placed_order", "has_not", 30)],
        ),
        (
            "sms pr ceux qui ont consulté un produit ds les 7 derniers jours, -15 %",
            [("viewed_product", "has", 7)],
        ),
        (
            "sms an alle kunden die seit 60 tg nix bestellt haben, 10% rabatt, antwort JA. mfg",
            [("placed_order", "has_not", 60)],
        ),
        (
            "sms an kunden die in den letzten 7 tg ein produkt angeshen haben, 10 % Rabatt bzw. Versand gratis",
            [("viewed_product", "has", 7)],
        ),
    ],
)
def test_sloppy_audiences_are_read(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert events(text) == expected


def test_spanish_text_speak_keeps_its_language_offer_and_reply() -> None:
    brief = extract_brief(
        "hola!! pa la tienda, un sms a los q vieron una sala en los ultimos 7 dias, 15% dto con codigo X15, "
        "q respondan RESERVAR. xfa lo antes posible"
    )
    assert brief.language == "es"
    assert ("percentage", "15") in [(d.kind, d.value) for d in brief.discounts]
    assert "X15" in [d.code for d in brief.discounts]
    assert [k.lower() for k in brief.reply_keywords] == ["reservar"]


def test_facts_point_at_the_users_own_words() -> None:
    text = "chekout abandoners from last 24 hrs -> wait 2 hrs -> send their cart, reply YES to buy"
    brief = extract_brief(text)
    assert brief.text == text
    assert [(w.value, w.unit) for w in brief.waits] == [(2, "hours")]
    by_fact = {s.fact: s for s in brief.sources if s.how == "stated"}
    assert by_fact["audience"].words == "chekout"
    assert by_fact["wait"].words == "2 hrs"
    for source in brief.sources:
        if source.start is not None and source.end is not None:
            assert text[source.start : source.end] == source.words


def test_a_cue_one_letter_off_is_corrected() -> None:
    assert corrected("chekout") == "checkout"  # a letter dropped
    assert corrected("abandonners") == "abandoners"  # a letter added
    assert corrected("bouhgt") == "bought"  # two letters swapped
    assert corrected("Custmers") == "Customers"  # the capital kept


@pytest.mark.parametrize(
    "word",
    [
        "older",  # a real word one letter off "order"
        "viewer",  # a real word one letter off "viewed"
        "player",  # a real word one letter off "placed"
        "chekc",  # five letters, but more than one edit from any cue
        "ordr",  # short words are never corrected (text-speak is data instead)
        "CHEKOUT",  # a keyword or a code in capitals
    ],
)
def test_near_misses_are_not_corrected(word: str) -> None:
    assert corrected(word) is None


def test_real_words_and_short_words_invent_no_audience() -> None:
    assert events("txt our older customers abt the new menu") == []
    assert events("people who placed a bet in order to win the raffle") == []
    assert events("ppl w/ order issues get a call") == []
    assert events("un sms pr tous les clients, -10 %") == []
    assert events("sms an alle kunden bzw. abonnenten, 10 % Rabatt") == []
    assert events("un sms a todos los q nos siguen, 10% dto") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('send "txt us abt it w/ ur pals" to ppl', "en"),  # quoted copy stays as written
        ("on envoie au Pr Martin la liste PR", "fr"),  # a title or an acronym, not "pour"
        ("promo 2 x 1 con codigo X15", "es"),  # a times sign and a code, not "por"
    ],
)
def test_shorthand_leaves_copy_names_and_codes(text: str, language: str) -> None:
    tidied = tidy_shorthand(text, language).text
    if text.startswith("send"):
        assert '"txt us abt it w/ ur pals"' in tidied and tidied.endswith("people")
    else:
        assert tidied == text


def test_shorthand_is_written_out_in_full() -> None:
    assert (
        tidy_shorthand("txt ppl w/o an ordr in 2 hrs", "en").text == "text people without an order in 2 hours"
    )
    assert (
        tidy_shorthand("q respondan SI xfa, 10% dto", "es").text
        == "que respondan SI por favor, 10% descuento"
    )
    assert (
        tidy_shorthand("slt, un sms pr ceux ds la liste", "fr").text
        == "salut, un sms pour ceux dans la liste"
    )
    assert tidy_shorthand("10 % Rabatt bzw. Versand gratis, mfg", "de").text == (
        "10 % Rabatt beziehungsweise. Versand gratis, mit freundlichen Grüßen"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a property's value (and name) is spelt as the store spells it, real word or not
        ("Si responden TALLER, pasamos la propiedad revision_bici a pedida.", "es"),
        ("Si responden SI, marcamos la propiedad estado = pedid.", "es"),
        ("If they reply YES, set the property stage to chekout.", "en"),
        ("Bei JA setzen wir die Eigenschaft status auf Bestelung.", "de"),
        ("Si OUI, on passe la propriété etape à comande.", "fr"),
        # a name inside a sentence stays, even one letter off a cue
        ("Répondez OUI pour réserver. Signez Cabinet Dupont.", "fr"),
        ("Reply YES to book. Signed, Dr Viewd and the Chekout Team.", "en"),
    ],
)
def test_assignments_names_and_other_languages_are_not_respelt(text: str, language: str) -> None:
    assert tidy_shorthand(text, language).text == text


def test_a_word_is_only_corrected_toward_a_cue_of_its_language() -> None:
    assert corrected("Signez", "fr") is None  # French "sign!", not English "signed"
    assert corrected("Signez", "en") == "Signed"
    assert corrected("pedida", "es") is None  # a real Spanish word one letter off "pedido"
    assert corrected("pedidoss", "es") == "pedidos"
    assert corrected("chekout", "es") is None
    assert corrected("Bestelung", "de") == "Bestellung"


def test_german_nouns_inside_a_sentence_are_still_corrected() -> None:
    assert tidy_shorthand("sms an alle Kundne mit Warenkrob", "de").text == "sms an alle Kunden mit Warenkorb"
