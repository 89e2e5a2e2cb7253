"""A variant offered directly is a purchase offer of that variant (cartSource manual), with the
count written before it ("2 copies (variant 88120)") as its quantity."""

from __future__ import annotations

import pytest

from flowgen_core.brief.products import extract_products
from tests.offline_flows import valid_offline_flow
from tests.scoring import requirement_met


@pytest.mark.parametrize(
    ("brief", "quantity"),
    [
        ("Text our book club members: offer 1 copy (variant 88120) directly, reply YES to buy.", "1"),
        ("Book club news: offer 2 copies (variant 88120) directly, reply YES to buy.", "2"),
        (
            "Lanzamiento del libro: ofrece directamente 2 ejemplares (variante 88120), responde SI para comprar.",
            "2",
        ),
        (
            "Lancement du livre : proposez directement 1 exemplaire (variante 88120), répondez OUI pour acheter.",
            "1",
        ),
        ("Buchstart: biete direkt 2 Exemplare (Variante 88120) an, Antwort JA zum Kaufen.", "2"),
    ],
)
def test_a_variant_offered_directly_is_a_manual_purchase_offer(brief: str, quantity: str) -> None:
    flow = valid_offline_flow(brief)
    assert requirement_met({"check": "cart_source", "type": "purchase_offer", "value": "manual"}, flow)
    assert requirement_met({"check": "product_variant", "id": "88120", "quantity": quantity}, flow)


@pytest.mark.parametrize(
    ("text", "quantity", "name"),
    [
        ("offer 3 bottles (variant 5521)", 3, None),
        ("biete 2 Flaschen (Variante 5521) an", 2, None),
        ("proposez 2 bouteilles, variante 5521", 2, None),
        ("Day 2 reminder (variant 5521)", 1, None),
        ("Offer the Linen Shirt (variant 5521), 2 units", 2, "Linen Shirt"),
    ],
)
def test_a_count_written_before_the_id_is_its_quantity(text: str, quantity: int, name: str | None) -> None:
    (product,) = extract_products(text)
    assert (product.variant_id, product.quantity, product.name) == ("5521", quantity, name)
