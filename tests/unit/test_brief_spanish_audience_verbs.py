"""Spanish audiences written with a finite verb ("se han suscrito a los SMS", "añadió algo al
carrito", "no ha iniciado el pago"); sentences written for the test."""

from __future__ import annotations

from datetime import date

from flowgen_core.brief import AudienceCondition, extract_brief

TODAY = date(2026, 3, 2)


def test_subscribed_with_a_perfect_tense_is_an_sms_opt_in() -> None:
    facts = extract_brief(
        "Manda la bienvenida a los clientes que se han suscrito a los SMS en las últimas 2 semanas.",
        today=TODAY,
    )
    assert AudienceCondition(kind="event", action="opted_into_sms", days=14) in facts.audience


def test_added_to_cart_and_not_started_payment() -> None:
    facts = extract_brief(
        "Escribe a quien metió productos al carrito en los últimos 3 días y no ha iniciado el pago.",
        today=TODAY,
    )
    actions = {(c.action, c.operator) for c in facts.audience}
    assert ("added_product_to_cart", "has") in actions
    assert ("started_checkout", "has_not") in actions
