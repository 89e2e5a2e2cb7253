"""A brief that opens with an alert phrase ('Heatwave alert for all customers', 'Aviso de rebajas
para todos', 'Alerte canicule pour tous', 'Glatteis-Warnung für alle') names its subject in the
alert: the subject is read without the alert word and reaches the first text."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator


def _first_text(text: str) -> str:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return next(str(s["text"]) for s in flow["steps"] if s.get("text"))


_BRIEFS = [
    ("Heatwave alert for all customers who bought a fan last summer", "Heatwave"),
    ("Fresh powder alert for all customers who clicked a link in the last 14 days", "Fresh powder"),
    ("Back in stock alert", "Back in stock"),
    ("Alerta de rebajas de verano para todos los clientes que compraron el año pasado", "rebajas de verano"),
    ("Alerte canicule pour tous les clients qui ont acheté l'été dernier", "canicule"),
    ("Glatteis-Alarm für alle Kunden, die letzten Winter gekauft haben", "Glatteis"),
]


@pytest.mark.parametrize(("brief", "subject"), _BRIEFS)
def test_an_alert_phrase_names_the_subject(brief: str, subject: str) -> None:
    language = extract_brief(brief).source_language
    assert read_stated_content(brief, language).subject == subject
    assert subject.lower() in _first_text(brief).lower()


def test_an_instruction_to_send_an_alert_names_no_subject() -> None:
    assert read_stated_content("Send an alert to all customers who ordered twice", "en").subject is None
