"""A property named to hold the poll's answer, a tag on the repliers of one keyword, and a quoted
property value, in four languages."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief


def _updates(text: str) -> list[tuple[str, str, str | None]]:
    return [(u.name, u.value, u.on_reply) for u in extract_brief(text).property_updates]


def _filters(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"]


@pytest.mark.parametrize(
    ("text", "name", "meanings"),
    [
        (
            "Text our coffee club: which milk do you like? Reply 1 for oat, 2 for almond to set property milk_pref.",
            "milk_pref",
            {"1": "oat", "2": "almond"},
        ),
        (
            "SMS à nos clientes : quel est votre type de peau ? Répondre 1 pour sèche, 2 pour grasse ; "
            "enregistrer la propriété type_peau.",
            "type_peau",
            {"1": "sèche", "2": "grasse"},
        ),
        (
            "Sondage : répondez 1 pour le thé, 2 pour le café pour enregistrer la propriété boisson.",
            "boisson",
            {"1": "le thé", "2": "le café"},
        ),
        (
            "Envía un SMS a los clientes: ¿qué talla usas? Responde 1 para S, 2 para M y guardar la propiedad talla.",
            "talla",
            {"1": "s", "2": "m"},
        ),
        (
            "Schick unseren Kunden eine SMS: Welche Sorte magst du? Antworte 1 für Vanille, 2 für Schoko und "
            "Eigenschaft lieblingssorte speichern.",
            "lieblingssorte",
            {"1": "vanille", "2": "schoko"},
        ),
    ],
)
def test_a_property_named_without_a_value_stores_the_answer(
    text: str, name: str, meanings: dict[str, str]
) -> None:
    brief = extract_brief(text)
    assert (name, "{{reply}}", None) in _updates(text)
    assert {k: brief.reply_meanings[k] for k in meanings} == meanings
    assert not _filters(text)


def test_a_named_property_with_no_reply_asked_for_sets_nothing() -> None:
    assert not _updates("Text VIPs about the launch and set property launch_seen.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Text lapsed buyers: reply REFILL to reorder their latest cart. Tag refill buyers with property "
            "club_member = yes.",
            ("club_member", "yes", "refill"),
        ),
        (
            "Text customers about our fitting days. If they reply FIT then set property fitting_booked = yes "
            "and send a confirmation.",
            ("fitting_booked", "yes", "fit"),
        ),
        (
            "Text fans: reply GIG for tickets, SKIP to pass. Mark the GIG people with property gig_fan = true.",
            ("gig_fan", "true", "gig"),
        ),
    ],
)
def test_a_tag_on_one_keywords_repliers_is_an_update_on_that_reply(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _updates(text)
    assert not _filters(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If the customer's property school_year is 'year 9' then text them about the maths camp.",
            ("school_year", "year 9"),
        ),
        ('Send a text to customers whose plan is "gold plus" about the new lounge.', ("plan", "gold plus")),
        ('Text customers where property tier = "silver plus" about early access.', ("tier", "silver plus")),
        ('Envía un SMS a los clientes cuyo plan es "oro plus" sobre el nuevo salón.', ("plan", "oro plus")),
        (
            "Envoyez un SMS aux clients dont la propriété niveau est « année 9 » pour le stage de maths.",
            ("niveau", "année 9"),
        ),
        (
            "Schick eine SMS an Kunden, deren Eigenschaft tarif „gold plus“ ist, über die neue Lounge.",
            ("tarif", "gold plus"),
        ),
    ],
)
def test_a_quoted_filter_value_is_kept_whole(text: str, expected: tuple[str, str]) -> None:
    assert _filters(text) == [expected]


def test_quoted_copy_is_still_no_filter() -> None:
    text = 'Text everyone about the sale. The subject line is "Big weekend" and the headline = "Last call".'
    assert not _filters(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Escribe a los clientes: responde CLUB para unirte. Marca a los clientes CLUB con la propiedad socio = si.",
            ("socio", "si", "club"),
        ),
        (
            "Envoyez un SMS : répondez RECHARGE pour recommander leur dernier panier. Taguer les clients RECHARGE "
            "avec la propriété club_membre = oui.",
            ("club_membre", "oui", "recharge"),
        ),
        (
            "Schick eine SMS: antworte NACH für eine Nachbestellung. Markiere die NACH Kunden mit der Eigenschaft "
            "stammkunde = ja.",
            ("stammkunde", "ja", "nach"),
        ),
    ],
)
def test_a_tag_on_one_keywords_repliers_in_other_languages(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _updates(text)
    assert not _filters(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Text VIPs: reply GOLD to upgrade. Reply GOLD -> set property plan = 'gold plus'.",
            ("plan", "gold plus", "gold"),
        ),
        ('Responde ORO para mejorar y guardar la propiedad plan = "oro plus".', ("plan", "oro plus", "oro")),
    ],
)
def test_a_quoted_update_value_is_kept_whole(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _updates(text)


def test_a_list_of_numbered_answers_ends_before_a_lower_case_verb() -> None:
    text = "Ask subscribers which milk they prefer: reply 1 for oat, 2 for almond, and save it to property milk_pref."
    assert extract_brief(text).reply_keywords == ["1", "2"]
