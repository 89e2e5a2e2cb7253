"""A group the brief names only to say it is no filter of this send makes no segment.

"VIPs already got an email, but this text goes to all subscribers anyway - no filtering",
"... were surveyed last month - ignore that, it's not a filter", "... will be used for the
raffle later, not for this text", "... so don't target by cart activity": no condition comes
from those sentences, in English, Spanish, French and German; a plain filter still does.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief

DISCLAIMED = [
    "VIPs (customer_type = vip) already got an email, but this text goes to all subscribers anyway, "
    "VIPs included - no filtering. Offer 20% off with code SPRING20.",
    "Customers who ordered in the last 90 days were surveyed last month - ignore that, it's not a filter. "
    "Text everyone 10% off this weekend.",
    "Membership (property member_level) will be used for the raffle later, not for this text. "
    "Send all subscribers our new menu.",
    "Cart abandoners from last week already got an email, so don't target by cart activity. "
    "Text all subscribers about free shipping.",
    "Los clientes que compraron en los últimos 90 días ya recibieron una encuesta, no es un filtro. "
    "Envía a todos los suscriptores un 10 % de descuento.",
    "La propiedad member_level se usará más adelante, no para este SMS. Envía a todos un 15 % de descuento.",
    "Les clients qui ont commandé ces 90 derniers jours ont été sondés, ce n'est pas un filtre. "
    "Envoyez à tous les abonnés 10 % de réduction.",
    "Les VIP (customer_type = vip) ont déjà reçu un e-mail ; ne pas cibler les VIP. "
    "Envoyez 20 % de réduction à tous les abonnés.",
    "Kunden, die in den letzten 90 Tagen bestellt haben, wurden befragt - das ist kein Filter. "
    "Schick allen Abonnenten 10 % Rabatt.",
    "Die Eigenschaft member_level wird später verwendet, nicht für diese SMS. Schick allen 15 % Rabatt.",
]


@pytest.mark.parametrize("text", DISCLAIMED)
def test_a_disclaimed_mention_makes_no_segment(text: str) -> None:
    assert extract_brief(text).audience == []


@pytest.mark.parametrize(
    "text",
    [
        "Filter: customers who ordered in the last 90 days. Send 15% off.",
        "Text VIPs (customer_type = vip) 20% off. Don't forget the filter on VIPs.",
        "Envía un 10 % de descuento a los clientes que compraron en los últimos 90 días.",
        "Schick Kunden, die in den letzten 90 Tagen bestellt haben, 10 % Rabatt.",
    ],
)
def test_a_real_filter_stays(text: str) -> None:
    assert extract_brief(text).audience != []


@pytest.mark.parametrize(
    "text",
    [
        "Send to people who bought in the last 21 days [vip or not, don't filter on tier].",
        "Text customers who ordered in the last 21 days (customer_type = vip or not, no filter on it) 10% off.",
        "Envía un SMS a quienes compraron en los últimos 21 días (VIP o no, no filtres por nivel).",
        "Schick allen, die in den letzten 21 Tagen bestellt haben (VIP oder nicht, kein Filter), 10 % Rabatt.",
    ],
)
def test_a_bracketed_disclaimer_blanks_only_its_aside(text: str) -> None:
    audience = extract_brief(text).audience
    assert [(c.action, c.operator, c.days) for c in audience] == [("placed_order", "has", 21)]
