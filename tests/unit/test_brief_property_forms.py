"""Property audiences and reply-tied property updates in fuller words, numbered replies with a
price aside, and reply lists without a meaning, in four languages."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from tests.audience_readings import properties
from tests.offline_flows import reply_targets, valid_offline_flow

_VALUE = "with a value of"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Text anyone with the property rx_due set to this_week a refill reminder.", ("rx_due", "this_week")),
        ("Send to customers with the property plan_tier set to gold2 a thank-you.", ("plan_tier", "gold2")),
        ("Members having the property loyalty_level equal to 3 get 15% off.", ("loyalty_level", "3")),
        (
            'Everyone with property fav_store with the value "north_side" gets the invite.',
            ("fav_store", "north_side"),
        ),
        ("Customers whose property tier_2 is set to 'gold plus' get early access.", ("tier_2", "gold plus")),
        (
            'Enviar a clientes con la propiedad tarjeta_salud con valor "activa" un 10% de descuento.',
            ("tarjeta_salud", "activa"),
        ),
        ("Clientes con la propiedad club_vino con el valor 'tinto' reciben la cata.", ("club_vino", "tinto")),
        ("Los clientes con la propiedad nivel_2 con valor «plata» reciben 5 €.", ("nivel_2", "plata")),
        (
            "Envoyer aux clients disposant de la propriété the_prefere ayant pour valeur « oolong » une offre.",
            ("the_prefere", "oolong"),
        ),
        (
            'Clients avec la propriété abonnement_bio ayant la valeur "mensuel" : offre de 10 %.',
            ("abonnement_bio", "mensuel"),
        ),
        (
            'An Kunden mit der Eigenschaft kundenkarte mit dem Wert „gold" eine SMS senden.',
            ("kundenkarte", "gold"),
        ),
        ("Alle Kunden mit der Eigenschaft stufe mit Wert „silber“ bekommen eine SMS.", ("stufe", "silber")),
        (
            'Kunden mit der Eigenschaft lieblings_sorte mit dem Wert "dunkel" bekommen 10 % Rabatt.',
            ("lieblings_sorte", "dunkel"),
        ),
    ],
)
def test_a_property_with_its_value_in_fuller_words_filters_the_audience(
    text: str, expected: tuple[str, str]
) -> None:
    name, value = expected
    assert properties(text) == [(name, _VALUE, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Everyone gets it. The property raffle_ticket will be used for the raffle later.",
        "Propiedad sorteo_id: se usará para el sorteo más adelante. Enviar a todos los clientes.",
        "Reply WIN to enter; if they reply WIN, set property raffle_entry to yes.",
        "Reply YES to join. If they reply YES, their property club_member set to true.",
        "Let them reply REFILL or SKIP - if they reply SKIP, set property refill_status = skipped",
    ],
)
def test_a_property_in_passing_or_set_by_the_flow_is_no_filter(text: str) -> None:
    assert properties(text) == []


def _updates(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(u.name, u.value, u.on_reply) for u in extract_brief(text).property_updates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Let them reply REFILL to reorder their latest cart, or SKIP to hold off - if they reply SKIP, "
            "set property refill_status = skipped",
            ("refill_status", "skipped", "skip"),
        ),
        ("Reply IN or OUT. If they reply OUT, set property raffle_opt = no.", ("raffle_opt", "no", "out")),
        (
            "Reply WIN or PASS; if they reply WIN, set property raffle_entry to yes.",
            ("raffle_entry", "yes", "win"),
        ),
        (
            "Poll: reply 1 or 2. Tag anyone who replies 2 with property family_size = large",
            ("family_size", "large", "2"),
        ),
        (
            "Die Antwort JA führt zu einer Bestätigung; anschließend ist die Eigenschaft aktion_teilnahme "
            "auf „ja“ zu setzen.",
            ("aktion_teilnahme", "ja", "ja"),
        ),
        (
            "Wer mit JA oder NEIN antwortet: Die Antwort JA führt zu einer Bestätigung; danach ist die "
            "Eigenschaft newsletter_ok auf ja zu setzen.",
            ("newsletter_ok", "ja", "ja"),
        ),
    ],
)
def test_a_setting_after_its_reply_is_tied_to_that_reply(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _updates(text)


def test_a_reply_meaning_ends_at_a_spaced_dash() -> None:
    brief = extract_brief(
        "Reply REFILL to reorder, or SKIP to hold off - if they reply SKIP, set property x_y = 1"
    )
    assert brief.reply_meanings["skip"] == "hold off"


def test_the_reply_step_sets_the_property_after_its_reply() -> None:
    flow = valid_offline_flow(
        "Refill reminder for anyone with the property rx_due set to this_week. Let them reply REFILL to "
        "reorder their latest cart, or SKIP to hold off - if they reply SKIP, set property refill_status = skipped"
    )
    (target,) = {t["id"]: t for t in reply_targets(flow, "skip")}.values()
    assert target["type"] == "property"
    assert target["properties"][0]["name"] == "refill_status"
    assert target["properties"][0]["value"] == "skipped"


def test_a_formal_german_setting_follows_its_confirmation() -> None:
    flow = valid_offline_flow(
        "Kunden, die bestellt haben. Die Antwort JA führt zu einer Bestätigung; anschließend ist die "
        "Eigenschaft aktion_teilnahme auf „ja“ zu setzen."
    )
    (target,) = {t["id"]: t for t in reply_targets(flow, "ja")}.values()
    assert target["type"] == "property"
    assert (target["properties"][0]["name"], target["properties"][0]["value"]) == ("aktion_teilnahme", "ja")


@pytest.mark.parametrize(
    "text",
    [
        "Game night poll: reply STRATEGY, PARTY or COOP. Can we save whatever they pick as property game_pref?",
        "Reply RED, BLUE or GREEN and store whichever one they choose as property colour_pick.",
    ],
)
def test_whatever_they_pick_is_stored_in_the_property_named(text: str) -> None:
    names = [u.name for u in extract_brief(text).property_updates]
    assert names and names[0] in ("game_pref", "colour_pick")


def test_whatever_with_no_reply_asked_stores_nothing() -> None:
    assert extract_brief("Save whatever you like as property notes_x for later.").property_updates == []


@pytest.mark.parametrize(
    ("text", "meanings"),
    [
        (
            "Can they reply 1 for the small box ($49) or 2 for the family box ($89)?",
            {"1": "the small box", "2": "the family box"},
        ),
        (
            "Reply 1 for the tasting menu (£35), 2 for à la carte or 3 for drinks only.",
            {"1": "the tasting menu", "2": "à la carte", "3": "drinks only"},
        ),
        (
            "Que respondan 1 para la caja pequeña (49 €) o 2 para la familiar (89 €).",
            {"1": "la caja pequeña", "2": "la familiar"},
        ),
        (
            "Peuvent-ils répondre 1 pour la petite boîte (49 €) ou 2 pour la grande (89 €) ?",
            {"1": "la petite boîte", "2": "la grande"},
        ),
    ],
)
def test_numbered_replies_with_a_price_aside_are_all_read(text: str, meanings: dict[str, str]) -> None:
    brief = extract_brief(text)
    assert brief.reply_keywords == list(meanings)
    assert brief.reply_meanings == meanings
    assert brief.discounts == []  # a price is no money off


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        (
            "Bäckerei-Umfrage an alle Kunden. Können die mit BROT, KUCHEN oder BEIDES antworten?",
            ["brot", "kuchen", "beides"],
        ),
        ("Umfrage: Kunden sollen mit KAFFEE oder TEE antworten.", ["kaffee", "tee"]),
        ("Encuesta a clientes: que respondan A, B o C.", ["a", "b", "c"]),
        ("Sondage clients : ils peuvent répondre A, B ou C.", ["a", "b", "c"]),
        ("Survey: reply A, B, or C to vote.", ["a", "b", "c"]),
        ("Quick poll - reply A or B.", ["a", "b"]),
    ],
)
def test_a_reply_list_without_meanings_gives_every_keyword(text: str, keywords: list[str]) -> None:
    assert extract_brief(text).reply_keywords == keywords


@pytest.mark.parametrize(
    "text",
    [
        "Grade A or B customers get this, reply YES to claim.",
        "Reply A for sizes.",
    ],
)
def test_a_lone_capital_without_a_list_is_no_letter_list(text: str) -> None:
    keywords = extract_brief(text).reply_keywords
    assert "b" not in keywords
