"""Spanish property updates after a reply, written with a first-person verb ("marcamos la
propiedad x = y", "pasamos la propiedad x a y"); sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import PropertyUpdate, extract_brief


@pytest.mark.parametrize(
    ("text", "update"),
    [
        (
            "Pregunta si quieren una prueba gratis. Si responden PRUEBA, les mandamos el enlace y "
            "marcamos la propiedad prueba_pedida = si.",
            PropertyUpdate(name="prueba_pedida", value="si", on_reply="prueba"),
        ),
        (
            "¿Quieren revisar la bici? Si responden TALLER, pasamos la propiedad revision_bici a pedida.",
            PropertyUpdate(name="revision_bici", value="pedida", on_reply="taller"),
        ),
    ],
)
def test_first_person_property_update_after_a_reply(text: str, update: PropertyUpdate) -> None:
    facts = extract_brief(text, today=date(2026, 3, 2))
    assert update in facts.property_updates
