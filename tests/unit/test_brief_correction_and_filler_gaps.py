"""Corrections that change the kind of discount, name the old value first, and durations with fillers."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.corrections import apply_corrections


def _chain(body: str, reply: str) -> str:
    return f"Re: Re: Fwd: lamp\n\n---------- Forwarded message ----------\n{body}\n\n> Re: {reply}\n"


@pytest.mark.parametrize(
    ("body", "reply", "value"),
    [
        (
            "Hallo, bitte schickt unseren Abonnenten eine SMS zur neuen Lampe mit 25 % Rabatt.",
            "Bitte doch 20 € Rabatt statt Prozent.",
            "20",
        ),
        (
            "Hallo, schickt unseren Abonnenten eine SMS zur neuen Lampe mit 30 % Rabatt.",
            "Lieber 15 € Nachlass anstatt eines Prozentsatzes.",
            "15",
        ),
        (
            "Bonjour, envoyez un SMS à nos abonnés sur la nouvelle lampe avec 25 % de remise.",
            "plutôt 10 € de remise au lieu du pourcentage.",
            "10",
        ),
        (
            "Hola, enviad un SMS a nuestros suscriptores sobre la nueva lámpara con 25 % de descuento.",
            "mejor 5 € de descuento en vez del porcentaje.",
            "5",
        ),
        (
            "Bonjour, envoyez un SMS à nos abonnés sur la nouvelle lampe avec 20 % de remise.",
            "finalement 8 € de remise au lieu d'un pourcentage.",
            "8",
        ),
        (
            "Hola, enviad un SMS a nuestros suscriptores sobre la nueva lámpara con 20 % de descuento.",
            "mejor 6 € de descuento en vez de un porcentaje.",
            "6",
        ),
        (
            "Hello, text our subscribers about the new lamp with 25% off.",
            "make it £20 off instead of a percentage.",
            "20",
        ),
    ],
)
def test_a_later_sum_off_replaces_the_percentage(body: str, reply: str, value: str) -> None:
    brief = extract_brief(_chain(body, reply))
    money = [(d.kind, d.value) for d in brief.discounts if d.kind in ("percentage", "amount")]
    assert money == [("amount", value)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "Text our subscribers about the new lamp. If they don't reply within 48 hours, send one "
            "reminder. Oh and instead of 48 hours, 24.",
            "hours",
        ),
        (
            "Schickt unseren Abonnenten eine SMS zur neuen Lampe. Wenn sie nicht innerhalb von 48 Stunden "
            "antworten, eine Erinnerung. Ach, statt 48 Stunden lieber 24.",
            "hours",
        ),
        (
            "Envía un SMS a nuestros suscriptores sobre la nueva lámpara. Si no responden en 48 horas, un "
            "recordatorio. Ah, en lugar de 48 horas, 24.",
            "hours",
        ),
        (
            "Envoyez un SMS à nos abonnés sur la nouvelle lampe. S'ils ne répondent pas sous 48 heures, un "
            "rappel. Au lieu de 48 heures, plutôt 24.",
            "hours",
        ),
    ],
)
def test_a_correction_that_names_the_old_value_first(text: str, unit: str) -> None:
    brief = extract_brief(text)
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(24, unit)]
    assert "48" not in apply_corrections(text).text


def test_an_old_value_named_first_needs_a_new_value_of_its_kind() -> None:
    text = "Text everyone about the lamp, 48 hours apart. Instead of 48 hours, 24 people will get it."
    assert "48 hours apart" in apply_corrections(text).text


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        (
            "Text our subscribers about the summer sale. If they don't answer in like half a day, "
            "send one reminder.",
            (12, "hours"),
        ),
        (
            "Envoyez un SMS à nos abonnés pour annoncer les soldes d'été. S'ils ne répondent pas d'ici "
            "une demi-journée, envoyez un rappel.",
            (12, "hours"),
        ),
        (
            "Schickt unseren Abonnenten eine SMS zum Sommerschlussverkauf. Wenn sie nicht in so etwa "
            "zwei Stunden antworten, schickt eine Erinnerung.",
            (2, "hours"),
        ),
        (
            "Envía un SMS a nuestros suscriptores sobre las rebajas de verano. Si no responden en más o "
            "menos 3 horas, envía un recordatorio.",
            (3, "hours"),
        ),
    ],
)
def test_a_no_reply_wait_with_a_filler(text: str, timeout: tuple[int, str]) -> None:
    assert [(d.value, d.unit) for d in extract_brief(text).no_reply_after] == [timeout]


def test_a_window_keeps_its_filler_blanking() -> None:
    days = [c.days for c in extract_brief("Text everyone who bought in the last, uh, two weeks.").audience]
    assert days == [14]


@pytest.mark.parametrize(
    "text",
    [
        "Text shoppers who added the new grinder to their cart in the last day.",
        "Text shoppers who added an item to their cart in the past day.",
        "Envía un SMS a los clientes que añadieron un producto al carrito en el último día.",
        "Envoyez un SMS aux clients qui ont ajouté un produit au panier au cours du dernier jour.",
        "Schickt den Kunden eine SMS, die Am letzten Tag ein Produkt in den Warenkorb gelegt haben.",
    ],
)
def test_the_last_day_is_a_one_day_window(text: str) -> None:
    carts = [c for c in extract_brief(text).audience if c.action == "added_product_to_cart"]
    assert [(c.operator, c.days) for c in carts] == [("has", 1)]


def test_the_last_day_with_a_second_condition_keeps_the_first() -> None:
    text = "Text shoppers who added the new grinder to their cart in the last day but didn't start checkout."
    conditions = [(c.action, c.operator, c.days) for c in extract_brief(text).audience]
    assert ("added_product_to_cart", "has", 1) in conditions
    assert all(op == "has_not" for action, op, _ in conditions if action == "started_checkout")


def test_the_last_day_of_a_sale_is_no_window() -> None:
    text = (
        "Schickt am letzten Tag des Sales eine Erinnerung an alle, die etwas in den Warenkorb gelegt haben."
    )
    assert all(c.days is None for c in extract_brief(text).audience)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Text customers whose city is new york, about the launch.", ("city", "new york")),
        ("Text customers whose city is New York and who ordered in the last 30 days.", ("city", "new york")),
        ("Schickt allen Kunden, deren Stadt ist Bad Homburg, eine SMS zum Launch.", ("stadt", "bad homburg")),
        ("Schickt allen Kunden, deren Stadt Bad Homburg ist, eine SMS zum Launch.", ("stadt", "bad homburg")),
        (
            "Envía un SMS a los clientes cuya ciudad es San Sebastián, sobre el lanzamiento.",
            ("ciudad", "san sebastián"),
        ),
        (
            "Envoyez un SMS aux clients dont la ville est saint malo, pour le lancement.",
            ("ville", "saint malo"),
        ),
        ("Text members whose plan is annual and who live nearby.", ("plan", "annual")),
    ],
)
def test_a_whose_value_of_two_words(text: str, value: tuple[str, str]) -> None:
    found = [
        (c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"
    ]
    assert found == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Alors voilà, pour la rentrée on aimerait envoyer un petit SMS sympa aux familles qui ont la "
            "propriété abonnement = famille, en leur rappelant les nouveaux horaires, merci.",
            ("abonnement", "famille"),
        ),
        (
            "On voudrait, si c'est possible, prévenir tous les parents avec la propriété abonnement = famille "
            "que les cours reprennent lundi.",
            ("abonnement", "famille"),
        ),
        (
            "Queremos, si se puede, avisar a todos los padres con la propiedad plan = anual de que las clases "
            "vuelven el lunes.",
            ("plan", "anual"),
        ),
        (
            "Wir möchten, wenn möglich, allen Eltern mit der Eigenschaft tarif = familie Bescheid geben, dass "
            "der Kurs am Montag startet.",
            ("tarif", "familie"),
        ),
        (
            "So basically we want to text everyone with the property plan = annual about the renewal, okay?",
            ("plan", "annual"),
        ),
    ],
)
def test_a_property_filter_inside_a_long_sentence(text: str, value: tuple[str, str]) -> None:
    found = [
        (c.property_name, c.property_value) for c in extract_brief(text).audience if c.kind == "property"
    ]
    assert found == [value]
