"""Short briefs of the shape "AUDIENCE: OFFER, reply KEYWORD" in English, Spanish, French and
German: a few marked words decide the language, the label before the colon names who the texts
go to and is never copied into them as news, and the brief's keyword is the one asked for."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief, stated_of
from flowgen_core.brief.language import detect_language
from tests.offline_flows import valid_offline_flow

# brief, language, the audience label, the reply keyword, whether its reply may lead to picks
_BRIEFS = [
    ("Stammkunden: 10 € Rabatt, antworte JA", "de", "Stammkunden", "JA", False),
    ("Stammkunden: 15 % Rabatt auf alles, antworte KAUFEN", "de", "Stammkunden", "KAUFEN", True),
    ("VIPs: 20 % Rabatt, antworte JA", "de", "VIPs", "JA", True),
    ("Treue Kunden: 5 € Rabatt, antwortet JA", "de", "Treue Kunden", "JA", False),
    ("Neukunden: 10 % Rabatt auf die erste Bestellung, antworte CODE", "de", "Neukunden", "CODE", True),
    ("Clientes frecuentes: 15 % de descuento, responde SI", "es", "Clientes frecuentes", "SI", False),
    ("VIPs: 20 % de descuento, responde YA", "es", "VIPs", "YA", True),
    ("Clientes fieles: 10 € de descuento, responde QUIERO", "es", "Clientes fieles", "QUIERO", False),
    ("Socios: 25 % de descuento en la renovación, responde RENOVAR", "es", "Socios", "RENOVAR", False),
    ("Clientes nuevos: envío gratis, responde ENVIO", "es", "Clientes nuevos", "ENVIO", True),
    ("Clients fidèles : -20 %, répondez OUI", "fr", "Clients fidèles", "OUI", False),
    ("Clients fidèles : 10 € de réduction, répondez OUI", "fr", "Clients fidèles", "OUI", False),
    ("VIPs : 15 % de réduction, répondez VIP", "fr", "VIPs", "VIP", True),
    ("Abonnés : -10 % sur le renouvellement, répondez RENOUVELER", "fr", "Abonnés", "RENOUVELER", False),
    ("Nouveaux clients : livraison offerte, répondez GO", "fr", "Nouveaux clients", "GO", True),
    (
        "Members whose plan is annual: £20 off the renewal, reply RENEW",
        "en",
        "Members whose plan is annual",
        "RENEW",
        False,
    ),
    ("VIPs: 20% off everything, reply SHOP", "en", "VIPs", "SHOP", True),
    ("Loyal customers: $10 off, reply YES", "en", "Loyal customers", "YES", True),
    ("Lapsed buyers: 15% off your next order, reply BACK", "en", "Lapsed buyers", "BACK", True),
    (
        "Members whose trial ends this week: 30% off, reply KEEP",
        "en",
        "Members whose trial ends this week",
        "KEEP",
        False,
    ),
]


def _sends(flow: dict[str, Any]) -> list[str]:
    return [
        str(s.get("text") or s.get("content") or "")
        for s in flow["steps"]
        if s["type"] in ("message", "product_choice", "purchase_offer")
    ]


@pytest.mark.parametrize(("text", "language", "label", "keyword", "picks"), _BRIEFS)
def test_short_brief_language(text: str, language: str, label: str, keyword: str, picks: bool) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("text", "language", "label", "keyword", "picks"), _BRIEFS)
def test_audience_label_is_no_subject(
    text: str, language: str, label: str, keyword: str, picks: bool
) -> None:
    assert stated_of(extract_brief(text)).subject is None


@pytest.mark.parametrize(("text", "language", "label", "keyword", "picks"), _BRIEFS)
def test_audience_label_is_not_copied(
    text: str, language: str, label: str, keyword: str, picks: bool
) -> None:
    # the playbook may still address the group it reads ("as one of our VIPs"), never as news
    for send in _sends(valid_offline_flow(text)):
        low = send.casefold()
        assert f": {label.casefold()}" not in low and f"{label.casefold()}." not in low, send


@pytest.mark.parametrize(("text", "language", "label", "keyword", "picks"), _BRIEFS)
def test_brief_keyword_is_asked_for(text: str, language: str, label: str, keyword: str, picks: bool) -> None:
    first = _sends(valid_offline_flow(text))[0]
    assert keyword in first.split() or f"{keyword}." in first.split(), first
    assert "SHOP" not in first.split() or keyword == "SHOP", first


@pytest.mark.parametrize(("text", "language", "label", "keyword", "picks"), _BRIEFS)
def test_no_picks_the_brief_never_asked_for(
    text: str, language: str, label: str, keyword: str, picks: bool
) -> None:
    if picks:
        pytest.skip("the brief asks for products or the playbook offers them")
    for send in _sends(valid_offline_flow(text)):
        assert "see our picks" not in send and "picked just for you" not in send, send
