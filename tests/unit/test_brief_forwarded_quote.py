"""A forwarded brief wrapped in quotes is read as the brief, not as SMS copy.

'Fwd: from the owner\\n"Text people who viewed it in the last 10 days ..."' holds its whole brief
inside the quote marks; reading them as copy lost its audience and its cap. Copy a brief quotes
("Send this to VIPs: "Hi! 20% off ..."") stays copy.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.quotes import unwrap_forwarded

FORWARDED = [
    (
        'Fwd: from the owner\n"The linen shirts are back. Text people who viewed them in the last 10 days, '
        "reply YES to buy. Don't text anyone more than once a day.\"",
        "viewed_product",
        10,
    ),
    (
        'Mensaje reenviado de WhatsApp:\n"Para el alquiler de kayaks: a la gente que hizo clic en algún '
        'enlace en los últimos 14 días, 20 € de descuento con el código KAYAK20."',
        "clicked_link",
        14,
    ),
    (
        "Client wrote: \u201cCan you text everyone who added to cart in the last 2 days with 10% off, code CART10?\u201d",
        "added_product_to_cart",
        2,
    ),
    (
        'Message transféré :\n"Relancer ceux qui ont abandonné leur panier ces 3 derniers jours, répondre OUI pour acheter."',
        "added_product_to_cart",
        3,
    ),
    (
        'Weitergeleitete Nachricht:\n"Bitte allen, die in den letzten 21 Tagen ein Produkt angesehen haben, 10 % Rabatt schicken."',
        "viewed_product",
        21,
    ),
]


@pytest.mark.parametrize(("text", "action", "days"), FORWARDED)
def test_a_forwarded_brief_is_read_as_the_brief(text: str, action: str, days: int) -> None:
    brief = extract_brief(text)
    assert [(c.action, c.days) for c in brief.audience] == [(action, days)]
    assert brief.quoted_copy == []


def test_the_forwarded_cap_is_read() -> None:
    brief = extract_brief(FORWARDED[0][0])
    assert [(c.occurrences, c.timespan, c.period) for c in brief.frequency_caps] == [(1, 1, "Days")]


@pytest.mark.parametrize(
    "text",
    [
        'Send this to VIPs: "Hi {{first_name}}! 20% off this weekend only, reply YES to shop."',
        'Text this exactly: "Our summer sale starts now, 20% off everything, reply STOP to opt out"',
        'Win back lapsed customers with 15% off. Use this copy: "We miss you! Come back for 15% off."',
    ],
)
def test_quoted_copy_stays_copy(text: str) -> None:
    assert unwrap_forwarded(text) == text
    assert extract_brief(text).quoted_copy


def test_unwrapping_keeps_every_offset() -> None:
    text = FORWARDED[0][0]
    unwrapped = unwrap_forwarded(text)
    assert len(unwrapped) == len(text) and unwrapped != text
    assert [i for i, (a, b) in enumerate(zip(text, unwrapped, strict=True)) if a != b] == [
        text.index('"'),
        text.rindex('"'),
    ]
