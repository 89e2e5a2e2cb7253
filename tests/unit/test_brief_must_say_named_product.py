"""A product the brief says to name ('call out the K9 in the message', 'nombra el modelo Z40',
'mentionnez le T-800', 'nenne den Q5 in der Nachricht', 'mention the 6-pack by name') is a must-say:
its name, digits and all, reaches the first text verbatim."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator


def _texts(text: str) -> list[str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return [str(s["text"]) for s in flow["steps"] if s.get("text")]


_BRIEFS = [
    ("Spring sale for all customers, 10% off. Be sure to name the K9 in the message.", "K9"),
    ("Launch text for all subscribers: mention our Z40 and offer free shipping.", "Z40"),
    ("Grill promo for all customers, 15% off; mention the 6-pack by name.", "6-pack"),
    ("Oferta de primavera para todos los clientes, 10 % de descuento. Nombra el modelo Z40.", "Z40"),
    ("Promo de printemps pour tous les clients, 10 % de remise : mentionnez le T-800.", "T-800"),
    ("Frühlingsaktion für alle Kunden mit 10 % Rabatt. Nenne den Q5 in der Nachricht.", "Q5"),
]


@pytest.mark.parametrize(("brief", "words"), _BRIEFS)
def test_a_named_product_is_a_must_say_in_the_first_text(brief: str, words: str) -> None:
    language = extract_brief(brief).source_language
    assert [m.words for m in read_stated_content(brief, language).must_say] == [words]
    assert words in _texts(brief)[0]


@pytest.mark.parametrize(
    "brief",
    [
        "Spring sale for all customers, 10% off. Name the store in the text.",
        "Weekend promo for all customers, 10% off. Mention the sale in 2 texts.",
        "Promo para todos los clientes: nombra la tienda en el texto.",
    ],
)
def test_naming_a_plain_noun_is_no_must_say(brief: str) -> None:
    language = extract_brief(brief).source_language
    assert read_stated_content(brief, language).must_say == []
