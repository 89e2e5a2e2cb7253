"""A thing the brief says not to mention becomes no content, no topic and no words of any message."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.negated import mask_negated
from flowgen_core.planners.offline.composer import OfflineGenerator


def _texts(text: str) -> list[str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return [str(s["text"]) for s in flow["steps"] if s.get("text")]


@pytest.mark.parametrize(
    ("brief", "word"),
    [
        ("Winter sale for all customers, 20% off. Don't mention financing.", "financing"),
        ("Winter sale for all customers, 20% off. Do not mention the warranty.", "warranty"),
        ("Winter sale for all customers, 20% off. Avoid mentioning shipping delays.", "delays"),
        ("Winter sale for all customers, 20% off. No talk of financing.", "financing"),
        (
            "Soldes d'hiver pour tous les clients, 20 % de remise. Ne parlez pas de financement.",
            "financement",
        ),
        (
            "Rebajas de invierno para todos los clientes, 20% de descuento. No menciones la financiación.",
            "financiación",
        ),
        (
            "Winterschlussverkauf für alle Kunden, 20 % Rabatt. Erwähne nicht die Finanzierung.",
            "Finanzierung",
        ),
    ],
)
def test_a_negated_mention_is_no_content_or_topic(brief: str, word: str) -> None:
    parsed = extract_brief(brief)
    assert not any(word.lower() in t.lower() for t in parsed.topics)
    assert parsed.stated is not None
    assert not any(word.lower() in m.content.lower() for m in parsed.stated.messages)
    assert not any(word.lower() in t.lower() for t in _texts(brief))


def test_masking_keeps_offsets_and_the_rest_of_the_brief() -> None:
    text = "Winter sale for all customers, 20% off, don't mention financing, but say the sale ends Sunday."
    masked = mask_negated(text)
    assert len(masked) == len(text)
    assert "financing" not in masked
    assert "20% off" in masked and "the sale ends Sunday" in masked
