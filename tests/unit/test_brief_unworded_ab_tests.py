"""A/B tests written without "A/B test": halves or shares that each get something ("half get 20%
off, the other half a free gift", "70% get X, 30% get Y"), an audience split ("you split them
50/50"), groups or versions named by letter ("Gruppe A ..., Gruppe B ...", "la versión A con ...,
la B con ..."), in EN/ES/FR/DE, each variant keeping its own offer; and look-alikes that are none."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.model import Discount
from tests.offline_flows import valid_offline_flow

_PCT_THEN_SHIPPING = [Discount(kind="percentage", value="15"), Discount(kind="free_shipping")]

# (brief, split, offers per variant)
_TESTS: list[tuple[str, list[int], list[Discount | None]]] = [
    (
        "Win back lapsed customers. You split them 50/50: half get 20% off their first visit, "
        "the other half get a free gift with their first order.",
        [50, 50],
        [Discount(kind="percentage", value="20"), None],
    ),
    (
        "Text lapsed buyers. 60% of customers get 15% off, the other 40% get free shipping.",
        [60, 40],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Text everyone about the spring sale: version A with 15% off, version B with free shipping.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Envía un SMS a los clientes inactivos. Probamos dos versiones: la versión A con 15 % de "
        "descuento, la B con envío gratis.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Envía un SMS a todos los clientes: 70 % reciben 15 % de descuento, 30 % reciben envío gratis.",
        [70, 30],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Envoie un SMS aux clients inactifs. On teste deux versions : version A avec 15 % de "
        "réduction, version B avec la livraison offerte.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Envoie un SMS aux clients inactifs : la moitié reçoit 15 % de réduction, l'autre moitié "
        "reçoit la livraison offerte.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Schick allen inaktiven Kunden eine SMS. Du testest zwei Versionen: Version A mit 15 % "
        "Rabatt, Version B mit gratis Versand.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
    (
        "Schick allen Kunden eine SMS: Gruppe A bekommt 15 % Rabatt, Gruppe B bekommt gratis Versand.",
        [50, 50],
        _PCT_THEN_SHIPPING,
    ),
]


@pytest.mark.parametrize(("brief", "split", "offers"), _TESTS)
def test_groups_told_apart_are_a_test_with_their_own_offers(
    brief: str, split: list[int], offers: list[Discount | None]
) -> None:
    experiment = extract_brief(brief).experiment
    assert experiment is not None
    assert (experiment.groups, experiment.split) == (2, split)
    assert experiment.offers == offers


@pytest.mark.parametrize(
    "brief",
    [
        "Text our salon list about the new location. Group A just announces it, group B also "
        "mentions the free first service.",
        "Envía un SMS a la lista del salón sobre el nuevo local. El grupo A solo lo anuncia, el "
        "grupo B también menciona el primer servicio gratis.",
        "Envoie un SMS à la liste du salon pour le nouveau local. Le groupe A l'annonce seulement, "
        "le groupe B mentionne aussi le premier soin offert.",
        "Schick der Salonliste eine SMS zum neuen Standort. Gruppe A kündigt ihn nur an, Gruppe B "
        "erwähnt auch die kostenlose erste Behandlung.",
        "Text the spring sale to everyone. Send half the list version 1 and the other half version 2.",
        "Envía a la mitad de la lista la versión 1 y a la otra mitad la versión 2. Todos los clientes.",
        "Envoie à la moitié de la liste la version 1 et à l'autre moitié la version 2. Tous les clients.",
        "Du schickst der Hälfte Version 1 und der anderen Hälfte Version 2 der Nachricht. Alle Kunden.",
        "Text everyone about the sale. You'll split the list 70/30 and see which one works.",
    ],
)
def test_named_groups_and_halves_are_a_two_group_test(brief: str) -> None:
    experiment = extract_brief(brief).experiment
    assert experiment is not None and experiment.groups == 2


@pytest.mark.parametrize(
    "brief",
    [
        "Text our VIPs 20% off: half of our customers are VIPs, so make it good.",
        "Spin the wheel for a 50/50 chance to win 20% off. Text all customers.",
        "Tell customers we now accept split payment, 10% off this week.",
        "We now sell two versions of the product, text everyone about it with 10% off.",
        "Half of the list are new customers and the other half are regulars, text them all 10% off.",
        "Reply 1 for option A: pickup, or reply 2 for option B: delivery.",
        "Envía un SMS con 10 % de descuento: la mitad de nuestros clientes son VIP.",
        "Envía a todos: ahora aceptamos pago fraccionado y hay dos versiones del producto, 10 % de descuento.",
        "Envoie un SMS avec 10 % de réduction : la moitié de nos clients sont VIP.",
        "Envoie à tous : une chance 50/50 de gagner un bon de 10 % de réduction.",
        "Envoie à tous : le paiement fractionné arrive, et il y a deux versions du produit.",
        "Schick allen eine SMS mit 10 % Rabatt: die Hälfte unserer Kunden sind VIPs.",
        "Schick allen eine SMS: 50/50-Chance auf einen Gutschein mit 10 % Rabatt.",
        "Schick allen eine SMS: Teilzahlung ist jetzt möglich, es gibt zwei Versionen des Produkts.",
    ],
)
def test_look_alikes_are_no_test(brief: str) -> None:
    assert extract_brief(brief).experiment is None


def _variants(flow: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {s["id"]: s for s in flow["steps"]}
    (test,) = [s for s in flow["steps"] if s["type"] == "experiment"]
    return [by_id[e["nextStepID"]] for e in test["events"]]


def _copy(step: dict[str, Any]) -> str:
    return str(step.get("content") or step.get("text") or "")


@pytest.mark.parametrize("brief", [_TESTS[1][0], _TESTS[3][0], _TESTS[5][0], _TESTS[7][0]])
def test_each_branch_sends_its_own_offer(brief: str) -> None:
    a, b = _variants(valid_offline_flow(brief))
    assert (a["discountType"], a.get("discountValue")) == ("percentage", "15")
    assert not b.get("discountValue") and "15" not in _copy(b)


def test_a_free_gift_half_says_its_gift() -> None:
    a, b = _variants(valid_offline_flow(_TESTS[0][0]))
    assert a.get("discountValue") == "20"
    assert "free gift" in _copy(b).lower() and "20%" not in _copy(b)
