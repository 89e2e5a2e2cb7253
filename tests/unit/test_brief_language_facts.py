"""Spanish, French and German briefs give the facts an English brief with the same meaning gives."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.brief import extract_brief


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Enviad un SMS a los clientes VIP con un descuento de 5 € en la próxima compra.", "5"),
        ("Mandad un SMS a los clientes VIP: 40 pesos de descuento en su próximo pedido.", "40"),
        ("Envoyez un SMS aux clients VIP : 7 $ de rabais sur la prochaine commande.", "7"),
        ("Envoyez un SMS aux clients VIP avec une remise de 10,50 € sur la prochaine commande.", "10.50"),
        ("Schickt allen VIP-Kunden eine SMS mit 12 Euro Rabatt auf die nächste Bestellung.", "12"),
    ],
)
def test_money_off_is_an_amount_discount(text: str, value: str) -> None:
    amounts = [d for d in extract_brief(text).discounts if d.kind == "amount"]
    assert [d.value for d in amounts] == [value]


@pytest.mark.parametrize(
    ("text", "action", "operator", "days"),
    [
        (
            "Escribid a los clientes que compraron en los últimos 45 días con 10% de descuento.",
            "placed_order",
            "has",
            45,
        ),
        (
            "Écrivez aux clients qui ont acheté au cours des 75 derniers jours avec 10% de réduction.",
            "placed_order",
            "has",
            75,
        ),
        (
            "Schreibt Kunden, die in den letzten 9 Tagen ein Produkt angesehen haben, mit 10% Rabatt.",
            "viewed_product",
            "has",
            9,
        ),
        (
            "Schreibt Kunden, die seit 80 Tagen nicht bestellt haben, mit 10% Rabatt.",
            "placed_order",
            "has_not",
            80,
        ),
        (
            "Escribid a quienes agregaron algo al carrito en los últimos 3 días con 10% de descuento.",
            "added_product_to_cart",
            "has",
            3,
        ),
    ],
)
def test_a_window_before_or_after_the_verb_stays_with_its_event(
    text: str, action: str, operator: str, days: int
) -> None:
    conditions = [c for c in extract_brief(text).audience if c.action == action]
    assert [(c.operator, c.days) for c in conditions] == [(operator, days)]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Schreibt VIP-Kunden mit 10% Rabatt. Antwortet KAUFEN, um zu bestellen.", "kaufen"),
        ("Escribid a los clientes VIP con 10% de descuento. Responde SI para reservar.", "si"),
    ],
)
def test_a_keyword_in_capitals_stays_a_reply_keyword(text: str, keyword: str) -> None:
    assert keyword in extract_brief(text).reply_keywords


def test_cli_refuses_a_brief_in_another_language_in_one_line() -> None:
    result = CliRunner().invoke(
        main,
        [
            "generate",
            "--generator",
            "offline",
            "Envie uma mensagem aos clientes VIP com um desconto de 20% neste fim de semana",
        ],
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "English, Spanish, French and German" in lines[0]


def test_euro_money_off_is_written_in_euros_in_the_briefs_language() -> None:
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    result = generate_flow(
        "Schickt allen VIP-Kunden eine SMS mit 12,50 € Rabatt auf die nächste Bestellung, Code DANKE.",
        settings=Settings(flowgen_generator="offline"),
    )
    texts = [s["text"] for s in result.flow["steps"] if s.get("text")]
    assert "€ Rabatt" in texts[0]
    assert not any("$" in text for text in texts)
    assert "1250" not in str(result.flow)  # a decimal comma is no extra digits


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        (
            "Escribid a los clientes VIP con 10% de descuento. Responde SI o NO para confirmar la cita.",
            ["si", "no"],
        ),
        (
            "Écrivez aux clients VIP avec 10% de réduction. Répondez OUI ou NON pour confirmer le rendez-vous.",
            ["oui", "non"],
        ),
        (
            "Schreibt VIP-Kunden mit 10% Rabatt. Antworte JA oder NEIN, um den Termin zu bestätigen.",
            ["ja", "nein"],
        ),
    ],
)
def test_alternative_keywords_are_both_read(text: str, keywords: list[str]) -> None:
    assert extract_brief(text).reply_keywords == keywords


@pytest.mark.parametrize(
    "text",
    [
        "Escribid a los clientes que no han comprado en noventa días con quince por ciento de descuento.",
        "Écrivez aux clients qui n'ont pas commandé depuis trois mois avec quinze pour cent de réduction.",
        "Schreibt Kunden, die seit drei Monaten nicht bestellt haben, mit fünfzehn Prozent Rabatt.",
    ],
)
def test_number_words_give_the_window_and_the_percentage(text: str) -> None:
    brief = extract_brief(text)
    assert [(c.operator, c.days) for c in brief.audience] == [("has_not", 90)]
    assert [(d.kind, d.value) for d in brief.discounts] == [("percentage", "15")]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        (
            "Écrivez aux clients VIP avec 10% de réduction, seulement entre 11 h et 20 h, heure de l'Est.",
            "America/New_York",
        ),
        ("Schreibt VIP-Kunden mit 10% Rabatt, nur zwischen 11 und 20 Uhr MEZ.", "Europe/Berlin"),
        ("Schreibt VIP-Kunden mit 10% Rabatt, nur zwischen 11 und 20 Uhr Wiener Zeit.", "Europe/Vienna"),
        (
            "Escribid a los clientes VIP con 10% de descuento, solo entre las 11 y las 20, hora del centro.",
            "America/Mexico_City",
        ),
    ],
)
def test_send_hours_carry_the_zone_named_in_the_briefs_language(text: str, zone: str) -> None:
    hours = extract_brief(text).send_hours
    assert [(h.start, h.end, h.timezone) for h in hours] == [("11:00", "20:00", zone)]
