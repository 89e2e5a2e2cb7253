"""Money off is written in the currency the brief prices in, in the copy, the "What I understood"
lines and after a refinement: a brief in pounds is never offered dollars."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.cues import read_cues
from flowgen_core.brief.money import money
from flowgen_core.brief.summary import understood_lines
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings
from tests.offline_flows import valid_offline_flow

SETTINGS = Settings(flowgen_generator="offline")


def _sends(flow: dict[str, Any]) -> list[str]:
    return [str(s.get("text", "")) for s in flow["steps"] if s["type"] in ("message", "purchase_offer")]


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("€12 off the winter range", "€"),
        ("12 EUR off the winter range", "€"),
        ("zwölf Euro Rabatt", "€"),
        ("£20 off your renewal", "£"),
        ("twenty quid off", "£"),
        ("20 GBP off", "£"),
        ("CHF 15 off", "CHF"),
        ("15 CHF Rabatt", "CHF"),
        ("$9 off", "$"),
        ("25 USD off", "$"),
        ("15% off everything", None),
        ("news for our European customers", None),
    ],
)
def test_the_currency_is_the_one_written_next_to_the_money(text: str, currency: str | None) -> None:
    assert read_cues(text).currency == currency


@pytest.mark.parametrize(
    ("value", "currency", "lang", "shown"),
    [
        ("20", "£", "en", "£20"),
        ("20", "€", "en", "€20"),
        ("15", "CHF", "en", "CHF 15"),
        ("20", None, "en", "$20"),
        ("7.50", "€", "de", "7,50 €"),
        ("20", "$", "es", "$20"),
        ("20", "£", "fr", "20 £"),
    ],
)
def test_money_is_written_as_the_language_writes_it(
    value: str, currency: str | None, lang: str, shown: str
) -> None:
    assert money(value, currency, lang) == shown


@pytest.mark.parametrize(
    ("brief", "said", "not_said"),
    [
        ("Members whose plan is annual get £20 off the renewal. Reply RENEW", "£20 off", "$"),
        ("VIPs: €10 off this week, reply YES", "€10 off", "$"),
        ("VIPs get CHF 15 off, reply YES", "CHF 15 off", "$"),
        ("Clientes VIP: 10 £ de descuento, responde SI", "10 £ de descuento", "$"),
        ("Clients fidèles : 10 £ de réduction, répondez OUI", "10 £ de réduction", "$"),
        ("Stammkunden mit 15 CHF Rabatt zurückholen. Antworte JA", "15 CHF Rabatt", "$"),
        ("VIPs get $10 off, reply YES", "$10 off", "£"),
    ],
)
def test_the_copy_offers_the_briefs_currency(brief: str, said: str, not_said: str) -> None:
    texts = _sends(valid_offline_flow(brief))
    offers = [t for t in texts if said in t]
    assert offers, texts
    assert not any(not_said in t for t in texts)


def test_what_i_understood_names_the_briefs_currency() -> None:
    lines = understood_lines(
        extract_brief("Members whose plan is annual get £20 off the renewal. Reply RENEW")
    )
    assert any("Offer: £20 off" in line for line in lines), lines


def test_a_refined_amount_stays_in_the_briefs_currency() -> None:
    brief = extract_brief("Win back customers who haven't ordered in 90 days with £10 off. Reply YES to shop")
    flow = valid_offline_flow(
        "Win back customers who haven't ordered in 90 days with £10 off. Reply YES to shop"
    )
    result = refine(flow, "make the discount £15 off", brief=brief, settings=SETTINGS)
    texts = _sends(result.flow)
    assert any("£15" in t for t in texts), texts
    assert not any("$" in t for t in texts)
