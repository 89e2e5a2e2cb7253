"""Spanish, French and German ways of saying the audience may or may not have ordered ("hayan
comprado o no", "ou pas", "egal ob"): no order condition (sentences written for the test)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief


@pytest.mark.parametrize(
    "text",
    [
        "Envía la novedad a todos los suscriptores, hayan comprado antes o no.",
        "Da igual si ya compraron: enviamos la novedad a todos los suscriptores.",
        "Envoyez la nouveauté à tous les abonnés, qu'ils aient commandé ou non.",
        "Envoyez la nouveauté à tous les abonnés, qu'ils aient déjà acheté ou pas.",
        "Schickt die Neuheit an alle Abonnenten, egal ob sie schon gekauft haben.",
        "Schickt die Neuheit an alle Abonnenten, ob sie bestellt haben oder nicht.",
    ],
)
def test_either_way_about_orders_sets_no_order_condition(text: str) -> None:
    facts = extract_brief(text, today=date(2026, 3, 2))
    assert not [c for c in facts.audience if c.action == "placed_order"]
