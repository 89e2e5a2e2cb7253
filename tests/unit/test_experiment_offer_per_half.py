"""An A/B test whose halves each get their own offer ("half get 10% off, half get $5 off") gives
each variant its own discount, a percentage and an amount, in EN/ES/FR/DE."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.model import Discount
from tests.offline_flows import valid_offline_flow

_BRIEFS = [
    "A/B test for our subscribers: half get 10% off, half get $5 off. Reply SHOP to browse.",
    "A/B test for our subscribers: half get 10% off, the other half get $5 off.",
    "Prueba A/B para suscriptores: la mitad recibe 10% de descuento, la otra mitad 5 € de descuento.",
    "Test A/B pour nos abonnés : la moitié reçoit 10 % de réduction, l'autre moitié 5 € de réduction.",
    "A/B-Test für Abonnenten: die Hälfte bekommt 10 % Rabatt, die andere Hälfte 5 € Rabatt.",
]


def _variants(flow: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {s["id"]: s for s in flow["steps"]}
    (test,) = [s for s in flow["steps"] if s["type"] == "experiment"]
    return [by_id[e["nextStepID"]] for e in test["events"]]


@pytest.mark.parametrize("brief", _BRIEFS)
def test_each_half_reads_its_own_offer(brief: str) -> None:
    experiment = extract_brief(brief).experiment
    assert experiment is not None
    assert experiment.offers == [Discount(kind="percentage", value="10"), Discount(kind="amount", value="5")]


@pytest.mark.parametrize("brief", _BRIEFS)
def test_each_variant_sends_its_own_discount(brief: str) -> None:
    a, b = _variants(valid_offline_flow(brief))
    assert (a["discountType"], a.get("discountValue")) == ("percentage", "10")
    assert (b["discountType"], b.get("discountValue")) == ("amount", "5")


def test_halves_with_free_shipping_keep_it() -> None:
    experiment = extract_brief("A/B test: half get 10% off, the other half free shipping.").experiment
    assert experiment is not None and experiment.variants == ["10% off", "free shipping"]
